//! `trustlint rules` and `trustlint explain`: the registry rendered for people
//! and scripts. Examples are linted as they are printed, so the findings shown
//! are the ones the code gives.

use std::fmt::Write as _;

use serde::Serialize;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::bindings::Memory;
use crate::config::{self, Settings};
use crate::crossfile;
use crate::lint;
use crate::rules::{Example, ExampleKind, Registry, Rule};

pub fn rules_table(registry: &Registry) -> String {
    let width = registry.rules().iter().map(|r| r.meta.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in registry.rules() {
        let m = &r.meta;
        let _ = writeln!(
            out,
            "{}  {:width$}  {:7}  {}",
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary
        );
    }
    out
}

#[derive(Serialize)]
struct RuleEntry<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    summary: &'a str,
    applies_to: Vec<&'a str>,
}

pub fn rules_json(registry: &Registry) -> String {
    let entries: Vec<RuleEntry<'_>> = registry
        .rules()
        .iter()
        .map(|r| RuleEntry {
            code: &r.meta.code,
            name: &r.meta.name,
            severity: r.meta.severity.as_str(),
            summary: &r.meta.summary,
            applies_to: r.meta.applies_to.iter().map(|k| k.as_str()).collect(),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&entries).unwrap_or_default();
    s.push('\n');
    s
}

/// Where examples live: a folder that exists only in memory. Running an
/// example writes nothing to disk.
const EXAMPLE_ROOT: &str = "/trustlint-example";

/// Findings of `rule` when linting an example, as `file:line:col message`
/// lines. The example's policy is `example.json`; its `files` and `config`
/// (a `trustlint.toml`) sit beside it.
pub fn example_findings(rule: &Rule, example: &Example) -> Vec<String> {
    let root = Path::new(EXAMPLE_ROOT);
    let main = root.join("example.json");
    let mut files: HashMap<PathBuf, String> = example
        .files
        .iter()
        .map(|(name, text)| (root.join(name), text.clone()))
        .collect();
    files.insert(main.clone(), example.policy.clone());
    let files = Memory(files);
    let mut settings = Settings::default();
    if let Some(config) = &example.config
        && let Err(e) = config::load_with(
            config.clone(),
            "trustlint.toml".into(),
            &root.join("trustlint.toml"),
            &mut settings,
            &files,
        )
    {
        return vec![format!("invalid example config: {e}")];
    }
    let report = lint::lint_bytes(
        "example.json".into(),
        main.clone(),
        example.policy.as_bytes().to_vec(),
        true,
        &settings,
    );
    let mut outcome = lint::Outcome {
        findings: report.findings,
        ..lint::Outcome::default()
    };
    let (across, _) = crossfile::run(&settings, std::slice::from_ref(&main), &files);
    outcome.findings.extend(across);
    lint::finish(&mut outcome, &settings, &[main], false);
    outcome
        .findings
        .iter()
        .filter(|f| f.code == rule.code())
        .map(|f| {
            let p = f.start();
            let name = f.file.name.trim_start_matches(EXAMPLE_ROOT).trim_start_matches('/');
            format!(
                "{name}:{}:{}: {}[{}]: {}",
                p.line, p.column, f.severity, f.code, f.message
            )
        })
        .collect()
}

fn indent(text: &str, by: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn explain(rule: &Rule) -> String {
    let m = &rule.meta;
    let mut out = String::new();
    let _ = writeln!(out, "{} {} ({})\n", m.code, m.name, m.severity);
    let _ = writeln!(out, "{}\n", m.summary);
    if !m.applies_to.is_empty() {
        let kinds: Vec<_> = m.applies_to.iter().map(|k| k.as_str()).collect();
        let _ = writeln!(out, "Applies to: {} policies\n", kinds.join(", "));
    }
    let _ = writeln!(out, "What it does\n{}\n", indent(&m.docs.what, "  "));
    let _ = writeln!(out, "Why it matters\n{}\n", indent(&m.docs.why, "  "));
    for ex in m.examples.iter() {
        let kind = match ex.kind {
            ExampleKind::Bad => "bad",
            ExampleKind::Good => "good",
        };
        let _ = writeln!(out, "Example ({kind}): {}\n{}", ex.title, indent(&ex.policy, "    "));
        for (name, text) in &ex.files {
            let _ = writeln!(out, "  and {name}:\n{}", indent(text, "    "));
        }
        if let Some(config) = &ex.config {
            let _ = writeln!(out, "  with trustlint.toml:\n{}", indent(config, "    "));
        }
        let found = example_findings(rule, ex);
        if found.is_empty() {
            let _ = writeln!(out, "  → no finding\n");
        } else {
            for f in found {
                let _ = writeln!(out, "  → {f}");
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "How to fix\n{}", indent(&m.docs.fix, "  "));
    out
}
