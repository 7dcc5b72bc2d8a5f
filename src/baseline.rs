//! Baselines: record today's findings, then report only new ones. Entries
//! match by path, code and fingerprint (the offending token and its
//! statement), never by line, so unrelated edits do not resurrect them.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Finding;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub code: String,
    /// 16 hex digits.
    pub fingerprint: String,
    /// For people reading the file; not used for matching.
    #[serde(default)]
    pub message: String,
}

pub fn fingerprint_hex(f: &Finding) -> String {
    format!("{:016x}", f.fingerprint)
}

impl Baseline {
    pub fn of(findings: &[Finding]) -> Baseline {
        Baseline {
            version: 1,
            tool: "trustlint".into(),
            findings: findings
                .iter()
                .map(|f| Entry {
                    path: f.file.name.clone(),
                    code: f.code.to_string(),
                    fingerprint: fingerprint_hex(f),
                    message: f.message.clone(),
                })
                .collect(),
        }
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
        let b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("{}: not a trustlint baseline: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// Drop the findings the baseline records (each entry absorbs one
    /// finding); return how many were dropped.
    pub fn filter(&self, findings: &mut Vec<Finding>) -> usize {
        let mut budget: HashMap<(String, String, String), usize> = HashMap::new();
        for e in &self.findings {
            *budget
                .entry((e.path.clone(), e.code.clone(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        let before = findings.len();
        findings.retain(|f| {
            let key = (f.file.name.clone(), f.code.to_string(), fingerprint_hex(f));
            match budget.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - findings.len()
    }
}
