//! Writing results: the format, and the writers for each.

pub mod columns;
pub mod csv;
pub mod rows;
pub mod table;

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::args::Format;

/// Standard output, buffered, and the format chosen for it.
pub struct Out {
    pub format: Format,
    writer: io::BufWriter<io::Stdout>,
}

impl Out {
    /// The format asked for, else a table on a terminal and JSON otherwise.
    pub fn new(format: Option<Format>) -> Out {
        let stdout = io::stdout();
        let format = format.unwrap_or(if stdout.is_terminal() {
            Format::Table
        } else {
            Format::Json
        });
        Out {
            format,
            writer: io::BufWriter::with_capacity(64 * 1024, stdout),
        }
    }

    /// The writer, for the formats' own code.
    pub fn writer(&mut self) -> &mut impl Write {
        &mut self.writer
    }

    /// One value as indented JSON, then a newline. Numbers keep their exact text.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.writer, value)?;
        self.writer.write_all(b"\n")
    }

    /// Bytes as they are.
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.writer.write_all(bytes)
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// A JSON array written one element at a time, so that a long export never sits in memory.
pub struct JsonArray {
    first: bool,
}

impl JsonArray {
    /// Writes the opening bracket.
    pub fn start(out: &mut Out) -> io::Result<JsonArray> {
        out.raw(b"[")?;
        Ok(JsonArray { first: true })
    }

    /// Writes one element, indented like [`Out::json`] would.
    pub fn push<T: Serialize>(&mut self, out: &mut Out, value: &T) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        out.raw(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        out.raw(text.replace('\n', "\n  ").as_bytes())
    }

    /// Writes the closing bracket and a newline.
    pub fn finish(self, out: &mut Out) -> io::Result<()> {
        let end: &[u8] = if self.first { b"]\n" } else { b"\n]\n" };
        out.raw(end)
    }
}
