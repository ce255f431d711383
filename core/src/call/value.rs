//! One argument against the type the document gives it: checked, and turned into the text of a
//! query parameter or the JSON of a body. Every message names the argument as the caller
//! spells it and never shows a value that could be personal data.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::NaiveDate;
use serde_json::{Map, Number, Value as Json};

use crate::input::{Naming, Value};
use crate::spec::{Field, Format, Model, NumRule, StrRule, Ty};
use crate::{Error, Result};

/// How a value is named in messages and what it may show of itself.
pub(crate) struct Ctx {
    pub(crate) naming: Naming,
}

impl Ctx {
    fn wrong(&self, name: &str, expected: &str, got: &Value) -> Error {
        Error::validation(format!(
            "{name} must be {expected}, not {}",
            got.type_name(self.naming)
        ))
    }

    fn show(&self, n: f64) -> String {
        match self.naming {
            Naming::Camel if n.is_nan() => "NaN".into(),
            Naming::Camel if n.is_infinite() => {
                if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
            }
            _ if n.is_nan() => "nan".into(),
            _ => n.to_string(),
        }
    }
}

/// Compiled patterns of the document, by their text: each compiled once per process.
fn pattern_matches(pattern: &'static str, text: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<regex_lite::Regex>>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let regex = cache
        .entry(pattern)
        .or_insert_with(|| regex_lite::Regex::new(pattern).ok());
    // A pattern the engine cannot read constrains nothing rather than refusing every value.
    regex.as_ref().is_none_or(|r| r.is_match(text))
}

/// The values an enum accepts, as a message lists them.
fn listed(values: &[&str]) -> String {
    let shown: Vec<String> = values.iter().take(12).map(|v| format!("{v:?}")).collect();
    if values.len() > shown.len() {
        format!("{}, … ({} values)", shown.join(", "), values.len())
    } else {
        shown.join(", ")
    }
}

