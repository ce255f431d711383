//! Builds request URLs: strict percent-encoding, and the checks every query shares.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::{Error, Result};

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

    pub(crate) fn finish(self) -> String {
        self.url
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
            .param("crossAccount", "false");
        assert_eq!(
            url.finish(),
            "https://h/v1/accounts?$filter=name%20eq%20%27Caf%C3%A9%20%26%20Co%2B%27&crossAccount=false"
        );
    }
}
