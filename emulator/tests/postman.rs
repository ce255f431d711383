//! Replays the official Postman collections against the emulator. `tests/postman/requests.json`
//! is generated from them by `codegen/postman.py` (its format: `tests/postman/SOURCE.md`). Every
//! flow that calls only operations the emulator is meant to serve runs from a fresh environment
//! that names the emulator's data, and each step must get the status it documents, with an
//! answer that conforms to the official schemas.
//!
//! Every such flow runs and its result is printed (`-- --nocapture` shows them on success); the
//! test fails on a failing flow of a collection listed in `REPLAYED`.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;

use base64::Engine as _;
use candescent_emulator as emulator;
use common::conformance;
use serde_json::Value;

const REQUESTS: &str = include_str!("postman/requests.json");

/// The collections whose every emulated flow must pass: all but those whose every flow calls
/// an operation the emulator does not serve yet (the OAuth V1 token, the XML APIs, the
/// Promotions Suite and the MX passthroughs), which run too, their results printed, but cannot
/// fail the test until the emulator serves them.
const REPLAYED: [&str; 17] = [
    "Authentication - OAuth V2",
    "Business Banking - Entitlements",
    "Business Banking - Profile",
    "Business Banking - Registration",
    "Core Banking - Accounts",
    "Core Banking - Banking Activities",
    "Core Banking - Images",
    "Core Banking - Transactions",
    "Customer Campaigns - Audience",
    "Customer Campaigns - Experience Groups",
    "Customer Campaigns - Jobs",
    "Customer Management - Profile and Status",
    "Documents And Preferences - Electronic Statement",
    "Documents And Preferences - Institution Disclosures",
    "Documents And Preferences - User Disclosures",
    "Money Movement - Recipients",
    "Money Movement - Transfers",
];

/// The collections transcribed by hand before the generator existed: their replay must stay
/// what it was.
const HAND_WRITTEN: [&str; 3] = [
    "Authentication - OAuth V2",
    "Core Banking - Accounts",
    "Core Banking - Transactions",
];

// =============================================================================================
// The environment: what a Postman environment file would hold for the emulator. Every value
// names the emulator's data (its seed, described in its README) or what the collection's own
// flows create; a collection joins `REPLAYED` once its environment does.
// =============================================================================================

/// The business user: `gen-12` has 12 accounts over three locations (institution customers)
/// whose member numbers are their TINs.
const BUSINESS_LOGIN_ID: &str = "gen-12";
/// TINs of the locations 0, 1 and 2 of `gen-12` (`data::users::tin`).
const TIN_0: &str = "100095028";
const TIN_1: &str = "100199757";
const TIN_2: &str = "100304486";
/// An open account of location 1 of `gen-12`.
const BUSINESS_ACCOUNT_NUMBER: &str = "800001200005";
/// The institution user id of `gen-12` (`data::generated::user_id(12)`).
const BUSINESS_INSTITUTION_USER_ID: &str = "121E995F4AF85B77CEEC25BEF468B5F7";
/// The customer id of location 1 of `gen-12` (`data::generated::customer_id(12, 1)`).
const BUSINESS_CUSTOMER_ID: &str = "2135791bb8dc96672aa565447773a798";
/// The legacy user GUID of `gen-12`: its first location's customer id
/// (`data::generated::customer_id(12, 0)`), as the document's examples have it.
const BUSINESS_LEGACY_USER_GUID: &str = "7f244affe6ab2be3d42e6f8e05b089d6";
/// An account of the example user.
const RETAIL_ACCOUNT_NUMBER: &str = "3300120071";
/// The example user's institution user id and retail customer id (`data::example`).
const RETAIL_INSTITUTION_USER_ID: &str = "40BC0EB5891C08D8E063C0A011ACE593";
const RETAIL_CUSTOMER_ID: &str = "8fe733f4e27246908f92e8f7c0b96847";
/// The business (company) id of `gen-12` (`4100000000 + N`), as business details,
/// entitlements, banking activities and its institution user's `companyId` know it.
const BUSINESS_ID: &str = "4100000012";

