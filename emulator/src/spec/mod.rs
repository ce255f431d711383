//! The official document as its facts extract states it (`codegen/api/`): operations with
//! their method, path, parameters, request body and responses; component schemas; each tag's
//! scopes and error codes. Embedded in the binary and parsed once, on first use, so the
//! routes and request checks of the generic operations come from the document itself.

mod path;
mod pattern;
mod schema;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::{Map, Value};

pub(crate) use path::Template;
pub(crate) use schema::{coerce_param, is_date, validate};

/// `codegen/api/candescent-di-api.facts.json`, deflated by `build.rs`.
const FACTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/facts.json.deflate"));

/// The document, parsed on first use.
pub(crate) static SPEC: LazyLock<Spec> = LazyLock::new(|| {
    let text = miniz_oxide::inflate::decompress_to_vec(FACTS)
        .expect("the embedded facts extract inflates");
    Spec::parse(std::str::from_utf8(&text).expect("the facts extract is UTF-8"))
});

/// Everything the emulator reads from the document.
#[derive(Debug, Deserialize)]
pub(crate) struct Spec {
    pub operations: Vec<Operation>,
    pub schemas: Map<String, Value>,
    pub tags: Vec<Tag>,
}

/// One operation of the document.
#[derive(Debug, Deserialize)]
pub(crate) struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub tag: String,
    #[serde(default)]
    pub parameters: Vec<Param>,
    #[serde(default, rename = "requestBody")]
    pub request_body: Option<RequestBody>,
    #[serde(default)]
    pub responses: BTreeMap<String, Response>,
    #[serde(skip)]
    pub template: Template,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum In {
    Path,
    Query,
    Header,
    Cookie,
}

/// One declared parameter.
#[derive(Debug, Deserialize)]
pub(crate) struct Param {
    pub name: String,
    #[serde(rename = "in")]
    pub location: In,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub schema: Value,
    /// Required unless the token names the user (`hostUserId`, `loginId`).
    #[serde(default, rename = "conditionallyRequired")]
    pub conditionally_required: bool,
    #[serde(default, rename = "mutuallyExclusive")]
    pub mutually_exclusive: Vec<String>,
}

/// A declared request body.
#[derive(Debug, Deserialize)]
pub(crate) struct RequestBody {
    #[serde(default)]
    pub required: bool,
    pub content: BTreeMap<String, Media>,
}

/// A body of one media type.
#[derive(Debug, Deserialize)]
pub(crate) struct Media {
    #[serde(default)]
    pub schema: Value,
}

/// A documented response.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Response {
    #[serde(default)]
    pub content: BTreeMap<String, Media>,
}

/// A tag: a group of operations sharing scopes and a table of error codes.
#[derive(Debug, Deserialize)]
pub(crate) struct Tag {
    pub name: String,
    /// Read by the test that holds the scope table to the document.
    #[cfg_attr(not(test), allow(dead_code))]
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    #[serde(default)]
    pub errors: Vec<TagError>,
}

/// One row of a tag's error table.
#[derive(Debug, Deserialize)]
pub(crate) struct TagError {
    /// A few rows have no code, only a message.
    #[serde(default)]
    pub code: Option<String>,
    pub message: String,
    #[serde(default)]
    pub status: Vec<u16>,
}

impl Spec {
    fn parse(text: &str) -> Spec {
        let mut spec: Spec = serde_json::from_str(text).expect("the embedded facts extract parses");
        for op in &mut spec.operations {
            op.template = Template::parse(&op.path);
        }
        // The enum values the official collections send beyond the document's.
        for (_, schema, value) in crate::anomalies::EXTRA_ENUM_VALUES {
            if let Some(Value::Array(values)) =
                spec.schemas.get_mut(schema).and_then(|s| s.get_mut("enum"))
            {
                values.push(Value::from(value));
            }
        }
        spec
    }

    /// The operation with this operationId.
    pub(crate) fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    pub(crate) fn tag(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }

    /// The component a `{"$ref": "#/schemas/X"}` names, or the schema itself.
    pub(crate) fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut current = schema;
        // A few hops at most; a cycle of bare references would be a broken document.
        for _ in 0..8 {
            match current.get("$ref").and_then(Value::as_str) {
                Some(r) => match r
                    .strip_prefix("#/schemas/")
                    .and_then(|n| self.schemas.get(n))
                {
                    Some(next) => current = next,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }
}

impl Operation {
    /// The trace header the operation declares: `transactionId` or `correlationId`.
    pub(crate) fn trace_header(&self) -> Option<&str> {
        self.parameters
            .iter()
            .find(|p| {
                p.location == In::Header
                    && matches!(p.name.as_str(), "transactionId" | "correlationId")
            })
            .map(|p| p.name.as_str())
    }

    /// Whether a response of `status` is documented.
    pub(crate) fn documents(&self, status: u16) -> bool {
        self.responses.contains_key(&status.to_string())
    }

    /// The name of the schema the operation's error answers have (all of an operation's error
    /// statuses share one in the document).
    pub(crate) fn error_schema(&self) -> Option<&str> {
        self.responses
            .iter()
            .filter(|(status, _)| status.starts_with('4') || status.starts_with('5'))
            .find_map(|(_, r)| r.schema_name())
    }
}

impl Response {
    /// The name of the JSON content's component schema.
    pub(crate) fn schema_name(&self) -> Option<&str> {
        let media = self
            .content
            .get("application/json")
            .or_else(|| self.content.values().next())?;
        media
            .schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/schemas/"))
    }
}

impl Tag {
    /// The message of `code` in this tag's table, preferring the row of `status`.
    pub(crate) fn message(&self, code: &str, status: u16) -> Option<&str> {
        let rows = || {
            self.errors
                .iter()
                .filter(|e| e.code.as_deref() == Some(code))
        };
        rows()
            .find(|e| e.status.contains(&status))
            .or_else(|| rows().next())
            .map(|e| e.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extract_parses_with_its_templates() {
        let op = SPEC.operation("resetPassword").unwrap();
        assert_eq!(op.method, "PUT");
        assert_eq!(op.trace_header(), Some("correlationId"));
        assert_eq!(op.error_schema(), Some("Error"));
        let params = op
            .template
            .matches("/v1/customers/abc:reset-password")
            .unwrap();
        assert_eq!(params, vec![("customerId".to_owned(), "abc".to_owned())]);
        assert!(SPEC
            .tag("Recipients")
            .unwrap()
            .message("REC_12004", 400)
            .is_some());
        let reference = serde_json::json!({"$ref": "#/schemas/Recipient"});
        let recipient = SPEC.resolve(&reference);
        assert!(recipient.get("properties").is_some());
    }
}
