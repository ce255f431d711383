//! Alert management of the institution: system alert types, the institution's opt-in to
//! each type, and the message templates of each type per channel and locale. Each kind is
//! listed (with the document's filters), created (`201`), updated by the id in its body
//! (`PUT` without a path id) and deleted by the id in the path.
//!
//! The seed: eight alert types (ids 1–8), one institution alert type per type (ids 201–208,
//! `PASSWORD_CHANGED` inactive), and a published `en_US` template per type (ids 101–108) plus
//! a draft `es_US` one for `LOW_BALANCE` (109).

use serde_json::{json, Map, Value};

use crate::clock;
use crate::codes::Check;
use crate::errors::ApiError;
use crate::routes::dispatch::{Answer, Call};
use crate::store::{self, Collection, Kind, Seed, INSTITUTION};

/// `(name, category, event domain, display name, what it tells)`
pub(crate) const ALERT_TYPES: [(&str, &str, &str, &str, &str); 8] = [
    (
        "LOW_BALANCE",
        "ACCOUNT",
        "AccountEvent",
        "Low balance",
        "The balance fell below the chosen amount.",
    ),
    (
        "LARGE_WITHDRAWAL",
        "TRANSACTION",
        "TransactionEvent",
        "Large withdrawal",
        "A withdrawal above the chosen amount posted.",
    ),
    (
        "LARGE_DEPOSIT",
        "TRANSACTION",
        "TransactionEvent",
        "Large deposit",
        "A deposit above the chosen amount posted.",
    ),
    (
        "PAYMENT_DUE",
        "ACCOUNT",
        "AccountEvent",
        "Payment due",
        "A loan payment is due soon.",
    ),
    (
        "NEW_DEVICE_LOGIN",
        "SECURITY",
        "UserEvent",
        "New device sign-in",
        "Someone signed in from a new device.",
    ),
    (
        "PASSWORD_CHANGED",
        "SECURITY",
        "UserEvent",
        "Password changed",
        "The sign-in password was changed.",
    ),
    (
        "TRANSFER_COMPLETED",
        "TRANSACTION",
        "TransactionEvent",
        "Transfer completed",
        "A scheduled transfer completed.",
    ),
    (
        "STATEMENT_READY",
        "ACCOUNT",
        "NotificationEvent",
        "Statement ready",
        "A new statement is available.",
    ),
];

/// The channels of alerts.
pub(crate) const CHANNELS: [&str; 3] = ["EMAIL", "SMS", "PUSH"];

/// The external system every seed type belongs to.
const SYSTEM: &str = "DIGITAL_BANKING";

fn types_seed(institution: &str) -> Seed {
    let items = ALERT_TYPES
        .iter()
        .enumerate()
        .map(|(i, (name, category, domain, display, text))| {
            json!({
                "alertTypeId": i + 1,
                "alertTypeName": name,
                "alertCategory": category,
                "applicableAccountTypes": "CHECKING,SAVINGS,MONEY_MARKET",
                "channels": CHANNELS.join(","),
                "description": text,
                "displayAlertTypeName": display,
                "eventTypeDomain": domain,
                "externalSystem": SYSTEM,
                "institutionId": institution,
                "status": "ACTIVE",
            })
        })
        .collect();
    Seed { items, next_id: 9 }
}

fn institution_types_seed(institution: &str) -> Seed {
    let items = ALERT_TYPES
        .iter()
        .enumerate()
        .map(|(i, (name, ..))| {
            let active = *name != "PASSWORD_CHANGED";
            let mut t = json!({
                "institutionAlertTypeId": 201 + i,
                "alertTypeName": name,
                "channelsOptd": CHANNELS.join(","),
                "statusOptd": if active { "ACTIVE" } else { "INACTIVE" },
                "institutionId": institution,
            });
            if !active {
                t["reason"] = Value::from("Sent by the core system instead");
            }
            t
        })
        .collect();
    Seed {
        items,
        next_id: 209,
    }
}

