//! Where a request to any endpoint may go: under the client's base URL, and nowhere else.
//!
//! The bearer token travels with every request, so a path that could leave the base URL (an
//! absolute URL to another host, `//host`, `..` segments, encoded or not, a backslash that URL
//! parsers read as `/`) is refused before any traffic rather than normalised.

use percent_encoding::percent_decode_str;
use reqwest::Url;

use crate::{Error, Result};

/// The URL of `path` under `base`. `path` starts with `/` and is relative to the base URL
/// (`/v1/institution-disclosures`); an absolute URL is accepted only when it starts with the
/// base URL itself (what a `next` link of the same API looks like).
pub(crate) fn resolve(base: &Url, path: &str) -> Result<Url> {
    let base_text = base.as_str().trim_end_matches('/');
    if path.chars().any(char::is_control) {
        return Err(refused(path, "it contains a control character"));
    }
    let relative =
        match path.strip_prefix(base_text) {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', '?']) => rest,
            _ if has_scheme(path) => return Err(refused(
                path,
                "it is an absolute URL outside the client's base URL; the access token is sent \
                 only to the base URL, so give a path such as \"/v1/...\"",
            )),
            _ => path,
        };
    if relative.starts_with("//") {
        return Err(refused(
            path,
            "a path starting with \"//\" names another host",
        ));
    }
    if !relative.starts_with('/') {
        return Err(refused(
            path,
            "it must start with \"/\" (relative to the base URL)",
        ));
    }
    if relative.contains('\\') {
        return Err(refused(path, "it contains a backslash"));
    }
    if relative.contains('#') {
        return Err(refused(path, "it contains a fragment (\"#\")"));
    }
    let route = relative.split('?').next().unwrap_or_default();
    for segment in route.split('/') {
        let decoded = percent_decode_str(segment).decode_utf8_lossy();
        if decoded
            .split(['/', '\\'])
            .any(|part| part == "." || part == "..")
        {
            return Err(refused(
                path,
                "it contains a \".\" or \"..\" segment (percent-encoded or not), which could \
                 leave the base URL",
            ));
        }
        if decoded.chars().any(char::is_control) {
            return Err(refused(
                path,
                "it contains a percent-encoded control character",
            ));
        }
    }
    let url = Url::parse(&format!("{base_text}{relative}"))
        .map_err(|e| Error::validation(format!("cannot form a request URL from the path: {e}")))?;
    // Belt and braces: whatever the parser did, the URL is still under the base URL.
    let base_path = base.path().trim_end_matches('/');
    let under = url.path() == base_path
        || url
            .path()
            .strip_prefix(base_path)
            .is_some_and(|rest| rest.starts_with('/'));
    if url.origin() != base.origin() || !under {
        return Err(refused(path, "it leads outside the client's base URL"));
    }
    Ok(url)
}

/// `scheme:` at the start, as in `https://…` or `mailto:…`.
fn has_scheme(path: &str) -> bool {
    let Some((scheme, _)) = path.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn refused(path: &str, why: &str) -> Error {
    // The path is shown escaped: it may hold the control characters that were refused.
    let shown: String = path.chars().take(200).collect();
    Error::validation(format!("the request path {shown:?} was refused: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_under_the_base_only() {
        let base = Url::parse("https://api.example.com/digitalbanking/stage").unwrap();
        let ok = |p: &str| resolve(&base, p).map(|u| u.to_string());
        assert_eq!(
            ok("/v1/x?a=1").unwrap(),
            "https://api.example.com/digitalbanking/stage/v1/x?a=1"
        );
        assert_eq!(
            ok("https://api.example.com/digitalbanking/stage/v1/x").unwrap(),
            "https://api.example.com/digitalbanking/stage/v1/x"
        );
        assert_eq!(
            ok("/v1/a%20b/caf\u{e9}").unwrap(),
            "https://api.example.com/digitalbanking/stage/v1/a%20b/caf%C3%A9"
        );
        for bad in [
            "https://evil.example/v1/x",
            "https://api.example.com/other/v1/x",
            "https://api.example.com/digitalbanking/stagex/v1",
            "http://api.example.com/digitalbanking/stage/v1/x",
            "//evil.example/v1/x",
            "v1/x",
            "",
            "/v1/../x",
            "/v1/./x",
            "/..",
            "/v1/%2e%2E/x",
            "/v1/%2E/x",
            "/v1/.%2e/x",
            "/v1/a%2F..%2Fb",
            "/v1\\..\\x",
            "/v1/x\r\nHost: evil",
            "/v1/x\t",
            "/v1/%0d%0a",
            "/v1/x#frag",
            "mailto:someone@example.com",
        ] {
            assert!(ok(bad).is_err(), "{bad:?} was accepted");
            assert_eq!(
                resolve(&base, bad).unwrap_err().kind(),
                crate::ErrorKind::Validation
            );
        }
    }
}
