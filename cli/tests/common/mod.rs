//! What the command-line tests share: an emulator, and the binary run with only the
//! settings a test gives it.

#![allow(dead_code)]

use std::{
    io::Write as _,
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
};

/// A fresh directory for one test's config file and `HOME`.
pub fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("candescent-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary with an empty environment but `PATH`, a `HOME` and config directory in `dir`,
/// and the emulator's credentials.
pub fn candescent(dir: &Path, base_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_candescent"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("CANDESCENT_BASE_URL", base_url)
        .env(
            "CANDESCENT_CLIENT_ID",
            candescent_emulator::DEFAULT_CLIENT_ID,
        )
        .env(
            "CANDESCENT_CLIENT_SECRET",
            candescent_emulator::DEFAULT_CLIENT_SECRET,
        )
        .env(
            "CANDESCENT_INSTITUTION_ID",
            candescent_emulator::DEFAULT_INSTITUTION_ID,
        );
    cmd
}

/// Runs `cmd` with `stdin` and collects its output.
pub fn run(mut cmd: Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// An emulator with its default credentials, on a free port.
pub async fn emulator() -> candescent_emulator::Emulator {
    candescent_emulator::start(candescent_emulator::Config::default())
        .await
        .unwrap()
}

/// [`run`] on a blocking thread, so that the emulator of the test keeps serving.
pub async fn run_async(cmd: Command, stdin: &str) -> Output {
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || run(cmd, &stdin))
        .await
        .unwrap()
}
