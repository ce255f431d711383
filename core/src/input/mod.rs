//! Arguments as another language holds them: the one place where loosely typed values from
//! Python or JavaScript become the core's typed settings and parameters.
//!
//! A binding turns each argument into a [`Value`] (a tag per native type, nothing more) and
//! hands the list to [`ClientOptions::from_args`](crate::ClientOptions::from_args),
//! [`ListAccounts::from_args`](crate::ListAccounts::from_args) and the like. Names, types,
//! ranges and units are checked here, once, with messages that spell every name the way the
//! caller wrote it ([`Naming`]).
//!
//! ```
//! use candescent::input::{Dialect, Value};
//! use candescent::ClientOptions;
//! let args = vec![
//!     ("clientId".to_owned(), Value::Str("id".into())),
//!     ("timeout".to_owned(), Value::Float(30.0)),
//! ];
//! let err = ClientOptions::from_args(args, Dialect::NODE).unwrap_err();
//! assert!(err.message().contains("milliseconds"), "{}", err.message());
//! ```

mod reader;
mod suggest;

use std::borrow::Cow;

use chrono::NaiveDate;

pub(crate) use reader::Reader;
pub(crate) use suggest::closest as closest_name;

/// One argument value, as a binding received it.
#[derive(Clone, PartialEq)]
pub enum Value {
    /// `None`, `null` or `undefined`: the argument was not given.
    Null,
    /// `True`/`False`, `true`/`false`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// An integer too large for 64 bits (Python's `2**64`).
    BigInt,
    /// A floating-point number (every JavaScript number).
    Float(f64),
    /// A string.
    Str(String),
    /// A list, tuple or array.
    List(Vec<Value>),
    /// A dict or plain object, in its order.
    Map(Vec<(String, Value)>),
    /// A calendar date (Python's `datetime.date`).
    Date(NaiveDate),
    /// An exact decimal's text (Python's `decimal.Decimal`).
    Decimal(String),
    /// Bytes (Python's `bytes`, Node's `Buffer`): a file's content.
    Bytes(Vec<u8>),
    /// Any other value, by the name of its type in the caller's language (`datetime`,
    /// `Buffer`, `bigint`, ...). Its content never reaches the core, so it cannot leak.
    Other(String),
}

// Values can be secrets: Debug names the type only.
impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.type_name(Naming::Snake).as_ref())
    }
}

/// Arguments by name, in the caller's spelling.
pub type Args = Vec<(String, Value)>;

/// How the caller spells names: `client_id` or `clientId`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Naming {
    /// `client_id`: Rust and Python.
    #[default]
    Snake,
    /// `clientId`: JavaScript.
    Camel,
}

impl Naming {
    /// `name` (given in snake case) in this spelling.
    ///
    /// ```
    /// use candescent::input::Naming;
    /// assert_eq!(Naming::Camel.spell("host_user_id"), "hostUserId");
    /// assert_eq!(Naming::Snake.spell("host_user_id"), "host_user_id");
    /// ```
    pub fn spell(self, name: &str) -> Cow<'_, str> {
        match self {
            Naming::Snake => Cow::Borrowed(name),
            Naming::Camel if !name.contains('_') => Cow::Borrowed(name),
            Naming::Camel => {
                let mut out = String::with_capacity(name.len());
                let mut upper = false;
                for c in name.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        out.extend(c.to_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                Cow::Owned(out)
            }
        }
    }

    fn null(self) -> &'static str {
        match self {
            Naming::Snake => "None",
            Naming::Camel => "null",
        }
    }
}

/// The unit a caller gives durations in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// Seconds, as Python's `timeout=30.0`.
    Seconds,
    /// Milliseconds, as Node's `timeout: 30_000`.
    Milliseconds,
}

/// How one language writes arguments: its naming and its unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dialect {
    /// Spelling of names, in arguments and in messages.
    pub naming: Naming,
    /// Unit of `timeout`, `connect_timeout` and `deadline`.
    pub time_unit: TimeUnit,
    /// Constructor options the binding handles itself (Node's `logger`): never handed to the
    /// core, but known, so that a misspelling of one is answered with the right suggestion.
    pub own_options: &'static [&'static str],
}

