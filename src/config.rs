//! Run settings that rules read: per-rule levels, the clock, known accounts,
//! and the one place `trustlint.toml` is read. The CLI and the file both fill
//! [`Settings`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::json::Span;
use crate::policy::arn::is_account_id;
use crate::source::SourceFile;

/// A rule's level for this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Rule levels set by the user, keyed by rule code. Absent: the default.
    pub levels: HashMap<String, Level>,
    /// When set, only these codes run.
    pub select: Option<Vec<String>>,
    /// "Now" for time-window rules, in seconds since the Unix epoch.
    pub now: Option<i64>,
    pub accounts: Accounts,
}

/// Accounts the configuration knows about.
#[derive(Clone, Debug, Default)]
pub struct Accounts {
    /// Accounts this repository describes.
    pub own: Vec<String>,
    /// Known third parties: (name, 12-digit account ID).
    pub third_party: Vec<(String, String)>,
}

impl Settings {
    pub fn is_enabled(&self, code: &str) -> bool {
        if let Some(select) = &self.select
            && !select.iter().any(|c| c == code)
        {
            return false;
        }
        self.levels.get(code) != Some(&Level::Off)
    }

    /// "Now" in seconds since the epoch: `--now`, else the system clock.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
    }

    /// The severity a finding is reported at: the user's level for the rule if
    /// set, else what the rule chose.
    pub fn severity(&self, code: &str, chosen: Severity) -> Severity {
        match self.levels.get(code) {
            Some(Level::On(s)) => *s,
            _ => chosen,
        }
    }
}

/// The configuration file's name, looked for from the working directory upward.
pub const FILE_NAME: &str = "trustlint.toml";

/// A problem in the configuration file, with its place in the TOML.
#[derive(Debug)]
pub struct ConfigError {
    pub file: std::sync::Arc<SourceFile>,
    pub span: Option<Span>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.span {
            Some(s) => {
                let p = self.file.position(s.start as usize);
                write!(f, "{}:{}:{}: {}", self.file.name, p.line, p.column, self.message)
            }
            None => write!(f, "{}: {}", self.file.name, self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    accounts: Option<AccountsSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AccountsSection {
    #[serde(default)]
    own: Vec<Spanned<String>>,
    /// Vendor name → account ID.
    #[serde(default)]
    third_party: BTreeMap<String, Spanned<String>>,
}

/// The nearest `trustlint.toml` at or above `dir`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// Read a configuration file into `settings`. Unknown keys and bad values are
/// errors with their location.
pub fn load(path: &Path, display: String, settings: &mut Settings) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: std::sync::Arc::new(SourceFile::new(display.clone(), path.to_path_buf(), String::new())),
        span: None,
        message: format!("cannot read the configuration: {e}"),
    })?;
    load_str(text, display, path, settings)
}

/// [`load`] for configuration text already in memory (rule examples, tests).
pub fn load_str(text: String, display: String, path: &Path, settings: &mut Settings) -> Result<(), ConfigError> {
    let file = std::sync::Arc::new(SourceFile::new(display, path.to_path_buf(), text));
    let error = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
        file: file.clone(),
        span: span.map(|r| Span::new(r.start, r.end)),
        message,
    };
    let parsed: FileConfig = toml::from_str(&file.text).map_err(|e| error(e.span(), e.message().to_string()))?;
    if let Some(accounts) = parsed.accounts {
        for id in &accounts.own {
            if !is_account_id(id.get_ref()) {
                return Err(error(
                    Some(id.span()),
                    format!("`{}` is not a 12-digit AWS account ID", id.get_ref()),
                ));
            }
            settings.accounts.own.push(id.get_ref().clone());
        }
        for (name, id) in &accounts.third_party {
            if !is_account_id(id.get_ref()) {
                return Err(error(
                    Some(id.span()),
                    format!(
                        "`{}` (third party {name}) is not a 12-digit AWS account ID",
                        id.get_ref()
                    ),
                ));
            }
            settings.accounts.third_party.push((name.clone(), id.get_ref().clone()));
        }
    }
    Ok(())
}

impl Accounts {
    /// Does the configuration list any account? TL116 runs only then.
    pub fn is_configured(&self) -> bool {
        !self.own.is_empty() || !self.third_party.is_empty()
    }

    pub fn is_own(&self, account: &str) -> bool {
        self.own.iter().any(|a| a == account)
    }

    /// The configured third party owning `account`.
    pub fn third_party(&self, account: &str) -> Option<&str> {
        self.third_party
            .iter()
            .find(|(_, id)| id == account)
            .map(|(name, _)| name.as_str())
    }
}
