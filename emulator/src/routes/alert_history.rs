//! Alert history: the alerts a user was sent (list with filters), the content of one, and
//! publishing an event (`202`), which records the alert it triggers in the user's history.
//!
//! The example user has 30 alerts over the last 60 days (ids 100001–100030), `gen-<N>` has 5
//! (ids `(N + 1) × 100000 + 1…`); an alert's content has the id `alertHistoryId × 10 + 1`.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::data::UserKey;
use crate::errors::ApiError;
use crate::routes::alerts::ALERT_TYPES;
use crate::routes::dispatch::{Answer, Call};
use crate::store::{self, Collection, Kind, Seed};

/// The first alert id of a user.
fn base(user: UserKey) -> u64 {
    match user {
        UserKey::Example | UserKey::FutureValues => 100_000,
        UserKey::Recipient => 50_000,
        UserKey::Generated(n) => (u64::from(n) + 1) * 100_000,
    }
}

const STATUSES: [&str; 3] = ["SUCCESS", "FAILURE", "IN_PROCESS"];

/// One alert of the history, its content kept aside (`_content`) for the content call.
#[allow(clippy::too_many_arguments)]
fn alert(
    id: u64,
    type_name: &str,
    display: &str,
    event_id: &str,
    when: &str,
    customer: &str,
    institution: &str,
    account: Option<&str>,
    channels: Value,
    read: bool,
) -> Value {
    let summary = format!("{display}: see your account for details");
    json!({
        "additionalInfo": {},
        "alertHistoryId": id,
        "alertTypeName": type_name,
        "channelInfo": channels,
        "eventId": event_id,
        "eventOccured": when,
        "institutionCustomerId": customer,
        "institutionId": institution,
        "jsonMessageSummary": json!({ "title": display, "body": summary }).to_string(),
        "messageSummary": summary,
        "readFlag": read,
        "_account": account,
        "_content": {
            "alertHistoryContentId": id * 10 + 1,
            "alertHistoryId": id,
            "emailContent": format!("<p>{summary}.</p>"),
            "emailSubjectContent": display,
            "eventId": event_id,
            "pushContent": display,
            "smsContent": summary,
        },
    })
}

fn seed_for(call: &Call<'_>, user: UserKey) -> Seed {
    let institution = call.institution().to_owned();
    let accounts = call.state.data.accounts(user);
    let count = match user {
        UserKey::Example => 30,
        UserKey::Generated(_) | UserKey::Recipient => 5,
        UserKey::FutureValues => 0,
    };
    let mut mix = Mix::new(seed(base(user), 0xA1E7));
    let items = (0..count)
        .map(|i| {
            let (name, _, _, display, _) =
                ALERT_TYPES[mix.below(ALERT_TYPES.len() as u64) as usize];
            let account = accounts.get(i as usize % accounts.len().max(1));
            let channels = json!({
                "EMAIL": STATUSES[mix.below(2) as usize],
                "SMS": STATUSES[mix.below(3) as usize],
            });
            let id = base(user) + 1 + i;
            alert(
                id,
                name,
                display,
                &mix.uuid(),
                &clock::time_before(i as i64 * 2, 30_000 + (mix.below(30_000) as u32)),
                account.map(|a| a.customer()).unwrap_or_default(),
                &institution,
                account.map(|a| a.id()),
                channels,
                i >= 5,
            )
        })
        .collect();
    Seed {
        items,
        next_id: base(user) + 1 + count,
    }
}

fn with<R>(call: &Call<'_>, user: UserKey, f: impl FnOnce(&mut Collection) -> R) -> R {
    let seed = || seed_for(call, user);
    call.state
        .store
        .with(Kind::AlertHistory, &store::user_scope(user), seed, f)
}

fn date(call: &Call<'_>, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    match call.text(name) {
        None => Ok(None),
        Some(text) => {
            let day = text.get(..10).unwrap_or(text);
            NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    call.coded(
                        400,
                        "PRMVAL_10014",
                        format!("{name} must be YYYY-MM-DD, got {text:?}"),
                    )
                })
        }
    }
}

