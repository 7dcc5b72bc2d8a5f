//! `--format json`: one document, a contract CI scripts parse.
//! Shape (version 1): `{"version", "tool": {"name", "version"}, "findings": [...], "summary": {...}}`.

use std::io::{self, Write};

use serde::Serialize;

use super::{Summary, spliced};
use crate::diagnostic::Finding;
use crate::lint::Outcome;
use crate::source::Position;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    /// [`spliced::HOLE`]: the findings are rendered in parallel.
    findings: &'a str,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    path: &'a str,
    message: &'a str,
    range: Range,
    labels: Vec<JsonLabel<'a>>,
    note: Option<&'a str>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

impl Range {
    fn of(start: Position, end: Position) -> Range {
        Range { start, end }
    }
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    range: Range,
    message: &'a str,
    primary: bool,
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    let mut labels = vec![JsonLabel {
        path: &f.file.name,
        range: Range::of(f.start, f.end),
        message: &f.label,
        primary: true,
    }];
    labels.extend(f.labels.iter().map(|l| JsonLabel {
        path: &l.file.name,
        range: Range::of(l.start, l.end),
        message: &l.message,
        primary: false,
    }));
    JsonFinding {
        code: f.code,
        name: f.name,
        severity: f.severity.as_str(),
        path: &f.file.name,
        message: &f.message,
        range: Range::of(f.start, f.end),
        labels,
        note: f.note.as_deref(),
        help: f.help.as_deref(),
    }
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version: 1,
        tool: Tool {
            name: "trustlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: spliced::HOLE,
        summary: Summary::of(outcome),
    };
    spliced::write(out, &doc, &outcome.findings, finding)
}
