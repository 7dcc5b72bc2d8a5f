//! Output formats. Each format is one module with one `write` function over a
//! finished [`Outcome`]; reporters never look at JSON text or policies.

mod human;
mod json;

use std::io::{self, Write};

use crate::lint::Outcome;

pub use human::config_error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets and carets, then a summary.
    Human,
    /// One JSON document (a stable contract: see README, "JSON output").
    Json,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
    /// Findings only: no summary line.
    pub quiet: bool,
}

pub fn write(format: Format, outcome: &Outcome, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(outcome, options, out),
        Format::Json => json::write(outcome, out),
    }
}

/// The counts every format's summary reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub policies: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(outcome: &Outcome) -> Summary {
        use crate::diagnostic::Severity::*;
        let count = |s| outcome.findings.iter().filter(|f| f.severity == s).count();
        Summary {
            files: outcome.files,
            policies: outcome.policies,
            findings: outcome.findings.len(),
            errors: count(Error),
            warnings: count(Warning),
            infos: count(Info),
        }
    }
}
