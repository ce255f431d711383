//! The server's JSON straight into the wire form, in one pass and without building models:
//! for a binding that hands the wire text to its language's JSON parser (Node), building
//! thousands of models only to serialize them again costs more than everything else in a long
//! list.
//!
//! The transcoder checks what the models check (required fields, types, dates, decimals) and
//! writes exactly what [`to_wire`](super::to_wire) writes for the same answer. It handles the
//! answers servers send, and gives up on anything unusual (unknown fields, escaped keys, duplicate
//! keys, exponents in amounts); the
//! caller then takes the models' path, which is slower but has the same result and the same
//! errors. The tests hold the two paths to byte-identical output.

use std::fmt;
use std::io::Write as _;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::shapes::{self, Extra, Kind, Shape, MAX_FIELDS};

/// Receives the accounts of a long list as they are transcoded, each part a JSON array.
pub(crate) type PartSink<'s> = &'s mut dyn FnMut(Vec<u8>);

/// Nesting depth of the models (list → account → money) plus one scratch buffer per level.
const LEVELS: usize = 5;

/// The answer of `accounts().list` in the wire form, or `None` when the transcoder gives up
/// (the caller then decodes the models and writes them with `to_wire`).
pub(crate) fn account_list(json: &str) -> Option<Vec<u8>> {
    transcode(json, &shapes::ACCOUNT_LIST, None)
}

/// Like [`account_list`], handing the accounts to `part` as they are done, in JSON arrays of
/// about `part_bytes` each (the first ones smaller); the list that is returned holds the
/// accounts not handed over yet.
/// On `None`, parts may have been handed over already and are to be discarded.
pub(crate) fn account_list_in_parts(
    json: &str,
    part_bytes: usize,
    part: PartSink<'_>,
) -> Option<Vec<u8>> {
    transcode(json, &shapes::ACCOUNT_LIST, Some((part_bytes, part)))
}

/// One account (`accounts().get`) in the wire form, or `None` as for [`account_list`].
pub(crate) fn account(json: &str) -> Option<Vec<u8>> {
    transcode(json, &shapes::ACCOUNT, None)
}