/// The environment of one collection: the host, the credentials and the users every collection
/// shares, and what the collection alone reads.
fn environment(collection: &str, base_url: &str) -> HashMap<String, String> {
    let shared = [
        ("apigee_base_url", base_url),
        ("client_id", emulator::DEFAULT_CLIENT_ID),
        ("client_secret", emulator::DEFAULT_CLIENT_SECRET),
        ("authorized_client_id", emulator::PARTNER_CLIENT_ID),
        ("authorized_client_secret", emulator::PARTNER_CLIENT_SECRET),
        ("institution_id", emulator::DEFAULT_INSTITUTION_ID),
        // The retail user: the spec's example user.
        ("retail_user_host_user_id", emulator::EXAMPLE_HOST_USER_ID),
        ("retail_user_login_id", emulator::EXAMPLE_LOGIN_ID),
        ("retail_user_password", emulator::USER_PASSWORD),
        ("retail_user_account_number", RETAIL_ACCOUNT_NUMBER),
        (
            "retail_user_institution_user_id",
            RETAIL_INSTITUTION_USER_ID,
        ),
        // The business user, acting for location 1.
        ("business_user_login_id", BUSINESS_LOGIN_ID),
        ("business_user_password", emulator::USER_PASSWORD),
        ("business_tin", TIN_1),
        ("business_user_account_number", BUSINESS_ACCOUNT_NUMBER),
        (
            "business_user_institution_user_id",
            BUSINESS_INSTITUTION_USER_ID,
        ),
    ];
    let today = days_from_today(0, "");
    let own: Vec<(&str, &str)> = match collection {
        "Business Banking - Entitlements" => vec![
            // A feature the entitlements of `gen-12` list.
            ("business_feature_name", "ACH_PAYMENT"),
            ("user_feature_name", "ACH_PAYMENT"),
        ],
        "Business Banking - Profile" => vec![("business_id", BUSINESS_ID)],
        "Business Banking - Registration" => vec![
            // A registration for the locations 0 and 2 of `gen-12`, with the users' password.
            ("primary_tin_number", TIN_0),
            ("primary_member_number", TIN_0),
            ("secondary_tin_number", TIN_2),
            ("secondary_member_number", TIN_2),
            ("host_password", emulator::USER_PASSWORD),
        ],
        "Core Banking - Banking Activities" => vec![("company_id", BUSINESS_ID)],
        "Core Banking - Images" => vec![
            ("statement_image_type", "STATEMENT"),
            // The emulator's today, the date of its latest statement images (two statement
            // flows send it along; statement images do not filter by it).
            ("transaction_date", &today),
        ],
        "Customer Campaigns - Audience" => vec![
            ("user_list_operation", "CREATE"),
            ("user_list_name", "Emulator user list"),
            ("user_list_file_label", "PostmanUserList"),
            // The emulator's processed user list file (the details flow reads it as it stands;
            // the create flow makes its own name).
            (
                "user_list_file_name",
                "FI00016_spring_offer_20260401090000.csv",
            ),
        ],
        "Customer Campaigns - Experience Groups" => vec![
            // The group the collection's first flow creates and the others find.
            ("experience_group_name", "Emulator experience group"),
            ("upload_type", "ADD"),
        ],
        // A seed experience group with jobs, some of them PARTIAL_SUCCESS or FAILED.
        "Customer Campaigns - Jobs" => vec![("experience_group_name", "Early Access Card")],
        "Customer Management - Profile and Status" => vec![
            // The users' other ids: a legacy user GUID is the user's first customer id (the
            // customer id of OAuth V1, which `CUSTOMER_ID` takes too); a user id is the
            // authentication id `auth-<loginId>`.
            ("retail_user_legacy_user_guid", RETAIL_CUSTOMER_ID),
            ("retail_user_user_id", "auth-testUser"),
            ("business_user_legacy_user_guid", BUSINESS_LEGACY_USER_GUID),
            ("business_user_user_id", "auth-gen-12"),
        ],
        // The emulator's first disclosure.
        "Documents And Preferences - Institution Disclosures"
        | "Documents And Preferences - User Disclosures" => {
            vec![("default_disclosure_name", "OLS")]
        }
        // The recipient is the emulator's second retail user, whom the example user's
        // `rcp-0001` already pays.
        "Money Movement - Recipients" => vec![
            ("recipient_user_login_id", emulator::RECIPIENT_LOGIN_ID),
            (
                "recipient_user_host_user_id",
                emulator::RECIPIENT_HOST_USER_ID,
            ),
        ],
        "Money Movement - Transfers" => vec![
            ("business_tin1", TIN_1),
            ("business_tin2", TIN_2),
            ("recipient_user_login_id", emulator::RECIPIENT_LOGIN_ID),
            (
                "recipient_user_host_user_id",
                emulator::RECIPIENT_HOST_USER_ID,
            ),
            ("transfer_amount", "10.00"),
            // The emulated institution's general ledger account, and an account it owns.
            ("general_ledger_account_number", "900000000001"),
            ("fi_owned_account_number", "900000000002"),
        ],
        _ => vec![],
    };
    shared
        .into_iter()
        .chain(own)
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

// =============================================================================================
// The replay
// =============================================================================================

type Env = HashMap<String, String>;

/// The replay's today: the emulator's, whose seeds are dated from it. The collections' scripts
/// date their searches from the day they run ("the last 30 days"); replayed on the emulator's
/// day, they search the emulator's data whatever the date the test runs.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(emulator::TODAY, "%Y-%m-%d").unwrap()
}

