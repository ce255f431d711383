//! `candescent configure` keeps the secret private: the file is its owner's alone, other
//! profiles survive, and the profile then works.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt as _;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configure_writes_a_private_file_and_keeps_other_profiles() {
    let emulator = candescent_emulator::start(candescent_emulator::Config::default())
        .await
        .unwrap();
    let base = emulator.base_url().to_owned();
    let dir = common::tempdir("configure");
    let file = dir.join("config/candescent/config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "[profiles.other]\nclient_id = \"kept\"\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();

    let base2 = base.clone();
    let dir2 = dir.clone();
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = common::candescent(&dir2, &base2);
        cmd.env_remove("CANDESCENT_CLIENT_SECRET").args([
            "configure",
            "--profile",
            "ops",
            "--client-id",
            candescent_emulator::DEFAULT_CLIENT_ID,
            "--institution-id",
            "00016",
            "--base-url",
            &base2,
            "--secret-stdin",
        ]);
        common::run(
            cmd,
            &format!("{}\n", candescent_emulator::DEFAULT_CLIENT_SECRET),
        )
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Saved profile \"ops\""), "{stderr}");
    assert!(!stderr.contains(candescent_emulator::DEFAULT_CLIENT_SECRET));
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
    let dir3 = dir.clone();
    let base3 = base.clone();
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = common::candescent(&dir3, &base3);
        cmd.env_remove("CANDESCENT_CLIENT_SECRET").args([
            "configure",
            "--profile",
            "ops",
            "--timeout",
            "20",
        ]);
        common::run(cmd, "")
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(candescent_emulator::DEFAULT_CLIENT_SECRET)
            && text.contains("timeout = \"20\""),
        "{text}"
    );

    // The profile works on its own, and a file others can read is pointed out.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = common::candescent(&dir, &base);
        for var in [
            "CANDESCENT_BASE_URL",
            "CANDESCENT_CLIENT_ID",
            "CANDESCENT_CLIENT_SECRET",
            "CANDESCENT_INSTITUTION_ID",
        ] {
            cmd.env_remove(var);
        }
        cmd.args(["--profile", "ops", "token", "-o", "json"]);
        let out = common::run(cmd, "");
        let _ = std::fs::remove_dir_all(&dir);
        out
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("chmod 600"));
    emulator.shutdown().await;
}
