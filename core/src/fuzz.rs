//! Property tests of every decoder that reads a server's bytes: the token response, the account
//! and transaction models, the table's decoder of any answer, error bodies and `Retry-After`. No input panics, and what is accepted
//! round-trips. `PROPTEST_CASES` sets the number of cases (`make fuzz` runs a million).

use proptest::prelude::*;
use serde_json::{json, Value};
use tokio::time::Instant;

use crate::{
    auth::{AccessToken, Grant},
    redact::Redactor,
    transport::{error_body, retry},
    Account, Transaction,
};

/// Arbitrary JSON, deep enough to reach every branch of the decoders.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(".{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A real account or transaction with one field replaced by arbitrary JSON: close enough to
/// the schema that most cases get past the first field.
fn mutated(fixture: &'static str) -> impl Strategy<Value = Value> {
    let base: Value = serde_json::from_str(fixture).unwrap();
    let keys: Vec<String> = base.as_object().unwrap().keys().cloned().collect();
    (proptest::sample::select(keys), any_json(), any::<bool>()).prop_map(
        move |(key, value, remove)| {
            let mut v = base.clone();
            let map = v.as_object_mut().unwrap();
            if remove {
                map.remove(&key);
            } else {
                map.insert(key, value);
            }
            v
        },
    )
}

const ACCOUNT: &str = r#"{"id":"LucHSRuNSd8zWXLh_x0o9XuPyoAfObcCKKvpEh_J4WM","institutionId":"00016",
 "institutionUserId":"1234567890","accountNumber":"****0101","category":"DEPOSIT",
 "type":{"value":"CHECKING","fiRawValue":"DDA"},"nickName":"Checking","status":"OPEN",
 "currentBalance":{"currencyCode":"USD","amount":4554.24},
 "availableBalance":{"currencyCode":"USD","amount":4554.24},
 "allowedActions":{"transferFrom":true,"transferTo":true},"hostAccountNumber":"x"}"#;
const TRANSACTION: &str = r#"{"id":"n9P-j1NKtrX0nh5rQWHKlaYSWbaHm7r6jmXWzAlSHc4","accountId":"a",
 "amount":{"currencyCode":"USD","amount":-60.5},"description":"Coffee","postedDate":"2024-01-31",
 "transactionDate":"2024-01-30","type":"DEBIT","status":"POSTED","isCredit":false,"extraField":1}"#;

/// An account with only fields the table names, so the one-pass transcoder takes it.
const KNOWN_ACCOUNT: &str = r#"{"id":"a1","institutionUserId":"u1","institutionId":"00016",
 "accountNumber":"800500000000","category":"LOAN","description":"Credit Card",
 "type":{"value":"CREDIT_CARD_LOAN","fiAccountType":64,"fiRawAccountType":64,"description":"Card"},
 "availableBalance":{"amount":19880.42,"currencyCode":"USD"},"interestRate":0.47,
 "minimumPayment":{"amount":187.48,"currencyCode":"USD"},"nextPaymentDate":"2026-05-01",
 "status":{"open":true,"closed":false},"allowedActions":{"summary":true},
 "term":{"duration":48,"termType":"MONTHS"}}"#;

/// The one-pass transcoder gives up or writes exactly what the decoder's path writes, for the
/// answer schema of `op`.
fn transcodes_like_the_decoder(op: &str, value: Value) -> Result<(), TestCaseError> {
    let ty = crate::spec::find(op).unwrap().response(200).unwrap();
    let text = serde_json::to_string(&value).unwrap();
    let slow = crate::data::decode(&text, ty)
        .ok()
        .map(|d| crate::data::to_wire_text(&d));
    if let Some(fast) = crate::data::transcode::transcode(&text, ty, None) {
        prop_assert_eq!(Some(fast), slow);
    }
    Ok(())
}

fn round_trips<T>(value: Value) -> Result<(), TestCaseError>
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let bytes = serde_json::to_vec(&value).unwrap();
    if let Ok(decoded) = serde_json::from_slice::<T>(&bytes) {
        let again: T = serde_json::from_value(serde_json::to_value(&decoded).unwrap())
            .map_err(|e| TestCaseError::fail(format!("re-decoding failed: {e}")))?;
        prop_assert_eq!(again, decoded);
    }
    Ok(())
}

