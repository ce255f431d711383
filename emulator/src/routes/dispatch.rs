//! The generic part: every served operation without a route of its own is matched here by
//! method and path template (under the gateway prefixes too), counted and faulted like every
//! route, checked against what the document declares for it, in the API's order, and handed
//! to its behaviour as a [`Call`]:
//!
//! 1. the trace header it declares (`transactionId` or `correlationId`),
//! 2. printable headers and query,
//! 3. a bearer token this emulator issued and that is still valid (401),
//! 4. the operation's scope (403) and the institution,
//! 5. `Accept` compatible with JSON (415 where documented, else 406),
//! 6. required parameters, then each parameter's type, enum, pattern, bounds and format,
//! 7. `hostUserId`/`loginId`: mutually exclusive, one of them required with an institution
//!    token, the token's own user with a user token,
//! 8. the body: its declared content type, valid JSON, valid against its schema.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::codes::Check;
use crate::data::{DataStore, UserKey};
use crate::errors::{json_response, ApiError, Family};
use crate::multipart::{self, Part};
use crate::ops::{Op, Serve, SERVED};
use crate::request::{self, ConnectionControl, TraceId};
use crate::routes::enter;
use crate::spec::{coerce_param, validate, In, Operation, SPEC};
use crate::state::AppState;
use crate::tokens::{Session, TokenRejection};

/// An operation's hand-written behaviour: what the document says in prose.
pub(crate) type Behaviour = fn(&mut Call<'_>) -> Result<Answer, ApiError>;

/// The largest body accepted (an uploaded participants file included).
const MAX_BODY: usize = 8 * 1024 * 1024;

/// What a behaviour answers.
#[derive(Debug)]
pub(crate) enum Answer {
    /// A JSON body with its status.
    Json(u16, Value),
    /// A status without a body (`204`, `202`, an empty `200`).
    Empty(u16),
}

impl Answer {
    pub(crate) fn ok(body: Value) -> Answer {
        Answer::Json(200, body)
    }

    fn status(&self) -> u16 {
        match self {
            Answer::Json(s, _) | Answer::Empty(s) => *s,
        }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::Json(status, body) => json_response(
                StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                Bytes::from(serde_json::to_vec(&body).unwrap_or_default()),
            ),
            Answer::Empty(status) => {
                let mut response = Response::new(Body::empty());
                *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                response
            }
        }
    }
}

/// A request that passed every check the document declares for its operation.
pub(crate) struct Call<'a> {
    pub state: &'a AppState,
    pub op: Op,
    pub session: Session,
    /// The user the call is about: the token's, or the one `hostUserId`/`loginId` names
    /// (`None` when they name nobody known, or for an institution-level call).
    pub user: Option<UserKey>,
    /// How the request named its user, for messages.
    pub user_named: Option<String>,
    path: Vec<(String, String)>,
    values: HashMap<String, Value>,
    /// The JSON body (a multipart form as an object of its fields), if any.
    pub body: Option<Value>,
    /// The parts of a multipart body.
    pub parts: Vec<Part>,
}

impl Call<'_> {
    /// A path parameter (always there: the template matched).
    pub(crate) fn path(&self, name: &str) -> &str {
        self.path
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    /// A query or header parameter, as its schema typed it.
    pub(crate) fn value(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.value(name).and_then(Value::as_str)
    }

    pub(crate) fn flag(&self, name: &str) -> Option<bool> {
        self.value(name).and_then(Value::as_bool)
    }

    pub(crate) fn int(&self, name: &str) -> Option<i64> {
        self.value(name).and_then(Value::as_i64)
    }

    /// An array parameter's items (a plain one as a single item).
    pub(crate) fn list(&self, name: &str) -> Vec<String> {
        match self.value(name) {
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
            Some(Value::String(s)) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            Some(other) => vec![other.to_string()],
            None => Vec::new(),
        }
    }

    /// The body, or `null` when there is none.
    pub(crate) fn body(&self) -> &Value {
        self.body.as_ref().unwrap_or(&Value::Null)
    }

    /// The operation's answer to a refused check, saying what to fix.
    pub(crate) fn refuse(&self, check: Check, detail: impl Into<String>) -> ApiError {
        ApiError::for_op(self.op, check, Some(detail.into()))
    }

    /// An answer with a specific code of the operation's tag.
    pub(crate) fn coded(
        &self,
        status: u16,
        code: &'static str,
        detail: impl Into<String>,
    ) -> ApiError {
        ApiError::coded(self.op, status, code, detail.into())
    }

    /// The user the call is about; an unknown one is refused with the tag's code.
    pub(crate) fn user(&self) -> Result<UserKey, ApiError> {
        self.user.ok_or_else(|| {
            let who = self.user_named.as_deref().unwrap_or("the request");
            self.refuse(Check::UnknownUser, format!("{who} names no known user"))
        })
    }

    /// The emulated institution's id.
    pub(crate) fn institution(&self) -> &str {
        &self.state.config.institution_id
    }
}

