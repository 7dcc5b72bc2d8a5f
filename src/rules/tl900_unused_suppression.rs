//! TL900 unused-suppression: an `[[ignore]]` entry in trustlint.toml that
//! matched no finding. Raised by the driver after suppressions are applied.

use std::sync::Arc;

use crate::config::{Settings, Suppression};
use crate::diagnostic::{self, Finding};
use crate::rules::{Registry, new_finding};
use crate::source::SourceFile;

pub const CODE: &str = "TL900";

pub fn finding(registry: &'static Registry, config: &Arc<SourceFile>, s: &Suppression, settings: &Settings) -> Finding {
    let mut f = new_finding(
        registry.rule(CODE),
        config,
        s.span,
        format!("this suppression of {} matched no finding", s.code),
    )
    .label("stale [[ignore]] entry")
    .note("the finding it was written for is gone (fixed, or the file moved); a stale suppression would silently hide the next one")
    .help("remove this [[ignore]] entry");
    f.severity = settings.severity(CODE, f.severity);
    let token = config.text.get(s.span.range()).unwrap_or("");
    f.fingerprint = diagnostic::stable_hash(&[CODE, token]);
    f
}
