//! Run settings that rules read: per-rule levels, the clock, known accounts.
//! This is the one place configuration is represented; the CLI and
//! `trustlint.toml` both fill it.

use std::collections::HashMap;

use crate::diagnostic::Severity;

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

    /// The severity a finding is reported at: the user's level for the rule if
    /// set, else what the rule chose.
    pub fn severity(&self, code: &str, chosen: Severity) -> Severity {
        match self.levels.get(code) {
            Some(Level::On(s)) => *s,
            _ => chosen,
        }
    }
}
