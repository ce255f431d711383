//! The Rust code blocks of every `README.md`, as doctests against a running emulator.
//!
//! `tests/readme/run.py` (part of `make test`) gathers the blocks into one Markdown file, starts
//! the emulator and runs `cargo test -p candescent-readme --doc` with `--cfg readme` and
//! `README_RUST_BLOCKS` naming that file. Without them (a plain `cargo test`) this crate is empty,
//! so the blocks never run against the real API by accident.
#![cfg_attr(readme, doc = include_str!(env!("README_RUST_BLOCKS")))]
