//! Builds request URLs: strict percent-encoding, and the checks every query shares.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::{input::Naming, Error, Result};

/// Everything but the unreserved characters is encoded, so OData strings with spaces,
/// quotes, `+`, `&` and non-ASCII arrive as written (a space is `%20`, never `+`).
const STRICT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A URL being built: a base, then `key=value` pairs.
pub(crate) struct UrlBuilder {
    url: String,
    separator: char,
}

impl UrlBuilder {
    pub(crate) fn new(base: &str) -> UrlBuilder {
        let mut url = String::with_capacity(base.len() + 96);
        url.push_str(base);
        let separator = if base.contains('?') { '&' } else { '?' };
        UrlBuilder { url, separator }
    }

    /// Appends one path segment, encoded so that it reaches exactly that segment: `/`, `?`,
    /// `#`, `%` and everything else outside the unreserved set is percent-encoded. `.` and
    /// `..` cannot be carried at all (URL parsers collapse them, `%2E` included), so they are
    /// a validation error before any traffic.
    pub(crate) fn segment(mut self, name: &str, segment: &str) -> Result<UrlBuilder> {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err(Error::validation(format!(
                "{name} {segment:?} cannot be sent as a path segment: empty, \".\" and \"..\" are not ids"
            )));
        }
        self.url.push('/');
        self.url.extend(utf8_percent_encode(segment, STRICT));
        Ok(self)
    }

    pub(crate) fn param(&mut self, key: &str, value: &str) -> &mut Self {
        self.url.push(self.separator);
        self.separator = '&';
        self.url.push_str(key);
        self.url.push('=');
        self.url.extend(utf8_percent_encode(value, STRICT));
        self
    }

    /// Like [`param`](Self::param) with the key percent-encoded too (a caller's own key).
    pub(crate) fn param_encoded_key(&mut self, key: &str, value: &str) -> &mut Self {
        self.url.push(self.separator);
        self.separator = '&';
        self.url.extend(utf8_percent_encode(key, STRICT));
        self.url.push('=');
        self.url.extend(utf8_percent_encode(value, STRICT));
        self
    }

    pub(crate) fn opt(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.param(key, value);
        }
        self
    }

    pub(crate) fn flag(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        self.opt(key, value.map(|v| if v { "true" } else { "false" }))
    }

    pub(crate) fn number(&mut self, key: &str, value: Option<u64>) -> &mut Self {
        if let Some(value) = value {
            self.param(key, itoa::Buffer::new().format(value));
        }
        self
    }

    pub(crate) fn finish(self) -> String {
        self.url
    }
}

/// With a `client_credentials` token the API needs exactly one of `hostUserId` and `loginId`.
///
/// A signed-in user's token names its user, so there neither is needed (`None`).
pub(crate) fn user(
    naming: Naming,
    signed_in: bool,
    host_user_id: &Option<String>,
    login_id: &Option<String>,
) -> Result<(&'static str, Option<String>)> {
    let host = naming.spell("host_user_id");
    let login = naming.spell("login_id");
    match (host_user_id, login_id) {
        (Some(_), Some(_)) => Err(Error::validation(format!(
            "give either {host} or {login}, not both"
        ))),
        (None, None) if signed_in => Ok(("hostUserId", None)),
        (None, None) => Err(Error::validation(format!(
            "{host} or {login} is required: the API needs to know whose accounts to read"
        ))),
        (Some(id), None) => Ok(("hostUserId", Some(non_empty(&host, id)?))),
        (None, Some(id)) => Ok(("loginId", Some(non_empty(&login, id)?))),
    }
}

/// Rejects values that are empty or hold control characters: they are always a mistake.
pub(crate) fn non_empty(name: &str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        return Err(Error::validation(format!("{name} is empty")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::validation(format!(
            "{name} contains a control character (CR, LF, …)"
        )));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_odata_strictly() {
        let mut url = UrlBuilder::new("https://h/v1/accounts");
        url.param("$filter", "name eq 'Café & Co+'")
            .flag("crossAccount", Some(false));
        assert_eq!(
            url.finish(),
            "https://h/v1/accounts?$filter=name%20eq%20%27Caf%C3%A9%20%26%20Co%2B%27&crossAccount=false"
        );
    }

    #[test]
    fn every_segment_stays_one_segment() {
        let seg = |s: &str| {
            UrlBuilder::new("https://h/a")
                .segment("id", s)
                .map(|u| u.finish())
        };
        assert_eq!(seg("x/y z").unwrap(), "https://h/a/x%2Fy%20z");
        for id in [
            "a/b", "?x=1", "#f", "%2e%2e", "%", "a\\b", ";x", "...", ".a", "é",
        ] {
            let url = reqwest::Url::parse(&seg(id).unwrap()).unwrap();
            let segments: Vec<_> = url.path_segments().unwrap().collect();
            assert_eq!(segments.len(), 2, "{id}: {url}");
            let decoded = percent_encoding::percent_decode_str(segments[1])
                .decode_utf8()
                .unwrap();
            assert_eq!(decoded, id);
            assert!(url.query().is_none() && url.fragment().is_none(), "{id}");
        }
        for bad in [".", "..", ""] {
            assert_eq!(seg(bad).unwrap_err().kind(), crate::ErrorKind::Validation);
        }
    }

    #[test]
    fn exactly_one_user() {
        let n = Naming::Snake;
        assert!(user(n, false, &None, &None).is_err());
        assert!(user(n, false, &Some("a".into()), &Some("b".into())).is_err());
        assert!(user(n, false, &Some("a\r\nX: y".into()), &None).is_err());
        assert_eq!(
            user(Naming::Camel, false, &None, &None)
                .unwrap_err()
                .message(),
            "hostUserId or loginId is required: the API needs to know whose accounts to read"
        );
        assert_eq!(
            user(n, false, &None, &Some("u".into())).unwrap(),
            ("loginId", Some("u".into()))
        );
    }

    #[test]
    fn a_signed_in_user_needs_no_user_but_still_at_most_one() {
        let n = Naming::Snake;
        assert_eq!(user(n, true, &None, &None).unwrap(), ("hostUserId", None));
        assert!(user(n, true, &Some("a".into()), &Some("b".into())).is_err());
        assert!(user(n, true, &Some(" ".into()), &None).is_err());
    }
}