pub(crate) fn list(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let (start, end) = (date(call, "startDate")?, date(call, "endDate")?);
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return Err(call.coded(400, "PRMVAL_10014", "startDate must not be after endDate"));
        }
    }
    let accounts = call.list("accountIds");
    let types = call.list("alertTypeNames");
    let events = call.list("eventIds");
    let statuses = [
        ("EMAIL", call.list("emailStatus")),
        ("PUSH", call.list("pushStatus")),
        ("SMS", call.list("smsStatus")),
    ];
    let id = call.int("id");
    let read = call.flag("readFlag");
    let customer = call.text("institutionCustomerId").map(str::to_owned);
    let within = |a: &Value| {
        let day = a["eventOccured"]
            .as_str()
            .and_then(|t| t.get(..10))
            .unwrap_or_default();
        start.is_none_or(|s| day >= s.format("%Y-%m-%d").to_string().as_str())
            && end.is_none_or(|e| day <= e.format("%Y-%m-%d").to_string().as_str())
    };
    let any =
        |list: &Vec<String>, v: &Value| list.is_empty() || list.iter().any(|x| v == x.as_str());
    let mut selected: Vec<Value> = with(call, user, |c| {
        c.items()
            .iter()
            .filter(|a| within(a))
            .filter(|a| any(&accounts, &a["_account"]) && any(&types, &a["alertTypeName"]))
            .filter(|a| any(&events, &a["eventId"]))
            .filter(|a| {
                statuses
                    .iter()
                    .all(|(ch, wanted)| any(wanted, &a["channelInfo"][*ch]))
            })
            .filter(|a| id.is_none_or(|id| a["alertHistoryId"].as_i64() == Some(id)))
            .filter(|a| read.is_none_or(|r| a["readFlag"] == r))
            .filter(|a| {
                customer
                    .as_ref()
                    .is_none_or(|c| a["institutionCustomerId"] == c.as_str())
            })
            .map(store::public)
            .collect()
    });
    selected.sort_by(|a, b| b["eventOccured"].as_str().cmp(&a["eventOccured"].as_str()));
    Ok(Answer::ok(
        json!({ "alertHistorySummaryResources": selected }),
    ))
}

/// The content of one alert, by its content id, its alert id or its event id: among the
/// token's user's alerts, or with an institution token among every user's so far.
pub(crate) fn content(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    // alertHistoryId is a string parameter in the document, id an integer one.
    let number = |n: &str| {
        call.int(n)
            .or_else(|| call.text(n).and_then(|t| t.parse().ok()))
    };
    let by_history = number("alertHistoryId");
    let by_content = number("id");
    let by_event = call.text("eventId").map(str::to_owned);
    if ["alertHistoryId", "id", "eventId"]
        .iter()
        .all(|n| call.value(n).is_none())
    {
        return Err(call.refuse(
            Check::BadParam,
            "one of alertHistoryId, eventId or id is required",
        ));
    }
    let find = |c: &mut Collection| {
        c.items()
            .iter()
            .find(|a| {
                let content = &a["_content"];
                by_history.is_some_and(|h| a["alertHistoryId"].as_i64() == Some(h))
                    || by_content
                        .is_some_and(|i| content["alertHistoryContentId"].as_i64() == Some(i))
                    || by_event
                        .as_ref()
                        .is_some_and(|e| a["eventId"] == e.as_str())
            })
            .map(|a| a["_content"].clone())
    };
    let found = match call.session.user {
        Some(own) => with(call, own, find),
        None => {
            let mut found = with(call, UserKey::Example, find);
            for scope in call.state.store.scopes(Kind::AlertHistory) {
                if found.is_some() {
                    break;
                }
                let login = scope.trim_start_matches("user:");
                if let Some(user) = UserKey::by_login(login) {
                    found = with(call, user, find);
                }
            }
            found
        }
    };
    found
        .map(Answer::ok)
        .ok_or_else(|| call.refuse(Check::NotFound, "No alert history content matches"))
}

/// The event domains the document names.
const DOMAINS: [&str; 4] = [
    "AccountEvent",
    "TransactionEvent",
    "NotificationEvent",
    "UserEvent",
];

pub(crate) fn publish(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let body = call.body().clone();
    let Some(details) = body.get("eventDetails").filter(|d| d.is_object()) else {
        return Err(call.refuse(Check::BadBody, "eventDetails is required"));
    };
    let domain = body["eventDomainType"].as_str().unwrap_or_default();
    if !DOMAINS.contains(&domain) {
        return Err(call.refuse(
            Check::BadBody,
            format!("eventDomainType must be one of {}", DOMAINS.join(", ")),
        ));
    }
    let Some(event_type) = details["eventType"]
        .as_str()
        .filter(|t| !t.trim().is_empty())
    else {
        return Err(call.refuse(Check::BadBody, "eventDetails.eventType is required"));
    };
    if details["institutionId"]
        .as_str()
        .is_some_and(|i| i != call.institution())
    {
        return Err(call.refuse(
            Check::BadBody,
            "eventDetails.institutionId is not this institution",
        ));
    }
    let display = ALERT_TYPES
        .iter()
        .find(|(name, ..)| *name == event_type)
        .map_or(event_type, |(_, _, _, display, _)| display)
        .to_owned();
    let event_id = details["eventId"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let when = details["eventOccured"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(clock::now);
    let customer = details["institutionCustomerId"]
        .as_str()
        .or(call.text("institutionCustomerId"))
        .map(str::to_owned)
        .or_else(|| user.customers().first().map(|c| c.id.clone()))
        .unwrap_or_default();
    let institution = call.institution().to_owned();
    with(call, user, |c| {
        let id = c.next_id();
        c.push(alert(
            id,
            event_type,
            &display,
            &event_id,
            &when,
            &customer,
            &institution,
            None,
            json!({ "EMAIL": "IN_PROCESS", "PUSH": "IN_PROCESS" }),
            false,
        ));
    });
    Ok(Answer::Empty(202))
}