fn transcode(
    json: &str,
    shape: &'static Shape,
    parts: Option<(usize, PartSink<'_>)>,
) -> Option<Vec<u8>> {
    let mut bufs: [Vec<u8>; LEVELS] = Default::default();
    bufs[0].reserve(json.len() + json.len() / 8);
    let mut de = serde_json::Deserializer::from_str(json);
    ObjectSeed {
        shape,
        bufs: &mut bufs,
        parts,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    Some(std::mem::take(&mut bufs[0]))
}

/// Writes one object of `shape` at the end of `bufs[0]`, using `bufs[1]` as scratch space for
/// its fields (in the order they arrive) and `bufs[2..]` for nested objects. `parts` goes to
/// the object's array field, if any.
struct ObjectSeed<'b, 's> {
    shape: &'static Shape,
    bufs: &'b mut [Vec<u8>],
    parts: Option<(usize, PartSink<'s>)>,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

/// The reason the transcoder gives up; never shown to anyone (the models' path runs instead).
fn give_up<E: serde::de::Error>() -> E {
    E::custom("left to the models")
}

impl<'de> Visitor<'de> for ObjectSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let fields = self.shape.fields;
        let (out, rest) = self.bufs.split_first_mut().ok_or_else(give_up)?;
        let start = rest.first().ok_or_else(give_up)?.len();
        let mut spans = [(0u32, 0u32); MAX_FIELDS];
        let mut seen = 0u64;
        let mut written = 0u64;
        // Servers send fields in a fixed order, so the next field is nearly always found at once.
        let mut next = 0;
        while let Some(key) = map.next_key::<&'de str>()? {
            let index = find(fields, key, next).ok_or_else(give_up)?;
            next = index + 1;
            let bit = 1u64 << index;
            if seen & bit != 0 {
                return Err(give_up());
            }
            seen |= bit;
            let field = &fields[index];
            let from = rest[0].len();
            let present = match field.kind {
                Kind::Object(inner) => map.next_value_seed(Nullable(ObjectSeed {
                    shape: inner,
                    bufs: &mut *rest,
                    parts: None,
                }))?,
                Kind::Array(inner) => {
                    map.next_value_seed(ArraySeed {
                        shape: inner,
                        bufs: &mut *rest,
                        parts: self.parts.take(),
                    })?;
                    true
                }
                leaf => {
                    let raw: &'de RawValue = map.next_value()?;
                    write_leaf(leaf, raw.get(), &mut rest[0]).map_err(|()| give_up())?
                }
            };
            if !present {
                if field.required {
                    return Err(give_up());
                }
                continue;
            }
            written |= bit;
            spans[index] = (to_u32(from - start)?, to_u32(rest[0].len() - start)?);
        }
        let scratch = &mut rest[0];
        out.push(b'{');
        let mut first = true;
        for (index, field) in fields.iter().enumerate() {
            let bit = 1u64 << index;
            let body: &[u8] = if written & bit != 0 {
                let (from, to) = spans[index];
                &scratch[start + from as usize..start + to as usize]
            } else if matches!(field.kind, Kind::Array(_)) {
                // An absent list is an empty one (`#[serde(default)]` on the model).
                b"[]"
            } else if field.required {
                return Err(give_up());
            } else {
                continue;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            out.push(b'"');
            out.extend_from_slice(field.name.as_bytes());
            out.extend_from_slice(b"\":");
            out.extend_from_slice(body);
        }
        if self.shape.extra == Extra::Always {
            if !first {
                out.push(b',');
            }
            out.extend_from_slice(b"\"extra\":{}");
        }
        out.push(b'}');
        scratch.truncate(start);
        Ok(())
    }
}

fn to_u32<E: serde::de::Error>(n: usize) -> Result<u32, E> {
    u32::try_from(n).map_err(|_| give_up())
}

fn find(fields: &[shapes::Field], key: &str, hint: usize) -> Option<usize> {
    if fields.get(hint).is_some_and(|f| f.name == key) {
        return Some(hint);
    }
    fields.iter().position(|f| f.name == key)
}

/// A nested model that may be `null` (an absent optional field): `false` when it was.
struct Nullable<'b, 's>(ObjectSeed<'b, 's>);

impl<'de> DeserializeSeed<'de> for Nullable<'_, '_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Nullable<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        self.0.deserialize(d).map(|()| true)
    }
}