fn template(
    id: u64,
    name: &str,
    display: &str,
    locale: &str,
    state: &str,
    institution: &str,
) -> Value {
    let contents: Vec<Value> = [
        (
            "EMAIL",
            "EMAIL_SUBJECT",
            format!("{display} on your account"),
        ),
        (
            "EMAIL",
            "EMAIL_BODY",
            format!("Hello {{{{firstName}}}}, {display}: {{{{detail}}}}."),
        ),
        ("SMS", "SMS_BODY", format!("{display}: {{{{detail}}}}")),
        ("PUSH", "PUSH_BODY", display.to_owned()),
    ]
    .into_iter()
    .enumerate()
    .map(|(k, (channel, kind, text))| {
        json!({
            "alertTemplateResourceId": id * 10 + k as u64,
            "channelType": channel,
            "templateContent": text,
            "templateContentType": kind,
        })
    })
    .collect();
    json!({
        "alertTypeResourceId": id,
        "alertTypeName": name,
        "externalSystem": SYSTEM,
        "institutionId": institution,
        "lastUpdatedDttm": clock::time_before(30 + id as i64 % 7, 43_200),
        "locale": locale,
        "state": state,
        "templateContents": contents,
        "variableMap": { "firstName": "user.firstName", "detail": "event.summary" },
    })
}

fn templates_seed(institution: &str) -> Seed {
    let mut items: Vec<Value> = ALERT_TYPES
        .iter()
        .enumerate()
        .map(|(i, (name, _, _, display, _))| {
            template(
                101 + i as u64,
                name,
                display,
                "en_US",
                "PUBLISHED",
                institution,
            )
        })
        .collect();
    items.push(template(
        109,
        "LOW_BALANCE",
        "Saldo bajo",
        "es_US",
        "DRAFT",
        institution,
    ));
    Seed {
        items,
        next_id: 110,
    }
}

fn with<R>(call: &Call<'_>, kind: Kind, f: impl FnOnce(&mut Collection) -> R) -> R {
    let institution = call.institution().to_owned();
    call.state.store.with(
        kind,
        INSTITUTION,
        || match kind {
            Kind::AlertTypes => types_seed(&institution),
            Kind::InstitutionAlertTypes => institution_types_seed(&institution),
            _ => templates_seed(&institution),
        },
        f,
    )
}

/// The names of the alert types the institution has now.
pub(crate) fn type_names(call: &Call<'_>) -> Vec<String> {
    with(call, Kind::AlertTypes, |c| {
        c.items()
            .iter()
            .filter_map(|t| t["alertTypeName"].as_str().map(str::to_owned))
            .collect()
    })
}

fn matches_any(value: &Value, wanted: &[String]) -> bool {
    wanted.is_empty()
        || wanted
            .iter()
            .any(|w| value.as_str().is_some_and(|v| v.eq_ignore_ascii_case(w)))
}

fn list(
    call: &Call<'_>,
    kind: Kind,
    key: &str,
    keep: impl Fn(&Value) -> bool,
) -> Result<Answer, ApiError> {
    let items: Vec<Value> = with(call, kind, |c| {
        c.items()
            .iter()
            .filter(|v| keep(v))
            .map(store::public)
            .collect()
    });
    Ok(Answer::ok(json!({ key: items })))
}

/// A field the behaviour needs that the schema leaves optional.
fn required<'a>(
    call: &Call<'_>,
    body: &'a Map<String, Value>,
    name: &str,
) -> Result<&'a str, ApiError> {
    body.get(name)
        .and_then(Value::as_str)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| call.coded(400, "PRMVAL_10007", format!("body.{name} is required")))
}

fn known_type(call: &Call<'_>, name: &str) -> Result<(), ApiError> {
    if type_names(call).iter().any(|n| n == name) {
        Ok(())
    } else {
        Err(call.coded(
            400,
            "PRMVAL_10006",
            format!("{name:?} is not an alert type of the institution"),
        ))
    }
}

