//! The `candescent-emulator` binary: the Quick Start against it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn quick_start_works_against_the_binary() {
    let child = Command::new(env!("CARGO_BIN_EXE_candescent-emulator"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let mut child = Killed(child);
    let stdout = child.0.stdout.take().unwrap();
    let base = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let base = base.strip_suffix('\n').expect("a whole line").to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base:?}");
    assert!(!base.contains(' '));

    let client = reqwest::Client::new();
    let token: Value = client
        .post(format!("{base}/digitalbanking/stage/oauth2/v1/token"))
        .basic_auth("candescent-emulator", Some("emulator-secret"))
        .header("transactionid", uuid::Uuid::new_v4().to_string())
        .header("institutionId", "00016")
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = token["access_token"].as_str().unwrap();
    let fixture: Value =
        serde_json::from_str(include_str!("../fixtures/list-accounts.json")).unwrap();
    for path in [
        "/v1/accounts",
        "/digitalbanking/stage/db-accounts/v1/accounts",
    ] {
        let res = client
            .get(format!("{base}{path}?hostUserId=1234567890"))
            .bearer_auth(access)
            .header("transactionId", uuid::Uuid::new_v4().to_string())
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let body: Value = res.json().await.unwrap();
        let ids: Vec<&Value> = body["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &a["id"])
            .collect();
        for account in fixture["accounts"].as_array().unwrap() {
            assert!(ids.contains(&&account["id"]), "{path}");
        }
    }
    let stats: Value = client
        .get(format!("{base}/__emulator/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["requests"]["accounts"], 2);
}

#[test]
fn help_documents_credentials_and_users() {
    let out = Command::new(env!("CARGO_BIN_EXE_candescent-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "candescent-emulator",
        "emulator-secret",
        "00016",
        "1234567890",
        "testUser",
        "gen-<N>",
        "--latency-ms",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
}