/// An array of models, written at the end of `bufs[0]`; with `parts`, handed over in parts
/// as they are done, leaving only the last ones in `bufs[0]`.
struct ArraySeed<'b, 's> {
    shape: &'static Shape,
    bufs: &'b mut [Vec<u8>],
    parts: Option<(usize, PartSink<'s>)>,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.bufs[0].push(b'[');
        let items = self.bufs[0].len();
        let mut first = true;
        // The first pieces are small, so the reader starts early; they double up to the size asked.
        let mut threshold = self
            .parts
            .as_ref()
            .map_or(0, |(bytes, _)| (bytes / 8).max(1));
        loop {
            if !first {
                self.bufs[0].push(b',');
            }
            let seed = ObjectSeed {
                shape: self.shape,
                bufs: &mut *self.bufs,
                parts: None,
            };
            if seq.next_element_seed(seed)?.is_none() {
                break;
            }
            first = false;
            if let Some((part_bytes, part)) = self.parts.as_mut() {
                let out = &mut self.bufs[0];
                if out.len() - items >= threshold {
                    threshold = (threshold * 2).min(*part_bytes);
                    let mut array = Vec::with_capacity(out.len() - items + 2);
                    array.push(b'[');
                    array.extend_from_slice(&out[items..]);
                    array.push(b']');
                    out.truncate(items);
                    part(array);
                    first = true;
                }
            }
        }
        let out = &mut self.bufs[0];
        if !first {
            // The comma written before the end was found.
            out.pop();
        }
        out.push(b']');
        Ok(())
    }
}

/// Checks one leaf value and writes it; `Ok(false)` for `null` (an absent optional field).
fn write_leaf(kind: Kind, raw: &str, out: &mut Vec<u8>) -> Result<bool, ()> {
    let bytes = raw.as_bytes();
    let first = *bytes.first().ok_or(())?;
    if raw == "null" {
        return Ok(false);
    }
    match kind {
        Kind::Str => write_string(raw, out)?,
        Kind::Bool if raw == "true" || raw == "false" => out.extend_from_slice(bytes),
        Kind::Count if bytes.iter().all(u8::is_ascii_digit) && raw.parse::<u64>().is_ok() => {
            out.extend_from_slice(bytes)
        }
        Kind::Date => {
            let text = raw
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .ok_or(())?;
            let shape_ok = text.len() == 10
                && text.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            if !shape_ok || NaiveDate::from_str(text).is_err() {
                return Err(());
            }
            out.extend_from_slice(bytes);
        }
        Kind::Decimal if first == b'-' || first.is_ascii_digit() => {
            if bytes.iter().any(|b| matches!(b, b'e' | b'E')) {
                return Err(());
            }
            let value = Decimal::from_str(raw).map_err(|_| ())?;
            out.push(b'"');
            write!(out, "{value}").map_err(|_| ())?;
            out.push(b'"');
        }
        Kind::Raw => match first {
            b'"' => write_string(raw, out)?,
            b't' | b'f' => out.extend_from_slice(bytes),
            b'-' | b'0'..=b'9' if is_safe_integer(raw) => out.extend_from_slice(bytes),
            // Objects, arrays and other numbers are rare enough to take the models' own way.
            _ => {
                let value: serde_json::Value = serde_json::from_str(raw).map_err(|_| ())?;
                serde_json::to_writer(out, &super::JsSafe(&value)).map_err(|_| ())?;
            }
        },
        _ => return Err(()),
    }
    Ok(true)
}

/// A JSON string as `serde_json` writes it: copied when it has no escapes, re-escaped otherwise
/// (`\/` and `\u00e9` are written `/` and `é`, as the models' path writes them).
fn write_string(raw: &str, out: &mut Vec<u8>) -> Result<(), ()> {
    if !raw.starts_with('"') {
        return Err(());
    }
    if !raw.contains('\\') {
        out.extend_from_slice(raw.as_bytes());
        return Ok(());
    }
    let text: std::borrow::Cow<'_, str> = serde_json::from_str(raw).map_err(|_| ())?;
    serde_json::to_writer(out, &text).map_err(|_| ())
}

/// An integer that a double holds exactly, which the wire form keeps as a number.
fn is_safe_integer(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Account, AccountList};

    fn both(json: &str) -> (Option<String>, Option<String>) {
        let fast = account_list(json).map(|b| String::from_utf8(b).unwrap());
        let slow = serde_json::from_str::<AccountList>(json)
            .ok()
            .map(|l| super::super::to_wire(&l));
        (fast, slow)
    }

    /// The fast path either gives up or writes exactly what the models' path writes.
    fn agree(json: &str) -> bool {
        match both(json) {
            (Some(fast), slow) => {
                assert_eq!(Some(&fast), slow.as_ref(), "for {json}");
                true
            }
            (None, _) => false,
        }
    }

