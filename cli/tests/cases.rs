//! Runs every case of `tests/cli/cases.json` through the `candescent` binary against the
//! emulator over real HTTP, and compares the outputs with the golden files.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Command,
};

use serde_json::Value;

mod common;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The texts a case may use, and what they stand for in this run.
struct Run<'a> {
    base_url: &'a str,
    config_dir: &'a str,
}

impl Run<'_> {
    fn fill(&self, text: &str) -> String {
        text.replace("{base_url}", self.base_url)
            .replace("{config_dir}", self.config_dir)
    }

    fn normalize(&self, text: &str, rules: &[(regex::Regex, String)]) -> String {
        let mut text = text
            .replace(self.base_url, "{base_url}")
            .replace(self.config_dir, "{config_dir}");
        for (pattern, replacement) in rules {
            text = pattern
                .replace_all(&text, replacement.as_str())
                .into_owned();
        }
        text
    }
}

fn strings(case: &Value, field: &str) -> Vec<String> {
    case[field]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn command(
    run: &Run,
    env: &BTreeMap<String, Option<String>>,
    home: &Path,
    args: &[String],
) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_candescent"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", run.config_dir)
        .args(args.iter().map(|a| run.fill(a)));
    for (name, value) in env {
        if let Some(value) = value {
            cmd.env(name, run.fill(value));
        }
    }
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_case_gives_its_exit_code_and_output() {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/cli/cases.json")).unwrap(),
    )
    .unwrap();
    let rules: Vec<(regex::Regex, String)> = doc["normalize"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                regex::Regex::new(p[0].as_str().unwrap()).unwrap(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let emulator = common::emulator().await;
    let http = reqwest::Client::new();
    let mut failures = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        emulator.reset();
        let tmp = common::tempdir(name);
        let config_dir = tmp.join("config");
        std::fs::create_dir_all(&config_dir).unwrap();
        let run = Run {
            base_url: emulator.base_url(),
            config_dir: config_dir.to_str().unwrap(),
        };
        let mut env: BTreeMap<String, Option<String>> = BTreeMap::new();
        for source in [&doc["env"], &case["env"]] {
            for (k, v) in source.as_object().into_iter().flatten() {
                env.insert(k.clone(), v.as_str().map(str::to_owned));
            }
        }
        for (path, text) in case["files"].as_object().into_iter().flatten() {
            let path = config_dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, run.fill(text.as_str().unwrap())).unwrap();
            set_private(&path);
        }
        for fault in case["faults"].as_array().into_iter().flatten() {
            let answer = http
                .post(format!("{}/__emulator/faults", emulator.base_url()))
                .json(fault)
                .send()
                .await
                .unwrap();
            assert!(answer.status().is_success(), "{name}: fault refused");
        }
        for step in case["setup"].as_array().into_iter().flatten() {
            let args: Vec<String> = strings(step, "args");
            let out = common::run(
                command(&run, &env, &tmp, &args),
                &run.fill(step["stdin"].as_str().unwrap_or("")),
            );
            assert!(
                out.status.success(),
                "{name}: setup {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let args = strings(case, "args");
        let cmd = command(&run, &env, &tmp, &args);
        let stdin = run.fill(case["stdin"].as_str().unwrap_or(""));
        let out = tokio::task::spawn_blocking(move || common::run(cmd, &stdin))
            .await
            .unwrap();
        let stdout = run.normalize(&String::from_utf8_lossy(&out.stdout), &rules);
        let stderr = run.normalize(&String::from_utf8_lossy(&out.stderr), &rules);
        let mut problems = Vec::new();
        let expected = case["exit"].as_i64().unwrap_or(0);
        if out.status.code() != Some(expected as i32) {
            problems.push(format!("exit {:?}, expected {expected}", out.status.code()));
        }
        if let Some(golden) = case["stdout"].as_str() {
            let path = repo().join("tests/cli/golden").join(golden);
            if update {
                std::fs::write(&path, &stdout).unwrap();
            } else {
                let want = std::fs::read_to_string(&path).unwrap_or_default();
                if want != stdout {
                    problems.push(format!("stdout differs from golden/{golden}:\n{stdout}"));
                }
            }
        }
        for text in strings(case, "stdout_contains") {
            if !stdout.contains(&text) {
                problems.push(format!("stdout lacks {text:?}"));
            }
        }
        for text in strings(case, "stderr_contains") {
            if !stderr.contains(&text) {
                problems.push(format!("stderr lacks {text:?}"));
            }
        }
        for text in strings(case, "stdout_not") {
            if stdout.contains(&text) {
                problems.push(format!("stdout has {text:?}"));
            }
        }
        for text in strings(case, "stderr_not") {
            if stderr.contains(&text) {
                problems.push(format!("stderr has {text:?}"));
            }
        }
        if case["stderr_empty"].as_bool() == Some(true) && !stderr.is_empty() {
            problems.push("stderr is not empty".into());
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}\nstderr: {stderr}", problems.join("; ")));
        }
        let _ = std::fs::remove_dir_all(&tmp);
    }
    emulator.shutdown().await;
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[cfg(unix)]
fn set_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[cfg(not(unix))]
fn set_private(_: &Path) {}
