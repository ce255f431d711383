//! Rows and columns from any JSON answer (for `candescent request`): the records are the
//! answer itself when it is an array, else the one array of objects it holds (such as
//! `accounts` or `transactions`), else the answer as one record. Nested objects become
//! `parent.child` columns; arrays stay JSON text; numbers keep their exact text. Columns come
//! in the order first seen, each record's keys in alphabetical order.

use serde_json::Value;

/// The column names, in the order first seen, and one row of cells per record.
///
/// ```
/// let body: serde_json::Value = serde_json::from_str(
///     r#"{"accounts":[{"id":"a","balance":{"amount":1.10}},{"id":"b","extra":true}]}"#,
/// ).unwrap();
/// let (columns, rows) = candescent_cli::json_rows(&body);
/// assert_eq!(columns, ["balance.amount", "id", "extra"]);
/// assert_eq!(rows[0], ["1.10", "a", ""]);
/// assert_eq!(rows[1], ["", "b", "true"]);
/// ```
pub fn rows(body: &Value) -> (Vec<String>, Vec<Vec<String>>) {
    records_rows(records(body))
}

/// The records of an answer: itself when it is an array, else its one array of objects, else
/// itself as one record.
fn records(body: &Value) -> Vec<&Value> {
    match body {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => {
            let mut lists = map
                .values()
                .filter_map(Value::as_array)
                .filter(|items| items.iter().all(Value::is_object) && !items.is_empty());
            match (lists.next(), lists.next()) {
                (Some(items), None) => items.iter().collect(),
                _ => vec![body],
            }
        }
        other => vec![other],
    }
}

/// The column names and rows of these records, each one row.
pub fn records_rows(records: Vec<&Value>) -> (Vec<String>, Vec<Vec<String>>) {
    let mut columns: Vec<String> = Vec::new();
    let mut flat: Vec<Vec<(String, String)>> = Vec::with_capacity(records.len());
    for record in records {
        let mut cells = Vec::new();
        flatten("", record, &mut cells);
        for (name, _) in &cells {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
        flat.push(cells);
    }
    let rows = flat
        .into_iter()
        .map(|cells| {
            columns
                .iter()
                .map(|c| {
                    cells
                        .iter()
                        .find(|(name, _)| name == c)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    (columns, rows)
}

fn flatten(prefix: &str, value: &Value, cells: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, value) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, value, cells);
            }
        }
        _ => {
            let name = if prefix.is_empty() { "value" } else { prefix };
            cells.push((name.to_owned(), cell(value)));
        }
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}
