//! Exit codes that scripts can rely on, and the message that says what to fix.

use candescent::{Error, ErrorKind};

use crate::settings::Settings;

/// The process's exit code, one per class of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It worked.
    Success = 0,
    /// Anything not below (a bug, a closed client).
    Other = 1,
    /// A bad flag or argument, or input the API would refuse (checked before sending).
    Usage = 2,
    /// Missing or invalid settings, profile or config file.
    Configuration = 3,
    /// The credentials or the token were refused (401), or the token lacks a scope (403).
    Authentication = 4,
    /// The user, account or path does not exist (404).
    NotFound = 5,
    /// Too many requests (429), after the retries.
    RateLimited = 6,
    /// No connection, a TLS failure, or a timeout.
    Network = 7,
    /// Any other answer of the API: 400, 5xx after the retries, a body that does not decode.
    Api = 8,
}

impl Exit {
    /// The class of a core error.
    pub fn of(kind: ErrorKind) -> Exit {
        match kind {
            ErrorKind::Configuration => Exit::Configuration,
            ErrorKind::Validation => Exit::Usage,
            ErrorKind::Connection | ErrorKind::Timeout => Exit::Network,
            ErrorKind::Authentication | ErrorKind::PermissionDenied => Exit::Authentication,
            ErrorKind::NotFound => Exit::NotFound,
            ErrorKind::RateLimit => Exit::RateLimited,
            ErrorKind::Decode | ErrorKind::Api | ErrorKind::BadRequest | ErrorKind::Server => {
                Exit::Api
            }
            _ => Exit::Other,
        }
    }
}

/// A failed run: its exit code and what to print on standard error.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    /// A failure with a message and no hint.
    pub fn new(exit: Exit, message: impl Into<String>) -> Failure {
        Failure {
            exit,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds what to do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }

    /// A core error, with the API's code and `transactionId` (which Candescent support asks
    /// for) and a hint naming the setting to check.
    pub fn from_error(e: &Error, settings: &Settings) -> Failure {
        let exit = Exit::of(e.kind());
        let mut message = e.message().to_owned();
        let mut detail = Vec::new();
        if let Some(status) = e.status() {
            detail.push(format!("HTTP {status}"));
        }
        if let Some(code) = e.code() {
            detail.push(code.to_owned());
        }
        if let Some(id) = e.transaction_id() {
            detail.push(format!("transactionId {id}"));
        }
        if !detail.is_empty() {
            message = format!("{message} ({})", detail.join(", "));
        }
        let failure = Failure::new(exit, message);
        let hint = match e.kind() {
            ErrorKind::Authentication => Some(format!(
                "check the client secret ({}) and the client id ({}){}",
                settings.describe("CANDESCENT_CLIENT_SECRET"),
                settings.describe("CANDESCENT_CLIENT_ID"),
                match &settings.profile {
                    Some(name) =>
                        format!("; `candescent configure --profile {name}` rewrites the profile"),
                    None => String::new(),
                }
            )),
            ErrorKind::PermissionDenied => Some(format!(
                "the application may lack a scope: check the Developer Console and {}",
                settings.describe("CANDESCENT_SCOPES")
            )),
            ErrorKind::Configuration => configuration_hint(e.message(), settings),
            ErrorKind::Connection | ErrorKind::Timeout => Some(format!(
                "check the base URL ({}) and the network; --timeout and --max-retries wait longer",
                settings.describe("CANDESCENT_BASE_URL")
            )),
            ErrorKind::RateLimit => Some(match e.retry_after() {
                Some(wait) => format!("try again in {} s", wait.as_secs().max(1)),
                None => "try again later".to_owned(),
            }),
            _ => None,
        };
        match hint {
            Some(hint) => failure.hint(hint),
            None => failure,
        }
    }

    /// A failed write to standard output. A reader that went away (`candescent … | head`)
    /// is not a failure: the run ends quietly, as other command-line tools do.
    pub fn io(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure::new(Exit::Success, "");
        }
        Failure::new(Exit::Other, format!("cannot write the output: {e}"))
    }

    /// Prints the failure on standard error.
    pub fn report(&self) {
        if self.exit == Exit::Success {
            return;
        }
        let mut text = format!("candescent: error: {}\n", self.message);
        if let Some(hint) = &self.hint {
            text.push_str(&format!("  hint: {hint}\n"));
        }
        eprint!("{text}");
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::io(e)
    }
}

/// For a core message that names a variable whose value came from a profile or a flag,
/// the place to fix it.
fn configuration_hint(message: &str, settings: &Settings) -> Option<String> {
    let variable = message
        .split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
        .find(|w| w.starts_with("CANDESCENT_"))?;
    let place = settings.describe(variable);
    (place != variable).then(|| format!("{variable} was set by {place}"))
}