/// `today + days`, as `YYYY-MM-DD` followed by `suffix`.
fn days_from_today(days: i64, suffix: &str) -> String {
    let day = today() + chrono::Duration::days(days);
    format!("{}{suffix}", day.format("%Y-%m-%d"))
}

/// A collection's or a folder's pre-request dates: days from today, with a text after the date.
fn set_dates(env: &mut Env, dates: &Value) {
    for (name, date) in dates.as_object().into_iter().flatten() {
        let (days, suffix) = match date {
            Value::Object(d) => (&d["days"], d["suffix"].as_str().unwrap_or_default()),
            days => (days, ""),
        };
        env.insert(
            name.clone(),
            days_from_today(days.as_i64().unwrap(), suffix),
        );
    }
}

/// What a pre-request script insists the environment holds.
fn check_requires(node: &Value, env: &Env, whose: &str) -> Result<(), String> {
    let set = |name: &str| env.get(name).is_some_and(|v| !v.is_empty());
    for name in node["requires"].as_array().into_iter().flatten() {
        let name = name.as_str().unwrap();
        if !set(name) {
            return Err(format!(
                "{whose} requires {name}, which the environment lacks"
            ));
        }
    }
    for group in node["requires_one_of"].as_array().into_iter().flatten() {
        let names: Vec<&str> = group
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        if !names.iter().any(|n| set(n)) {
            return Err(format!(
                "{whose} requires one of {names:?}, which the environment lacks"
            ));
        }
    }
    Ok(())
}

/// A random pick, as Postman's `{{$random…}}` variables make one.
fn pick<'a>(words: &[&'a str]) -> &'a str {
    words[(uuid::Uuid::new_v4().as_u128() % words.len() as u128) as usize]
}

/// Postman's dynamic variables that the collections use.
fn dynamic(name: &str) -> Option<String> {
    let first = || pick(&["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald"]);
    let last = || {
        pick(&[
            "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth",
        ])
    };
    let n = || uuid::Uuid::new_v4().as_u128();
    Some(match name {
        "$guid" => uuid::Uuid::new_v4().to_string(),
        "$randomInt" => (n() % 1001).to_string(),
        "$randomFirstName" => first().to_owned(),
        "$randomLastName" => last().to_owned(),
        "$randomFullName" => format!("{} {}", first(), last()),
        "$randomEmail" => format!("{}.{}@example.com", first(), last()).to_lowercase(),
        "$randomPhoneNumber" => format!("555-{:03}-{:04}", n() % 1000, n() % 10000),
        "$randomCompanyName" => format!("{} {}", last(), pick(&["LLC", "Inc", "Group"])),
        "$randomStreetAddress" => format!("{} {} Street", n() % 9000 + 100, last()),
        "$randomCity" => pick(&["Springfield", "Riverton", "Fairview", "Madison"]).to_owned(),
        _ => return None,
    })
}

