//! Path templates of the document, matched segment by segment.
//!
//! A segment may hold a parameter between literal text, as in
//! `/v1/customers/{customerId}:reset-password`: axum's router cannot express a parameter
//! followed by a suffix within one segment, so the generic operations are matched here.

/// One segment: literal text, or `prefix{param}suffix`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param {
        prefix: String,
        name: String,
        suffix: String,
    },
}

/// A parsed path template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Template {
    segments: Vec<Segment>,
}

impl Template {
    pub(crate) fn parse(template: &str) -> Template {
        let segments = template
            .trim_start_matches('/')
            .split('/')
            .map(|s| match (s.find('{'), s.find('}')) {
                (Some(open), Some(close)) if open < close => Segment::Param {
                    prefix: s[..open].to_owned(),
                    name: s[open + 1..close].to_owned(),
                    suffix: s[close + 1..].to_owned(),
                },
                _ => Segment::Literal(s.to_owned()),
            })
            .collect();
        Template { segments }
    }

    /// How many literal characters the template has: the more, the more specific, so
    /// `{customerId}:accounts` is tried before `{customerId}`.
    pub(crate) fn specificity(&self) -> usize {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(l) => l.len() + 1,
                Segment::Param { prefix, suffix, .. } => prefix.len() + suffix.len(),
            })
            .sum()
    }

    /// The path parameters (percent-decoded) when `path` matches; a parameter is never empty.
    pub(crate) fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        for (segment, part) in self.segments.iter().zip(parts) {
            match segment {
                Segment::Literal(l) if l == part => {}
                Segment::Literal(_) => return None,
                Segment::Param {
                    prefix,
                    name,
                    suffix,
                } => {
                    let raw = part
                        .strip_prefix(prefix.as_str())?
                        .strip_suffix(suffix.as_str())?;
                    if raw.is_empty() {
                        return None;
                    }
                    let value = percent_decode(raw)?;
                    params.push((name.clone(), value));
                }
            }
        }
        Some(params)
    }
}

/// `%XX` decoding of one path segment; `None` for bad escapes or invalid UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_with_suffixes_match() {
        let t = Template::parse("/v1/customers/{customerId}:reset-password");
        assert_eq!(
            t.matches("/v1/customers/a%20b:reset-password"),
            Some(vec![("customerId".into(), "a b".into())])
        );
        assert_eq!(t.matches("/v1/customers/:reset-password"), None);
        assert_eq!(t.matches("/v1/customers/abc:unlock-user"), None);
        assert_eq!(t.matches("/v1/customers/abc"), None);
        let plain = Template::parse("/v1/customers/{customerId}");
        assert!(t.specificity() > plain.specificity());
        assert!(plain.matches("/v1/customers/abc:reset-password").is_some());
        let two = Template::parse("/v3/jobs/{jobId}/errors");
        assert_eq!(
            two.matches("/v3/jobs/x/errors"),
            Some(vec![("jobId".into(), "x".into())])
        );
        assert_eq!(two.matches("/v3/jobs/x"), None);
        assert_eq!(two.matches("/v3/jobs/%zz/errors"), None);
    }
}
