//! What a rule produces: a finding with a primary span, labels, a note and a help.
//! Findings know nothing of output formats; reporters render them.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::json::Span;
use crate::source::{Position, SourceFile};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Longest message, label, note or help kept whole, in bytes.
pub const MAX_TEXT: usize = 400;

/// A text cut in the middle when longer than [`MAX_TEXT`]: messages quote
/// the values they are about, and a 10 MB `Resource` string would otherwise
/// be copied into every report. Head and tail stay, so the message still
/// reads (and says what is wrong after the quoted value).
pub fn clip(text: Cow<'static, str>) -> Cow<'static, str> {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let mut head = MAX_TEXT * 2 / 3;
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = text.len() - MAX_TEXT / 4;
    while !text.is_char_boundary(tail) {
        tail += 1;
    }
    let left_out = text[head..tail].chars().count();
    Cow::Owned(format!("{} […{left_out} characters…] {}", &text[..head], &text[tail..]))
}

/// A secondary label: a token elsewhere (possibly in another file) that explains the finding.
#[derive(Clone, Debug)]
pub struct Label {
    pub file: Arc<SourceFile>,
    pub span: Span,
    /// The span's line and column, computed when the label is made, so output
    /// needs no source text (see [`Finding::shed_source`]).
    pub start: Position,
    pub end: Position,
    pub message: Cow<'static, str>,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The file and exact token the finding is about.
    pub file: Arc<SourceFile>,
    pub span: Span,
    /// Line and column of the span, computed when the finding is made.
    pub start: Position,
    pub end: Position,
    /// The header: what is wrong, naming the value.
    pub message: String,
    /// The text under the primary caret. Fixed texts are borrowed, not
    /// copied into every finding (a large run holds hundreds of thousands).
    pub label: Cow<'static, str>,
    pub labels: Vec<Label>,
    /// Why it matters, one sentence.
    pub note: Option<Cow<'static, str>>,
    /// The concrete fix.
    pub help: Option<Cow<'static, str>>,
    /// JSON pointer (RFC 6901) of the primary token, e.g. `/Statement/0/Principal/AWS`.
    pub pointer: Option<String>,
    /// The `Sid` of the statement the finding is in, if it has one.
    pub sid: Option<String>,
    /// Identity of the finding that survives unrelated edits: a hash of the
    /// code, the offending token and its statement (whitespace ignored), never
    /// of line numbers. Baselines and SARIF's partialFingerprints use it.
    pub fingerprint: u64,
}

impl Finding {
    pub fn label(mut self, text: impl Into<Cow<'static, str>>) -> Finding {
        self.label = clip(text.into());
        self
    }

    pub fn secondary(self, span: Span, text: impl Into<Cow<'static, str>>) -> Finding {
        let file = self.file.clone();
        self.secondary_in(file, span, text)
    }

    /// A secondary label in another file (cross-file rules).
    pub fn secondary_in(mut self, file: Arc<SourceFile>, span: Span, text: impl Into<Cow<'static, str>>) -> Finding {
        self.labels.push(Label {
            start: file.position(span.start as usize),
            end: file.position(span.end as usize),
            file,
            span,
            message: clip(text.into()),
        });
        self
    }

    pub fn note(mut self, text: impl Into<Cow<'static, str>>) -> Finding {
        self.note = Some(clip(text.into()));
        self
    }

    pub fn help(mut self, text: impl Into<Cow<'static, str>>) -> Finding {
        self.help = Some(clip(text.into()));
        self
    }

    /// Raise or lower this one finding from the rule's default (e.g. TL102 on a
    /// known vendor account). A severity set in config still wins.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    pub fn start(&self) -> Position {
        self.start
    }

    pub fn end(&self) -> Position {
        self.end
    }

    /// Whether every span of the finding lies inside its file's text, in
    /// order and on character boundaries: the invariant the fuzz target and
    /// the property tests hold every finding to (before `shed_source`).
    pub fn check_spans(&self) -> Result<(), String> {
        let check = |file: &SourceFile, span: Span| {
            let (s, e, text) = (span.start as usize, span.end as usize, &file.text);
            let problem = if s > e {
                "is reversed"
            } else if e > text.len() {
                "ends past the text"
            } else if !text.is_char_boundary(s) {
                "starts inside a character"
            } else if !text.is_char_boundary(e) {
                "ends inside a character"
            } else {
                return Ok(());
            };
            Err(format!("{}: span {span:?} {problem} ({} bytes)", self.code, text.len()))
        };
        check(&self.file, self.span)?;
        self.labels.iter().try_for_each(|l| check(&l.file, l.span))
    }

    /// Let go of the file's text once nothing needs it: every output but
    /// `human` reads only names and positions, and a run over a large
    /// repository would otherwise hold every file with a finding until the
    /// end. `slim` is the same file without its text (one per file, shared).
    pub fn shed_source(&mut self, slim: &Arc<SourceFile>) {
        if Arc::ptr_eq(&self.file, slim) || self.file.path != slim.path {
            return;
        }
        self.file = slim.clone();
        for l in &mut self.labels {
            if l.file.path == slim.path {
                l.file = slim.clone();
            }
        }
    }

    /// The order every output uses: path, line, column, code.
    pub fn sort_key(&self) -> (&str, (u32, &'static str, u32, &str)) {
        (&self.file.name, self.place_key())
    }

    /// The order within one file: start, rule, end, message.
    pub fn place_key(&self) -> (u32, &'static str, u32, &str) {
        (self.span.start, self.code, self.span.end, &self.message)
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and Rust
/// version, so fingerprints written today still match tomorrow.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h = Fnv::new();
    for part in parts {
        part.bytes().for_each(|b| h.eat(b));
        h.eat(0xff);
    }
    h.0
}

/// FNV-1a state; every part of a hash ends with a 0xff byte.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn eat(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
}

/// `stable_hash(&[text with every white-space character removed])`, without
/// building that string (a statement of an AWS managed policy is kilobytes).
pub fn stable_hash_without_whitespace(text: &str) -> u64 {
    let mut h = Fnv::new();
    if text.is_ascii() {
        // Bytes are characters: no decoding.
        for &b in text.as_bytes() {
            if !char::from(b).is_whitespace() {
                h.eat(b);
            }
        }
    } else {
        let mut buf = [0u8; 4];
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            c.encode_utf8(&mut buf).bytes().for_each(|b| h.eat(b));
        }
    }
    h.eat(0xff);
    h.0
}

pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        // The findings of one file share its `SourceFile`: their paths are
        // equal without comparing them byte by byte.
        if Arc::ptr_eq(&a.file, &b.file) {
            a.place_key().cmp(&b.place_key())
        } else {
            a.sort_key().cmp(&b.sort_key())
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_without_whitespace_is_the_hash_of_the_stripped_text() {
        for text in ["", " a b\n\t{\"x\": 1}\r\n", "é \u{a0}“q”\u{2003}z", "\u{b}\u{c}"] {
            let stripped: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(
                stable_hash_without_whitespace(text),
                stable_hash(&[&stripped]),
                "{text:?}"
            );
        }
    }
}
