//! A prepared call as HTTP: the method, the URL under its route, the headers and the body.

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};

use super::read::{Payload, Prepared};
use crate::resources::query::UrlBuilder;
use crate::spec::{HttpMethod, Operation, Route};
use crate::transport::Extra;
use crate::{Client, Error, Result};

pub(super) fn method(op: &Operation) -> Method {
    match op.method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
    }
}

/// Everything but the unreserved characters is encoded in a path segment, so an id reaches
/// exactly its own segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The request URL: the operation's route (configurable for accounts, transactions and
/// customers), its path with every parameter encoded into its own segment, and the query.
pub(super) fn url(client: &Client, p: &Prepared, page_query: &[(&str, String)]) -> Result<Url> {
    let config = client.config();
    let op = p.op;
    let (base, rest) = match op.route {
        Route::Base => (client.base_url(), op.path),
        Route::Accounts => (
            config.accounts_url.as_str(),
            op.path.strip_prefix("/v1/accounts").unwrap_or(op.path),
        ),
        Route::Transactions => (
            config.transactions_url.as_str(),
            op.path.strip_prefix("/v1/transactions").unwrap_or(op.path),
        ),
        Route::Customers => (
            config.customers_url.as_str(),
            op.path.strip_prefix("/v1/customers").unwrap_or(op.path),
        ),
    };
    let mut path = String::with_capacity(base.len() + rest.len() + 32);
    path.push_str(base.trim_end_matches('/'));
    let mut template = rest;
    while let Some(open) = template.find('{') {
        path.push_str(&template[..open]);
        let close = template[open..]
            .find('}')
            .map_or(template.len(), |c| open + c);
        let wire = &template[open + 1..close];
        let value = p
            .path
            .iter()
            .find(|(w, _)| *w == wire)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| Error::internal(format!("{}: no value for {{{wire}}}", op.id)))?;
        if value.is_empty() || value == "." || value == ".." {
            let name = op
                .params
                .iter()
                .find(|x| x.wire == wire)
                .map_or(wire, |x| x.name);
            return Err(Error::validation(format!(
                "{} {value:?} cannot be sent as a path segment: empty, \".\" and \"..\" are not ids",
                config.naming.spell(name)
            )));
        }
        path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
        template = &template[(close + 1).min(template.len())..];
    }
    path.push_str(template);
    let mut url = UrlBuilder::new(&path);
    for (key, value) in p
        .query
        .iter()
        .map(|(k, v)| (*k, v))
        .chain(page_query.iter().map(|(k, v)| (*k, v)))
    {
        url.param(key, value);
    }
    Url::parse(&url.finish())
        .map_err(|e| Error::validation(format!("cannot form a request URL: {e}")))
}

/// The call's own headers and its encoded body.
pub(super) fn extra(p: &Prepared, page_body: Option<&serde_json::Value>) -> Result<Extra> {
    let mut extra = Extra::default();
    for (name, value) in &p.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::internal(format!("{name:?} is not a header name")))?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::validation(format!(
                "the value of header {name} is not valid: only visible ASCII is allowed"
            ))
        })?;
        value.set_sensitive(true);
        extra.headers.append(name, value);
    }
    extra.body = match (page_body, &p.body) {
        (Some(json), _) | (None, Some(Payload::Json(json))) => Some((
            HeaderValue::from_static("application/json"),
            Bytes::from(
                serde_json::to_vec(json)
                    .map_err(|e| Error::validation(format!("cannot encode the body: {e}")))?,
            ),
        )),
        (None, Some(Payload::Form(pairs))) => {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in pairs {
                form.append_pair(k, v);
            }
            Some((
                HeaderValue::from_static("application/x-www-form-urlencoded"),
                Bytes::from(form.finish()),
            ))
        }
        (None, Some(Payload::Multipart(parts))) => Some(multipart(parts)),
        (None, None) => None,
    };
    Ok(extra)
}

/// A `multipart/form-data` body with a boundary no part contains.
fn multipart(parts: &[super::read::Part]) -> (HeaderValue, Bytes) {
    let mut boundary = format!("candescent-{}", uuid::Uuid::new_v4().simple());
    while parts.iter().any(|p| contains(&p.data, boundary.as_bytes())) {
        boundary = format!("candescent-{}", uuid::Uuid::new_v4().simple());
    }
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let quoted = |s: &str| s.replace(['"', '\r', '\n'], "_");
        match &part.filename {
            Some(file) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n",
                    part.name,
                    quoted(file)
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{}\"\r\n", part.name).as_bytes(),
            ),
        }
        if let Some(ct) = part.content_type {
            body.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(&part.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let content_type = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
        .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
    (content_type, Bytes::from(body))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use crate::input::{Naming, Value};
    use crate::spec;

    fn client() -> crate::Client {
        crate::Client::builder()
            .client_id("id")
            .client_secret("secret")
            .institution_id("00016")
            .base_url("https://h")
            .use_env(false)
            .build()
            .unwrap()
    }

    fn account_url(id: &str) -> crate::Result<reqwest::Url> {
        let client = client();
        let op = spec::find("accounts.get").unwrap();
        let p = client.prepare(
            op,
            vec![
                ("account_id".into(), Value::Str(id.into())),
                ("login_id".into(), Value::Str("u".into())),
            ],
        )?;
        super::url(&client, &p, &[])
    }

    #[test]
    fn every_path_id_stays_one_segment() {
        for id in [
            "a/b", "?x=1", "#f", "%2e%2e", "%", "a\\b", ";x", "...", ".a", "é", "x y",
        ] {
            let url = account_url(id).unwrap();
            let segments: Vec<_> = url.path_segments().unwrap().collect();
            assert_eq!(segments.len(), 3, "{id}: {url}");
            let decoded = percent_encoding::percent_decode_str(segments[2])
                .decode_utf8()
                .unwrap();
            assert_eq!(decoded, id);
            assert!(url.fragment().is_none(), "{id}");
            assert_eq!(url.query(), Some("loginId=u"), "{id}");
        }
        for bad in [".", "..", "", " "] {
            assert_eq!(
                account_url(bad).unwrap_err().kind(),
                crate::ErrorKind::Validation,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn exactly_one_user_unless_signed_in() {
        let op = spec::find("accounts.list").unwrap();
        let read = |args: Vec<(&str, &str)>, naming, signed_in| {
            let args = args
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Value::Str(v.to_owned())))
                .collect();
            crate::call::Prepared::read(op, args, naming, signed_in)
        };
        assert!(read(vec![], Naming::Snake, false).is_err());
        assert!(read(
            vec![("host_user_id", "a"), ("login_id", "b")],
            Naming::Snake,
            false
        )
        .is_err());
        assert!(read(vec![("host_user_id", "a\r\nX: y")], Naming::Snake, false).is_err());
        assert_eq!(
            read(vec![], Naming::Camel, false).unwrap_err().message(),
            "hostUserId or loginId is required: the API needs to know which user the call is about"
        );
        assert!(read(vec![], Naming::Snake, true).is_ok());
        assert!(read(
            vec![("host_user_id", "a"), ("login_id", "b")],
            Naming::Snake,
            true
        )
        .is_err());
        assert!(read(vec![("host_user_id", " ")], Naming::Snake, true).is_err());
    }
}
