//! `--format json`: one document, a contract CI scripts parse.
//! Shape (version 1): `{"version", "tool": {"name", "version"}, "findings": [...], "summary": {...}}`.

use std::io::{self, Write};

use serde::Serialize;

use super::pretty::{self, Object};
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
    spliced::write_with(out, &doc, &outcome.findings, |f, buf, indent| {
        write_finding(f, buf, indent);
        Ok(())
    })
}

/// [`finding`] as serde_json would write it pretty at `indent`, by hand: a
/// report is mostly findings, and serde's byte-by-byte escaping was most of
/// rendering them (the tests hold the two to the same bytes).
fn write_finding(f: &Finding, out: &mut Vec<u8>, indent: usize) {
    let range = |out: &mut Vec<u8>, indent: usize, start: Position, end: Position| {
        let mut r = Object::open(out, indent);
        for (name, p) in [("start", start), ("end", end)] {
            let inner = r.inner();
            let mut at = Object::open(r.key(name), inner);
            at.num("line", p.line);
            at.num("column", p.column);
            at.close();
        }
        r.close();
    };
    let label = |out: &mut Vec<u8>, indent: usize, l: &JsonLabel<'_>| {
        let mut o = Object::open(out, indent);
        o.str("path", l.path);
        let inner = o.inner();
        range(o.key("range"), inner, l.range.start, l.range.end);
        o.str("message", l.message);
        o.bool("primary", l.primary);
        o.close();
    };
    let j = finding(f);
    let mut o = Object::open(out, indent);
    o.str("code", j.code);
    o.str("name", j.name);
    o.str("severity", j.severity);
    o.str("path", j.path);
    o.str("message", j.message);
    let inner = o.inner();
    range(o.key("range"), inner, j.range.start, j.range.end);
    let inner = o.inner();
    pretty::array(o.key("labels"), inner, &j.labels, |out, l| label(out, inner + 2, l));
    o.opt_str("note", j.note);
    o.opt_str("help", j.help);
    o.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written finding is serde_json's, byte for byte, at any
    /// indentation, with escapes, labels and absent notes.
    #[test]
    fn write_finding_is_serdes() {
        let file = std::sync::Arc::new(crate::source::SourceFile::new(
            "dir/\"odd\"\tname\u{1}.json".into(),
            "x.json".into(),
            "{\n  \"Statement\": []\n}\n".into(),
        ));
        let rule = crate::rules::Registry::current().get("TL013").expect("TL013 exists");
        let span = |a, b| crate::json::Span::new(a, b);
        let plain = crate::rules::new_finding(
            rule,
            &file,
            span(4, 15),
            "a message with \"quotes\", \\ and \u{1b}[31m é",
        );
        let labelled = plain
            .clone()
            .label("under the caret\n")
            .secondary(span(0, 1), "elsewhere")
            .note("why")
            .help("how\u{7f}");
        for f in [plain, labelled] {
            for indent in [0, 2, 4, 10] {
                let mut got = Vec::new();
                write_finding(&f, &mut got, indent);
                let mut expected = Vec::new();
                let pretty = super::spliced::Pretty::at(indent);
                finding(&f)
                    .serialize(&mut serde_json::Serializer::with_formatter(&mut expected, pretty))
                    .unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(expected).unwrap(),
                    "indent {indent}"
                );
            }
        }
    }
}