/// `{{name}}` replaced from `env`, `{{$…}}` by a fresh value, as Postman does.
fn fill(text: &str, env: &Env) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .ok_or_else(|| format!("unclosed variable in {text}"))?
            + start;
        let name = &rest[start + 2..end];
        let value = match env.get(name) {
            Some(v) => v.clone(),
            None => dynamic(name).ok_or_else(|| format!("{{{{{name}}}}} is not set"))?,
        };
        out.push_str(&value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// One answer, and what the rules of `sets` read from it.
struct Answer {
    status: u16,
    url: String,
    text: String,
    body: Value,
}

/// A request as the collection sends it (`url` overrides its URL, for further pages).
async fn send(
    http: &reqwest::Client,
    request: &Value,
    env: &Env,
    url: Option<&str>,
) -> Result<Answer, String> {
    let url = match url {
        Some(u) => u.to_owned(),
        None => fill(request["url"].as_str().unwrap(), env)?,
    };
    let method: reqwest::Method = request["method"].as_str().unwrap().parse().unwrap();
    let mut req = http.request(method.clone(), &url);
    let form = request["body"].get("form").is_some();
    for pair in request["header"].as_array().unwrap() {
        let name = pair[0].as_str().unwrap();
        // A multipart body brings its own Content-Type, with its boundary.
        if !(form && name.eq_ignore_ascii_case("content-type")) {
            req = req.header(name, fill(pair[1].as_str().unwrap(), env)?);
        }
    }
    if let Some(auth) = request["auth"].as_array() {
        let user = fill(auth[0].as_str().unwrap(), env)?;
        let password = fill(auth[1].as_str().unwrap(), env)?;
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        req = req.header("Authorization", format!("Basic {basic}"));
    }
    match &request["body"] {
        Value::Null => {}
        Value::Array(fields) => {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for pair in fields {
                form.append_pair(
                    pair[0].as_str().unwrap(),
                    &fill(pair[1].as_str().unwrap(), env)?,
                );
            }
            req = req.body(form.finish());
        }
        Value::Object(body) if body.contains_key("raw") => {
            req = req.body(fill(body["raw"].as_str().unwrap(), env)?);
        }
        Value::Object(body) if body.contains_key("form") => {
            let (content_type, bytes) = multipart(body["form"].as_array().unwrap(), env)?;
            req = req.header("Content-Type", content_type).body(bytes);
        }
        other => return Err(format!("a body of another kind: {other}")),
    }
    let response = req
        .send()
        .await
        .map_err(|e| format!("{method} {url}: {e}"))?;
    let status = response.status().as_u16();
    let text = response
        .text()
        .await
        .map_err(|e| format!("{method} {url}: {e}"))?;
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(Answer {
        status,
        url: format!("{method} {url}"),
        text,
        body,
    })
}

/// A multipart/form-data body: text fields, and files whose content the collection gives.
fn multipart(fields: &[Value], env: &Env) -> Result<(String, String), String> {
    let boundary = format!("----postman{}", uuid::Uuid::new_v4().simple());
    let mut body = String::new();
    for field in fields {
        let name = field[0].as_str().unwrap();
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\""
        )
        .unwrap();
        match &field[1] {
            Value::String(value) => write!(body, "\r\n\r\n{}\r\n", fill(value, env)?).unwrap(),
            Value::Object(file) => {
                let content = file["content"]
                    .as_str()
                    .ok_or_else(|| format!("the file of {name} is not in the collection"))?;
                let content_type = file["content_type"]
                    .as_str()
                    .unwrap_or("application/octet-stream");
                let filename = file["file"].as_str().unwrap();
                write!(
                    body,
                    "; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n{}\r\n",
                    fill(content, env)?
                )
                .unwrap();
            }
            other => return Err(format!("a form field of another kind: {other}")),
        }
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    Ok((format!("multipart/form-data; boundary={boundary}"), body))
}

/// The status the step documents, and an answer that conforms to the official schemas.
fn check(answer: &Answer, expect: &Value) -> Result<(), String> {
    let shown: String = answer.text.chars().take(400).collect();
    if let Some(expect) = expect.as_u64() {
        if u64::from(answer.status) != expect {
            return Err(format!(
                "{}: expected {expect}, got {}: {shown}",
                answer.url, answer.status
            ));
        }
    }
    let (method, url) = answer.url.split_once(' ').unwrap();
    let url = url::Url::parse(url).unwrap();
    conformance::check(
        method,
        url.path(),
        url.query().unwrap_or_default(),
        answer.status,
        &answer.text,
    )
}

/// The value at a dotted path (`a.b.0.c`; a number indexes an array).
fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(value);
    }
    path.split('.').try_fold(value, |v, seg| match v {
        Value::Array(items) => items.get(seg.parse::<usize>().ok()?),
        Value::Object(map) => map.get(seg),
        _ => None,
    })
}

