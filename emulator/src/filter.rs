//! The OData `$filter` subset the Candescent API documents.
//!
//! Grammar (keywords and function names are case-insensitive, fields are not):
//!
//! ```text
//! or      := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | primary
//! primary := "(" or ")" | "true" | "false"
//!          | boolfn "(" operand "," operand ")" [("eq"|"ne") ("true"|"false")]
//!          | operand cmp operand
//! operand := 'string' | number | "null" | field | strfn "(" operand ")"
//! cmp     := eq | ne | gt | ge | lt | le
//! boolfn  := contains | startswith | endswith
//! strfn   := tolower | toupper | trim
//! ```
//!
//! Strings are single-quoted; a quote inside is doubled (`'O''Brien'`).
//! Everything is checked while parsing (unknown fields, type mistakes such as
//! `name and id`), so evaluation cannot fail.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

/// Why a filter was refused; the message is meant for the API caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// What is wrong, and where (byte offset) when that helps.
    pub message: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FilterError {}

fn err<T>(message: impl Into<String>) -> Result<T, FilterError> {
    Err(FilterError {
        message: message.into(),
    })
}

/// Gives a filter the values of a record's fields (canonical names).
pub(crate) trait Fields {
    fn field(&self, name: &str) -> Option<Cow<'_, str>>;
}

/// A filterable field: the name callers may write and the canonical name it means.
pub(crate) type FieldAlias = (&'static str, &'static str);

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    LParen,
    RParen,
    Comma,
}

fn tokenize(input: &str) -> Result<Vec<(Tok, usize)>, FilterError> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(pos, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                out.push((
                    match c {
                        '(' => Tok::LParen,
                        ')' => Tok::RParen,
                        _ => Tok::Comma,
                    },
                    pos,
                ));
            }
            '\'' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        None => return err(format!("unterminated string starting at {pos}")),
                        Some((_, '\'')) => {
                            if matches!(chars.peek(), Some((_, '\''))) {
                                chars.next();
                                text.push('\'');
                            } else {
                                break;
                            }
                        }
                        Some((_, ch)) => text.push(ch),
                    }
                }
                out.push((Tok::Str(text), pos));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut text = String::new();
                text.push(c);
                chars.next();
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_ascii_digit() || d == '.' {
                        text.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let digits = text.strip_prefix('-').unwrap_or(&text);
                let all_digits = |p: &str| !p.is_empty() && p.chars().all(|d| d.is_ascii_digit());
                let valid = match digits.split_once('.') {
                    None => all_digits(digits),
                    Some((i, f)) => all_digits(i) && all_digits(f),
                };
                if !valid {
                    return err(format!("invalid number {text:?} at {pos}"));
                }
                out.push((Tok::Num(text), pos));
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let mut text = String::new();
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '/' || d == '$' {
                        text.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push((Tok::Ident(text), pos));
            }
            other => return err(format!("unexpected character {other:?} at {pos}")),
        }
    }
    Ok(out)
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoolFn {
    Contains,
    /// The transactions service's `contains`: case-insensitive.
    ContainsIgnoreCase,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrFn {
    ToLower,
    ToUpper,
    Trim,
}

/// A string-valued term; `Lit(None)` is `null`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Field(&'static str),
    Lit(Option<String>),
    Call(StrFn, Box<Operand>),
}

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Const(bool),
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp(CmpOp, Operand, Operand),
    Call(BoolFn, Operand, Operand),
}

const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
    fields: &'a [FieldAlias],
    depth: usize,
}

fn keyword(tok: Option<&Tok>, word: &str) -> bool {
    matches!(tok, Some(Tok::Ident(s)) if s.eq_ignore_ascii_case(word))
}

fn cmp_op(tok: Option<&Tok>) -> Option<CmpOp> {
    let Some(Tok::Ident(s)) = tok else {
        return None;
    };
    Some(match s.to_ascii_lowercase().as_str() {
        "eq" => CmpOp::Eq,
        "ne" => CmpOp::Ne,
        "gt" => CmpOp::Gt,
        "ge" => CmpOp::Ge,
        "lt" => CmpOp::Lt,
        "le" => CmpOp::Le,
        _ => return None,
    })
}

