//! On a terminal the command line talks to a person: a progress bar while transactions
//! stream, then a table. Piped, it prints JSON and nothing else.

#![cfg(unix)]

mod common;

use std::{
    fs::File,
    io::Read as _,
    os::fd::{FromRawFd as _, OwnedFd},
    process::Stdio,
};

/// A pseudo-terminal: the side the program writes to, and the side a terminal reads.
fn openpty() -> (OwnedFd, File) {
    let (mut leader, mut follower) = (0, 0);
    // A wide window, so a table line is not wrapped by the terminal's size.
    let size = libc::winsize {
        ws_row: 50,
        ws_col: 200,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let rc = unsafe {
        libc::openpty(
            &mut leader,
            &mut follower,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty");
    unsafe { (OwnedFd::from_raw_fd(follower), File::from_raw_fd(leader)) }
}

const ARGS: [&str; 6] = [
    "transactions",
    "list",
    "--all-accounts",
    "--host-user-id",
    "gen-20",
    "--page-size",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_and_a_table_on_a_terminal_json_alone_when_piped() {
    let emulator = common::emulator().await;
    let dir = common::tempdir("terminal");
    let base = emulator.base_url().to_owned();

    let (follower, mut leader) = openpty();
    let mut cmd = common::candescent(&dir, &base);
    cmd.args(ARGS)
        .arg("10")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::null())
        .stdout(Stdio::from(follower.try_clone().unwrap()))
        .stderr(Stdio::from(follower));
    let seen = tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn().unwrap();
        // Our copies of the follower are gone with `cmd`: reading ends (EIO) when the child exits.
        drop(cmd);
        let mut seen = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match leader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        assert!(child.wait().unwrap().success());
        String::from_utf8_lossy(&seen).into_owned()
    })
    .await
    .unwrap();
    assert!(seen.contains("accounts, "), "the progress bar: {seen}");
    assert!(seen.contains("transactions from 20 accounts"), "{seen}");
    assert!(seen.contains("DATE"), "a table by default: {seen}");
    assert!(!seen.contains("\"transactions\""), "{seen}");

    let mut cmd = common::candescent(&dir, &base);
    cmd.args(ARGS).arg("10");
    let out = common::run_async(cmd, "").await;
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rows.as_array().unwrap().len() > 500);
    emulator.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
