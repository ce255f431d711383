//! `candescent configure` keeps the secret private: the file is its owner's alone, other
//! profiles survive, and the profile then works.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt as _;

use candescent_emulator::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configure_writes_a_private_file_and_keeps_other_profiles() {
    let emulator = common::emulator().await;
    let base = emulator.base_url();
    let dir = common::tempdir("configure");
    let file = dir.join("config/candescent/config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "[profiles.other]\nclient_id = \"kept\"\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let configure = |args: &[&str]| {
        let mut cmd = common::candescent(&dir, base);
        cmd.env_remove("CANDESCENT_CLIENT_SECRET")
            .args(["configure", "--profile", "ops"])
            .args(args);
        cmd
    };

    let cmd = configure(&[
        "--client-id",
        DEFAULT_CLIENT_ID,
        "--institution-id",
        "00016",
        "--base-url",
        base,
        "--secret-stdin",
    ]);
    let out = common::run_async(cmd, &format!("{DEFAULT_CLIENT_SECRET}\n")).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Saved profile \"ops\""), "{stderr}");
    assert!(!stderr.contains(DEFAULT_CLIENT_SECRET));
    assert!(out.stdout.is_empty());

    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("[profiles.other]") && text.contains("\"kept\""),
        "{text}"
    );
    assert!(text.contains("[profiles.ops]"), "{text}");

    // A second run changes one setting and keeps the secret, without asking for it.
    let out = common::run_async(configure(&["--timeout", "20"]), "").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(DEFAULT_CLIENT_SECRET), "{text}");
    assert!(text.contains("timeout = \"20\""), "{text}");

    // The profile works on its own, and a file others can read is pointed out.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut cmd = common::candescent(&dir, base);
    for var in [
        "CANDESCENT_BASE_URL",
        "CANDESCENT_CLIENT_ID",
        "CANDESCENT_CLIENT_SECRET",
        "CANDESCENT_INSTITUTION_ID",
    ] {
        cmd.env_remove(var);
    }
    cmd.args(["--profile", "ops", "token", "-o", "json"]);
    let out = common::run_async(cmd, "").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("chmod 600"));
    emulator.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
