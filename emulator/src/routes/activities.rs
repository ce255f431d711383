//! Banking activities of the institution: a search over a time window with filters, paged
//! with `pageSize` and an opaque `nextPageToken`.
//!
//! The window (`startTime` < `endTime`) must start within the 90 days before now. A page holds
//! `pageSize` activities (default 20, at most 1000), newest first; `nextPageToken` is there
//! while more follow and is only good for the same criteria. No match is `204`.
//!
//! The institution's activities: the example user's 45 over the last 60 days (sign-ins,
//! views, transfers, payments) and 15 system events; a business user's 10 are found when the
//! search names it (`userId` with `userIdType=loginId`, or its `companyId`). Every value is a
//! string. `eventId` is the event's identifier (`login`, `logout`, `mfaChallenge`, …: what
//! `eventIds` selects), `ReqCtx_id` the record's. Attribute names (filters, requested
//! attributes) and event ids are compared ignoring case; filters apply every criterion of the
//! document's `ServiceFilter`, `like` as a case-blind pattern (`%` for any text; without `%`,
//! containing the value).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Duration};
use serde_json::{json, Map, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::data::UserKey;
use crate::errors::ApiError;
use crate::routes::dispatch::{Answer, Call};

/// The default page size.
pub(crate) const DEFAULT_PAGE_SIZE: i64 = 20;
const MAX_PAGE_SIZE: i64 = 1000;
/// How far back a search may start.
const LOOKBACK_DAYS: i64 = 90;

/// `(eventName, eventId, ReqCtx_featureName)` of a user's events: the event identifier is what
/// `eventIds` selects (the document's examples: `login`, `logout`, `mfaChallenge`).
const USER_EVENTS: [(&str, &str, &str); 7] = [
    ("LOGIN", "login", "login"),
    ("MFA_CHALLENGE", "mfaChallenge", "login"),
    ("VIEW_ACCOUNTS", "viewAccounts", "accounts"),
    ("VIEW_TRANSACTIONS", "viewTransactions", "transactions"),
    ("TRANSFER", "manageTransfer", "transfers"),
    ("BILL_PAYMENT", "managePayment", "billpay"),
    ("LOGOUT", "logout", "logout"),
];
const SYSTEM_EVENTS: [(&str, &str); 3] = [
    ("STATEMENTS_PUBLISHED", "statementsPublished"),
    ("MAINTENANCE_WINDOW", "maintenanceWindow"),
    ("RATES_UPDATED", "ratesUpdated"),
];

fn user_activities(user: UserKey, count: u64) -> Vec<Value> {
    let (n, kind, member, company) = match user {
        UserKey::Generated(n) => (
            u64::from(n),
            "business",
            None,
            Some(crate::routes::business::business_id(n)),
        ),
        _ => (0, "retail", Some("1234567890".to_owned()), None),
    };
    let mut mix = Mix::new(seed(n, 0xAC71));
    (0..count)
        .map(|i| {
            let record = mix.uuid();
            let (name, id, feature) = USER_EVENTS[mix.below(USER_EVENTS.len() as u64) as usize];
            let mobile = i % 3 == 0;
            let mut a = json!({
                "eventId": id,
                "ReqCtx_id": record,
                "eventType": "user",
                "eventName": name,
                "eventTime": clock::time_before((i * 60 / count) as i64, 80_000 - (i as u32 % 7) * 9_000),
                "userType": kind,
                "userProduct": "DIGITAL_BANKING",
                "loginId": user.login_id(),
                "channel": if mobile { "MOBILE" } else { "WEB" },
                "source": if mobile { "iOSBankingApp" } else { "Web" },
                "ReqCtx_featureName": feature,
                "ipAddress": format!("198.51.100.{}", 1 + mix.below(250)),
                "status": if i % 11 == 5 { "FAILURE" } else { "SUCCESS" },
            });
            if let Some(m) = &member {
                a["memberId"] = Value::String(m.clone());
            }
            if let Some(c) = &company {
                a["companyId"] = Value::String(c.clone());
            }
            a
        })
        .collect()
}

fn system_activities() -> Vec<Value> {
    let mut mix = Mix::new(seed(0x5157, 15));
    (0..15)
        .map(|i| {
            let (name, id) = SYSTEM_EVENTS[i % SYSTEM_EVENTS.len()];
            json!({
                "eventId": id,
                "ReqCtx_id": mix.uuid(),
                "eventType": "system",
                "eventName": name,
                "eventTime": clock::time_before(i as i64 * 4, 7_200),
                "userProduct": "DIGITAL_BANKING",
                "status": "SUCCESS",
            })
        })
        .collect()
}

/// Every activity the search may look at: a business user's too when the search names it, by
/// login id or by its company.
fn activities(named: Option<UserKey>) -> Vec<Value> {
    let mut all = user_activities(UserKey::Example, 45);
    all.extend(system_activities());
    if let Some(user @ UserKey::Generated(_)) = named {
        all.extend(user_activities(user, 10));
    }
    all.sort_by(|a, b| b["eventTime"].as_str().cmp(&a["eventTime"].as_str()));
    all
}

/// An activity's attribute by name, ignoring case: the service answers its attributes in
/// lower case (`reqctx_featurename`) and the document and the official collection name them
/// either way (`ReqCtx_featureName`).
fn attribute<'a>(activity: &'a Value, name: &str) -> Option<&'a Value> {
    activity
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Whether `activity` passes one `ServiceFilter`.
fn passes(activity: &Value, filter: &Value) -> bool {
    let field = attribute(activity, filter["attributeId"].as_str().unwrap_or_default());
    let value = filter["value"].as_str().unwrap_or_default();
    let text = field.and_then(Value::as_str);
    match filter["criteria"].as_str().unwrap_or("equals") {
        "isPresent" => field.is_some(),
        "isNotPresent" => field.is_none(),
        "notEqual" => text != Some(value),
        // A pattern: the value, ignoring case, with `%` as any text.
        "like" => text.is_some_and(|t| like(t, value)),
        "greaterThan" => text.is_some_and(|t| t > value),
        "lessThan" => text.is_some_and(|t| t < value),
        "greaterThanEqual" => text.is_some_and(|t| t >= value),
        "lessThanEqual" => text.is_some_and(|t| t <= value),
        _ => text == Some(value),
    }
}

