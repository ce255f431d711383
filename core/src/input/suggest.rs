//! "Did you mean ...?" for a misspelt argument name.

/// The known name closest to `given`, if one is close enough to be the intended one.
/// Case and `_` are ignored first, so `clientID` and `client_id` both find `clientId`.
pub(crate) fn closest<'a>(given: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let fold = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let given = fold(given);
    let limit = (given.len() / 3).max(1);
    known
        .map(|name| (distance(&given, &fold(name)), name))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Levenshtein distance.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_intended_name() {
        let known = ["clientId", "clientSecret", "timeout", "maxRetries"];
        assert_eq!(closest("clientID", known.into_iter()), Some("clientId"));
        assert_eq!(
            closest("client_secret", known.into_iter()),
            Some("clientSecret")
        );
        assert_eq!(closest("timout", known.into_iter()), Some("timeout"));
        assert_eq!(closest("color", known.into_iter()), None);
    }
}