/// A value as the environment holds it: strings as they are, anything else as JSON text.
fn text_of(value: &Value, json: bool) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if !json => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// JavaScript's truthiness of a JSON value.
fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(_) => true,
    }
}

/// Whether `item` meets one condition of a `where`.
fn holds(item: &Value, cond: &Value, answer: Option<&Answer>, env: &Env) -> Result<bool, String> {
    let field = at(item, cond["path"].as_str().unwrap());
    let op = cond["op"].as_str().unwrap();
    // A string may name environment variables; an object is a rule on the same answer.
    let expected = |v: &Value| -> Result<Option<Value>, String> {
        Ok(match v {
            Value::String(s) => Some(Value::String(fill(s, env)?)),
            Value::Object(_) => value(v, answer, env)?.map(Value::String),
            other => Some(other.clone()),
        })
    };
    let equal = |v: &Option<Value>| match (field, v) {
        (None, None) => true,
        (Some(f), Some(v)) => match (f.as_f64(), v.as_f64()) {
            (Some(a), Some(b)) => a == b,
            _ => f == v,
        },
        _ => false,
    };
    Ok(match op {
        "exists" => truthy(field),
        "==" => equal(&expected(&cond["value"])?),
        "!=" => !equal(&expected(&cond["value"])?),
        ">" => match (field.and_then(Value::as_f64), cond["value"].as_f64()) {
            (Some(a), Some(b)) => a > b,
            _ => false,
        },
        "in" => {
            let mut any = false;
            for v in cond["value"].as_array().unwrap() {
                any |= equal(&expected(v)?);
            }
            any
        }
        "contains" => match (field.and_then(Value::as_str), expected(&cond["value"])?) {
            (Some(f), Some(Value::String(v))) => f.contains(&v),
            _ => false,
        },
        "ieq" => {
            let norm = |v: Option<&Value>| {
                v.and_then(Value::as_str)
                    .unwrap_or("")
                    .trim()
                    .to_lowercase()
            };
            norm(field) == norm(expected(&cond["value"])?.as_ref())
        }
        other => return Err(format!("unknown condition {other}")),
    })
}

/// JavaScript's `encodeURIComponent`.
fn encode_uri_component(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            write!(out, "%{b:02X}").unwrap();
        }
    }
    out
}

