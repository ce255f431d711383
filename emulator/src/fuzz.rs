//! Property tests of the `$filter` parser, the decoder of caller bytes in the emulator: no input
//! panics, every filter written by the grammar is accepted, and an accepted filter printed back
//! parses to the same expression. `PROPTEST_CASES` sets the number of cases (`make fuzz` runs a
//! million).

use proptest::prelude::*;

use crate::data::ACCOUNT_FILTER_FIELDS;
use crate::filter::{parse, BoolFn, CmpOp, Expr, Operand, StrFn};

/// Prints an expression in the syntax the parser reads, fully parenthesised.
fn render(e: &Expr) -> String {
    match e {
        Expr::Const(b) => b.to_string(),
        Expr::Or(a, b) => format!("({} or {})", render(a), render(b)),
        Expr::And(a, b) => format!("({} and {})", render(a), render(b)),
        Expr::Not(a) => format!("not ({})", render(a)),
        Expr::Cmp(op, a, b) => {
            let op = match op {
                CmpOp::Eq => "eq",
                CmpOp::Ne => "ne",
                CmpOp::Gt => "gt",
                CmpOp::Ge => "ge",
                CmpOp::Lt => "lt",
                CmpOp::Le => "le",
            };
            format!("{} {op} {}", operand(a), operand(b))
        }
        Expr::Call(f, a, b) => {
            let f = match f {
                BoolFn::Contains | BoolFn::ContainsIgnoreCase => "contains",
                BoolFn::StartsWith => "startswith",
                BoolFn::EndsWith => "endswith",
            };
            format!("{f}({}, {})", operand(a), operand(b))
        }
    }
}

fn operand(o: &Operand) -> String {
    match o {
        Operand::Field(name) => (*name).to_owned(),
        Operand::Lit(None) => "null".to_owned(),
        Operand::Lit(Some(text)) => format!("'{}'", text.replace('\'', "''")),
        Operand::Call(f, inner) => {
            let f = match f {
                StrFn::ToLower => "tolower",
                StrFn::ToUpper => "toupper",
                StrFn::Trim => "trim",
            };
            format!("{f}({})", operand(inner))
        }
    }
}

fn field() -> impl Strategy<Value = String> {
    proptest::sample::select(
        ACCOUNT_FILTER_FIELDS
            .iter()
            .map(|(a, _)| *a)
            .collect::<Vec<_>>(),
    )
    .prop_map(str::to_owned)
}

/// Filters as a caller could write them: fields, quoted strings (with `''`), numbers, `null`,
/// functions, `and`/`or`/`not`, parentheses.
fn filter_text() -> impl Strategy<Value = String> {
    let literal = prop_oneof![
        "[a-zA-Z0-9 '&+é%]{0,12}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        (0u32..100_000).prop_map(|n| n.to_string()),
        Just("null".to_owned()),
    ];
    let term = prop_oneof![field(), literal];
    let term = term.prop_recursive(2, 4, 1, |inner| {
        (
            prop_oneof![Just("tolower"), Just("toupper"), Just("trim")],
            inner,
        )
            .prop_map(|(f, t)| format!("{f}({t})"))
    });
    let op = prop_oneof![
        Just("eq"),
        Just("ne"),
        Just("gt"),
        Just("ge"),
        Just("lt"),
        Just("le")
    ];
    let func = prop_oneof![Just("contains"), Just("startswith"), Just("endswith")];
    let leaf = prop_oneof![
        (term.clone(), op, term.clone()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
        (func, term.clone(), term).prop_map(|(f, a, b)| format!("{f}({a},{b})")),
        Just("true".to_owned()),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

proptest! {
    #[test]
    fn no_input_panics(input in ".{0,200}") {
        let _ = parse(&input, ACCOUNT_FILTER_FIELDS);
    }

    #[test]
    fn no_token_soup_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("("), Just(")"), Just(","), Just("'"), Just("''"), Just(" and "), Just(" or "),
            Just("not "), Just(" eq "), Just("contains"), Just("tolower"), Just("null"),
            Just("nickName"), Just("1.5"), Just("-"), Just("é"),
        ],
        0..60,
    )) {
        let _ = parse(&parts.concat(), ACCOUNT_FILTER_FIELDS);
    }

    #[test]
    fn accepted_filters_round_trip(text in filter_text()) {
        let parsed = parse(&text, ACCOUNT_FILTER_FIELDS);
        prop_assert!(parsed.is_ok(), "{} rejected: {:?}", text, parsed);
        if let Ok(expr) = parsed {
            let again = parse(&render(&expr), ACCOUNT_FILTER_FIELDS);
            prop_assert_eq!(again.as_ref(), Ok(&expr), "{} -> {}", text, render(&expr));
        }
    }
}