impl Dialect {
    /// Python: `client_id=`, seconds.
    pub const PYTHON: Dialect = Dialect {
        naming: Naming::Snake,
        time_unit: TimeUnit::Seconds,
        own_options: &[],
    };
    /// Node: `clientId`, milliseconds.
    pub const NODE: Dialect = Dialect {
        naming: Naming::Camel,
        time_unit: TimeUnit::Milliseconds,
        own_options: &["logger"],
    };
}

impl Value {
    /// A JSON value as an argument: integers that fit in 64 bits as [`Value::Int`], other
    /// numbers as their exact text ([`Value::Decimal`]).
    ///
    /// ```
    /// use candescent::input::Value;
    /// let v: serde_json::Value = serde_json::from_str(r#"{"amount": 12.10, "n": 3}"#).unwrap();
    /// let Value::Map(fields) = Value::from_json(v) else { panic!() };
    /// assert!(fields.contains(&("amount".into(), Value::Decimal("12.10".into()))));
    /// assert!(fields.contains(&("n".into(), Value::Int(3))));
    /// ```
    pub fn from_json(json: serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Decimal(n.to_string()),
            },
            serde_json::Value::String(s) => Value::Str(s),
            serde_json::Value::Array(items) => {
                Value::List(items.into_iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Map(
                map.into_iter()
                    .map(|(k, v)| (k, Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// What the caller gave, in words of its language, never the value itself.
    pub(crate) fn type_name(&self, naming: Naming) -> Cow<'static, str> {
        let camel = naming == Naming::Camel;
        Cow::Borrowed(match self {
            Value::Null => naming.null(),
            Value::Bool(_) if camel => "a boolean",
            Value::Bool(_) => "a bool",
            Value::Int(_) | Value::BigInt | Value::Float(_) if camel => "a number",
            Value::Int(_) | Value::BigInt => "an int",
            Value::Float(_) => "a float",
            Value::Str(_) => "a string",
            Value::List(_) if camel => "an array",
            Value::List(_) => "a list",
            Value::Map(_) if camel => "an object",
            Value::Map(_) => "a dict",
            Value::Date(_) => "a date",
            Value::Decimal(_) => "a Decimal",
            Value::Bytes(_) if camel => "a Buffer",
            Value::Bytes(_) => "bytes",
            Value::Other(name) => return Cow::Owned(format!("a {name}")),
        })
    }
}

/// Refuses a name of `given` that is not in `known` (snake case), suggesting the closest one,
/// as every option and parameter reader does: for calls whose arguments a binding reads
/// itself (`request()`'s `query`, `json`, ...).
///
/// ```
/// use candescent::input::{refuse_unknown, Naming};
/// let err = refuse_unknown(["jsn"], &["json", "query"], Naming::Snake, "request()").unwrap_err();
/// assert!(err.message().contains("did you mean \"json\""), "{}", err.message());
/// ```
pub fn refuse_unknown<'a>(
    given: impl IntoIterator<Item = &'a str>,
    known: &[&str],
    naming: Naming,
    what: &str,
) -> crate::Result<()> {
    let args = given
        .into_iter()
        .map(|name| (name.to_owned(), Value::Null))
        .collect();
    Reader::new(args, naming, crate::ErrorKind::Validation, what, known, &[]).map(drop)
}

/// A required string given on its own, such as the account id of `accounts.get`: a wrong
/// type or a missing value is a validation error naming the parameter.
///
/// ```
/// use candescent::input::{required_string, Naming, Value};
/// let err = required_string("account_id", Value::Int(7), Naming::Camel).unwrap_err();
/// assert_eq!(err.message(), "accountId must be a string, not a number");
/// ```
pub fn required_string(name: &str, value: Value, naming: Naming) -> crate::Result<String> {
    let spelt = naming.spell(name).into_owned();
    let mut r = Reader::new(
        vec![(spelt.clone(), value)],
        naming,
        crate::ErrorKind::Validation,
        "this call",
        &[name],
        &[],
    )?;
    r.string(name)?
        .ok_or_else(|| crate::Error::validation(format!("{spelt} is required")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case() {
        assert_eq!(
            Naming::Camel.spell("retrieve_future_transactions"),
            "retrieveFutureTransactions"
        );
        assert_eq!(Naming::Camel.spell("timeout"), "timeout");
    }

    #[test]
    fn debug_hides_values() {
        assert_eq!(format!("{:?}", Value::Str("s3cr3t".into())), "a string");
    }
}