/// A string argument checked against its rule; `sensitive` keeps its value out of messages.
pub(crate) fn string(
    ctx: &Ctx,
    name: &str,
    v: Value,
    rule: &'static StrRule,
    aliases: &[(&str, &str)],
    sensitive: bool,
    in_body: bool,
) -> Result<String> {
    let text = match v {
        Value::Str(s) => s,
        Value::Date(d) if matches!(rule.format, Format::Date | Format::Text) => {
            d.format("%Y-%m-%d").to_string()
        }
        other => {
            let expected = match (rule.format, ctx.naming) {
                (Format::Date, Naming::Snake) => "a datetime.date or a 'YYYY-MM-DD' string",
                (Format::Date, Naming::Camel) => "a 'YYYY-MM-DD' string",
                _ => "a string",
            };
            return Err(ctx.wrong(name, expected, &other));
        }
    };
    let text = match aliases.iter().find(|(alias, _)| *alias == text) {
        Some((_, wire)) => (*wire).to_owned(),
        None => text,
    };
    if text
        .chars()
        // Line breaks and tabs belong in a body's text (a message, an address); in a query,
        // path or header they are a mistake or an injection.
        .any(|c| c.is_control() && !(in_body && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(Error::validation(format!(
            "{name} contains a control character"
        )));
    }
    let shown = |t: &str| {
        if sensitive {
            String::new()
        } else {
            format!(", not {t:?}")
        }
    };
    if !rule.values.is_empty() && !rule.values.contains(&text.as_str()) {
        let accepted = aliases
            .iter()
            .map(|(alias, _)| *alias)
            .chain(rule.values.iter().copied())
            .collect::<Vec<_>>();
        return Err(Error::validation(format!(
            "{name} must be one of {}{}",
            listed(&accepted),
            shown(&text)
        )));
    }
    let length = text.chars().count();
    if let Some(min) = rule.min_len {
        if length < min as usize {
            return Err(Error::validation(format!(
                "{name} must be at least {min} characters long, not {length}"
            )));
        }
    }
    if let Some(max) = rule.max_len {
        if length > max as usize {
            return Err(Error::validation(format!(
                "{name} must be at most {max} characters long, not {length}"
            )));
        }
    }
    if let Some(pattern) = rule.pattern {
        if !pattern_matches(pattern, &text) {
            return Err(Error::validation(format!(
                "{name} must match the pattern {pattern}{}",
                shown(&text)
            )));
        }
    }
    match rule.format {
        Format::Date if NaiveDate::parse_from_str(&text, "%Y-%m-%d").is_err() => {
            Err(Error::validation(format!(
                "{name} must be a date as 'YYYY-MM-DD'{}",
                shown(&text)
            )))
        }
        Format::DateTime if chrono::DateTime::parse_from_rfc3339(&text).is_err() => {
            Err(Error::validation(format!(
                "{name} must be a date and time as RFC 3339 ('2026-01-31T09:30:00Z'){}",
                shown(&text)
            )))
        }
        Format::Uuid if uuid::Uuid::try_parse(&text).is_err() => Err(Error::validation(format!(
            "{name} must be a UUID{}",
            shown(&text)
        ))),
        Format::Email if !text.contains('@') || text.chars().any(char::is_whitespace) => Err(
            Error::validation(format!("{name} must be an e-mail address")),
        ),
        _ => Ok(text),
    }
}

/// A whole number in the rule's bounds: no fraction, no sign flip, no wrap-around.
pub(crate) fn integer(ctx: &Ctx, name: &str, v: Value, rule: &NumRule) -> Result<i64> {
    let number: i128 = match v {
        Value::Int(i) => i.into(),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e30 => f as i128,
        Value::Float(f) => {
            return Err(Error::validation(format!(
                "{name} must be a whole number, not {}",
                ctx.show(f)
            )))
        }
        Value::Decimal(text) => match text.parse::<rust_decimal::Decimal>() {
            Ok(d) if d.fract().is_zero() => d.trunc().to_string().parse().map_err(|_| {
                Error::validation(format!("{name} must be a whole number of at most 64 bits"))
            })?,
            _ => {
                return Err(Error::validation(format!(
                    "{name} must be a whole number, not {text}"
                )))
            }
        },
        Value::BigInt => {
            return Err(Error::validation(format!(
                "{name} must be at most {}, not a larger number",
                rule.maximum.map_or(i64::MAX as f64, |m| m)
            )))
        }
        other => return Err(ctx.wrong(name, "a whole number", &other)),
    };
    if let Some(min) = rule.minimum {
        if (number as f64) < min {
            return Err(Error::validation(format!(
                "{name} must be {min} or more, not {number}"
            )));
        }
    }
    if let Some(max) = rule.maximum {
        if (number as f64) > max {
            return Err(Error::validation(format!(
                "{name} must be at most {max}, not {number}"
            )));
        }
    }
    i64::try_from(number).map_err(|_| {
        Error::validation(format!("{name} must be at most {}, not {number}", i64::MAX))
    })
}

/// A number's exact text: decimals stay decimals, never through a binary float when the caller
/// gave text or a decimal.
pub(crate) fn number(ctx: &Ctx, name: &str, v: Value, rule: &NumRule) -> Result<String> {
    let text = match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_finite() => f.to_string(),
        Value::Float(f) => {
            return Err(Error::validation(format!(
                "{name} must be a finite number, not {}",
                ctx.show(f)
            )))
        }
        Value::Decimal(text) | Value::Str(text) => {
            let t = text.trim();
            if t.parse::<rust_decimal::Decimal>().is_err()
                && !t.parse::<f64>().is_ok_and(f64::is_finite)
            {
                return Err(Error::validation(format!(
                    "{name} must be a number (a number or its text, such as \"12.34\")"
                )));
            }
            t.to_owned()
        }
        Value::BigInt => {
            return Err(Error::validation(format!(
                "{name} is too large for the API"
            )))
        }
        other => return Err(ctx.wrong(name, "a number", &other)),
    };
    if rule.minimum.is_some() || rule.maximum.is_some() {
        let n: f64 = text.parse().unwrap_or(f64::NAN);
        if rule.minimum.is_some_and(|min| n < min) {
            return Err(Error::validation(format!(
                "{name} must be {} or more",
                rule.minimum.unwrap_or_default()
            )));
        }
        if rule.maximum.is_some_and(|max| n > max) {
            return Err(Error::validation(format!(
                "{name} must be at most {}",
                rule.maximum.unwrap_or_default()
            )));
        }
    }
    Ok(text)
}

pub(crate) fn boolean(ctx: &Ctx, name: &str, v: Value) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(b),
        other => Err(ctx.wrong(name, "true or false", &other)),
    }
}

/// The texts of a query, path or header argument: several for a list.
pub(crate) fn texts(
    ctx: &Ctx,
    name: &str,
    v: Value,
    ty: Ty,
    aliases: &[(&str, &str)],
    sensitive: bool,
) -> Result<Vec<String>> {
    Ok(match ty {
        Ty::Str(rule) => vec![string(ctx, name, v, rule, aliases, sensitive, false)?],
        Ty::Int(rule) => vec![integer(ctx, name, v, rule)?.to_string()],
        Ty::Num(rule) => vec![number(ctx, name, v, rule)?],
        Ty::Bool => vec![if boolean(ctx, name, v)? {
            "true"
        } else {
            "false"
        }
        .to_owned()],
        Ty::List(item) => match v {
            Value::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item_value) in items.into_iter().enumerate() {
                    out.extend(texts(
                        ctx,
                        &format!("{name}[{i}]"),
                        item_value,
                        *item,
                        aliases,
                        sensitive,
                    )?);
                }
                out
            }
            single => texts(ctx, name, single, *item, aliases, sensitive)?,
        },
        _ => vec![json(ctx, name, v, ty)?.to_string()],
    })
}