/// SQL's `LIKE` without case: `%` matches any text; a pattern without `%` matches text that
/// contains it (how the service treats `like`: the collection's `like login` finds log-ins).
fn like(text: &str, pattern: &str) -> bool {
    let text = text.to_lowercase();
    let pattern = pattern.to_lowercase();
    if !pattern.contains('%') {
        return text.contains(&pattern);
    }
    let parts: Vec<&str> = pattern.split('%').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &text[first.len()..];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn combine(condition: &str, results: impl Iterator<Item = bool>) -> bool {
    let mut results = results.peekable();
    if results.peek().is_none() {
        return true;
    }
    if condition == "or" {
        results.into_iter().any(|r| r)
    } else {
        results.into_iter().all(|r| r)
    }
}

/// The `additionalFilters` test, or the error code and message for filters it refuses.
fn additional(filters: &Value) -> Result<impl Fn(&Value) -> bool + '_, (&'static str, String)> {
    let top = filters["condition"].as_str().unwrap_or("and");
    // `notEqual` and `like` are applied: the document's `ServiceFilter` lists them and its
    // examples use them, as the official collection's searches do, though its error table has a
    // BAS_10007 "NOT EQUAL and LIKE criterias not supported at this time".
    for sub in filters["subFilters"].as_array().into_iter().flatten() {
        if sub["condition"].as_str().unwrap_or("and") == top && filters.get("condition").is_some() {
            return Err((
                "BAS_10008",
                "Additional filters condition and sub filter condition cannot be the same.".into(),
            ));
        }
    }
    Ok(move |a: &Value| {
        let own = filters["filters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| passes(a, f));
        let subs = filters["subFilters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let inner = s["condition"].as_str().unwrap_or("and");
                combine(
                    inner,
                    s["filters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|f| passes(a, f)),
                )
            });
        combine(top, own.chain(subs))
    })
}

/// What a page token is good for: the criteria without their paging fields.
fn fingerprint(criteria: &Value) -> u64 {
    let mut c = criteria.clone();
    if let Some(map) = c.as_object_mut() {
        map.remove("pageSize");
        map.remove("nextPageToken");
    }
    let text = c.to_string();
    text.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

fn token(offset: usize, criteria: &Value) -> String {
    URL_SAFE_NO_PAD.encode(format!("{offset}:{:016x}", fingerprint(criteria)))
}

fn offset_of(token: &str, criteria: &Value) -> Option<usize> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let (offset, print) = text.split_once(':')?;
    (print == format!("{:016x}", fingerprint(criteria))).then(|| offset.parse().ok())?
}

pub(crate) fn search(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let criteria = call.body().clone();
    let time = |name: &str| {
        criteria[name]
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
    };
    let (Some(start), Some(end)) = (time("startTime"), time("endTime")) else {
        return Err(call.refuse(
            Check::BadBody,
            "startTime and endTime are required date-times",
        ));
    };
    if start >= end {
        return Err(call.coded(
            400,
            "BAS_10001",
            "The given start date must be earlier than end Date.",
        ));
    }
    let now = DateTime::parse_from_rfc3339(&clock::now())
        .map_err(|_| call.refuse(Check::Server, "clock"))?;
    if start < now - Duration::days(LOOKBACK_DAYS) {
        return Err(call.coded(
            400,
            "BAS_10002",
            "The given start date must be within last three months.",
        ));
    }
    let size = criteria["pageSize"].as_i64().unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&size) {
        return Err(call.refuse(
            Check::BadBody,
            format!("pageSize must be between 1 and {MAX_PAGE_SIZE}"),
        ));
    }
    let user_id = criteria["userId"].as_str();
    let id_type = criteria["userIdType"].as_str();
    if user_id.is_some() && id_type.is_none() {
        return Err(call.coded(
            400,
            "BAS_10011",
            "UserIdType must be present if userId is given.",
        ));
    }
    let offset = match criteria["nextPageToken"].as_str() {
        None => 0,
        Some(t) => offset_of(t, &criteria)
            .ok_or_else(|| call.coded(400, "BAS_10206", "nextPageToken is invalid"))?,
    };
    let filters = criteria
        .get("additionalFilters")
        .cloned()
        .unwrap_or(Value::Null);
    let extra = additional(&filters).map_err(|(code, message)| call.coded(400, code, message))?;
    let named = match (user_id, id_type) {
        (Some(id), Some("loginId")) => UserKey::by_login(id),
        _ => criteria["companyId"]
            .as_str()
            .and_then(crate::routes::business::by_business_id)
            .map(UserKey::Generated),
    };
    let ids: Vec<&str> = criteria["eventIds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let field = |name: &str| criteria[name].as_str();
    let matching: Vec<Value> = activities(named)
        .into_iter()
        .filter(|a| {
            let at = a["eventTime"]
                .as_str()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
            at.is_some_and(|t| t >= start && t < end)
        })
        .filter(|a| {
            let id = a["eventId"].as_str().unwrap_or_default();
            ids.is_empty() || ids.iter().any(|i| i.eq_ignore_ascii_case(id))
        })
        .filter(|a| {
            ["eventType", "userType", "userProduct", "companyId"]
                .iter()
                .all(|k| field(k).is_none_or(|v| a[*k] == v))
        })
        .filter(|a| match (user_id, id_type) {
            (Some(id), Some(kind)) => a[kind] == id,
            _ => true,
        })
        .filter(|a| extra(a))
        .collect();
    if matching.is_empty() {
        return Ok(Answer::Empty(204));
    }
    let wanted: Vec<&str> = criteria["requestedAttributes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size as usize)
        .map(|a| {
            if wanted.is_empty() {
                return a.clone();
            }
            let kept: Map<String, Value> = a
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, _)| wanted.iter().any(|w| w.eq_ignore_ascii_case(k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Value::Object(kept)
        })
        .collect();
    let mut out = json!({ "count": page.len(), "bankingActivities": page });
    let next = offset + size as usize;
    if next < matching.len() {
        out["nextPageToken"] = Value::String(token(next, &criteria));
    }
    Ok(Answer::ok(out))
}
