//! `candescent configure`: writes a profile, asking for what the flags do not give and the
//! secret without echoing it.

use std::io::{BufRead as _, IsTerminal, Write as _};

use crate::{
    args::{ConfigureArgs, Global},
    config_file::{self, ConfigFile},
    exit::{Exit, Failure},
};

/// Creates or updates the profile named by `--profile` (or `CANDESCENT_PROFILE`, else
/// `default`).
pub fn run(global: &Global, args: &ConfigureArgs) -> Result<(), Failure> {
    let name = global
        .profile
        .clone()
        .or_else(|| std::env::var("CANDESCENT_PROFILE").ok())
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "default".to_owned());
    let mut file = ConfigFile::load(config_file::locate(global.config.as_deref())?)?;
    let mut profile = file.profile(&name).cloned().unwrap_or_default();
    let flags = [
        ("environment", &global.environment),
        ("base_url", &global.base_url),
        ("scopes", &global.scopes),
    ];
    for (key, value) in flags {
        if let Some(v) = value {
            profile.insert(key.to_owned(), v.clone());
        }
    }
    if let Some(t) = global.timeout {
        profile.insert("timeout".into(), t.to_string());
    }
    if let Some(n) = global.max_retries {
        profile.insert("max_retries".into(), n.to_string());
    }
    let interactive = std::io::stdin().is_terminal() && !args.secret_stdin;
    for (key, flag, label) in [
        ("client_id", &global.client_id, "Shared Key (client id)"),
        ("institution_id", &global.institution_id, "Institution id"),
    ] {
        let value = match flag {
            Some(v) => v.clone(),
            None if interactive => ask(label, profile.get(key).map(String::as_str))?,
            None => match profile.get(key) {
                Some(v) => v.clone(),
                None => {
                    return Err(Failure::new(
                        Exit::Configuration,
                        format!(
                            "no terminal to ask for the {} on: pass --{}",
                            label.to_lowercase(),
                            key.replace('_', "-")
                        ),
                    ))
                }
            },
        };
        profile.insert(key.to_owned(), value);
    }
    let secret = if args.secret_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Failure::new(Exit::Configuration, format!("cannot read the secret: {e}"))
        })?;
        Some(line.trim_end_matches(['\r', '\n']).to_owned())
    } else if interactive {
        let keep = if profile.contains_key("client_secret") {
            " [Enter keeps the current one]"
        } else {
            ""
        };
        let typed = rpassword::prompt_password(format!("Secret Key (client secret){keep}: "))
            .map_err(|e| {
                Failure::new(Exit::Configuration, format!("cannot read the secret: {e}"))
            })?;
        Some(typed)
    } else {
        None
    };
    match secret.filter(|s| !s.is_empty()) {
        Some(secret) => {
            profile.insert("client_secret".into(), secret);
        }
        None if profile.contains_key("client_secret") => {}
        None => {
            return Err(Failure::new(
                Exit::Configuration,
                "no secret given: type it at the prompt, or pipe it with --secret-stdin",
            ))
        }
    }
    file.set_profile(&name, profile);
    file.save()?;
    eprintln!(
        "Saved profile \"{name}\" in {}; check it with `candescent token{}`.",
        file.path.display(),
        if name == "default" {
            String::new()
        } else {
            format!(" --profile {name}")
        }
    );
    Ok(())
}

/// Asks for a setting on standard error and reads the answer; Enter keeps `current`.
fn ask(label: &str, current: Option<&str>) -> Result<String, Failure> {
    let fail = |e: std::io::Error| {
        Failure::new(Exit::Configuration, format!("cannot read the answer: {e}"))
    };
    loop {
        match current {
            Some(c) => eprint!("{label} [{c}]: "),
            None => eprint!("{label}: "),
        }
        std::io::stderr().flush().map_err(fail)?;
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line).map_err(fail)? == 0 {
            return Err(Failure::new(
                Exit::Configuration,
                format!("no {} given", label.to_lowercase()),
            ));
        }
        match (line.trim(), current) {
            ("", Some(c)) => return Ok(c.to_owned()),
            ("", None) => continue,
            (typed, _) => return Ok(typed.to_owned()),
        }
    }
}
