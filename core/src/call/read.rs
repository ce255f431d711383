//! A call's arguments, as a binding received them, read against the operation table: names,
//! types, constraints and the rules across parameters, all before any traffic.

use bytes::Bytes;
use chrono::NaiveDate;

use super::value::{self, Ctx};
use crate::input::{Args, Naming, Reader, Value};
use crate::spec::{Format, Location, Media, Operation, Paging, Param, Rule, Ty, UserRule};
use crate::{Error, ErrorKind, Result};

/// A request body, checked and ready to encode.
#[derive(Debug, Clone)]
pub(crate) enum Payload {
    Json(serde_json::Value),
    Form(Vec<(&'static str, String)>),
    Multipart(Vec<Part>),
}

/// One part of a multipart body.
#[derive(Clone)]
pub(crate) struct Part {
    pub(crate) name: &'static str,
    /// Set for a file part.
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) data: Bytes,
}

impl std::fmt::Debug for Part {
    // A file's content can be personal data: its size only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("bytes", &self.data.len())
            .finish()
    }
}

/// A call's arguments, checked against the document and ready to send: what goes in the path,
/// the query, the headers and the body, and the page size for a paged operation.
///
/// ```
/// use candescent::call::Prepared;
/// use candescent::input::{Naming, Value};
/// let op = candescent::spec::find("recipients.get").unwrap();
/// let err = Prepared::read(op, vec![("recipient_id".into(), Value::Str("r1".into()))], Naming::Snake, false)
///     .unwrap_err();
/// assert!(err.message().contains("host_user_id or login_id is required"), "{}", err.message());
/// ```
#[derive(Debug, Clone)]
pub struct Prepared {
    pub(crate) op: &'static Operation,
    pub(crate) path: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Payload>,
    pub(crate) page_size: Option<u64>,
}

/// How a call is named in messages: `business.payments.ach.list()`, spelt for the caller.
///
/// ```
/// let op = candescent::spec::find("campaigns.experience_groups.upload_participants").unwrap();
/// assert_eq!(candescent::call::label(op, candescent::input::Naming::Camel),
///            "campaigns.experienceGroups.uploadParticipants()");
/// ```
pub fn label(op: &Operation, naming: Naming) -> String {
    let mut out = String::with_capacity(op.name.len() + 2);
    for (i, part) in op.name.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&naming.spell(part));
    }
    out.push_str("()");
    out
}

