//! Configuration mistakes fail at construction, before any traffic.

mod common;

use candescent::{Client, ErrorKind};
use common::*;

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn config_error(builder: candescent::ClientBuilder) -> String {
    let error = builder.build().expect_err("a configuration error");
    assert_eq!(error.kind(), ErrorKind::Configuration, "{error}");
    error.message().to_owned()
}

#[tokio::test]
async fn every_mistake_is_named_before_any_request() {
    let emu = emulator().await;
    let full = [
        ("CANDESCENT_CLIENT_ID", "id"),
        ("CANDESCENT_CLIENT_SECRET", "secret"),
        ("CANDESCENT_INSTITUTION_ID", "00016"),
    ];
    for (i, variable) in [
        "CANDESCENT_CLIENT_ID",
        "CANDESCENT_CLIENT_SECRET",
        "CANDESCENT_INSTITUTION_ID",
    ]
    .iter()
    .enumerate()
    {
        let mut partial = full.to_vec();
        partial.remove(i);
        let message = config_error(Client::builder().env_vars(vars(&partial)));
        assert!(message.contains(variable), "{message}");
    }

    let mut conflict = full.to_vec();
    conflict.push(("CANDESCENT_SHARED_KEY", "other-id"));
    assert!(
        config_error(Client::builder().env_vars(vars(&conflict))).contains("CANDESCENT_SHARED_KEY")
    );
    let mut conflict = full.to_vec();
    conflict.push(("CANDESCENT_SECRET_KEY", "other-secret"));
    assert!(
        config_error(Client::builder().env_vars(vars(&conflict))).contains("CANDESCENT_SECRET_KEY")
    );

    let mut bad_env = full.to_vec();
    bad_env.push(("CANDESCENT_ENVIRONMENT", "qa"));
    assert!(
        config_error(Client::builder().env_vars(vars(&bad_env))).contains("CANDESCENT_ENVIRONMENT")
    );

    assert!(config_error(builder(&emu).base_url("http://api.example.com")).contains("https"));
    assert!(config_error(builder(&emu).client_secret("secret\r\n")).contains("client secret"));
    assert!(
        config_error(builder(&emu).institution_id("00016\nX-Evil: 1")).contains("institution id")
    );
    assert!(config_error(builder(&emu).client_id("id\n")).contains("client id"));
    config_error(builder(&emu).scopes(["accounts:read transactions:read"]));
    config_error(builder(&emu).timeout(std::time::Duration::ZERO));

    assert_eq!(
        emu.stats(),
        Default::default(),
        "no request reached the emulator"
    );
}

#[test]
fn aliases_agreeing_and_defaults_are_accepted() {
    let client = Client::builder()
        .env_vars([
            ("CANDESCENT_SHARED_KEY", "id"),
            ("CANDESCENT_SECRET_KEY", "secret"),
            ("CANDESCENT_CLIENT_SECRET", "secret"),
            ("CANDESCENT_INSTITUTION_ID", "00016"),
            ("CANDESCENT_ENVIRONMENT", "production"),
            ("CANDESCENT_TIMEOUT", "2.5"),
        ])
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(
        debug.contains("https://api.candescent.com/digitalbanking"),
        "{debug}"
    );
    assert!(!debug.contains("/stage"));
    assert!(debug.contains("2.5s"));
}

#[test]
fn explicit_arguments_win_over_the_environment() {
    let client = Client::builder()
        .env_vars([
            ("CANDESCENT_BASE_URL", "https://env.example.com"),
            ("CANDESCENT_CLIENT_ID", "env-id"),
        ])
        .client_id("arg-id")
        .client_secret("s")
        .institution_id("1")
        .base_url("https://arg.example.com")
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(
        debug.contains("arg.example.com") && debug.contains("arg-id"),
        "{debug}"
    );
}
