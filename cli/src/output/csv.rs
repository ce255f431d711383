//! CSV as RFC 4180 writes it: CRLF line ends, and a field quoted (its quotes doubled) when
//! it holds a comma, a quote, CR or LF.

use std::io::{self, Write};

/// Writes one record.
///
/// ```
/// let mut out = Vec::new();
/// candescent_cli::csv_record(&mut out, ["a", "b,c", "say \"hi\""]).unwrap();
/// assert_eq!(out, b"a,\"b,c\",\"say \"\"hi\"\"\"\r\n");
/// ```
pub fn record<W: Write, S: AsRef<str>>(
    out: &mut W,
    fields: impl IntoIterator<Item = S>,
) -> io::Result<()> {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let field = field.as_ref();
        if field.contains([',', '"', '\r', '\n']) {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}