impl Prepared {
    /// Reads `args` for `op`. `signed_in`: the call carries a signed-in user's token, which
    /// names the user, so `host_user_id`/`login_id` are not needed.
    ///
    /// # Errors
    /// [`ErrorKind::Validation`] naming the argument as the caller spells it: an unknown name
    /// (with the closest known one), a wrong type, a value the document does not allow, a
    /// missing required argument, or arguments that cannot go together.
    pub fn read(
        op: &'static Operation,
        args: Args,
        naming: Naming,
        signed_in: bool,
    ) -> Result<Prepared> {
        let ctx = Ctx { naming };
        let what = label(op, naming);
        let body_arg = op.body.filter(|b| !b.flatten).map(|b| b.name);
        let known: Vec<&str> = op
            .params
            .iter()
            .filter(|p| !p.hidden)
            .map(|p| p.name)
            .chain(body_arg)
            .collect();
        let mut r = Reader::new(args, naming, ErrorKind::Validation, &what, &known, op.hints)?;
        let mut out = Prepared {
            op,
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            page_size: None,
        };
        // Every argument given, by parameter, in the table's order.
        let mut given: Vec<(&'static Param, Vec<String>)> = Vec::new();
        let mut files: Vec<(&'static Param, Part)> = Vec::new();
        for p in op.params.iter().filter(|p| !p.hidden) {
            let Some((spelt, v)) = r.take(p.name) else {
                continue;
            };
            if let (Location::Body, Ty::Str(rule)) = (p.location, p.ty) {
                if rule.format == Format::Binary {
                    files.push((p, file_part(&ctx, &spelt, p, v)?));
                    continue;
                }
            }
            let texts = value::texts(&ctx, &spelt, v, p.ty, p.aliases, p.sensitive)?;
            // Line breaks may belong in a body's text, never in a URL or a header.
            if texts.iter().any(|t| t.chars().any(char::is_control)) {
                return Err(Error::validation(format!(
                    "{spelt} contains a control character"
                )));
            }
            if p.user || p.location == Location::Select || p.location == Location::Path {
                if let Some(t) = texts.first() {
                    non_empty(&spelt, t)?;
                }
            }
            if matches!(p.location, Location::Select | Location::Path) {
                if let Some(t) = texts.first().filter(|t| *t == "." || *t == "..") {
                    // URL parsers collapse them (`%2E` included): they cannot be sent as ids.
                    return Err(Error::validation(format!(
                        "{spelt} {t:?} cannot be sent as a path segment: empty, \".\" and \"..\" are not ids"
                    )));
                }
            }
            given.push((p, texts));
        }
        let has_in = |given: &[(&'static Param, Vec<String>)], name: &str| {
            given.iter().any(|(p, _)| p.name == name)
        };
        let spell = |name: &str| naming.spell(name).into_owned();
        check_user(op, &given, naming, signed_in)?;
        for p in op
            .params
            .iter()
            .filter(|p| !p.hidden && p.required && !p.user)
        {
            if !has_in(&given, p.name) && !files.iter().any(|(f, _)| f.name == p.name) {
                return Err(Error::validation(format!("{} is required", spell(p.name))));
            }
        }
        if let Some(select) = op.select {
            let chosen: Vec<_> = given
                .iter()
                .filter(|(p, _)| p.location == Location::Select)
                .collect();
            let names: Vec<String> = select.choices.iter().map(|(n, _)| spell(n)).collect();
            match chosen.as_slice() {
                [] => {
                    return Err(Error::validation(format!(
                        "{} is required: the API needs to know whom to look up",
                        or_list(&names)
                    )))
                }
                [(p, texts)] => {
                    let kind = select
                        .choices
                        .iter()
                        .find(|(n, _)| *n == p.name)
                        .map_or("", |(_, k)| *k);
                    segment(&spell(p.name), &texts[0])?;
                    out.path.push((select.into, texts[0].clone()));
                    out.query.push((select.kind, kind.to_owned()));
                }
                [(a, _), (b, _)] => {
                    return Err(Error::validation(format!(
                        "give either {} or {}, not both",
                        spell(a.name),
                        spell(b.name)
                    )));
                }
                _ => {
                    return Err(Error::validation(format!(
                        "give only one of {}",
                        or_list(&names)
                    )))
                }
            }
        }
        for rule in op.rules {
            match rule {
                Rule::With { when, set } if has_in(&given, when) => {
                    for wire in *set {
                        if let Some(p) = op.wire_param(wire) {
                            given.push((p, vec![p.fixed.unwrap_or_default().to_owned()]));
                        }
                    }
                }
                Rule::With { .. } => {}
                Rule::Exclusive { params, why } => {
                    let present: Vec<String> = params
                        .iter()
                        .filter(|n| has_in(&given, n))
                        .map(|n| spell(n))
                        .collect();
                    if present.len() > 1 {
                        return Err(Error::validation(format!(
                            "{} cannot be combined: {why}",
                            present.join(" and ")
                        )));
                    }
                }
                Rule::Ordered { first, then } => {
                    let date = |name: &str| {
                        given
                            .iter()
                            .find(|(p, _)| p.name == name)
                            .and_then(|(_, t)| NaiveDate::parse_from_str(&t[0], "%Y-%m-%d").ok())
                    };
                    if let (Some(a), Some(b)) = (date(first), date(then)) {
                        if a > b {
                            return Err(Error::validation(format!(
                                "{} {a} is after {} {b}",
                                spell(first),
                                spell(then)
                            )));
                        }
                    }
                }
                Rule::RequiredWhen {
                    param,
                    values,
                    require,
                } => {
                    let hit = given
                        .iter()
                        .find(|(p, _)| p.name == *param)
                        .is_some_and(|(_, t)| values.contains(&t[0].as_str()));
                    if hit {
                        if let Some(missing) = require.iter().find(|n| !has_in(&given, n)) {
                            let value = given
                                .iter()
                                .find(|(p, _)| p.name == *param)
                                .map(|(_, t)| t[0].clone())
                                .unwrap_or_default();
                            return Err(Error::validation(format!(
                                "{} is required when {} is {value:?}",
                                spell(missing),
                                spell(param)
                            )));
                        }
                    }
                }
            }
        }
        let size_wire = match op.paging {
            Paging::SkipTop { top, .. } => Some(top),
            Paging::PageSize { size, .. } | Paging::PageNo { size, .. } => Some(size),
            _ => None,
        };
        let mut form = Vec::new();
        for (p, texts) in given {
            if Some(p.wire) == size_wire {
                out.page_size = texts.first().and_then(|t| t.parse().ok());
                continue;
            }
            for text in texts {
                match p.location {
                    Location::Path => out.path.push((p.wire, text)),
                    Location::Query => out.query.push((p.wire, text)),
                    Location::Header => out.headers.push((p.wire, text)),
                    Location::Body => form.push((p.wire, text)),
                    Location::Select => {}
                }
            }
        }
        if let Some(body) = op.body {
            if body.flatten {
                out.body = Some(match body.media {
                    Media::Multipart => Payload::Multipart(
                        form.into_iter()
                            .map(|(name, text)| Part {
                                name,
                                filename: None,
                                content_type: None,
                                data: Bytes::from(text),
                            })
                            .chain(files.into_iter().map(|(_, part)| part))
                            .collect(),
                    ),
                    _ => Payload::Form(form),
                });
            } else {
                match r.take(body.name) {
                    Some((spelt, v)) => {
                        out.body = Some(Payload::Json(value::json(&ctx, &spelt, v, body.ty)?));
                    }
                    None if body.required => {
                        return Err(Error::validation(format!(
                            "{} is required",
                            spell(body.name)
                        )));
                    }
                    None => {}
                }
            }
        }
        Ok(out)
    }

    /// The operation these arguments are for.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Rejects `.` and `..` for a value that becomes a path segment, naming the argument as given
/// (the path parameter it fills may have another name).
fn segment(name: &str, value: &str) -> Result<()> {
    if value == "." || value == ".." {
        return Err(Error::validation(format!(
            "{name} {value:?} cannot be sent as a path segment: empty, \".\" and \"..\" are not ids"
        )));
    }
    Ok(())
}

/// Rejects values that are empty or only spaces: they are always a mistake.
fn non_empty(name: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(format!("{name} is empty")));
    }
    Ok(())
}

/// Whom the call is about: with a `client_credentials` token the API needs exactly one of
/// `hostUserId` and `loginId`; a signed-in user's token names its user.
fn check_user(
    op: &Operation,
    given: &[(&'static Param, Vec<String>)],
    naming: Naming,
    signed_in: bool,
) -> Result<()> {
    let has = |wire: &str| given.iter().any(|(p, _)| p.user && p.wire == wire);
    let host = naming.spell("host_user_id");
    let login = naming.spell("login_id");
    match op.user {
        UserRule::HostOrLogin => match (has("hostUserId"), has("loginId")) {
            (true, true) => Err(Error::validation(format!(
                "give either {host} or {login}, not both"
            ))),
            (false, false) if !signed_in => Err(Error::validation(format!(
                "{host} or {login} is required: the API needs to know which user the call is about"
            ))),
            _ => Ok(()),
        },
        UserRule::Login if !has("loginId") && !signed_in => Err(Error::validation(format!(
            "{login} is required: the API needs to know which user the call is about"
        ))),
        _ => Ok(()),
    }
}

/// A file for an upload: bytes as given, or the content of the file at a path.
fn file_part(ctx: &Ctx, name: &str, p: &'static Param, v: Value) -> Result<Part> {
    let (data, filename) = match v {
        Value::Bytes(b) => (Bytes::from(b), "upload.csv".to_owned()),
        Value::Str(path) => {
            let data = std::fs::read(&path).map_err(|e| {
                Error::validation(format!("{name}: cannot read the file {path:?}: {e}"))
            })?;
            let filename = std::path::Path::new(&path)
                .file_name()
                .map_or_else(|| "upload".to_owned(), |f| f.to_string_lossy().into_owned());
            (Bytes::from(data), filename)
        }
        other => {
            let expected = match ctx.naming {
                Naming::Snake => "a path, bytes or a binary file object",
                Naming::Camel => "a path, a Buffer, a Uint8Array or a readable stream",
            };
            return Err(Error::validation(format!(
                "{name} must be {expected}, not {}",
                other.type_name(ctx.naming)
            )));
        }
    };
    let content_type = if filename.to_ascii_lowercase().ends_with(".csv") {
        "text/csv"
    } else {
        "application/octet-stream"
    };
    Ok(Part {
        name: p.wire,
        filename: Some(filename),
        content_type: Some(content_type),
        data,
    })
}