/// The served operations the dispatcher matches, the most specific templates first.
static ROUTES: LazyLock<Vec<(Op, &'static Operation)>> = LazyLock::new(|| {
    let mut routes: Vec<(Op, &'static Operation)> = Op::all()
        .filter(|op| !matches!(op.served().serve, Serve::Route))
        .map(|op| (op, op.operation()))
        .collect();
    routes.sort_by_key(|(_, o)| std::cmp::Reverse(o.template.specificity()));
    routes
});

/// The path without the gateway prefix (`/digitalbanking` or `/digitalbanking/stage`).
fn strip_gateway(path: &str) -> &str {
    ["/digitalbanking/stage", "/digitalbanking"]
        .iter()
        .find_map(|p| path.strip_prefix(p).filter(|rest| rest.starts_with('/')))
        .unwrap_or(path)
}

/// The router's fallback: a served operation of the document, or 404/405.
pub(crate) async fn fallback(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path = strip_gateway(parts.uri.path()).to_owned();
    let mut path_matched = None;
    for (op, operation) in ROUTES.iter() {
        if let Some(params) = operation.template.matches(&path) {
            if operation.method.eq_ignore_ascii_case(parts.method.as_str()) {
                return serve(&state, *op, params, parts, body).await;
            }
            path_matched = path_matched.or(Some(*op));
        }
    }
    // In the error shape of an operation of that path, as the service behind it answers.
    if let Some(op) = path_matched {
        ApiError::coded(
            op,
            405,
            "METHOD_NOT_ALLOWED",
            "Method not allowed on this route",
        )
        .into_response()
    } else {
        ApiError::new(404, "NOT_FOUND", "No such route on the Candescent emulator").into_response()
    }
}

async fn serve(
    state: &AppState,
    op: Op,
    params: Vec<(String, String)>,
    parts: Parts,
    body: Body,
) -> Response {
    let conn = parts.extensions.get::<ConnectionControl>().cloned();
    if let Err(answer) = enter(state, op, Family::Op(op), conn.as_ref()).await {
        return answer;
    }
    match SERVED[usize::from(op.0)].serve {
        Serve::Custom(handler) => handler(state, &parts, &params),
        Serve::Generic(behaviour) => {
            let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
                return ApiError::for_op(
                    op,
                    Check::BadBody,
                    Some("the body is unreadable or larger than 8 MiB".into()),
                )
                .into_response();
            };
            let mut call = match checked(state, op, &parts, params, &bytes) {
                Ok(call) => call,
                Err(e) => return e.into_response(),
            };
            match behaviour(&mut call) {
                Ok(answer) => {
                    if (200..300).contains(&answer.status()) {
                        state.counters.accepted();
                    }
                    answer.into_response()
                }
                Err(e) => e.into_response(),
            }
        }
        Serve::Route => ApiError::new(404, "NOT_FOUND", "No such route on the Candescent emulator")
            .into_response(),
    }
}

fn where_is(location: In) -> &'static str {
    match location {
        In::Path => "path parameter",
        In::Query => "query parameter",
        In::Header => "header",
        In::Cookie => "cookie",
    }
}