/// Creates from the body with a fresh `id_field`, unless `duplicate` finds one like it.
fn create(
    call: &Call<'_>,
    kind: Kind,
    mut body: Map<String, Value>,
    duplicate: impl Fn(&Value) -> bool,
) -> Result<Answer, ApiError> {
    let institution = call.institution().to_owned();
    let created = with(call, kind, |c| {
        if c.items().iter().any(&duplicate) {
            return None;
        }
        let id = c.next_id();
        body.insert(kind.id_field().into(), Value::from(id));
        body.insert("institutionId".into(), Value::String(institution));
        let created = Value::Object(body);
        c.push(created.clone());
        Some(created)
    });
    created
        .map(|c| Answer::Json(201, c))
        .ok_or_else(|| call.coded(400, "PRMSYS_10007", "Such a resource already exists"))
}

/// Updates the object whose id is the body's `id_field`.
fn update(call: &Call<'_>, kind: Kind, body: Map<String, Value>) -> Result<Answer, ApiError> {
    let field = kind.id_field();
    let Some(id) = body
        .get(field)
        .filter(|v| !v.is_null())
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
    else {
        return Err(call.coded(400, "PRMVAL_10007", format!("body.{field} is required")));
    };
    let institution = call.institution().to_owned();
    let updated = with(call, kind, |c| {
        let stored = c.get_mut(&id)?;
        for (k, v) in body {
            stored[k] = v;
        }
        stored["institutionId"] = Value::String(institution);
        if kind == Kind::AlertTemplates {
            stored["lastUpdatedDttm"] = Value::String(clock::now());
        }
        Some(store::public(stored))
    });
    updated
        .map(Answer::ok)
        .ok_or_else(|| call.refuse(Check::NotFound, format!("No resource with {field} {id}")))
}

fn delete(call: &Call<'_>, kind: Kind) -> Result<Answer, ApiError> {
    let id = call.path("id").to_owned();
    if with(call, kind, |c| c.remove(&id)).is_some() {
        Ok(Answer::Empty(204))
    } else {
        Err(call.refuse(Check::NotFound, format!("No resource with id {id}")))
    }
}

fn body(call: &Call<'_>) -> Map<String, Value> {
    call.body().as_object().cloned().unwrap_or_default()
}

pub(crate) fn list_types(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let category = call.text("alertCategory").map(str::to_owned);
    let name = call.text("alertTypeName").map(str::to_owned);
    let system = call.text("externalSystem").map(str::to_owned);
    let eq = |v: &Value, w: &Option<String>| {
        w.as_ref()
            .is_none_or(|w| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(w)))
    };
    list(call, Kind::AlertTypes, "alertTypes", |t| {
        eq(&t["alertCategory"], &category)
            && eq(&t["alertTypeName"], &name)
            && eq(&t["externalSystem"], &system)
    })
}

pub(crate) fn create_type(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let mut body = body(call);
    let name = required(call, &body, "alertTypeName")?.to_owned();
    body.entry("status").or_insert(Value::from("ACTIVE"));
    create(call, Kind::AlertTypes, body, |t| {
        t["alertTypeName"] == name.as_str()
    })
}

pub(crate) fn update_type(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    update(call, Kind::AlertTypes, body(call))
}

pub(crate) fn delete_type(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    delete(call, Kind::AlertTypes)
}