    const FULL: &str = r#"{
        "id": "a1", "institutionUserId": "u1", "institutionCustomerId": "c1",
        "institutionId": "00016", "description": "Checking", "nickName": "Bills \"2\" \u00e9\/",
        "accountNumber": "1234567890101", "category": "DEPOSIT",
        "type": {"value": "CHECKING", "fiRawAccountType": "64", "fiAccountType": 64, "description": "Chk"},
        "primaryHolderName": "A B", "routingNumber": "222341234", "micrNumber": "m",
        "interestRate": 0.470, "tpvReference": "t", "tpvProductCode": "p",
        "overdraftAccountNumber": "999",
        "currentBalance": {"currencyCode": "USD", "amount": 1809703.42},
        "availableBalance": {"amount": -0.10, "currencyCode": "USD"},
        "lastStatementBalance": {"amount": 1}, "interestYearToDate": {"amount": 2.5},
        "overdraftLimit": {"amount": 3}, "overdraftAvailableAmount": {"amount": 4},
        "currentYearEligibleContribution": {"amount": 5}, "lastYearEligibleContribution": {"amount": 6},
        "lastYearMaxContribution": {"amount": 7}, "escrowBalance": {"amount": 8},
        "currentPrincipalBalance": {"amount": 9}, "nextPaymentAmount": {"amount": 10},
        "payOffAmount": {"amount": 11}, "calculatedPayOffAmount": {"amount": 12},
        "minimumPayment": {"amount": 13}, "lineOfCreditLimit": {"amount": 14},
        "lastPrincipalPaymentAmount": {"amount": 15}, "originalLoanAmount": {"amount": 16},
        "nextPaymentDate": "2026-05-01", "maturityDate": "2027-01-31",
        "loanOriginationDate": "2020-02-29", "pastPrincipalDueDate": "2026-04-01",
        "term": {"termType": "MONTHS", "duration": 36},
        "status": {"open": true, "closed": false, "negativeBalance": false, "delinquent": false,
            "inCollection": false, "overLimit": false, "writtenOff": false, "creditBalance": false,
            "paymentCoupon": false, "retirementPlan": false, "retPlanOwnedByDeceased": false,
            "approved": true, "notApproved": false, "deleted": false, "verified": true},
        "allowedActions": {"summary": true, "transferFrom": true, "transferTo": false,
            "isHistoryEnabled": true, "isHistoryEntitled": true, "isOnlineStatementEnabled": false},
        "additionalInfo": 12
    }"#;

    #[test]
    fn a_fully_populated_account_comes_out_as_the_models_write_it() {
        // Every field of the model, so a field missing from the shapes fails here.
        let model: Account = serde_json::from_str(FULL).unwrap();
        assert!(model.extra.is_empty(), "FULL names only known fields");
        let full_json = model.to_json().to_string();
        let named = model.to_json().as_object().unwrap().len();
        assert_eq!(
            named,
            shapes::ACCOUNT.fields.len(),
            "every model field is in FULL"
        );
        let fast = String::from_utf8(account(&full_json).expect("transcoded")).unwrap();
        assert_eq!(fast, super::super::to_wire(&model));
        assert!(agree(&format!(
            r#"{{"accounts":[{FULL},{FULL}],"totalGroupCount":2}}"#
        )));
        let fast = String::from_utf8(account(FULL).expect("transcoded")).unwrap();
        assert_eq!(fast, super::super::to_wire(&model));
    }

    #[test]
    fn the_shapes_name_every_field_of_the_nested_models() {
        let model: Account = serde_json::from_str(FULL).unwrap();
        let json = model.to_json();
        for (name, shape) in [
            ("type", &shapes::ACCOUNT_TYPE),
            ("status", &shapes::ACCOUNT_STATUS),
            ("allowedActions", &shapes::ALLOWED_ACTIONS),
            ("currentBalance", &shapes::MONEY),
        ] {
            assert_eq!(
                json[name].as_object().unwrap().len(),
                shape.fields.len(),
                "{name}"
            );
        }
    }

    #[test]
    fn lists_agree_with_the_models() {
        assert!(agree(r#"{"accounts":[]}"#));
        assert!(agree(r#"{}"#));
        assert!(agree(
            r#" { "accounts" : [ ] , "totalGroupCount" : null } "#
        ));
        let minimal = r#"{"id":"a","institutionUserId":"u","institutionId":"1","accountNumber":"9","category":"X","type":{"value":"V"}}"#;
        assert!(agree(&format!(r#"{{"accounts":[{minimal}]}}"#)));
        assert!(agree(&format!(
            r#"{{"accounts":[{minimal},{minimal}],"totalGroupCount":7}}"#
        )));
        let with_nulls = r#"{"id":"a","institutionUserId":"u","institutionId":"1","accountNumber":"9","category":"X","type":{"value":"V","description":null},"nickName":null,"currentBalance":null,"status":null,"maturityDate":null,"interestRate":null,"term":null}"#;
        assert!(agree(&format!(r#"{{"accounts":[{with_nulls}]}}"#)));
        // Raw JSON fields: objects are written with sorted keys, numbers a double cannot hold
        // as text, as the models write them.
        for raw in [
            r#"{"termType":"MONTHS","duration":48}"#,
            "1.5",
            "9007199254740993",
            "0.12345678901234567",
            r#"[1, {"b": 2, "a": [1e400]}]"#,
            r#""36 months""#,
            "-12",
        ] {
            let account = minimal.replace(r#""type":{"value":"V"}"#, &format!(r#""type":{{"value":"V","fiAccountType":{raw}}},"term":{raw},"additionalInfo":{raw}"#));
            assert!(agree(&format!(r#"{{"accounts":[{account}]}}"#)), "{raw}");
        }
    }

    #[test]
    fn anything_unusual_is_left_to_the_models() {
        let base = r#""id":"a","institutionUserId":"u","institutionId":"1","accountNumber":"9","category":"X","type":{"value":"V"}"#;
        for odd in [
            r#""ownershipType":"JOINT""#,             // unknown field
            r#""currentBalance":{"amount":1,"x":2}"#, // unknown nested field
            r#""currentBalance":{"amount":1e3}"#,     // exponent
            r#""currentBalance":{"amount":"1.5"}"#,   // amount as text
            r#""id":"b""#,                            // duplicate
            r#""maturityDate":"2026-02-30""#,         // no such day
            r#""maturityDate":"2026-2-3""#,           // not YYYY-MM-DD
            r#""status":{"open":"yes"}"#,             // wrong type
            r#""nickName":5"#,                        // wrong type
            r#""\u0069d2":"x""#,                      // escaped key
        ] {
            let json = format!(r#"{{"accounts":[{{{base},{odd}}}]}}"#);
            assert!(!agree(&json), "{odd} should be left to the models");
        }
        for broken in [
            r#"{"accounts":[{"id":"a"}]}"#,
            r#"{"accounts":null}"#,
            r#"{"accounts":[1]}"#,
            r#"{"accounts":[]} x"#,
            r#"{"accounts":[],}"#,
            r#"[]"#,
            r#"{"totalGroupCount":-1}"#,
        ] {
            assert_eq!(both(broken).0, None, "{broken}");
        }
    }

    #[test]
    fn parts_and_the_rest_make_the_whole_list() {
        let accounts: Vec<String> = (0..25)
            .map(|i| FULL.replace(r#""id": "a1""#, &format!(r#""id": "a{i}""#)))
            .collect();
        let json = format!(
            r#"{{"totalGroupCount":3,"accounts":[{}]}}"#,
            accounts.join(",")
        );
        let whole: serde_json::Value =
            serde_json::from_slice(&account_list(&json).unwrap()).unwrap();
        for part_bytes in [1, 3000, 10_000, 1 << 20] {
            let mut parts = Vec::new();
            let rest = account_list_in_parts(&json, part_bytes, &mut |p| parts.push(p)).unwrap();
            let mut rest: serde_json::Value = serde_json::from_slice(&rest).unwrap();
            let mut all = Vec::new();
            for part in &parts {
                let part: serde_json::Value = serde_json::from_slice(part).unwrap();
                all.extend(part.as_array().unwrap().iter().cloned());
            }
            all.extend(rest["accounts"].as_array().unwrap().iter().cloned());
            rest["accounts"] = serde_json::Value::Array(all);
            assert_eq!(rest, whole, "parts of {part_bytes} bytes");
        }
    }

    #[test]
    fn amounts_are_written_as_the_models_write_them() {
        let base = r#""id":"a","institutionUserId":"u","institutionId":"1","accountNumber":"9","category":"X","type":{"value":"V"}"#;
        for amount in [
            "0",
            "-0",
            "-0.00",
            "1.10",
            "100",
            "-7",
            "0.000001",
            "18446744073709551616",
            "79228162514264337593543950335",
            "1.2345678901234567890123456789",
        ] {
            let json =
                format!(r#"{{"accounts":[{{{base},"currentBalance":{{"amount":{amount}}}}}]}}"#);
            let (fast, slow) = both(&json);
            if fast.is_some() {
                assert_eq!(fast, slow, "{amount}");
            }
        }
    }
}