/// A body value as JSON, checked against `ty`; `path` names it in messages (`body.amount`).
pub(crate) fn json(ctx: &Ctx, path: &str, v: Value, ty: Ty) -> Result<Json> {
    if v == Value::Null {
        return Ok(Json::Null);
    }
    Ok(match ty {
        Ty::Str(rule) => Json::String(string(ctx, path, v, rule, &[], false, true)?),
        Ty::Int(rule) => Json::Number(integer(ctx, path, v, rule)?.into()),
        Ty::Num(rule) => {
            let text = number(ctx, path, v, rule)?;
            // Parsed by serde_json with arbitrary_precision: the number keeps its text.
            Json::Number(
                text.parse::<Number>()
                    .map_err(|_| Error::validation(format!("{path} must be a number")))?,
            )
        }
        Ty::Bool => Json::Bool(boolean(ctx, path, v)?),
        Ty::List(item) => match v {
            Value::List(items) => Json::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, x)| json(ctx, &format!("{path}[{i}]"), x, *item))
                    .collect::<Result<_>>()?,
            ),
            other => {
                let expected = match ctx.naming {
                    Naming::Snake => "a list",
                    Naming::Camel => "an array",
                };
                return Err(ctx.wrong(path, expected, &other));
            }
        },
        Ty::Obj(model) => object(ctx, path, v, model)?,
        Ty::Map(value_ty) => match v {
            Value::Map(entries) => {
                let mut out = Map::new();
                for (k, x) in entries {
                    let at = format!("{path}.{k}");
                    out.insert(k, json(ctx, &at, x, *value_ty)?);
                }
                Json::Object(out)
            }
            other => return Err(ctx.wrong(path, object_word(ctx), &other)),
        },
        Ty::Union(models) => {
            let mut first_error = None;
            for model in models {
                match object(ctx, path, v.clone(), model) {
                    Ok(json) => return Ok(json),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            return Err(
                first_error.unwrap_or_else(|| Error::validation(format!("{path} is empty")))
            );
        }
        Ty::Any => any(ctx, path, v)?,
    })
}

fn object_word(ctx: &Ctx) -> &'static str {
    match ctx.naming {
        Naming::Snake => "a dict",
        Naming::Camel => "an object",
    }
}

/// An object of `model`: keys are the wire names (`firstName`) or the SDK's (`first_name`),
/// an unknown key is refused with the closest known one, and required fields must be there.
fn object(ctx: &Ctx, path: &str, v: Value, model: &'static Model) -> Result<Json> {
    let Value::Map(entries) = v else {
        return Err(ctx.wrong(path, object_word(ctx), &v));
    };
    let mut out = Map::new();
    let mut given = vec![false; model.fields.len()];
    for (key, value) in entries {
        let at = model
            .wire_index(&key)
            .or_else(|| model.name_index(&key))
            .ok_or_else(|| unknown_field(path, &key, model))?;
        let field: &Field = &model.fields[at];
        if given[at] {
            return Err(Error::validation(format!(
                "{path}.{} is given twice",
                field.wire
            )));
        }
        if value == Value::Null {
            continue;
        }
        given[at] = true;
        let field_path = format!("{path}.{}", field.wire);
        let json = if field.sensitive() {
            json(ctx, &field_path, value, field.ty).map_err(|e| {
                // Personal data is named, never echoed.
                if e.message().contains('"') {
                    Error::validation(format!("{field_path} is not valid"))
                } else {
                    e
                }
            })?
        } else {
            json(ctx, &field_path, value, field.ty)?
        };
        out.insert(field.wire.to_owned(), json);
    }
    for (i, field) in model.fields.iter().enumerate() {
        if field.required() && !given[i] && !field.read_only() {
            return Err(Error::validation(format!(
                "{path}.{} is required ({})",
                field.wire, model.name
            )));
        }
    }
    Ok(Json::Object(out))
}

fn unknown_field(path: &str, key: &str, model: &Model) -> Error {
    let wires = model.fields.iter().map(|f| f.wire);
    match crate::input::closest_name(key, wires) {
        Some(close) => Error::validation(format!(
            "unknown field {key:?} in {path} ({}): did you mean {close:?}?",
            model.name
        )),
        None => Error::validation(format!(
            "unknown field {key:?} in {path} ({}): its fields are {}",
            model.name,
            model
                .fields
                .iter()
                .map(|f| f.wire)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// JSON the document leaves open, from whatever the caller gave.
fn any(ctx: &Ctx, path: &str, v: Value) -> Result<Json> {
    Ok(match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(b),
        Value::Int(i) => Json::Number(i.into()),
        Value::Float(f) if f.is_finite() => Number::from_f64(f).map_or(Json::Null, Json::Number),
        Value::Decimal(t) => Json::Number(
            t.parse::<Number>()
                .map_err(|_| Error::validation(format!("{path} must be a number")))?,
        ),
        Value::Str(s) => Json::String(s),
        Value::Date(d) => Json::String(d.format("%Y-%m-%d").to_string()),
        Value::List(items) => Json::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, x)| any(ctx, &format!("{path}[{i}]"), x))
                .collect::<Result<_>>()?,
        ),
        Value::Map(entries) => {
            let mut out = Map::new();
            for (k, x) in entries {
                let at = format!("{path}.{k}");
                out.insert(k, any(ctx, &at, x)?);
            }
            Json::Object(out)
        }
        other => return Err(ctx.wrong(path, "a JSON value", &other)),
    })
}
