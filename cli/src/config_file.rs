//! The config file of named profiles: where it is, reading it, and writing it so that only
//! its owner can read it.

use std::{
    collections::BTreeMap,
    io::Write as _,
    path::{Path, PathBuf},
};

use crate::exit::{Exit, Failure};

/// The settings a profile may hold: those of the SDK's `CANDESCENT_*` variables.
pub use candescent::ENV_SETTINGS as KEYS;

/// The variable that a profile key stands for: `client_id` → `CANDESCENT_CLIENT_ID`.
pub fn variable(key: &str) -> String {
    format!("CANDESCENT_{}", key.to_ascii_uppercase())
}

/// One profile: settings by key.
pub type Profile = BTreeMap<String, String>;

/// The parsed file, or an empty one when it does not exist yet. `Debug` shows the profiles'
/// keys, not their values (the secret is one).
pub struct ConfigFile {
    pub path: PathBuf,
    profiles: BTreeMap<String, Profile>,
}

impl std::fmt::Debug for ConfigFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: BTreeMap<&str, Vec<&str>> = self
            .profiles
            .iter()
            .map(|(name, p)| (name.as_str(), p.keys().map(String::as_str).collect()))
            .collect();
        f.debug_struct("ConfigFile")
            .field("path", &self.path)
            .field("profiles", &keys)
            .finish()
    }
}

/// Where the config file is: the flag, else `CANDESCENT_CONFIG`, else the XDG config
/// directory (`$XDG_CONFIG_HOME`, else `~/.config`; `%APPDATA%` on Windows).
pub fn locate(flag: Option<&Path>) -> Result<PathBuf, Failure> {
    if let Some(path) = flag {
        return Ok(path.to_owned());
    }
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = var("CANDESCENT_CONFIG") {
        return Ok(PathBuf::from(path));
    }
    let base = var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            if cfg!(windows) {
                var("APPDATA").map(PathBuf::from)
            } else {
                var("HOME").map(|home| PathBuf::from(home).join(".config"))
            }
        })
        .ok_or_else(|| {
            Failure::new(
                Exit::Configuration,
                "cannot tell where the config file is: set HOME, XDG_CONFIG_HOME or CANDESCENT_CONFIG",
            )
        })?;
    Ok(base.join("candescent").join("config.toml"))
}

impl ConfigFile {
    /// Reads the file; a missing file is an empty one. A file others may read is reported,
    /// since it holds secrets.
    pub fn load(path: PathBuf) -> Result<ConfigFile, Failure> {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile {
                    path,
                    profiles: BTreeMap::new(),
                })
            }
            Err(e) => {
                return Err(Failure::new(
                    Exit::Configuration,
                    format!("cannot read the config file {}: {e}", path.display()),
                ))
            }
        };
        warn_if_readable_by_others(&path);
        let profiles = parse(&text).map_err(|message| {
            Failure::new(
                Exit::Configuration,
                format!("the config file {}: {message}", path.display()),
            )
        })?;
        Ok(ConfigFile { path, profiles })
    }

    /// The profile of this name.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The names of the profiles, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// Replaces a profile (the others are kept).
    pub fn set_profile(&mut self, name: &str, profile: Profile) {
        self.profiles.insert(name.to_owned(), profile);
    }

    /// Writes the file through a temporary file in the same directory, created with mode
    /// 0600 (its directory 0700), so the secret is never readable by others, not even for a
    /// moment, and a crash leaves the old file whole.
    pub fn save(&self) -> Result<(), Failure> {
        let fail = |what: &str, e: std::io::Error| {
            Failure::new(
                Exit::Configuration,
                format!("cannot {what} {}: {e}", self.path.display()),
            )
        };
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        create_private_dir(dir).map_err(|e| fail("create the directory of", e))?;
        let mut doc = toml::Table::new();
        let mut profiles = toml::Table::new();
        for (name, profile) in &self.profiles {
            let table: toml::Table = profile
                .iter()
                .map(|(k, v)| (k.clone(), toml::Value::String(v.clone())))
                .collect();
            profiles.insert(name.clone(), toml::Value::Table(table));
        }
        doc.insert("profiles".into(), toml::Value::Table(profiles));
        let text = format!(
            "# Candescent profiles; written by `candescent configure`. Keep this file private.\n{doc}"
        );
        let tmp = self.path.with_extension("toml.tmp");
        let _ = std::fs::remove_file(&tmp);
        let mut file = private_file(&tmp).map_err(|e| fail("write", e))?;
        file.write_all(text.as_bytes())
            .and_then(|_| file.sync_all())
            .map_err(|e| fail("write", e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| fail("write", e))
    }
}

fn parse(text: &str) -> Result<BTreeMap<String, Profile>, String> {
    let doc: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_owned())?;
    let mut profiles = BTreeMap::new();
    for (top, value) in doc {
        let toml::Value::Table(tables) = value else {
            return Err(format!(
                "{top:?} is not a table: profiles are [profiles.NAME]"
            ));
        };
        if top != "profiles" {
            return Err(format!(
                "unknown table [{top}]: profiles are [profiles.NAME]"
            ));
        }
        for (name, value) in tables {
            let toml::Value::Table(table) = value else {
                return Err(format!("profiles.{name} is not a table"));
            };
            let mut profile = Profile::new();
            for (key, value) in table {
                if !KEYS.contains(&key.as_str()) {
                    return Err(format!(
                        "unknown key {key:?} in [profiles.{name}]; the keys are {}",
                        KEYS.join(", ")
                    ));
                }
                let text = match value {
                    toml::Value::String(s) => s,
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    toml::Value::Array(items) => items
                        .iter()
                        .map(|v| {
                            v.as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| v.to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(","),
                    _ => return Err(format!("{key} in [profiles.{name}] must be text")),
                };
                profile.insert(key, text);
            }
            profiles.insert(name, profile);
        }
    }
    Ok(profiles)
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "candescent: warning: {} holds secrets and others can read it: chmod 600 it",
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_parse_and_unknown_keys_are_named() {
        let profiles =
            parse("[profiles.prod]\nclient_id = \"id\"\ntimeout = 5\nscopes = [\"a\", \"b\"]\n")
                .unwrap();
        let prod = &profiles["prod"];
        assert_eq!(prod["client_id"], "id");
        assert_eq!(prod["timeout"], "5");
        assert_eq!(prod["scopes"], "a,b");
        let file = ConfigFile {
            path: "config.toml".into(),
            profiles: parse("[profiles.p]\nclient_secret = \"s3cr3t\"\n").unwrap(),
        };
        let debug = format!("{file:?}");
        assert!(
            debug.contains("client_secret") && !debug.contains("s3cr3t"),
            "{debug}"
        );
        let err = parse("[profiles.prod]\nclient_secert = \"x\"\n").unwrap_err();
        assert!(err.contains("client_secert"), "{err}");
        assert!(!err.contains("\"x\""), "{err}");
    }
}
