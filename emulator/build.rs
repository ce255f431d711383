//! Embeds the official document's facts extract compressed: the emulator ships inside the
//! Python and Node native modules, whose size is held to a budget (`scripts/test-dist.sh`),
//! and the pretty-printed extract is half a megabyte of mostly repeated keys. It is
//! decompressed once, when the emulator first reads the document.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let source = PathBuf::from("../codegen/api/candescent-di-api.facts.json");
    println!("cargo::rerun-if-changed={}", source.display());
    let text = fs::read(&source).expect("codegen/api/candescent-di-api.facts.json is readable");
    let packed = miniz_oxide::deflate::compress_to_vec(&text, 10);
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("facts.json.deflate"), packed).expect("OUT_DIR is writable");
}