/// What a rule of `sets` or `before` yields: `Ok(None)` when the answer has nothing to give.
fn value(rule: &Value, answer: Option<&Answer>, env: &Env) -> Result<Option<String>, String> {
    if let Some(parse) = rule["parse"].as_str() {
        return Err(format!("answers read as {parse} are not replayed"));
    }
    let body = || {
        answer
            .map(|a| &a.body)
            .ok_or("a rule on the answer before any answer")
    };
    let json = rule["json"] == true;
    let mut found = if let Some(path) = rule["field"].as_str() {
        at(body()?, path).and_then(|v| text_of(v, json))
    } else if let Some(from) = rule.get("from") {
        let alts: Vec<&str> = match from {
            Value::Array(a) => a.iter().map(|p| p.as_str().unwrap()).collect(),
            p => vec![p.as_str().unwrap()],
        };
        let b = body()?;
        let list = alts
            .iter()
            .find_map(|p| at(b, p).and_then(Value::as_array))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut position = None;
        for (i, item) in list.iter().enumerate() {
            let mut all = true;
            for cond in rule["where"].as_array().into_iter().flatten() {
                all &= holds(item, cond, answer, env)?;
            }
            if all {
                position = Some(i);
                break;
            }
        }
        match (position, rule["index"] == true) {
            (None, _) => None,
            (Some(i), true) => Some(i.to_string()),
            (Some(i), false) => at(&list[i], rule["take"].as_str().unwrap_or_default())
                .and_then(|v| text_of(v, json)),
        }
    } else if let Some(name) = rule["env"].as_str() {
        env.get(name)
            .filter(|v| !v.is_empty())
            .cloned()
            .or_else(|| rule["default"].as_str().map(str::to_owned))
    } else if let Some(format) = rule["now"].as_str() {
        // The replay's today at the wall clock's time of day.
        let now = today().and_time(chrono::Utc::now().time());
        Some(now.format(format).to_string())
    } else if let Some(parts) = rule["concat"].as_array() {
        let mut joined = Some(String::new());
        for part in parts {
            let piece = match part {
                Value::String(s) => Some(s.clone()),
                r => value(r, answer, env)?,
            };
            joined = joined.zip(piece).map(|(a, b)| a + &b);
        }
        joined
    } else {
        return Err(format!("a rule of another kind: {rule}"));
    };
    if let (Some(v), Some(end)) = (&mut found, rule["trim_end"].as_str()) {
        if let Some(trimmed) = v.strip_suffix(end) {
            *v = trimmed.to_owned();
        }
    }
    if let (Some(v), Some(range)) = (&mut found, rule["substring"].as_array()) {
        let (from, to) = (
            range[0].as_u64().unwrap() as usize,
            range[1].as_u64().unwrap() as usize,
        );
        *v = v.chars().skip(from).take(to.saturating_sub(from)).collect();
    }
    if let Some(v) = &mut found {
        if rule["upper"] == true {
            *v = v.to_uppercase();
        }
        if rule["uri_encode"] == true {
            *v = encode_uri_component(v);
        }
    }
    Ok(found)
}

