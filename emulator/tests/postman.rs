//! Replays the official Postman collections' requests (`tests/postman/`) unchanged against the
//! emulator, substituting only the environment, and expects each step's documented status.

mod common;

use std::collections::HashMap;

use base64::Engine as _;
use candescent_emulator::Emulator;
use common::conformance::assert_conforms;
use common::*;
use serde_json::Value;

const REQUESTS: &str = include_str!("postman/requests.json");

/// What an environment file would hold for the emulator: host and credentials, and the
/// example users' data.
fn environment(emu: &Emulator) -> HashMap<String, String> {
    let tin = "100199757"; // location 1 of the business user gen-12
    [
        ("apigee_base_url", emu.base_url()),
        ("client_id", candescent_emulator::DEFAULT_CLIENT_ID),
        ("client_secret", candescent_emulator::DEFAULT_CLIENT_SECRET),
        (
            "authorized_client_id",
            candescent_emulator::PARTNER_CLIENT_ID,
        ),
        (
            "authorized_client_secret",
            candescent_emulator::PARTNER_CLIENT_SECRET,
        ),
        (
            "institution_id",
            candescent_emulator::DEFAULT_INSTITUTION_ID,
        ),
        (
            "retail_user_host_user_id",
            candescent_emulator::EXAMPLE_HOST_USER_ID,
        ),
        (
            "retail_user_login_id",
            candescent_emulator::EXAMPLE_LOGIN_ID,
        ),
        ("retail_user_password", candescent_emulator::USER_PASSWORD),
        ("retail_user_account_number", "3300120071"),
        ("business_user_login_id", "gen-12"),
        ("business_user_password", candescent_emulator::USER_PASSWORD),
        ("business_tin", tin),
        ("business_user_account_number", "800001200005"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// `{{name}}` replaced from `env`; `{{$guid}}` by a fresh UUID, as Postman does.
fn fill(text: &str, env: &HashMap<String, String>, step: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("closed variable") + start;
        let name = &rest[start + 2..end];
        if name == "$guid" {
            out.push_str(&uuid::Uuid::new_v4().to_string());
        } else {
            let value = env
                .get(name)
                .unwrap_or_else(|| panic!("{step}: {{{{{name}}}}} is not set"));
            out.push_str(value);
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// What a step's test script saves, read from the answer.
fn capture(
    rule: &Value,
    body: &Value,
    env: &HashMap<String, String>,
    step: &str,
) -> Option<String> {
    if let Some(field) = rule["field"].as_str() {
        return body[field].as_str().map(str::to_owned);
    }
    let list = body[rule["from"].as_str()?].as_array()?;
    let position = if rule["first"] == true {
        (!list.is_empty()).then_some(0)
    } else {
        let wanted = rule["match"].as_object()?;
        list.iter().position(|item| {
            wanted.iter().all(|(k, v)| {
                item[k].as_str() == Some(&fill(v.as_str().unwrap_or_default(), env, step))
            })
        })
    }?;
    if rule["index"] == true {
        return Some(position.to_string());
    }
    list[position][rule["take"].as_str()?]
        .as_str()
        .map(str::to_owned)
}

fn days_from_today(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn the_official_collections_get_their_documented_statuses() {
    let emu = emu().await;
    let doc: Value = serde_json::from_str(REQUESTS).unwrap();
    let http = client();
    let mut replayed = 0;
    let mut skipped = Vec::new();
    for collection in doc["collections"].as_array().unwrap() {
        for flow in collection["flows"].as_array().unwrap() {
            let folder = format!(
                "{} / {}",
                collection["name"].as_str().unwrap(),
                flow["folder"].as_str().unwrap()
            );
            if flow.get("not_emulated").is_some() {
                skipped.push(folder);
                continue;
            }
            let mut env = environment(&emu);
            if let Some(dates) = collection["dates"].as_object() {
                for (name, days) in dates {
                    env.insert(name.clone(), days_from_today(days.as_i64().unwrap()));
                }
            }
            for request in flow["requests"].as_array().unwrap() {
                let step = format!("{folder} / {}", request["name"].as_str().unwrap());
                let url = fill(request["url"].as_str().unwrap(), &env, &step);
                let method: reqwest::Method = request["method"].as_str().unwrap().parse().unwrap();
                let mut req = http.request(method, &url);
                for pair in request["header"].as_array().unwrap() {
                    let value = fill(pair[1].as_str().unwrap(), &env, &step);
                    req = req.header(pair[0].as_str().unwrap(), value);
                }
                if let Some(auth) = request["auth"].as_array() {
                    let user = fill(auth[0].as_str().unwrap(), &env, &step);
                    let password = fill(auth[1].as_str().unwrap(), &env, &step);
                    let basic = base64::engine::general_purpose::STANDARD
                        .encode(format!("{user}:{password}"));
                    req = req.header("Authorization", format!("Basic {basic}"));
                }
                if let Some(fields) = request["body"].as_array() {
                    let body: String = url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(fields.iter().map(|pair| {
                            (
                                pair[0].as_str().unwrap().to_owned(),
                                fill(pair[1].as_str().unwrap(), &env, &step),
                            )
                        }))
                        .finish();
                    req = req.body(body);
                }
                let response = req.send().await.unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                assert_eq!(
                    status,
                    request["expect"].as_u64().unwrap() as u16,
                    "{step}: {url}\n{text}"
                );
                let parsed = url::Url::parse(&url).unwrap();
                assert_conforms(
                    request["method"].as_str().unwrap(),
                    parsed.path(),
                    parsed.query().unwrap_or_default(),
                    status,
                    &text,
                );
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                for (name, rule) in request["sets"].as_object().unwrap() {
                    let value = capture(rule, &body, &env, &step)
                        .unwrap_or_else(|| panic!("{step}: nothing to save as {name} in {text}"));
                    env.insert(name.clone(), value);
                }
                replayed += 1;
            }
        }
    }
    assert_eq!(
        replayed, 88,
        "every emulated request of the three collections"
    );
    assert_eq!(skipped.len(), 2, "{skipped:?}");
}
