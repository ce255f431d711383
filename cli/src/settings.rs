//! The client's settings from flags, the chosen profile and `CANDESCENT_*` variables, and
//! where each came from, so that a message can say what to fix.

use std::{collections::HashMap, time::Duration};

use candescent::{Client, ClientBuilder};

use crate::{
    args::Global,
    config_file::{self, ConfigFile, Profile},
    exit::{Exit, Failure},
};

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A flag, e.g. `--client-id`.
    Flag(&'static str),
    /// A key of a profile of the config file.
    Profile { name: String, key: String },
    /// A `CANDESCENT_*` variable.
    Variable(String),
}

/// The settings of one run. `Debug` shows where each came from, never a value (one is the
/// secret).
pub struct Settings {
    /// `CANDESCENT_*` names to values, for the core's builder.
    vars: HashMap<String, String>,
    /// Which variable or profile key each of `vars` came from.
    origins: HashMap<String, Origin>,
    flags: Vec<(&'static str, String)>,
    /// The profile in use, if any, and the file it is in.
    pub profile: Option<String>,
    pub file: ConfigFile,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("origins", &self.origins)
            .field(
                "flags",
                &self.flags.iter().map(|(f, _)| f).collect::<Vec<_>>(),
            )
            .field("profile", &self.profile)
            .field("file", &self.file)
            .finish()
    }
}

/// The variables that are another name of a setting.
const ALIASES: [(&str, &str); 2] = [
    ("CANDESCENT_CLIENT_ID", "CANDESCENT_SHARED_KEY"),
    ("CANDESCENT_CLIENT_SECRET", "CANDESCENT_SECRET_KEY"),
];

