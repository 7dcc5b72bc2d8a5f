//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//! Plain serde structs of the parts of the format trustlint fills.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::spliced;
use crate::baseline::fingerprint_hex;
use crate::diagnostic::{Finding, Severity};
use crate::lint::Outcome;
use crate::rules::{ExampleKind, Registry, Rule};
use crate::source::{Position, SourceFile};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base every relative artifact URI is resolved against (the checkout root).
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    /// [`spliced::HOLE`]: the results are rendered in parallel.
    results: &'static str,
    /// Columns count Unicode code points, as trustlint's do.
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: Properties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Properties {
    tags: Vec<&'static str>,
    /// GitHub code scanning's 0.0–10.0 score for security rules.
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Trust, permission and cross-file rules are security rules; TL0xx check
/// that AWS accepts the policy; TL9xx are about trustlint's own config.
fn properties(rule: &Rule) -> Properties {
    let code = rule.code();
    if code.starts_with("TL0") {
        return Properties {
            tags: vec!["correctness", "iam"],
            security_severity: None,
        };
    }
    if code.starts_with("TL9") {
        return Properties {
            tags: vec!["maintainability"],
            security_severity: None,
        };
    }
    Properties {
        tags: vec!["security", "iam"],
        security_severity: Some(match rule.meta.severity {
            Severity::Error => "8.0",
            Severity::Warning => "5.5",
            Severity::Info => "2.0",
        }),
    }
}

fn descriptor(rule: &Rule) -> Descriptor<'_> {
    let m = &rule.meta;
    let text = format!(
        "{}\n\nWhy it matters: {}\n\nHow to fix: {}",
        m.docs.what.trim(),
        m.docs.why.trim(),
        m.docs.fix.trim()
    );
    let mut markdown = format!(
        "{}\n\n## Why it matters\n\n{}\n\n## How to fix\n\n{}\n",
        m.docs.what.trim(),
        m.docs.why.trim(),
        m.docs.fix.trim()
    );
    for ex in m.examples.iter() {
        let kind = if ex.kind == ExampleKind::Bad { "Bad" } else { "Good" };
        markdown.push_str(&format!(
            "\n### {kind}: {}\n\n```json\n{}\n```\n",
            ex.title,
            ex.policy.trim()
        ));
    }
    Descriptor {
        id: &m.code,
        name: &m.name,
        short_description: Text {
            text: m.summary.clone(),
        },
        full_description: Text {
            text: m.docs.what.trim().to_string(),
        },
        help: Help { text, markdown },
        default_configuration: Configuration {
            level: level(m.severity),
        },
        properties: properties(rule),
    }
}

/// A URI reference for a path: relative paths resolve against %SRCROOT%.
fn artifact(file: &SourceFile) -> ArtifactLocation {
    let name = &file.name;
    if name.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", encode(name)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encode(name.trim_start_matches("./")),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// Percent-encode everything but RFC 3986 unreserved characters and `/`.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn physical(file: &SourceFile, s: Position, e: Position) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact(file),
        region: Region {
            start_line: s.line,
            start_column: s.column,
            end_line: e.line,
            end_column: e.column.max(if e.line == s.line { s.column + 1 } else { 1 }),
        },
    }
}

fn result<'a>(f: &'a Finding, index: usize) -> SarifResult<'a> {
    let mut text = f.message.clone();
    if let Some(h) = &f.help {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    SarifResult {
        rule_id: f.code,
        rule_index: index,
        level: level(f.severity),
        message: Text { text },
        locations: vec![Location {
            id: None,
            physical_location: physical(&f.file, f.start, f.end),
            message: (!f.label.is_empty()).then(|| Text {
                text: f.label.to_string(),
            }),
        }],
        related_locations: f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| Location {
                id: Some(i + 1),
                physical_location: physical(&l.file, l.start, l.end),
                message: Some(Text {
                    text: l.message.to_string(),
                }),
            })
            .collect(),
        partial_fingerprints: BTreeMap::from([("trustlintFingerprint/v1", fingerprint_hex(f))]),
    }
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let registry = Registry::current();
    let rules = registry.rules();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "trustlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: rules.iter().map(descriptor).collect(),
                },
            },
            results: spliced::HOLE,
            column_kind: "unicodeCodePoints",
        }],
    };
    let index_of = |code: &str| rules.iter().position(|r| r.code() == code).unwrap_or(0);
    spliced::write(out, &log, &outcome.findings, |f| result(f, index_of(f.code)))
}