pub(crate) fn list_institution_types(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let name = call.text("alertTypeName").map(str::to_owned);
    let status = call.text("statusOptd").map(str::to_owned);
    // externalSystem belongs to the alert type an institution alert type opts into.
    let system = call.text("externalSystem").map(str::to_owned);
    let of_system: Option<Vec<String>> = system.map(|s| {
        with(call, Kind::AlertTypes, |c| {
            c.items()
                .iter()
                .filter(|t| {
                    t["externalSystem"]
                        .as_str()
                        .is_some_and(|x| x.eq_ignore_ascii_case(&s))
                })
                .filter_map(|t| t["alertTypeName"].as_str().map(str::to_owned))
                .collect()
        })
    });
    list(
        call,
        Kind::InstitutionAlertTypes,
        "institutionAlertTypes",
        |t| {
            name.as_ref()
                .is_none_or(|n| t["alertTypeName"] == n.as_str())
                && status
                    .as_ref()
                    .is_none_or(|s| t["statusOptd"] == s.as_str())
                && of_system
                    .as_ref()
                    .is_none_or(|names| matches_any(&t["alertTypeName"], names))
        },
    )
}

pub(crate) fn create_institution_type(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let mut body = body(call);
    let name = required(call, &body, "alertTypeName")?.to_owned();
    known_type(call, &name)?;
    body.entry("statusOptd").or_insert(Value::from("ACTIVE"));
    create(call, Kind::InstitutionAlertTypes, body, |t| {
        t["alertTypeName"] == name.as_str()
    })
}

pub(crate) fn update_institution_type(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let body = body(call);
    if let Some(name) = body.get("alertTypeName").and_then(Value::as_str) {
        known_type(call, name)?;
    }
    update(call, Kind::InstitutionAlertTypes, body)
}

pub(crate) fn delete_institution_type(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    delete(call, Kind::InstitutionAlertTypes)
}

pub(crate) fn list_templates(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let names = call.list("alertTypeName");
    let channels = call.list("channel");
    let states = call.list("state");
    let id = call.int("id");
    let locale = call.text("locale").map(str::to_owned);
    list(call, Kind::AlertTemplates, "alertTemplateResources", |t| {
        matches_any(&t["alertTypeName"], &names)
            && matches_any(&t["state"], &states)
            && id.is_none_or(|id| t["alertTypeResourceId"].as_i64() == Some(id))
            && locale.as_ref().is_none_or(|l| t["locale"] == l.as_str())
            && (channels.is_empty()
                || t["templateContents"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|c| matches_any(&c["channelType"], &channels)))
    })
}

/// Each content's type belongs to its channel (`EMAIL_BODY` to `EMAIL`, …).
fn check_contents(call: &Call<'_>, body: &Map<String, Value>) -> Result<(), ApiError> {
    for content in body
        .get("templateContents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let channel = content["channelType"].as_str().unwrap_or_default();
        let kind = content["templateContentType"].as_str().unwrap_or_default();
        if !channel.is_empty() && !kind.is_empty() && !kind.starts_with(channel) {
            return Err(call.coded(
                400,
                "PRMVAL_10005",
                format!("{kind} is not a content of the {channel} channel"),
            ));
        }
    }
    Ok(())
}

pub(crate) fn create_template(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let mut body = body(call);
    let name = required(call, &body, "alertTypeName")?.to_owned();
    known_type(call, &name)?;
    check_contents(call, &body)?;
    let locale = body
        .entry("locale")
        .or_insert(Value::from("en_US"))
        .as_str()
        .unwrap_or_default()
        .to_owned();
    body.entry("state").or_insert(Value::from("DRAFT"));
    body.entry("externalSystem").or_insert(Value::from(SYSTEM));
    body.insert("lastUpdatedDttm".into(), Value::String(clock::now()));
    create(call, Kind::AlertTemplates, body, |t| {
        t["alertTypeName"] == name.as_str() && t["locale"] == locale.as_str()
    })
}

pub(crate) fn update_template(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let body = body(call);
    check_contents(call, &body)?;
    if let Some(name) = body.get("alertTypeName").and_then(Value::as_str) {
        known_type(call, name)?;
    }
    update(call, Kind::AlertTemplates, body)
}

pub(crate) fn delete_template(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    delete(call, Kind::AlertTemplates)
}