/// The checks of the module comment, in their order.
fn checked<'a>(
    state: &'a AppState,
    op: Op,
    parts: &'a Parts,
    path: Vec<(String, String)>,
    bytes: &[u8],
) -> Result<Call<'a>, ApiError> {
    let operation = op.operation();
    let refuse = |check: Check, detail: String| ApiError::for_op(op, check, Some(detail));
    let headers = &parts.headers;
    let trace = operation.trace_header();
    if let Some(name) = trace {
        match request::trace_header(headers, name) {
            TraceId::Valid => {}
            TraceId::Missing => {
                return Err(refuse(
                    Check::TraceMissing,
                    format!("Request is missing a {name} header"),
                ))
            }
            TraceId::TooLong => {
                return Err(refuse(
                    Check::TraceTooLong,
                    format!("Request {name} header is too long"),
                ))
            }
            TraceId::NonPrintable => {
                return Err(refuse(
                    Check::NonPrintable,
                    format!("Request {name} header should only contain printable ASCII characters"),
                ))
            }
            TraceId::Invalid => {
                return Err(refuse(
                    Check::TraceInvalid,
                    format!("Request {name} header must be a UUID"),
                ))
            }
        }
    }
    let query = parts.uri.query().unwrap_or_default();
    if !request::printable_query(query) || !request::printable_headers(headers) {
        return Err(refuse(
            Check::NonPrintable,
            "Request should only contain printable ASCII characters".into(),
        ));
    }
    let session =
        match request::bearer_token(headers) {
            Some(token) => state.tokens.check(token).map_err(|why| {
                refuse(
                    Check::BadToken,
                    match why {
                        TokenRejection::Expired => "The bearer token has expired".into(),
                        TokenRejection::Unknown => "The bearer token is not valid".into(),
                    },
                )
            })?,
            None if request::has_authorization(headers) => {
                return Err(refuse(
                    Check::BadToken,
                    "The Authorization header must be Bearer <access token>".into(),
                ))
            }
            None => return Err(refuse(
                Check::NoAuth,
                "Full authentication was not provided: send Authorization: Bearer <access token>"
                    .into(),
            )),
        };
    if let Some(scope) = op.served().scope {
        if !session.grants.has(scope) {
            return Err(refuse(
                Check::Forbidden,
                format!("The token does not have the {scope} scope this operation needs"),
            ));
        }
    }
    if request::institution_id(headers).is_some_and(|id| id != state.config.institution_id) {
        return Err(refuse(
            Check::Forbidden,
            "The token is not for this institution".into(),
        ));
    }
    if !request::accepts_json(headers) {
        return Err(refuse(
            Check::NotAcceptable,
            "The answer is JSON: Accept must allow application/json".into(),
        ));
    }

    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let mut values = HashMap::new();
    for param in &operation.parameters {
        if param.name == "Authorization" || Some(param.name.as_str()) == trace {
            continue;
        }
        let raw: Vec<&str> = match param.location {
            In::Query => pairs
                .iter()
                .filter(|(k, _)| *k == param.name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
                .collect(),
            In::Header => headers
                .get_all(param.name.as_str())
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect(),
            In::Path => path
                .iter()
                .filter(|(k, _)| *k == param.name)
                .map(|(_, v)| v.as_str())
                .collect(),
            In::Cookie => continue,
        };
        let names_user = matches!(param.name.as_str(), "hostUserId" | "loginId");
        let at = format!("{} {}", where_is(param.location), param.name);
        if raw.is_empty() {
            // A user's own token names the user, whatever the parameter's flag says.
            if param.required && !(names_user && session.user.is_some()) {
                return Err(refuse(Check::BadParam, format!("{at} is required")));
            }
            continue;
        }
        let check = if param.location == In::Path {
            Check::BadPath
        } else {
            Check::BadParam
        };
        let value = coerce_param(&SPEC, &param.schema, &raw, &at).map_err(|e| refuse(check, e))?;
        validate(&SPEC, &param.schema, &value, &at).map_err(|e| refuse(check, e))?;
        values.insert(param.name.clone(), value);
    }

    // The document marks hostUserId/loginId `mutuallyExclusive` and `conditionallyRequired`
    // (required unless the token names the user); the payment operations declare a plain
    // required loginId, which a user's own token satisfies too.
    // Where the official collections name the user twice (`crate::anomalies`), both are taken
    // when they name the same user.
    let both_named_alike = crate::anomalies::USER_NAMED_TWICE.contains(&operation.id.as_str())
        && match (
            values.get("hostUserId").and_then(Value::as_str),
            values.get("loginId").and_then(Value::as_str),
        ) {
            (Some(host), Some(login)) => DataStore::resolve(Some(host), None)
                .is_some_and(|u| DataStore::resolve(None, Some(login)) == Some(u)),
            _ => false,
        };
    for param in &operation.parameters {
        if both_named_alike && matches!(param.name.as_str(), "hostUserId" | "loginId") {
            continue;
        }
        if let Some(other) = param
            .mutually_exclusive
            .iter()
            .find(|o| values.contains_key(&param.name) && values.contains_key(o.as_str()))
        {
            return Err(refuse(
                Check::BadParam,
                format!("{} and {other} are mutually exclusive", param.name),
            ));
        }
    }
    // Other parameters are conditionally required too (the companions of an image type);
    // their conditions are prose, checked by the behaviour.
    let names_user = |p: &&crate::spec::Param| matches!(p.name.as_str(), "hostUserId" | "loginId");
    let declares_user = operation.parameters.iter().any(|p| names_user(&p));
    let host = values.get("hostUserId").and_then(Value::as_str);
    // Both named alike (see above): the user is the one hostUserId names.
    let login = values
        .get("loginId")
        .and_then(Value::as_str)
        .filter(|_| !both_named_alike);
    let user_named = host
        .map(|h| format!("hostUserId {h:?}"))
        .or_else(|| login.map(|l| format!("loginId {l:?}")));
    let user = if declares_user {
        match session.user {
            Some(own) => {
                if user_named.is_some() && DataStore::resolve(host, login) != Some(own) {
                    return Err(refuse(
                        Check::Forbidden,
                        "A user's token may only name its own user".into(),
                    ));
                }
                Some(own)
            }
            None => {
                let conditional: Vec<&str> = operation
                    .parameters
                    .iter()
                    .filter(names_user)
                    .filter(|p| p.conditionally_required)
                    .map(|p| p.name.as_str())
                    .collect();
                if !conditional.is_empty() && !conditional.iter().any(|n| values.contains_key(*n)) {
                    return Err(refuse(
                        Check::BadParam,
                        format!(
                            "{} is required with an institution token",
                            conditional.join(" or ")
                        ),
                    ));
                }
                DataStore::resolve(host, login)
            }
        }
    } else {
        session.user
    };

    let (body, form) = match &operation.request_body {
        None => (None, Vec::new()),
        Some(declared) => {
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let media = content_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if bytes.iter().all(u8::is_ascii_whitespace) {
                if declared.required {
                    return Err(refuse(
                        Check::BlankBody,
                        "Request body cannot be blank".into(),
                    ));
                }
                (None, Vec::new())
            } else if let Some(form_media) = declared
                .content
                .get("multipart/form-data")
                .filter(|_| media == "multipart/form-data")
            {
                let boundary = multipart::boundary(content_type).ok_or_else(|| {
                    refuse(
                        Check::BadBody,
                        "The multipart Content-Type needs a boundary".into(),
                    )
                })?;
                let form =
                    multipart::parse(bytes, &boundary).map_err(|e| refuse(Check::BlankBody, e))?;
                let mut fields = Map::new();
                for part in &form {
                    let value = match &part.filename {
                        Some(name) => Value::String(name.clone()),
                        None => Value::String(String::from_utf8_lossy(&part.data).into_owned()),
                    };
                    fields.entry(part.name.clone()).or_insert(value);
                }
                let fields = Value::Object(fields);
                validate(&SPEC, &form_media.schema, &fields, "form")
                    .map_err(|e| refuse(Check::BadBody, e))?;
                (Some(fields), form)
            } else if let Some(json_media) = declared
                .content
                .get(media.as_str())
                .filter(|_| media == "application/json" || media.ends_with("+json"))
            {
                let value: Value = serde_json::from_slice(bytes).map_err(|e| {
                    refuse(Check::BlankBody, format!("The body is not valid JSON: {e}"))
                })?;
                validate(&SPEC, &json_media.schema, &value, "body")
                    .map_err(|e| refuse(Check::BadBody, e))?;
                (Some(value), Vec::new())
            } else {
                let accepted: Vec<&str> = declared
                    .content
                    .keys()
                    .map(String::as_str)
                    .filter(|m| !m.contains("xml"))
                    .collect();
                return Err(refuse(
                    Check::BadBody,
                    format!("Content-Type must be {}", accepted.join(" or ")),
                ));
            }
        }
    };

    Ok(Call {
        state,
        op,
        session,
        user,
        user_named,
        path,
        values,
        body,
        parts: form,
    })
}