/// `url` with its page parameter set to `page` (added when the URL has none).
fn with_page(url: &str, param: &str, page: u64) -> String {
    for sep in ['?', '&'] {
        let key = format!("{sep}{param}=");
        if let Some(start) = url.find(&key) {
            let digits = start + key.len();
            let end = url[digits..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(url.len(), |e| digits + e);
            return format!("{}{page}{}", &url[..digits], &url[end..]);
        }
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{param}={page}")
}

/// What a step's test script saves, searching further pages where the script does.
async fn save(
    http: &reqwest::Client,
    request: &Value,
    answer: &Answer,
    env: &mut Env,
) -> Result<(), String> {
    let mut saved = Vec::new();
    for (name, rule) in request["sets"].as_object().unwrap() {
        let mut found = value(rule, Some(answer), env)?;
        if let (None, Some(paged)) = (&found, rule.get("paged")) {
            let total = at(&answer.body, paged["total"].as_str().unwrap())
                .and_then(Value::as_u64)
                .unwrap_or(1);
            let url = answer.url.split_once(' ').unwrap().1;
            for page in 1..total {
                let next = with_page(url, paged["param"].as_str().unwrap(), page);
                let more = send(http, request, env, Some(&next)).await?;
                if more.status == 200 {
                    found = value(rule, Some(&more), env)?;
                    if found.is_some() {
                        break;
                    }
                }
            }
        }
        let found = found.ok_or_else(|| {
            let shown: String = answer.text.chars().take(400).collect();
            format!(
                "nothing to save as {name} in the answer to {}: {shown}",
                answer.url
            )
        })?;
        saved.push((name.clone(), found));
    }
    // All rules read the answer as it came, before any of them changes the environment.
    env.extend(saved);
    Ok(())
}

/// One flow from a fresh environment: the requests it sent, or its first failure.
async fn run_flow(
    http: &reqwest::Client,
    collection: &Value,
    flow: &Value,
    base: &Env,
) -> Result<usize, String> {
    let mut env = base.clone();
    set_dates(&mut env, &collection["dates"]);
    set_dates(&mut env, &flow["dates"]);
    check_requires(collection, &env, "the collection")?;
    check_requires(flow, &env, "the folder")?;
    for (name, rule) in flow["before"]["sets"].as_object().into_iter().flatten() {
        let v = value(rule, None, &env)?.ok_or_else(|| format!("the folder computes no {name}"))?;
        env.insert(name.clone(), v);
    }
    let mut sent = 0;
    for request in flow["requests"].as_array().unwrap() {
        let step = request["name"].as_str().unwrap();
        let failed = |e: String| format!("{step}: {e}");
        check_requires(request, &env, "the step").map_err(failed)?;
        if let Some(before) = request.get("before") {
            let first = match before.get("request") {
                Some(r) => {
                    let answer = send(http, r, &env, None).await.map_err(failed)?;
                    check(&answer, &r["expect"]).map_err(failed)?;
                    sent += 1;
                    Some(answer)
                }
                None => None,
            };
            for (name, rule) in before["sets"].as_object().into_iter().flatten() {
                let v = value(rule, first.as_ref(), &env)
                    .map_err(failed)?
                    .ok_or_else(|| failed(format!("its pre-request script finds no {name}")))?;
                env.insert(name.clone(), v);
            }
        }
        let answer = send(http, request, &env, None).await.map_err(failed)?;
        check(&answer, &request["expect"]).map_err(failed)?;
        save(http, request, &answer, &mut env)
            .await
            .map_err(failed)?;
        sent += 1;
    }
    Ok(sent)
}

/// Per collection: flows passed, failed and not emulated, and requests sent by passing flows.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    not_emulated: usize,
    requests: usize,
}

#[tokio::test]
async fn the_official_collections_get_their_documented_statuses() {
    let doc: Value = serde_json::from_str(REQUESTS).unwrap();
    let collections = doc["collections"].as_array().unwrap();
    let names: Vec<&str> = collections
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for name in REPLAYED {
        assert!(
            names.contains(&name),
            "REPLAYED names {name}, which requests.json lacks"
        );
    }
    // A collection with a flow the emulator serves is replayed.
    for collection in collections {
        let name = collection["name"].as_str().unwrap();
        let served = collection["flows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.get("not_emulated").is_none());
        assert!(
            !served || REPLAYED.contains(&name),
            "{name} has flows the emulator serves: add it to REPLAYED"
        );
    }
    let http = common::client();
    let mut report = String::new();
    let mut tallies: HashMap<&str, Tally> = HashMap::new();
    let mut failures = Vec::new();
    for collection in collections {
        let name = collection["name"].as_str().unwrap();
        let replayed = REPLAYED.contains(&name);
        // One emulator per collection: what one collection creates, changes or revokes cannot
        // change what another's flows find.
        let emu = common::emu().await;
        let env = environment(name, emu.base_url());
        let tally = tallies.entry(name).or_default();
        let mark = if replayed {
            "replayed"
        } else {
            "not yet replayed"
        };
        writeln!(report, "{name} ({mark})").unwrap();
        let lacking: Vec<&str> = collection["reads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .filter(|v| !env.contains_key(*v))
            .collect();
        let emulated = collection["flows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.get("not_emulated").is_none());
        if emulated && !lacking.is_empty() {
            writeln!(report, "  the environment lacks {lacking:?}").unwrap();
        }
        for flow in collection["flows"].as_array().unwrap() {
            let folder = flow["folder"].as_str().unwrap();
            if let Some(reason) = flow["not_emulated"].as_str() {
                tally.not_emulated += 1;
                writeln!(report, "  skip  {folder}: {reason}").unwrap();
                continue;
            }
            match run_flow(&http, collection, flow, &env).await {
                Ok(n) => {
                    tally.passed += 1;
                    tally.requests += n;
                    writeln!(report, "  ok    {folder} ({n} requests)").unwrap();
                }
                Err(e) => {
                    tally.failed += 1;
                    writeln!(report, "  FAIL  {folder}: {e}").unwrap();
                    if replayed {
                        failures.push(format!("{name} / {folder}: {e}"));
                    }
                }
            }
        }
    }
    for name in &names {
        let t = &tallies[name];
        writeln!(
            report,
            "{name}: {} passed ({} requests), {} failed, {} not emulated",
            t.passed, t.requests, t.failed, t.not_emulated
        )
        .unwrap();
    }
    println!("{report}");
    assert!(
        failures.is_empty(),
        "{} flows of the replayed collections failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The same 88 requests in 20 flows as the hand-written file, and the same two legacy flows
    // left out.
    let hand: Vec<&Tally> = HAND_WRITTEN.iter().map(|n| &tallies[n]).collect();
    assert_eq!(hand.iter().map(|t| t.requests).sum::<usize>(), 88);
    assert_eq!(hand.iter().map(|t| t.passed).sum::<usize>(), 20);
    assert_eq!(hand.iter().map(|t| t.not_emulated).sum::<usize>(), 2);
}

/// The environment's ids of the users are the emulator's: a change of its data shows here
/// rather than as flows that find nothing.
#[tokio::test]
async fn the_environment_names_the_emulators_data() {
    let emu = common::emu().await;
    let token = common::token(&emu).await;
    let customer = |login: &str| {
        let path = format!("/v1/customers/{login}?userIdType=LOGIN_ID");
        common::send(common::data(&emu, &path, &token).header("correlationId", common::txid()))
    };
    let (status, body) = customer(BUSINESS_LOGIN_ID).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["userId"], BUSINESS_INSTITUTION_USER_ID);
    let customers = body["customers"].as_array().unwrap();
    let tins: Vec<&str> = customers
        .iter()
        .map(|c| c["memberNumber"].as_str().unwrap())
        .collect();
    assert_eq!(tins, [TIN_0, TIN_1, TIN_2]);
    assert_eq!(customers[1]["customerId"], BUSINESS_CUSTOMER_ID);
    assert_eq!(customers[0]["customerId"], BUSINESS_LEGACY_USER_GUID);

    let (status, body) = customer(emulator::EXAMPLE_LOGIN_ID).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["userId"], RETAIL_INSTITUTION_USER_ID);
    assert_eq!(body["customers"][0]["customerId"], RETAIL_CUSTOMER_ID);

    // The recipient profile: its member number is its host user id.
    let (status, body) = customer(emulator::RECIPIENT_LOGIN_ID).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["customers"][0]["memberNumber"],
        emulator::RECIPIENT_HOST_USER_ID
    );
    assert!(body["emailAddress"].is_string(), "{body}");

    // The business's id, as its institution user's `companyId`.
    let path = format!("/v1/institution-users/{BUSINESS_LOGIN_ID}?userIdType=LOGIN_ID");
    let (status, body) = common::send(common::data(&emu, &path, &token)).await;
    assert_eq!(status, 200, "{body}");
    let entries = body["additionalInfo"]["entry"].as_array().unwrap();
    assert!(entries
        .iter()
        .any(|e| e["key"] == "companyId" && e["value"] == BUSINESS_ID));
}
