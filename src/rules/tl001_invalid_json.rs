//! TL001 invalid-json: the file is not JSON. Raised by the driver when parsing
//! fails, so it has no `check`; it turns parser errors into findings.

use std::sync::Arc;

use crate::diagnostic::Finding;
use crate::json::{ParseError, ParseErrorKind, Span};
use crate::rules::{Registry, new_finding};
use crate::source::SourceFile;

const CODE: &str = "TL001";

pub fn from_parse_error(registry: &'static Registry, file: &Arc<SourceFile>, err: &ParseError) -> Finding {
    // At end of input, point just after the last token, not at a blank last line.
    let offset = if err.len == 0 {
        err.offset.min(file.text.trim_end().len())
    } else {
        err.offset
    };
    let span = Span::new(offset, offset + err.len);
    let f = new_finding(registry.rule(CODE), file, span, format!("not valid JSON: {}", err.message()))
        .label(label_for(err))
        .note("AWS rejects a policy that is not valid JSON, and no other rule can read this file until it parses");
    match err.hint() {
        Some(h) => f.help(h),
        None => f,
    }
}

fn label_for(err: &ParseError) -> String {
    use ParseErrorKind as K;
    match &err.kind {
        K::CurlyQuote(_) => "a curly quote, not a straight `\"`".to_string(),
        K::TrailingComma => "this comma has nothing after it".to_string(),
        K::Comment => "JSON has no comments".to_string(),
        K::SingleQuote => "single quotes do not delimit JSON strings".to_string(),
        K::UnquotedKey(_) => "keys need double quotes".to_string(),
        K::UnquotedValue(_) => "not a JSON value".to_string(),
        K::NonFiniteNumber(_) => "not a JSON number".to_string(),
        K::MissingComma(_) => "a `,` is missing before this".to_string(),
        K::MissingColon(_) => "a `:` is missing before this".to_string(),
        K::ControlCharacterInString(_) => "a raw control character".to_string(),
        K::InvalidEscape(_) | K::InvalidUnicodeEscape => "not a valid escape".to_string(),
        K::InvalidNumber(_) => "not a valid JSON number".to_string(),
        K::UnicodeSpace(_) => "an invisible Unicode space".to_string(),
        K::TrailingContent => "text after the end of the document".to_string(),
        K::Empty => "the file holds no JSON value".to_string(),
        K::UnexpectedEnd => "the document ends here".to_string(),
        _ => "unexpected here".to_string(),
    }
}

/// How non-UTF-8 bytes most likely came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 text (a BOM FF FE / FE FF, or a NUL in every other byte).
    Utf16,
    /// Binary data (NUL bytes that are not UTF-16).
    Binary,
    /// Text in a legacy 8-bit encoding such as Latin-1.
    Legacy,
}

pub fn sniff(bytes: &[u8]) -> Encoding {
    let head = &bytes[..bytes.len().min(512)];
    let bom = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let nul_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let nul_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    if bom || (half >= 4 && (nul_even * 10 >= half * 9 || nul_odd * 10 >= half * 9)) {
        Encoding::Utf16
    } else if head.contains(&0) {
        Encoding::Binary
    } else {
        Encoding::Legacy
    }
}

/// `at` is the offset of the first byte that is not UTF-8 (or of the first
/// NUL of UTF-16 text that happens to be valid UTF-8), `byte` that byte;
/// `encoding` what [`sniff`] said.
pub fn from_utf8_error(
    registry: &'static Registry,
    file: &Arc<SourceFile>,
    at: usize,
    byte: u8,
    encoding: Encoding,
) -> Finding {
    // The lossy text keeps every valid byte, so the offset is the same there,
    // and U+FFFD (3 bytes) stands where the bad bytes were.
    // One whole character (U+FFFD stands for the bad bytes in the lossy text).
    let width = file.text.get(at..).and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
    let span = Span::new(at, at + width);
    let (message, label, help) = match encoding {
        Encoding::Utf16 => (
            "not valid JSON: the file is UTF-16, not UTF-8".to_string(),
            "UTF-16 text starts here".to_string(),
            "save the file as UTF-8 (Windows PowerShell's `>` writes UTF-16; use `Out-File -Encoding utf8`)",
        ),
        Encoding::Binary => (
            "not valid JSON: the file is binary, not text".to_string(),
            format!("byte 0x{byte:02X} is not UTF-8"),
            "this is not a policy document; exclude it with --exclude",
        ),
        Encoding::Legacy => (
            format!("not valid JSON: byte 0x{byte:02X} is not UTF-8"),
            format!("byte 0x{byte:02X} is not UTF-8"),
            "save the file as UTF-8 (it is probably Latin-1 or Windows-1252)",
        ),
    };
    new_finding(registry.rule(CODE), file, span, message)
        .label(label)
        .note("JSON text must be UTF-8; AWS rejects anything else")
        .help(help)
}
