//! `candescent emulator` serves the API until it is told to stop, and the other commands
//! work against it.

#![cfg(unix)]

mod common;

use std::{
    io::{BufRead as _, BufReader},
    process::{Command, Stdio},
};

#[test]
fn the_emulator_command_serves_until_sigterm() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_candescent"))
        .args(["emulator", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let base_url = first.trim();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{first}");

    let dir = common::tempdir("emulator");
    let mut cmd = common::candescent(&dir, base_url);
    cmd.args(["accounts", "list", "--login-id", "testUser", "-o", "csv"]);
    let out = common::run(cmd, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The header and the example user's six accounts.
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 7);

    unsafe { libc::kill(server.id() as i32, libc::SIGTERM) };
    assert!(server.wait().unwrap().success());
    let _ = std::fs::remove_dir_all(&dir);
}
