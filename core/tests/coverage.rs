//! Every typed operation of the table has a case in `tests/operations.json` that every language
//! runs: a cell of the coverage table (`codegen/OPERATIONS.md`) is never empty.

use candescent::spec;

#[test]
fn every_typed_operation_has_a_case_in_every_language() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/operations.json")).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let surfaces = ["rust", "python", "python_async", "node"];
    let mut missing = Vec::new();
    for op in spec::operations() {
        for surface in surfaces {
            let covered = cases.iter().any(|c| {
                c["op"] == op.name
                    && c.get("only")
                        .and_then(|o| o.as_array())
                        .is_none_or(|only| only.iter().any(|s| s == surface))
            });
            if !covered {
                missing.push(format!("{} ({}) in {surface}", op.name, op.id));
            }
        }
    }
    assert!(missing.is_empty(), "no case for:\n{}", missing.join("\n"));
    for case in cases {
        assert!(
            spec::find(case["op"].as_str().unwrap()).is_some(),
            "{} names no typed operation",
            case["op"]
        );
    }
}