impl Settings {
    /// Layers the settings: flags, then the named profile, then the variables, then the
    /// profile `default` (only when no profile is named).
    pub fn resolve(global: &Global) -> Result<Settings, Failure> {
        let path = config_file::locate(global.config.as_deref())?;
        let file = ConfigFile::load(path)?;
        let named = global
            .profile
            .clone()
            .or_else(|| std::env::var("CANDESCENT_PROFILE").ok())
            .filter(|p| !p.trim().is_empty());
        let mut vars = HashMap::new();
        let mut origins = HashMap::new();
        for (name, value) in std::env::vars() {
            if name.starts_with("CANDESCENT_") && !value.trim().is_empty() {
                origins.insert(name.clone(), Origin::Variable(name.clone()));
                vars.insert(name, value);
            }
        }
        let profile = match &named {
            Some(name) => {
                let profile = file
                    .profile(name)
                    .ok_or_else(|| unknown_profile(&file, name))?;
                apply(&mut vars, &mut origins, name, profile, true);
                Some(name.clone())
            }
            None => match file.profile("default") {
                Some(profile) => {
                    apply(&mut vars, &mut origins, "default", profile, false);
                    Some("default".to_owned())
                }
                None => None,
            },
        };
        let mut flags = Vec::new();
        let mut flag = |name: &'static str, value: &Option<String>| {
            if let Some(v) = value {
                flags.push((name, v.clone()));
            }
        };
        flag("--client-id", &global.client_id);
        flag("--institution-id", &global.institution_id);
        flag("--environment", &global.environment);
        flag("--base-url", &global.base_url);
        flag("--scopes", &global.scopes);
        flag("--timeout", &global.timeout.map(|t| t.to_string()));
        flag("--max-retries", &global.max_retries.map(|n| n.to_string()));
        Ok(Settings {
            vars,
            origins,
            flags,
            profile,
            file,
        })
    }

    /// Where the setting of this variable comes from, if it is set.
    pub fn origin(&self, variable: &str) -> Option<Origin> {
        let flag = match variable {
            "CANDESCENT_CLIENT_ID" => "--client-id",
            "CANDESCENT_INSTITUTION_ID" => "--institution-id",
            "CANDESCENT_BASE_URL" => "--base-url",
            "CANDESCENT_ENVIRONMENT" => "--environment",
            "CANDESCENT_SCOPES" => "--scopes",
            "CANDESCENT_TIMEOUT" => "--timeout",
            "CANDESCENT_MAX_RETRIES" => "--max-retries",
            _ => "",
        };
        if let Some((name, _)) = self.flags.iter().find(|(f, _)| *f == flag) {
            return Some(Origin::Flag(name));
        }
        let alias = ALIASES
            .iter()
            .find(|(main, _)| *main == variable)
            .map(|(_, alias)| *alias);
        self.origins
            .get(variable)
            .or_else(|| alias.and_then(|a| self.origins.get(a)))
            .cloned()
    }

    /// How to name a setting's source to a person: `CANDESCENT_CLIENT_SECRET`, or
    /// `client_secret in profile "prod" (/home/me/.config/candescent/config.toml)`.
    pub fn describe(&self, variable: &str) -> String {
        match self.origin(variable) {
            Some(Origin::Flag(flag)) => flag.to_owned(),
            Some(Origin::Variable(name)) => name,
            Some(Origin::Profile { name, key }) => {
                format!("{key} in profile \"{name}\" ({})", self.file.path.display())
            }
            None => variable.to_owned(),
        }
    }

    /// The client, with every setting checked (no request is sent).
    pub fn client(&self) -> Result<Client, Failure> {
        for (variable, what) in [
            ("CANDESCENT_CLIENT_ID", "the client id (Shared Key)"),
            ("CANDESCENT_CLIENT_SECRET", "the client secret (Secret Key)"),
            ("CANDESCENT_INSTITUTION_ID", "the institution id"),
        ] {
            if self.origin(variable).is_none() {
                return Err(self.missing(variable, what));
            }
        }
        self.builder()?
            .build()
            .map_err(|e| Failure::from_error(&e, self))
    }

    fn builder(&self) -> Result<ClientBuilder, Failure> {
        let mut builder = Client::builder()
            .env_vars(self.vars.clone())
            .user_agent(concat!("candescent-cli/", env!("CARGO_PKG_VERSION")));
        for (flag, value) in &self.flags {
            builder = match *flag {
                "--client-id" => builder.client_id(value),
                "--institution-id" => builder.institution_id(value),
                "--environment" => builder.environment_name(value),
                "--base-url" => builder.base_url(value),
                "--scopes" => builder.scopes(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                ),
                "--timeout" => builder.timeout(
                    value
                        .parse::<f64>()
                        .ok()
                        .and_then(|s| Duration::try_from_secs_f64(s).ok())
                        .filter(|d| !d.is_zero())
                        .ok_or_else(|| {
                            Failure::new(
                                Exit::Usage,
                                format!(
                                    "--timeout must be a positive number of seconds, not {value}"
                                ),
                            )
                        })?,
                ),
                "--max-retries" => builder.max_retries(value.parse().unwrap_or(0)),
                _ => builder,
            };
        }
        Ok(builder)
    }

    fn missing(&self, variable: &str, what: &str) -> Failure {
        let place = match &self.profile {
            Some(name) => format!(
                "add it to profile \"{name}\" with `candescent configure --profile {name}`, or set {variable}"
            ),
            None => format!("set {variable}, or run `candescent configure` to keep it in a profile"),
        };
        Failure::new(Exit::Configuration, format!("missing {what}: {place}"))
    }
}

/// Puts a profile's settings into `vars`; over the variables when `wins`, else only
/// where no variable (or its alias) is set.
fn apply(
    vars: &mut HashMap<String, String>,
    origins: &mut HashMap<String, Origin>,
    name: &str,
    profile: &Profile,
    wins: bool,
) {
    for (key, value) in profile {
        let variable = config_file::variable(key);
        let alias = ALIASES
            .iter()
            .find(|(main, _)| *main == variable)
            .map(|(_, alias)| *alias);
        let taken = vars.contains_key(&variable) || alias.is_some_and(|a| vars.contains_key(a));
        if taken && !wins {
            continue;
        }
        if let Some(alias) = alias {
            vars.remove(alias);
            origins.remove(alias);
        }
        origins.insert(
            variable.clone(),
            Origin::Profile {
                name: name.to_owned(),
                key: key.clone(),
            },
        );
        vars.insert(variable, value.clone());
    }
}

fn unknown_profile(file: &ConfigFile, name: &str) -> Failure {
    let names: Vec<&str> = file.names().collect();
    let known = if names.is_empty() {
        format!("{} has no profiles", file.path.display())
    } else {
        format!(
            "the profiles in {} are {}",
            file.path.display(),
            names.join(", ")
        )
    };
    Failure::new(
        Exit::Configuration,
        format!(
            "no profile \"{name}\": {known}; create it with `candescent configure --profile {name}`"
        ),
    )
}
