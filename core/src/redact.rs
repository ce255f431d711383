//! Keeps credentials out of everything the SDK says: every error message, error code and
//! log detail passes through [`Redactor::scrub`] before it leaves the core, because servers
//! (and proxies in front of them) echo what they were sent: a bearer token in a 401 body,
//! the Basic header in a token-endpoint 401, the form body in a 400.

use std::{borrow::Cow, sync::RwLock};

use base64::Engine;
use zeroize::Zeroizing;

/// What replaces a credential in a message.
pub(crate) const REDACTED: &str = "**redacted**";
/// Tokens of the client's recent past are kept too: a late answer can still quote one.
const MAX_TOKENS: usize = 16;
/// Shorter values would blank out ordinary words of a message; real credentials are longer.
const MIN_LEN: usize = 4;

/// The credentials one client holds, in every spelling a server could echo them.
pub(crate) struct Redactor {
    fixed: Vec<Zeroizing<String>>,
    tokens: RwLock<Vec<Zeroizing<String>>>,
}

impl Redactor {
    /// The secret raw, form- and percent-encoded, JSON-escaped, and inside the Basic value.
    ///
    /// ```ignore
    /// let r = Redactor::new("id", "s3cr3t");
    /// assert_eq!(r.scrub("got s3cr3t"), "got **redacted**");
    /// ```
    pub(crate) fn new(client_id: &str, client_secret: &str) -> Redactor {
        let pair = Zeroizing::new(format!("{client_id}:{client_secret}"));
        let basic = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
        let mut fixed = Vec::new();
        for value in spellings(client_secret) {
            push_unique(&mut fixed, value);
        }
        push_unique(&mut fixed, Zeroizing::new(basic.clone()));
        // Without padding, as some servers print it.
        push_unique(
            &mut fixed,
            Zeroizing::new(basic.trim_end_matches('=').to_owned()),
        );
        push_unique(&mut fixed, pair);
        // Longest first, so that a value containing another is replaced whole.
        fixed.sort_by_key(|v| std::cmp::Reverse(v.len()));
        Redactor {
            fixed,
            tokens: RwLock::new(Vec::new()),
        }
    }

    /// Remembers a token the client now holds.
    pub(crate) fn add_token(&self, token: &str) {
        let mut tokens = self.tokens.write().unwrap_or_else(|e| e.into_inner());
        for value in spellings(token) {
            if !tokens.iter().any(|t| **t == *value) {
                tokens.push(value);
            }
        }
        let excess = tokens.len().saturating_sub(MAX_TOKENS * 4);
        tokens.drain(..excess);
    }

    /// `text` with every known credential replaced by `**redacted**`.
    pub(crate) fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        let tokens = self.tokens.read().unwrap_or_else(|e| e.into_inner());
        let mut tokens: Vec<&str> = tokens.iter().map(|t| t.as_str()).collect();
        tokens.sort_by_key(|t| std::cmp::Reverse(t.len()));
        for needle in self.fixed.iter().map(|s| s.as_str()).chain(tokens) {
            if needle.len() >= MIN_LEN && out.contains(needle) {
                out = Cow::Owned(out.replace(needle, REDACTED));
            }
        }
        out
    }
}

/// A value as it appears raw, in a form body or URL, and in a JSON string.
fn spellings(value: &str) -> Vec<Zeroizing<String>> {
    let mut all = vec![Zeroizing::new(value.to_owned())];
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    all.push(Zeroizing::new(form));
    let percent = percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    all.push(Zeroizing::new(percent));
    if let Ok(json) = serde_json::to_string(value) {
        all.push(Zeroizing::new(json[1..json.len() - 1].to_owned()));
    }
    all.dedup_by(|a, b| **a == **b);
    all
}

fn push_unique(list: &mut Vec<Zeroizing<String>>, value: Zeroizing<String>) {
    if !list.iter().any(|v| **v == *value) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_every_credential_goes() {
        let r = Redactor::new("client-1", "s3cr3t/+ \"x\"");
        r.add_token("tok.en-123");
        let basic = base64::engine::general_purpose::STANDARD.encode("client-1:s3cr3t/+ \"x\"");
        let text = format!(
            "secret s3cr3t/+ \"x\" form s3cr3t%2F%2B+%22x%22 json s3cr3t/+ \\\"x\\\" \
             basic Basic {basic} token Bearer tok.en-123"
        );
        let got = r.scrub(&text);
        assert!(!got.contains("s3cr3t") && !got.contains(&basic) && !got.contains("tok.en"));
        assert!(got.contains("Bearer **redacted**"), "{got}");
        assert_eq!(r.scrub("nothing here"), "nothing here");
    }

    #[test]
    fn keeps_a_bounded_number_of_tokens() {
        let r = Redactor::new("id", "secret-value");
        for i in 0..100 {
            r.add_token(&format!("token-number-{i}"));
        }
        assert!(r.tokens.read().unwrap().len() <= MAX_TOKENS * 4);
        assert_eq!(r.scrub("token-number-99"), REDACTED);
    }
}
