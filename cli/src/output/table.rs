//! Aligned columns for people.

use std::borrow::Cow;
use std::io::{self, Write};

/// A column: its header and whether its values align right (amounts).
pub struct Column {
    pub header: Cow<'static, str>,
    pub right: bool,
}

impl Column {
    /// A column of text.
    pub const fn left(header: &'static str) -> Column {
        Column {
            header: Cow::Borrowed(header),
            right: false,
        }
    }

    /// A column of amounts.
    pub const fn right(header: &'static str) -> Column {
        Column {
            header: Cow::Borrowed(header),
            right: true,
        }
    }
}

/// Writes the rows under their headers, each column as wide as its widest cell, two spaces
/// apart, with no spaces at the end of a line.
///
/// ```
/// use candescent_cli::table::{write, Column};
/// let columns = [Column::left("NAME"), Column::right("AMOUNT")];
/// let mut out = Vec::new();
/// write(&mut out, &columns, &[vec!["Coffee".into(), "-4.50".into()]]).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "NAME    AMOUNT\nCoffee   -4.50\n");
/// ```
pub fn write<W: Write>(out: &mut W, columns: &[Column], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = columns.iter().map(|c| c.header.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let headers: Vec<String> = columns.iter().map(|c| c.header.to_string()).collect();
    for row in std::iter::once(&headers).chain(rows) {
        let mut line = String::with_capacity(128);
        for (i, (cell, column)) in row.iter().zip(columns).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i] - cell.chars().count();
            if column.right {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.write_all(line.trim_end().as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A cell cut to `max` characters, with `…` when cut, so one long description cannot push
/// every other column off the screen.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