const RESERVED: [&str; 9] = ["and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le"];

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.pos + n).map(|(t, _)| t)
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(_, p)| *p)
    }

    fn bump(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|(t, _)| t.clone());
        self.pos += 1;
        t
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<(), FilterError> {
        let at = self.here();
        match self.bump() {
            Some(t) if t == want => Ok(()),
            Some(_) => err(format!("expected {what} at {at}")),
            None => err(format!("expected {what} at end of filter")),
        }
    }

    fn enter(&mut self) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err("filter is nested too deeply");
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut left = self.and()?;
        while keyword(self.peek(), "or") {
            self.bump();
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut left = self.unary()?;
        while keyword(self.peek(), "and") {
            self.bump();
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        if keyword(self.peek(), "not") {
            self.bump();
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, FilterError> {
        if self.peek() == Some(&Tok::LParen) {
            self.bump();
            self.enter()?;
            let inner = self.or()?;
            self.depth -= 1;
            self.expect(Tok::RParen, "')'")?;
            return Ok(inner);
        }
        if keyword(self.peek(), "true") || keyword(self.peek(), "false") {
            let value = keyword(self.peek(), "true");
            self.bump();
            return Ok(Expr::Const(value));
        }
        if let (Some(Tok::Ident(name)), Some(Tok::LParen)) = (self.peek(), self.peek_at(1)) {
            let f = match name.to_ascii_lowercase().as_str() {
                "contains" => Some(BoolFn::Contains),
                "startswith" => Some(BoolFn::StartsWith),
                "endswith" => Some(BoolFn::EndsWith),
                _ => None,
            };
            if let Some(f) = f {
                self.bump();
                self.bump();
                let a = self.operand()?;
                self.expect(Tok::Comma, "','")?;
                let b = self.operand()?;
                self.expect(Tok::RParen, "')'")?;
                let call = Expr::Call(f, a, b);
                // `contains(name,'x') eq true` is valid OData too.
                if let Some(op @ (CmpOp::Eq | CmpOp::Ne)) = cmp_op(self.peek()) {
                    self.bump();
                    let at = self.here();
                    let want = if keyword(self.peek(), "true") {
                        true
                    } else if keyword(self.peek(), "false") {
                        false
                    } else {
                        return err(format!("expected true or false at {at}"));
                    };
                    self.bump();
                    let call = if want {
                        call
                    } else {
                        Expr::Not(Box::new(call))
                    };
                    return Ok(if op == CmpOp::Eq {
                        call
                    } else {
                        Expr::Not(Box::new(call))
                    });
                }
                return Ok(call);
            }
        }
        let left = self.operand()?;
        let at = self.here();
        let Some(op) = cmp_op(self.peek()) else {
            return match self.peek() {
                None => {
                    err("expected a comparison operator (eq, ne, gt, ge, lt, le) at end of filter")
                }
                Some(_) => err(format!(
                    "expected a comparison operator (eq, ne, gt, ge, lt, le) at {at}"
                )),
            };
        };
        self.bump();
        let right = self.operand()?;
        Ok(Expr::Cmp(op, left, right))
    }

    fn operand(&mut self) -> Result<Operand, FilterError> {
        let at = self.here();
        match self.bump() {
            None => err("expected a value at end of filter"),
            Some(Tok::Str(s)) => Ok(Operand::Lit(Some(s))),
            Some(Tok::Num(n)) => Ok(Operand::Lit(Some(n))),
            Some(Tok::Ident(name)) => {
                if self.peek() == Some(&Tok::LParen) {
                    let f = match name.to_ascii_lowercase().as_str() {
                        "tolower" => StrFn::ToLower,
                        "toupper" => StrFn::ToUpper,
                        "trim" => StrFn::Trim,
                        "contains" | "startswith" | "endswith" => {
                            return err(format!("{name}() is a condition, not a value (at {at})"))
                        }
                        _ => return err(format!("unknown function {name:?} at {at}")),
                    };
                    self.bump();
                    self.enter()?;
                    let inner = self.operand()?;
                    self.depth -= 1;
                    self.expect(Tok::RParen, "')'")?;
                    return Ok(Operand::Call(f, Box::new(inner)));
                }
                if name.eq_ignore_ascii_case("null") {
                    return Ok(Operand::Lit(None));
                }
                if RESERVED.iter().any(|k| name.eq_ignore_ascii_case(k)) {
                    return err(format!("expected a value at {at}, found {name:?}"));
                }
                match self.fields.iter().find(|(alias, _)| *alias == name) {
                    Some((_, canonical)) => Ok(Operand::Field(canonical)),
                    None => {
                        let known: Vec<&str> = self.fields.iter().map(|(a, _)| *a).collect();
                        err(format!(
                            "unknown field {name:?} at {at}; filterable fields are: {}",
                            known.join(", ")
                        ))
                    }
                }
            }
            Some(_) => err(format!("expected a value at {at}")),
        }
    }
}

/// Parses `input`, accepting only the given fields.
pub(crate) fn parse(input: &str, fields: &[FieldAlias]) -> Result<Expr, FilterError> {
    let toks = tokenize(input)?;
    if toks.is_empty() {
        return err("filter is empty");
    }
    let mut parser = Parser {
        toks,
        pos: 0,
        end: input.len(),
        fields,
        depth: 0,
    };
    let expr = parser.or()?;
    if parser.pos < parser.toks.len() {
        return err(format!("unexpected input at {}", parser.here()));
    }
    Ok(expr)
}

/// Like [`parse`], with `contains` matching case-insensitively (the transactions service's rule).
pub(crate) fn parse_case_insensitive(
    input: &str,
    fields: &[FieldAlias],
) -> Result<Expr, FilterError> {
    fn relax(e: Expr) -> Expr {
        match e {
            Expr::Call(BoolFn::Contains, a, b) => Expr::Call(BoolFn::ContainsIgnoreCase, a, b),
            Expr::Or(a, b) => Expr::Or(Box::new(relax(*a)), Box::new(relax(*b))),
            Expr::And(a, b) => Expr::And(Box::new(relax(*a)), Box::new(relax(*b))),
            Expr::Not(a) => Expr::Not(Box::new(relax(*a))),
            other => other,
        }
    }
    parse(input, fields).map(relax)
}

fn value<'a>(op: &'a Operand, record: &'a dyn Fields) -> Option<Cow<'a, str>> {
    match op {
        Operand::Field(name) => record.field(name),
        Operand::Lit(v) => v.as_deref().map(Cow::Borrowed),
        Operand::Call(f, inner) => {
            let v = value(inner, record)?;
            Some(Cow::Owned(match f {
                StrFn::ToLower => v.to_lowercase(),
                StrFn::ToUpper => v.to_uppercase(),
                StrFn::Trim => v.trim().to_owned(),
            }))
        }
    }
}

fn compare(a: &str, b: &str) -> Ordering {
    // Numbers compare by value so that `10` sorts after `9`.
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) if x.is_finite() && y.is_finite() => {
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        _ => a.cmp(b),
    }
}

impl Expr {
    /// Whether `record` satisfies the filter.
    pub(crate) fn matches(&self, record: &dyn Fields) -> bool {
        match self {
            Expr::Const(b) => *b,
            Expr::Or(a, b) => a.matches(record) || b.matches(record),
            Expr::And(a, b) => a.matches(record) && b.matches(record),
            Expr::Not(a) => !a.matches(record),
            Expr::Call(f, a, b) => match (value(a, record), value(b, record)) {
                (Some(a), Some(b)) => match f {
                    BoolFn::Contains => a.contains(&*b),
                    BoolFn::ContainsIgnoreCase => a.to_lowercase().contains(&b.to_lowercase()),
                    BoolFn::StartsWith => a.starts_with(&*b),
                    BoolFn::EndsWith => a.ends_with(&*b),
                },
                _ => false,
            },
            Expr::Cmp(op, a, b) => {
                let (a, b) = (value(a, record), value(b, record));
                match op {
                    CmpOp::Eq => a == b,
                    CmpOp::Ne => a != b,
                    _ => match (a, b) {
                        (Some(a), Some(b)) => {
                            let ord = compare(&a, &b);
                            match op {
                                CmpOp::Gt => ord == Ordering::Greater,
                                CmpOp::Ge => ord != Ordering::Less,
                                CmpOp::Lt => ord == Ordering::Less,
                                _ => ord != Ordering::Greater,
                            }
                        }
                        _ => false,
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const FIELDS: &[FieldAlias] = &[
        ("id", "id"),
        ("name", "nickName"),
        ("nickName", "nickName"),
        ("category", "category"),
        ("type", "type"),
    ];

    struct Rec(HashMap<&'static str, &'static str>);
    impl Fields for Rec {
        fn field(&self, name: &str) -> Option<Cow<'_, str>> {
            self.0.get(name).map(|v| Cow::Borrowed(*v))
        }
    }

    fn rec(pairs: &[(&'static str, &'static str)]) -> Rec {
        Rec(pairs.iter().copied().collect())
    }

    fn eval(filter: &str, r: &Rec) -> bool {
        parse(filter, FIELDS).unwrap().matches(r)
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let r = rec(&[("id", "1"), ("category", "LOAN"), ("type", "CHECKING")]);
        // true or (false and false) == true; (true or false) and false would be false.
        assert!(eval(
            "id eq '1' or category eq 'DEPOSIT' and type eq 'SAVINGS'",
            &r
        ));
        assert!(!eval(
            "(id eq '1' or category eq 'DEPOSIT') and type eq 'SAVINGS'",
            &r
        ));
        assert!(eval("not category eq 'DEPOSIT' and id eq '1'", &r));
        assert!(!eval("not (category eq 'LOAN' or id eq '2')", &r));
    }

    #[test]
    fn doubled_quote_is_an_escaped_quote() {
        let r = rec(&[("nickName", "O'Brien Savings")]);
        assert!(eval("contains(name,'O''Brien')", &r));
        assert!(eval("nickName eq 'O''Brien Savings'", &r));
        assert!(!eval("name eq 'O'", &r));
        assert_eq!(tokenize("'a''b'").unwrap()[0].0, Tok::Str("a'b".into()));
        assert_eq!(tokenize("''''").unwrap()[0].0, Tok::Str("'".into()));
    }

    #[test]
    fn non_ascii_strings_work() {
        let r = rec(&[("nickName", "Café Account")]);
        assert!(eval("contains(name,'Café')", &r));
        assert!(eval("contains(tolower(name),'café')", &r));
        assert!(eval("toupper(name) eq 'CAFÉ ACCOUNT'", &r));
    }

    #[test]
    fn functions_and_comparisons() {
        let r = rec(&[("nickName", "Business Checking"), ("id", "b")]);
        assert!(eval("contains(tolower(name), 'checking')", &r));
        assert!(eval("startswith(name,'Bus') and endswith(name,'ing')", &r));
        assert!(eval("contains(name,'Bus') eq true", &r));
        assert!(eval("contains(name,'xyz') eq false", &r));
        assert!(eval(
            "id gt 'a' and id ge 'b' and id lt 'c' and id le 'b' and id ne 'a'",
            &r
        ));
        assert!(eval("category eq null", &r));
        assert!(!eval("category gt 'A'", &r));
        assert!(eval("id EQ 'b' AND true", &r));
    }

    #[test]
    fn numbers_compare_by_value() {
        let r = rec(&[("id", "10")]);
        assert!(eval("id gt 9", &r));
        assert!(eval("id eq '10'", &r));
    }

    #[test]
    fn errors_are_reported() {
        for bad in [
            "",
            "   ",
            "name eq 'x",
            "name eq",
            "eq 'x'",
            "name 'x'",
            "unknownField eq 'x'",
            "balance gt 5",
            "name eq 'x' and",
            "name eq 'x' extra",
            "(name eq 'x'",
            "name eq 'x')",
            "contains(name)",
            "contains(name,'a'",
            "frobnicate(name) eq 'x'",
            "name eq 'a' or or name eq 'b'",
            "name and id",
            "name eq 1.2.3",
            "name eq #",
            "tolower(contains(name,'a')) eq 'x'",
            "contains(name,'a') eq 'x'",
        ] {
            assert!(parse(bad, FIELDS).is_err(), "{bad:?} should not parse");
        }
        let e = parse("unknownField eq 'x'", FIELDS).unwrap_err();
        assert!(e.message.contains("unknownField"), "{e}");
        assert!(e.message.contains("nickName"), "{e}");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}id eq 'x'{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep, FIELDS).is_err());
        let nots = format!("{}id eq 'x'", "not ".repeat(10_000));
        assert!(parse(&nots, FIELDS).is_err());
        let ok = format!("{}id eq 'x'{}", "(".repeat(10), ")".repeat(10));
        assert!(parse(&ok, FIELDS).is_ok());
    }
}
