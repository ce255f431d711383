//! Reads typed values out of [`Args`], one named argument at a time.

use std::time::Duration;

use chrono::NaiveDate;

use super::{suggest, Args, Naming, TimeUnit, Value};
use crate::{Error, ErrorKind, Result, SecretString};

/// The arguments of one call (or of a client's constructor), being read.
pub(crate) struct Reader {
    args: Args,
    naming: Naming,
    kind: ErrorKind,
}

impl Reader {
    /// Refuses names that are not in `known` (snake case) up front, suggesting the closest
    /// one; `hints` explain names that exist elsewhere (`filter` on `accounts.get`).
    pub(crate) fn new(
        args: Args,
        naming: Naming,
        kind: ErrorKind,
        what: &str,
        known: &[&str],
        hints: &[(&str, &str)],
    ) -> Result<Reader> {
        for (i, (name, _)) in args.iter().enumerate() {
            if args[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::new(kind, format!("{name} is given twice")));
            }
            if known.iter().any(|k| naming.spell(k) == name.as_str()) {
                continue;
            }
            if let Some((_, hint)) = hints.iter().find(|(n, _)| naming.spell(n) == name.as_str()) {
                return Err(Error::new(
                    kind,
                    format!("{name} is not accepted by {what}: {hint}"),
                ));
            }
            let noun = match kind {
                ErrorKind::Configuration => "option",
                _ => "parameter",
            };
            let spelt: Vec<String> = known.iter().map(|k| naming.spell(k).into_owned()).collect();
            let message = match suggest::closest(name, spelt.iter().map(String::as_str)) {
                Some(close) => format!("unknown {what} {noun} {name:?}: did you mean {close:?}?"),
                None => format!(
                    "unknown {what} {noun} {name:?}: the {noun}s are {}",
                    spelt.join(", ")
                ),
            };
            return Err(Error::new(kind, message));
        }
        Ok(Reader { args, naming, kind })
    }

    pub(crate) fn naming(&self) -> Naming {
        self.naming
    }

    /// The value of `name` (snake case) with the name as the caller spelt it, `None` if
    /// absent or null.
    pub(crate) fn take(&mut self, name: &str) -> Option<(String, Value)> {
        let spelt = self.naming.spell(name);
        let i = self.args.iter().position(|(n, _)| *n == spelt)?;
        let (n, v) = self.args.swap_remove(i);
        (v != Value::Null).then_some((n, v))
    }

    pub(crate) fn wrong_type(&self, name: &str, expected: &str, got: &Value) -> Error {
        Error::new(
            self.kind,
            format!(
                "{name} must be {expected}, not {}",
                got.type_name(self.naming)
            ),
        )
    }

    pub(crate) fn error(&self, message: String) -> Error {
        Error::new(self.kind, message)
    }

    pub(crate) fn string(&mut self, name: &str) -> Result<Option<String>> {
        match self.take(name) {
            None => Ok(None),
            Some((_, Value::Str(s))) => Ok(Some(s)),
            Some((n, v)) => Err(self.wrong_type(&n, "a string", &v)),
        }
    }

    /// A string, or `false` for "off" (as axios's `proxy: false`), which reads as `"none"`.
    pub(crate) fn string_or_off(&mut self, name: &str) -> Result<Option<String>> {
        match self.take(name) {
            None => Ok(None),
            Some((_, Value::Str(s))) => Ok(Some(s)),
            Some((_, Value::Bool(false))) => Ok(Some("none".to_owned())),
            Some((n, v)) => Err(self.wrong_type(&n, "a string or false", &v)),
        }
    }

    /// Like [`string`](Self::string); the message of a wrong type never shows the value.
    pub(crate) fn secret(&mut self, name: &str) -> Result<Option<SecretString>> {
        match self.take(name) {
            None => Ok(None),
            Some((_, Value::Str(s))) => Ok(Some(SecretString::new(s))),
            Some((n, v)) => Err(self.wrong_type(&n, "a string", &v)),
        }
    }

    pub(crate) fn bool(&mut self, name: &str) -> Result<Option<bool>> {
        match self.take(name) {
            None => Ok(None),
            Some((_, Value::Bool(b))) => Ok(Some(b)),
            Some((n, v)) => Err(self.wrong_type(&n, "true or false", &v)),
        }
    }

    /// A whole number in `min..=max`: no fraction, no sign flip, no wrap-around.
    pub(crate) fn count(&mut self, name: &str, min: u64, max: u64) -> Result<Option<u64>> {
        let Some((n, v)) = self.take(name) else {
            return Ok(None);
        };
        let number: i128 = match v {
            Value::Int(i) => i.into(),
            Value::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e30 => f as i128,
            Value::Float(f) => {
                return Err(self.error(format!("{n} must be a whole number, not {}", self.show(f))))
            }
            Value::BigInt => {
                return Err(self.error(format!("{n} must be at most {max}, not a larger number")))
            }
            other => return Err(self.wrong_type(&n, "a whole number", &other)),
        };
        if number < i128::from(min) {
            return Err(self.error(format!("{n} must be {min} or more, not {number}")));
        }
        if number > i128::from(max) {
            return Err(self.error(format!("{n} must be at most {max}, not {number}")));
        }
        Ok(Some(number as u64))
    }

    /// A positive duration in the caller's unit. With `guard`, a value that is almost surely
    /// the other unit (more than an hour of seconds, less than 50 milliseconds) is refused.
    pub(crate) fn duration(
        &mut self,
        name: &str,
        unit: TimeUnit,
        guard: bool,
    ) -> Result<Option<Duration>> {
        let Some((n, v)) = self.take(name) else {
            return Ok(None);
        };
        let (number, word) = match (&v, unit) {
            (Value::Int(i), _) => (*i as f64, unit_word(unit)),
            (Value::Float(f), _) => (*f, unit_word(unit)),
            _ => return Err(self.wrong_type(&n, &format!("a number of {}", unit_word(unit)), &v)),
        };
        if !number.is_finite() || number <= 0.0 {
            return Err(self.error(format!(
                "{n} must be a positive number of {word}, not {}",
                self.show(number)
            )));
        }
        if guard {
            match unit {
                TimeUnit::Seconds if number > 3600.0 => {
                    return Err(Error::configuration(format!(
                        "{n} is in seconds: {} s is more than an hour, almost surely milliseconds \
                         by mistake (for 30 seconds pass 30)",
                        self.show(number)
                    )))
                }
                TimeUnit::Milliseconds if number < 50.0 => {
                    return Err(Error::configuration(format!(
                        "{n} is in milliseconds: {} ms is almost surely seconds by mistake \
                         (for 30 seconds pass 30000)",
                        self.show(number)
                    )))
                }
                _ => {}
            }
        }
        let seconds = match unit {
            TimeUnit::Seconds => number,
            TimeUnit::Milliseconds => number / 1000.0,
        };
        Duration::try_from_secs_f64(seconds)
            .map(Some)
            .map_err(|_| self.error(format!("{n} is too large: {} {word}", self.show(number))))
    }

    /// One string or a list of them.
    pub(crate) fn strings(&mut self, name: &str) -> Result<Option<Vec<String>>> {
        let expected = "a string or a list of strings";
        match self.take(name) {
            None => Ok(None),
            Some((_, Value::Str(s))) => Ok(Some(vec![s])),
            Some((n, Value::List(items))) => items
                .into_iter()
                .map(|item| match item {
                    Value::Str(s) => Ok(s),
                    other => Err(self.error(format!(
                        "{n} must be {expected}, not a list holding {}",
                        other.type_name(self.naming)
                    ))),
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            Some((n, v)) => Err(self.wrong_type(&n, expected, &v)),
        }
    }

    /// A map of names to strings, e.g. routes.
    pub(crate) fn string_map(&mut self, name: &str) -> Result<Option<Vec<(String, String)>>> {
        let expected = match self.naming {
            Naming::Snake => "a dict of strings",
            Naming::Camel => "an object of strings",
        };
        match self.take(name) {
            None => Ok(None),
            Some((n, Value::Map(entries))) => entries
                .into_iter()
                .filter(|(_, v)| *v != Value::Null)
                .map(|(k, v)| match v {
                    Value::Str(s) => Ok((k, s)),
                    other => Err(self.wrong_type(&format!("{n}.{k}"), "a string", &other)),
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            Some((n, v)) => Err(self.wrong_type(&n, expected, &v)),
        }
    }

    /// A date, or its text as `YYYY-MM-DD`.
    pub(crate) fn date(&mut self, name: &str) -> Result<Option<NaiveDate>> {
        match self.take(name) {
            None => Ok(None),
            Some((_, Value::Date(d))) => Ok(Some(d)),
            Some((n, Value::Str(s))) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map(Some)
                .map_err(|_| self.error(format!("{n} must be a date as 'YYYY-MM-DD', not {s:?}"))),
            Some((n, v)) => {
                let expected = match self.naming {
                    Naming::Snake => "a datetime.date or a 'YYYY-MM-DD' string",
                    Naming::Camel => "a 'YYYY-MM-DD' string",
                };
                Err(self.wrong_type(&n, expected, &v))
            }
        }
    }

    pub(crate) fn show(&self, number: f64) -> String {
        match (self.naming, number) {
            (Naming::Camel, n) if n.is_nan() => "NaN".into(),
            (Naming::Camel, n) if n.is_infinite() => {
                if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
            }
            (Naming::Snake, n) if n.is_nan() => "nan".into(),
            (_, n) => n.to_string(),
        }
    }
}

fn unit_word(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Seconds => "seconds",
        TimeUnit::Milliseconds => "milliseconds",
    }
}