proptest! {
    #[test]
    fn token_response_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(grant) = Grant::parse(&bytes) {
            let _ = AccessToken::new(grant, Instant::now(), 1);
        }
    }

    #[test]
    fn token_responses_round_trip(
        token in "[A-Za-z0-9._~+/-]{1,64}",
        expires in prop_oneof![
            any::<u64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n.to_string())),
            any::<f64>().prop_map(|f| json!(f)),
            any_json(),
        ],
    ) {
        let body = json!({"access_token": token, "token_type": "Bearer", "expires_in": expires});
        if let Ok(grant) = Grant::parse(body.to_string().as_bytes()) {
            prop_assert_eq!(grant.access_token.expose(), token.as_str());
            prop_assert!(!grant.lifetime.is_zero());
            let access = AccessToken::new(grant, Instant::now(), 1).unwrap();
            prop_assert!(access.refresh_at <= access.expires_at);
        }
    }

    #[test]
    fn accounts_decode_without_panic_and_round_trip(value in prop_oneof![mutated(ACCOUNT), any_json()]) {
        round_trips::<Account>(value)?;
    }

    #[test]
    fn accounts_transcode_exactly_as_the_decoder_writes_them(
        value in prop_oneof![mutated(KNOWN_ACCOUNT), mutated(ACCOUNT), any_json()]
    ) {
        transcodes_like_the_decoder("accounts.get", value)?;
    }

    #[test]
    fn transactions_transcode_exactly_as_the_decoder_writes_them(
        value in prop_oneof![mutated(TRANSACTION), any_json()]
    ) {
        transcodes_like_the_decoder("transactions.list", json!({ "transactions": [value] }))?;
    }

    #[test]
    fn transactions_decode_without_panic_and_round_trip(value in prop_oneof![mutated(TRANSACTION), any_json()]) {
        round_trips::<Transaction>(value)?;
    }

    #[test]
    fn error_bodies_never_panic_and_stay_short(
        status in 100u16..1000,
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..2048),
            any_json().prop_map(|v| v.to_string().into_bytes()),
        ],
    ) {
        let parsed = error_body::parse(status, &bytes);
        prop_assert!(parsed.message.len() <= error_body::MAX_MESSAGE);
        prop_assert!(!parsed.message.is_empty());
    }

    #[test]
    fn error_bodies_round_trip(code in "[A-Z]{3}_[0-9]{5}", message in "[a-zA-Z0-9.,é][a-zA-Z0-9 .,é]{0,199}") {
        let body = json!({"code": code, "message": message}).to_string();
        let parsed = error_body::parse(400, body.as_bytes());
        prop_assert_eq!(parsed.code.as_deref(), Some(code.as_str()));
        prop_assert_eq!(parsed.message, message.trim());
    }

    #[test]
    fn retry_after_never_panics_and_is_bounded(text in prop_oneof![".{0,40}", "[0-9.eE+-]{1,30}"]) {
        if let Some(wait) = retry::parse_retry_after_text(&text) {
            prop_assert!(wait <= retry::RETRY_AFTER_MAX);
        }
    }

    #[test]
    fn retry_after_seconds_round_trip(seconds in 0u64..=86_400) {
        prop_assert_eq!(
            retry::parse_retry_after_text(&seconds.to_string()),
            Some(std::time::Duration::from_secs(seconds))
        );
    }

    #[test]
    fn scrubbing_removes_every_credential(
        secret in "[ -~]{4,40}",
        token in "[A-Za-z0-9_-]{8,64}",
        noise in "[ -~]{0,80}",
    ) {
        let redactor = Redactor::new("client-id", &secret);
        redactor.add_token(&token);
        let text = format!("{noise}{secret}{noise}Bearer {token}{noise}");
        let scrubbed = redactor.scrub(&text);
        prop_assert!(!scrubbed.contains(&secret), "{}", scrubbed);
        prop_assert!(!scrubbed.contains(&token), "{}", scrubbed);
    }

    #[test]
    fn any_answer_of_any_operation_decodes_without_panic_and_round_trips(
        at in 0usize..crate::spec::OPERATIONS.len(),
        value in prop_oneof![mutated(ACCOUNT), mutated(TRANSACTION), any_json()],
    ) {
        let op = &crate::spec::OPERATIONS[at];
        for ty in op.responses.iter().filter_map(|r| r.ty) {
            let text = value.to_string();
            if let Ok(data) = crate::data::decode(&text, ty) {
                // What was accepted is written back and read again to the same tree.
                let again = crate::data::decode(&crate::data::to_json_text(&data), ty);
                prop_assert_eq!(again.as_ref().ok(), Some(&data), "{}", op.id);
                let _ = crate::data::to_wire_text(&data);
                let _ = crate::data::to_masked_json(&data);
            }
        }
    }

    #[test]
    fn the_table_accepts_the_accounts_the_models_accept(value in prop_oneof![mutated(ACCOUNT), any_json()]) {
        let ty = crate::spec::Ty::Obj(&crate::spec::models::ACCOUNT);
        let models = serde_json::from_value::<Account>(value.clone()).is_ok();
        let table = crate::data::decode(&value.to_string(), ty).is_ok();
        // The models are stricter about nothing the schema allows; the table also keeps fields
        // of the wrong shape out of nowhere, so it accepts whatever the models accept.
        prop_assert!(!models || table, "{}", value);
    }
}
