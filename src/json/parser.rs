//! The strict RFC 8259 parser behind [`parse`].
//!
//! It works on bytes with an explicit stack, so nesting depth costs heap, not
//! call stack: 100,000 nested `[` are an ordinary input. Errors name the
//! mistakes people make when pasting policies from blogs and word processors
//! (curly quotes, trailing commas, comments, single quotes, unquoted keys,
//! `NaN`), pointing at the offending character.

use std::fmt;

use super::{Arena, Kind, Member, Span, Value};

/// Parses one JSON document.
///
/// A leading UTF-8 byte order mark is skipped; every span is a byte offset
/// into `text` as given (BOM included). Strings without escapes borrow from
/// `text`. Duplicate keys are kept, in document order.
pub fn parse<'s>(text: &'s str, arena: &'s Arena) -> Result<Value<'s>, ParseError> {
    if u32::try_from(text.len()).is_err() {
        return Err(ParseError::new(0, 0, ParseErrorKind::TooLarge, Expected::Value));
    }
    let mut parser = Parser {
        text,
        arena,
        bytes: text.as_bytes(),
        pos: 0,
        last_string: (0, 0),
    };
    if text.starts_with('\u{FEFF}') {
        parser.pos = '\u{FEFF}'.len_utf8();
    }
    parser.skip_whitespace();
    if parser.pos == text.len() {
        return Err(ParseError::new(text.len(), 0, ParseErrorKind::Empty, Expected::Value));
    }
    parser.document()
}

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset into the text of the offending character or token: the
    /// first character that makes the input invalid, except where the real
    /// mistake comes earlier — the comma of a trailing comma, the `\` of a
    /// bad escape, the `0` of a leading zero, a curly quote that was meant to
    /// close the string before it. The text's length when the input ends too early.
    pub offset: usize,
    /// Byte length of the offending character or token; 0 at end of input.
    pub len: usize,
    /// What was found.
    pub kind: ParseErrorKind,
    /// What the parser was looking for at `offset`.
    pub expected: Expected,
}

/// What was found where it does not belong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// Nothing but whitespace (or a byte order mark).
    Empty,
    /// The text is 4 GiB or more; spans are 32-bit.
    TooLarge,
    /// The text ends before the document does.
    UnexpectedEnd,
    /// A character that fits nowhere here and has no better explanation.
    UnexpectedChar(char),
    /// `“ ” ‘ ’` where a token was expected: text pasted from a word processor
    /// or blog. Also one inside a string that was evidently meant to close it
    /// (`"Effect”: "Allow"`); `expected` is then [`Expected::StringEnd`].
    CurlyQuote(char),
    /// A string in single quotes.
    SingleQuote,
    /// `//` or `/*`.
    Comment,
    /// A non-breaking, zero-width or other Unicode space outside a string.
    UnicodeSpace(char),
    /// A `,` right before `]` or `}` (the error points at the comma).
    TrailingComma,
    /// A bare identifier where a key in double quotes was expected.
    UnquotedKey(String),
    /// A bare word (such as `Allow` or `True`) where a value was expected.
    UnquotedValue(String),
    /// `NaN`, `Infinity`, `-Infinity` or `+Infinity`.
    NonFiniteNumber(&'static str),
    /// Something other than `:` after an object key (the character found).
    MissingColon(char),
    /// The start of another value where `,` was expected (the character found).
    MissingComma(char),
    /// A raw character U+0000–U+001F inside a string.
    ControlCharacterInString(char),
    /// A backslash followed by a character that is not an escape (the character).
    InvalidEscape(char),
    /// `\u` not followed by 4 hex digits.
    InvalidUnicodeEscape,
    /// A number that breaks JSON's number grammar.
    InvalidNumber(NumberProblem),
    /// More text after the one top-level value.
    TrailingContent,
}

/// How a number breaks the grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberProblem {
    /// `-` not followed by a digit.
    NoDigitAfterMinus,
    /// `.` not followed by a digit.
    NoDigitAfterPoint,
    /// `e` (and sign) not followed by a digit.
    NoDigitInExponent,
    /// `0` followed by another digit, such as `012345678901`.
    LeadingZero,
    /// `+1`.
    LeadingPlus,
    /// `.5`.
    LeadingPoint,
}

/// What the parser was looking for when it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Any value (after `:` or `,`, or at the top level).
    Value,
    /// A value or `]`, right after `[`.
    ValueOrClose,
    /// A key, after `,` in an object.
    Key,
    /// A key or `}`, right after `{`.
    KeyOrClose,
    /// `:` after a key.
    Colon,
    /// `,` or `]` after an array element.
    ArrayNext,
    /// `,` or `}` after an object member.
    ObjectNext,
    /// Nothing more, after the top-level value.
    End,
    /// More of a string, or its closing quote.
    StringEnd,
    /// A character after `\` in a string.
    Escape,
    /// A hex digit of a `\u` escape.
    HexDigit,
    /// A digit of a number.
    Digit,
}

impl Expected {
    fn describe(self) -> &'static str {
        match self {
            Expected::Value => "a value",
            Expected::ValueOrClose => "a value or `]`",
            Expected::Key => "a key in double quotes",
            Expected::KeyOrClose => "a key in double quotes or `}`",
            Expected::Colon => "`:` after the object key",
            Expected::ArrayNext => "`,` or `]` after an array element",
            Expected::ObjectNext => "`,` or `}` after an object member",
            Expected::End => "the end of input",
            Expected::StringEnd => "the closing `\"` of the string",
            Expected::Escape => "an escape character after `\\`",
            Expected::HexDigit => "a hex digit",
            Expected::Digit => "a digit",
        }
    }
}

impl NumberProblem {
    fn describe(self) -> &'static str {
        match self {
            NumberProblem::NoDigitAfterMinus => "expected a digit after `-`",
            NumberProblem::NoDigitAfterPoint => "expected a digit after the decimal point",
            NumberProblem::NoDigitInExponent => "expected a digit in the exponent",
            NumberProblem::LeadingZero => "leading zeros are not allowed",
            NumberProblem::LeadingPlus => "a number cannot start with `+`",
            NumberProblem::LeadingPoint => "a number cannot start with `.`",
        }
    }
}

impl ParseError {
    fn new(offset: usize, len: usize, kind: ParseErrorKind, expected: Expected) -> ParseError {
        ParseError {
            offset,
            len,
            kind,
            expected,
        }
    }

    /// The offending character or token (empty at end of input).
    pub fn span(&self) -> Span {
        Span::new(self.offset, self.offset + self.len)
    }

    /// What was expected and what was found, in one short lower-case line.
    pub fn message(&self) -> String {
        use ParseErrorKind as K;
        let expected = self.expected.describe();
        match &self.kind {
            K::Empty => "expected a JSON value, found empty input".to_owned(),
            K::TooLarge => "input is too large: 4 GiB or more".to_owned(),
            K::UnexpectedEnd => format!("expected {expected}, found end of input"),
            K::UnexpectedChar(c) | K::MissingColon(c) | K::MissingComma(c) => {
                format!("expected {expected}, found {}", show(*c))
            }
            K::CurlyQuote(c) => format!("expected {expected}, found curly quote `{c}`"),
            K::SingleQuote => format!("expected {expected}, found a single-quoted string"),
            K::Comment => format!("expected {expected}, found a comment"),
            K::UnicodeSpace(c) => format!(
                "expected {expected}, found U+{:04X} ({})",
                u32::from(*c),
                space_name(*c)
            ),
            K::TrailingComma => format!("trailing comma before `{}`", self.closing_bracket()),
            K::UnquotedKey(key) => format!("expected {expected}, found unquoted key `{key}`"),
            K::UnquotedValue(word) => format!("expected {expected}, found unquoted `{word}`"),
            K::NonFiniteNumber(word) => {
                format!("expected {expected}, found `{word}`, which is not a JSON number")
            }
            K::ControlCharacterInString(c) => {
                format!("{} inside a string", control_name(*c))
            }
            K::InvalidEscape(c) => match c {
                c if c.is_control() || c.is_whitespace() => {
                    format!("invalid escape: `\\` followed by {}", show(*c))
                }
                c => format!("invalid escape `\\{c}` in a string"),
            },
            K::InvalidUnicodeEscape => "invalid escape: expected 4 hex digits after `\\u`".to_owned(),
            K::InvalidNumber(problem) => format!("invalid number: {}", problem.describe()),
            K::TrailingContent => "expected the end of input after the JSON value, found more text".to_owned(),
        }
    }

    /// How to fix it, when there is something useful to say.
    pub fn hint(&self) -> Option<String> {
        use ParseErrorKind as K;
        let hint = match &self.kind {
            K::Empty => "a policy is a JSON object such as {\"Version\": \"2012-10-17\", \"Statement\": []}".to_owned(),
            K::TooLarge => return None,
            K::UnexpectedEnd => match self.expected {
                Expected::StringEnd | Expected::Escape | Expected::HexDigit => {
                    "a string is never closed; add the missing `\"`".to_owned()
                }
                Expected::Key | Expected::KeyOrClose | Expected::ObjectNext => {
                    "an object is never closed; add the missing `}`".to_owned()
                }
                Expected::ValueOrClose | Expected::ArrayNext => {
                    "an array is never closed; add the missing `]`".to_owned()
                }
                _ => "the document is cut short; check for a missing value or bracket".to_owned(),
            },
            K::UnexpectedChar(',') if matches!(self.expected, Expected::Value) => {
                "a value is missing before this comma".to_owned()
            }
            K::UnexpectedChar(_) => return None,
            K::CurlyQuote(c) => format!(
                "replace the curly quote {c} with a straight double quote \" \
                 (curly quotes come from word processors and blogs)"
            ),
            K::SingleQuote => "use double quotes: JSON strings are written \"like this\"".to_owned(),
            K::Comment => "JSON has no comments; remove it (policies cannot carry comments \
                 — use the Sid or a separate README)"
                .to_owned(),
            K::UnicodeSpace(_) => {
                "replace it with a plain space (pasted text often carries invisible spaces)".to_owned()
            }
            K::TrailingComma => "remove the comma".to_owned(),
            K::UnquotedKey(key) => format!("write the key in double quotes: \"{key}\""),
            K::UnquotedValue(word) => match word.to_ascii_lowercase().as_str() {
                literal @ ("true" | "false" | "null") => {
                    format!("JSON's literals are lower-case: write `{literal}`")
                }
                "none" | "nil" | "undefined" => "JSON writes a missing value as `null`".to_owned(),
                _ => format!("write the value in double quotes: \"{word}\""),
            },
            K::NonFiniteNumber(word) => format!(
                "JSON has no NaN or infinite numbers; write it as a string (\"{word}\") \
                 or use a finite number"
            ),
            K::MissingColon(_) => "write `:` between the key and its value".to_owned(),
            K::MissingComma(_) => match self.expected {
                Expected::ObjectNext => "add a `,` between the members".to_owned(),
                _ => "add a `,` between the elements".to_owned(),
            },
            K::ControlCharacterInString(c) => match c {
                '\n' => "a string cannot span lines; write the line break as `\\n`".to_owned(),
                '\r' => "write the carriage return as `\\r`".to_owned(),
                '\t' => "write the tab as `\\t`".to_owned(),
                c => format!("write it as the escape `\\u{:04X}`", u32::from(*c)),
            },
            K::InvalidEscape(_) => "the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; \
                 write a literal backslash as `\\\\`"
                .to_owned(),
            K::InvalidUnicodeEscape => "write exactly 4 hex digits after `\\u`, such as `\\u00e9`".to_owned(),
            K::InvalidNumber(problem) => match problem {
                NumberProblem::LeadingZero => "remove the leading zero, or write the value as a \
                     string if it is an ID (account IDs are strings: \"012345678901\")"
                    .to_owned(),
                NumberProblem::LeadingPlus => "remove the `+`".to_owned(),
                NumberProblem::LeadingPoint => "write a `0` before the decimal point".to_owned(),
                NumberProblem::NoDigitAfterPoint => {
                    "write a digit after the decimal point, or remove the point".to_owned()
                }
                NumberProblem::NoDigitAfterMinus | NumberProblem::NoDigitInExponent => {
                    return None;
                }
            },
            K::TrailingContent => "a JSON document holds exactly one value; remove what follows \
                 it (often an extra `}` or a second pasted document)"
                .to_owned(),
        };
        Some(hint)
    }

    fn closing_bracket(&self) -> char {
        match self.expected {
            Expected::Key | Expected::KeyOrClose | Expected::ObjectNext => '}',
            _ => ']',
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ParseError {}

/// A character as shown in a message: in backticks, or as U+XXXX when invisible.
fn show(c: char) -> String {
    if c.is_control() || c.is_whitespace() || c == '`' || is_unicode_space(c) {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}

fn control_name(c: char) -> String {
    let name = match c {
        '\n' => "line break",
        '\r' => "carriage return",
        '\t' => "tab",
        '\0' => "NUL",
        _ => "control character",
    };
    format!("raw {name} (U+{:04X})", u32::from(c))
}

/// Spaces that are not JSON whitespace but look like it (or like nothing).
fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200B}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}'
    )
}

fn space_name(c: char) -> &'static str {
    match c {
        '\u{00A0}' | '\u{202F}' => "a non-breaking space",
        '\u{200B}' => "a zero-width space",
        '\u{2028}' | '\u{2029}' => "a Unicode line separator",
        '\u{FEFF}' => "a byte order mark",
        _ => "a Unicode space",
    }
}

/// An open `[` or `{` whose elements are being collected.
struct Frame<'s> {
    /// Byte offset of the bracket.
    start: usize,
    /// Where this container's elements begin in the shared `items`/`members` stack.
    base: usize,
    object: bool,
    /// For objects: the key whose value is being parsed.
    key: &'s str,
    key_span: Span,
}

struct Parser<'s> {
    text: &'s str,
    /// Where containers (and strings with escapes) are put.
    arena: &'s Arena,
    bytes: &'s [u8],
    pos: usize,
    /// Span of the last complete string token, to blame a curly quote that
    /// ended it in the author's eyes but not in JSON's.
    last_string: (usize, usize),
}

impl<'s> Parser<'s> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_whitespace(&mut self) {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\r' | b'\t') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    // Pretty-printed policies indent deeply: skip 8 spaces at a time.
                    while self.bytes.get(self.pos..self.pos + 8) == Some(b"        ") {
                        self.pos += 8;
                    }
                }
                _ => break,
            }
        }
    }

    fn document(&mut self) -> Result<Value<'s>, ParseError> {
        let mut frames: Vec<Frame<'s>> = Vec::with_capacity(8);
        // Elements of all open containers, innermost last. A container's
        // elements are copied into the arena, exactly sized, when it closes.
        let mut items: Vec<Value<'s>> = Vec::with_capacity(16);
        let mut members: Vec<Member<'s>> = Vec::with_capacity(16);
        let mut expected = Expected::Value;

        'value: loop {
            self.skip_whitespace();
            let start = self.pos;
            let mut value = match self.peek() {
                Some(b'"') => {
                    let s = self.string()?;
                    Value {
                        span: Span::new(start, self.pos),
                        kind: Kind::String(s),
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Value {
                            span: Span::new(start, self.pos),
                            kind: Kind::Object(&[]),
                        }
                    } else {
                        let (key, key_span) = self.key(Expected::KeyOrClose)?;
                        self.colon()?;
                        frames.push(Frame {
                            start,
                            base: members.len(),
                            object: true,
                            key,
                            key_span,
                        });
                        expected = Expected::Value;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Value {
                            span: Span::new(start, self.pos),
                            kind: Kind::Array(&[]),
                        }
                    } else {
                        frames.push(Frame {
                            start,
                            base: items.len(),
                            object: false,
                            key: "",
                            key_span: Span::default(),
                        });
                        expected = Expected::ValueOrClose;
                        continue 'value;
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    let n = self.number()?;
                    Value {
                        span: Span::new(start, self.pos),
                        kind: Kind::Number(n),
                    }
                }
                Some(b't') if self.bytes[start..].starts_with(b"true") => self.literal(4, Kind::Bool(true)),
                Some(b'f') if self.bytes[start..].starts_with(b"false") => self.literal(5, Kind::Bool(false)),
                Some(b'n') if self.bytes[start..].starts_with(b"null") => self.literal(4, Kind::Null),
                _ => return Err(self.unexpected(expected)),
            };

            // Hand the finished value to its container; close containers
            // until one wants another element.
            loop {
                self.skip_whitespace();
                let Some(frame) = frames.last_mut() else {
                    if self.pos < self.bytes.len() {
                        return Err(self.unexpected(Expected::End));
                    }
                    return Ok(value);
                };
                if frame.object {
                    members.push(Member {
                        key: frame.key,
                        key_span: frame.key_span,
                        value,
                    });
                    match self.peek() {
                        Some(b',') => {
                            let comma = self.pos;
                            self.pos += 1;
                            self.skip_whitespace();
                            if self.peek() == Some(b'}') {
                                return Err(ParseError::new(comma, 1, ParseErrorKind::TrailingComma, Expected::Key));
                            }
                            let (key, key_span) = self.key(Expected::Key)?;
                            self.colon()?;
                            frame.key = key;
                            frame.key_span = key_span;
                            expected = Expected::Value;
                            continue 'value;
                        }
                        Some(b'}') => {
                            self.pos += 1;
                            let (start, base) = (frame.start, frame.base);
                            frames.pop();
                            value = Value {
                                span: Span::new(start, self.pos),
                                kind: Kind::Object(self.arena.alloc_slice_copy(&members[base..])),
                            };
                            members.truncate(base);
                        }
                        _ => return Err(self.unexpected(Expected::ObjectNext)),
                    }
                } else {
                    items.push(value);
                    match self.peek() {
                        Some(b',') => {
                            let comma = self.pos;
                            self.pos += 1;
                            self.skip_whitespace();
                            if self.peek() == Some(b']') {
                                return Err(ParseError::new(
                                    comma,
                                    1,
                                    ParseErrorKind::TrailingComma,
                                    Expected::Value,
                                ));
                            }
                            expected = Expected::Value;
                            continue 'value;
                        }
                        Some(b']') => {
                            self.pos += 1;
                            let (start, base) = (frame.start, frame.base);
                            frames.pop();
                            value = Value {
                                span: Span::new(start, self.pos),
                                kind: Kind::Array(self.arena.alloc_slice_copy(&items[base..])),
                            };
                            items.truncate(base);
                        }
                        _ => return Err(self.unexpected(Expected::ArrayNext)),
                    }
                }
            }
        }
    }

    #[inline(always)]
    fn literal(&mut self, len: usize, kind: Kind<'s>) -> Value<'s> {
        let start = self.pos;
        self.pos += len;
        Value {
            span: Span::new(start, self.pos),
            kind,
        }
    }

    /// A key (the parser is at its first character, whitespace skipped).
    #[inline]
    fn key(&mut self, expected: Expected) -> Result<(&'s str, Span), ParseError> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return Err(self.unexpected(expected));
        }
        let key = self.string()?;
        Ok((key, Span::new(start, self.pos)))
    }

    #[inline]
    fn colon(&mut self) -> Result<(), ParseError> {
        self.skip_whitespace();
        if self.peek() == Some(b':') {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(Expected::Colon))
        }
    }

    /// A string (the parser is at its opening quote); leaves the parser after the closing quote.
    #[inline]
    fn string(&mut self) -> Result<&'s str, ParseError> {
        let start = self.pos;
        let body = start + 1;
        let end = scan_string(self.bytes, body);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            self.last_string = (start, self.pos);
            return Ok(&self.text[body..end]);
        }
        self.pos = end;
        let s = self.escaped_string(body)?;
        self.last_string = (start, self.pos);
        Ok(self.arena.alloc_str(&s))
    }

    /// The rest of a string that has escapes (or is invalid); `self.pos` is at
    /// the first `\`, control character or end of input after `body`.
    #[cold]
    fn escaped_string(&mut self, body: usize) -> Result<String, ParseError> {
        let mut out = String::with_capacity(self.pos - body + 16);
        out.push_str(&self.text[body..self.pos]);
        loop {
            match self.peek() {
                None => {
                    return Err(self.runaway_string(body).unwrap_or(ParseError::new(
                        self.pos,
                        0,
                        ParseErrorKind::UnexpectedEnd,
                        Expected::StringEnd,
                    )));
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(b) => {
                    debug_assert!(b < 0x20, "scan_string stops only at special bytes");
                    let runaway = match b {
                        b'\n' | b'\r' => self.runaway_string(body),
                        _ => None,
                    };
                    return Err(runaway.unwrap_or(ParseError::new(
                        self.pos,
                        1,
                        ParseErrorKind::ControlCharacterInString(char::from(b)),
                        Expected::StringEnd,
                    )));
                }
            }
            let end = scan_string(self.bytes, self.pos);
            out.push_str(&self.text[self.pos..end]);
            self.pos = end;
        }
    }

    /// A string that runs to the end of its line or of the input: if a curly
    /// quote near its end looks like the intended closing quote, blame it.
    #[cold]
    fn runaway_string(&self, body: usize) -> Option<ParseError> {
        stray_curly_quote(&self.text[body..self.pos], true).map(|(i, c)| {
            ParseError::new(
                body + i,
                c.len_utf8(),
                ParseErrorKind::CurlyQuote(c),
                Expected::StringEnd,
            )
        })
    }

    /// One escape sequence (the parser is at its `\`).
    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let backslash = self.pos;
        let Some(&b) = self.bytes.get(backslash + 1) else {
            return Err(ParseError::new(
                self.bytes.len(),
                0,
                ParseErrorKind::UnexpectedEnd,
                Expected::Escape,
            ));
        };
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{C}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4(backslash)?;
                self.pos = backslash + 6;
                let c = match unit {
                    0xD800..=0xDBFF => {
                        // A high surrogate pairs with an immediately following low one.
                        let low = match self.bytes.get(self.pos..self.pos + 2) {
                            Some(b"\\u") => self.hex4(self.pos).ok(),
                            _ => None,
                        };
                        match low {
                            Some(low @ 0xDC00..=0xDFFF) => {
                                self.pos += 6;
                                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)
                            }
                            _ => char::REPLACEMENT_CHARACTER,
                        }
                    }
                    unit => char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
                };
                out.push(c);
                return Ok(());
            }
            _ => {
                let c = self.text[backslash + 1..]
                    .chars()
                    .next()
                    .expect("a byte follows, and offsets after ASCII are char boundaries");
                return Err(ParseError::new(
                    backslash,
                    1 + c.len_utf8(),
                    ParseErrorKind::InvalidEscape(c),
                    Expected::Escape,
                ));
            }
        };
        out.push(c);
        self.pos = backslash + 2;
        Ok(())
    }

    /// The 4 hex digits of the `\u` escape at `backslash`.
    fn hex4(&self, backslash: usize) -> Result<u32, ParseError> {
        let mut unit = 0;
        for i in 0..4 {
            let at = backslash + 2 + i;
            let digit = match self.bytes.get(at) {
                None => {
                    return Err(ParseError::new(
                        self.bytes.len(),
                        0,
                        ParseErrorKind::UnexpectedEnd,
                        Expected::HexDigit,
                    ));
                }
                Some(&b) => char::from(b).to_digit(16),
            };
            let Some(digit) = digit else {
                return Err(ParseError::new(
                    backslash,
                    2 + i,
                    ParseErrorKind::InvalidUnicodeEscape,
                    Expected::HexDigit,
                ));
            };
            unit = unit * 16 + digit;
        }
        Ok(unit)
    }

    /// A number (the parser is at its `-` or first digit).
    #[inline]
    fn number(&mut self) -> Result<&'s str, ParseError> {
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        if b[i] == b'-' {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => {
                i += 1;
                if matches!(b.get(i), Some(b'0'..=b'9')) {
                    return Err(self.number_error(i - 1, NumberProblem::LeadingZero));
                }
            }
            Some(b'1'..=b'9') => {
                i += 1;
                while let Some(b'0'..=b'9') = b.get(i) {
                    i += 1;
                }
            }
            _ if b[i..].starts_with(b"Infinity") => {
                return Err(ParseError::new(
                    start,
                    "-Infinity".len(),
                    ParseErrorKind::NonFiniteNumber("-Infinity"),
                    Expected::Value,
                ));
            }
            _ => return Err(self.number_error(i, NumberProblem::NoDigitAfterMinus)),
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.number_error(i, NumberProblem::NoDigitAfterPoint));
            }
            while let Some(b'0'..=b'9') = b.get(i) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.number_error(i, NumberProblem::NoDigitInExponent));
            }
            while let Some(b'0'..=b'9') = b.get(i) {
                i += 1;
            }
        }
        self.pos = i;
        Ok(&self.text[start..i])
    }

    /// A number error at `at`: the offending character, or the whole digit
    /// run for a leading zero, or nothing at end of input.
    #[cold]
    fn number_error(&self, at: usize, problem: NumberProblem) -> ParseError {
        let len = match problem {
            NumberProblem::LeadingZero => self.bytes[at..].iter().take_while(|b| b.is_ascii_digit()).count(),
            _ => char_len_at(self.text, at),
        };
        ParseError::new(at, len, ParseErrorKind::InvalidNumber(problem), Expected::Digit)
    }

    /// Explains the character at `self.pos`, where `expected` was wanted.
    #[cold]
    fn unexpected(&self, expected: Expected) -> ParseError {
        let at = self.pos;
        let rest = &self.text[at..];
        let Some(c) = rest.chars().next() else {
            return ParseError::new(at, 0, ParseErrorKind::UnexpectedEnd, expected);
        };
        let one = c.len_utf8();
        use ParseErrorKind as K;
        // `"Effect”: "Allow"` reads as a key to people and as the key
        // `Effect”: ` to JSON; the curly quote is the mistake, not `Allow`.
        if let Expected::Colon | Expected::ObjectNext | Expected::ArrayNext | Expected::End = expected {
            let (start, end) = self.last_string;
            let just_after = end > start && self.bytes[end..at].iter().all(u8::is_ascii_whitespace);
            let stray = match just_after {
                true => stray_curly_quote(&self.text[start + 1..end - 1], false),
                false => None,
            };
            if let Some((i, quote)) = stray {
                return ParseError::new(
                    start + 1 + i,
                    quote.len_utf8(),
                    K::CurlyQuote(quote),
                    Expected::StringEnd,
                );
            }
        }
        let (kind, len) = match c {
            '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' => (K::CurlyQuote(c), one),
            '/' if rest[1..].starts_with(['/', '*']) => (K::Comment, comment_len(rest)),
            '\'' => (K::SingleQuote, single_quoted_len(rest)),
            c if is_unicode_space(c) => (K::UnicodeSpace(c), one),
            _ => match expected {
                Expected::Value | Expected::ValueOrClose => bad_value(c, rest),
                Expected::Key | Expected::KeyOrClose if c.is_alphanumeric() || c == '_' => {
                    let key = word(rest, b":,{}[]\"");
                    (K::UnquotedKey(key.to_owned()), key.len())
                }
                Expected::Colon => (K::MissingColon(c), token_len(rest)),
                Expected::ArrayNext | Expected::ObjectNext
                    if matches!(c, '"' | '{' | '[' | '-' | '0'..='9' | 't' | 'f' | 'n') =>
                {
                    (K::MissingComma(c), token_len(rest))
                }
                Expected::End => (K::TrailingContent, one),
                _ => (K::UnexpectedChar(c), one),
            },
        };
        ParseError::new(at, len, kind, expected)
    }
}

/// The curly quote in a string `body` that its author likely meant as the
/// closing quote: the last one, followed only by JSON punctuation and spaces
/// (and by something, unless the string ran away to the end of a line).
fn stray_curly_quote(body: &str, runaway: bool) -> Option<(usize, char)> {
    let (i, quote) = body
        .char_indices()
        .rfind(|&(_, c)| matches!(c, '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}'))?;
    let after = &body[i + quote.len_utf8()..];
    let structural = after.bytes().all(|b| b" \t:,[]{}".contains(&b));
    (structural && (runaway || !after.is_empty())).then_some((i, quote))
}

/// Explains a character `c` (starting `rest`) where a value was expected.
fn bad_value(c: char, rest: &str) -> (ParseErrorKind, usize) {
    use ParseErrorKind as K;
    let after = &rest[c.len_utf8()..];
    if c.is_alphabetic() || c == '_' || c == '$' {
        let w = word(rest, b",{}[]\"'");
        return match w {
            "NaN" => (K::NonFiniteNumber("NaN"), w.len()),
            "Infinity" => (K::NonFiniteNumber("Infinity"), w.len()),
            _ => (K::UnquotedValue(w.to_owned()), w.len()),
        };
    }
    match c {
        '+' if after.starts_with("Infinity") => (K::NonFiniteNumber("+Infinity"), 9),
        '+' if after.starts_with(|d: char| d.is_ascii_digit()) => {
            (K::InvalidNumber(NumberProblem::LeadingPlus), token_len(rest))
        }
        '.' if after.starts_with(|d: char| d.is_ascii_digit()) => {
            (K::InvalidNumber(NumberProblem::LeadingPoint), token_len(rest))
        }
        _ => (K::UnexpectedChar(c), c.len_utf8()),
    }
}

/// The bare word at the start of `rest`: up to whitespace, a control
/// character or one of `stops`.
fn word<'a>(rest: &'a str, stops: &[u8]) -> &'a str {
    let end = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c.is_control() || (c.is_ascii() && stops.contains(&(c as u8))))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// Length of the token starting `rest`, for underlining: a whole string on
/// one line, a run of number or word characters, or one character.
fn token_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => return i + 1,
                    b'\\' => i += 2,
                    b'\n' | b'\r' => break,
                    _ => i += 1,
                }
            }
            1
        }
        Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.') => bytes
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.' | b'_'))
            .count(),
        _ => rest.chars().next().map_or(0, char::len_utf8),
    }
}

/// Length of the comment starting `rest` (`//` to the end of the line, or `/* … */`).
fn comment_len(rest: &str) -> usize {
    if let Some(body) = rest.strip_prefix("/*") {
        body.find("*/").map_or(rest.len(), |i| i + 4)
    } else {
        rest.find(['\n', '\r']).unwrap_or(rest.len())
    }
}

/// Length of the single-quoted string starting `rest`, if it closes on the same line.
fn single_quoted_len(rest: &str) -> usize {
    let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    line[1..].find('\'').map_or(1, |i| i + 2)
}

fn char_len_at(text: &str, at: usize) -> usize {
    text.get(at..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8)
}

/// Index of the first `"`, `\` or control byte at or after `i`, or `bytes.len()`.
#[inline(always)]
fn scan_string(bytes: &[u8], mut i: usize) -> usize {
    // Eight bytes at a time (see `swar`): the lowest flagged byte of each
    // of these bit tricks is exact (false flags only appear above a true
    // one), and they are cheaper than `swar::zero_bytes`.
    use crate::swar::{HIGHS, ONES, splat, word};
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = word(chunk);
        let quote = x ^ splat(b'"');
        let backslash = x ^ splat(b'\\');
        let mask = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(splat(0x20)) & !x);
        let mask = mask & HIGHS;
        if mask != 0 {
            return i + (mask.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Value<'_> {
        match parse(text, crate::json::test_arena()) {
            Ok(v) => v,
            Err(e) => panic!("{text:?} should parse, got {e:?}: {}", e.message()),
        }
    }

    fn err(text: &str) -> ParseError {
        match parse(text, crate::json::test_arena()) {
            Ok(v) => panic!("{text:?} should fail, parsed {v:?}"),
            Err(e) => e,
        }
    }

    /// Asserts the kind and the exact offending text.
    fn check(text: &str, kind: ParseErrorKind, offending: &str) -> ParseError {
        let e = err(text);
        assert_eq!(e.kind, kind, "{text:?}: {}", e.message());
        assert_eq!(&text[e.span().range()], offending, "{text:?}: {e:?}");
        e
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = " {\"Effect\" : \"Allow\", \"N\": [1, -2.5e+3, true, null, {}], \"é\":false} ";
        let v = ok(text);
        assert_eq!(slice(text, v.span), &text[1..text.len() - 1]);
        let members = v.as_object().expect("object");
        assert_eq!(members.len(), 3);
        assert_eq!(members[0].key, "Effect");
        assert_eq!(slice(text, members[0].key_span), "\"Effect\"");
        assert_eq!(slice(text, members[0].value.span), "\"Allow\"");
        assert_eq!(members[0].value.as_str(), Some("Allow"));
        let array = members[1].value.as_array().expect("array");
        assert_eq!(slice(text, members[1].value.span), "[1, -2.5e+3, true, null, {}]");
        let spans: Vec<&str> = array.iter().map(|v| slice(text, v.span)).collect();
        assert_eq!(spans, ["1", "-2.5e+3", "true", "null", "{}"]);
        assert!(matches!(array[1].kind, Kind::Number("-2.5e+3")));
        assert!(matches!(array[2].kind, Kind::Bool(true)));
        assert!(matches!(array[3].kind, Kind::Null));
        assert_eq!(slice(text, members[2].key_span), "\"é\"");
        assert_eq!(slice(text, members[2].value.span), "false");
        assert!(matches!(members[2].value.kind, Kind::Bool(false)));
    }

    #[test]
    fn scalars_at_top_level() {
        assert!(matches!(ok(" 0 ").kind, Kind::Number("0")));
        assert!(matches!(ok("-0.0e-0").kind, Kind::Number("-0.0e-0")));
        assert!(matches!(ok("\"\"").kind, Kind::String("")));
        assert_eq!(ok("null").span, Span::new(0, 4));
        assert_eq!(ok("[]").span, Span::new(0, 2));
    }

    #[test]
    fn duplicate_keys_are_kept_in_order() {
        let v = ok(r#"{"a":1,"a":2,"b":3}"#);
        let keys: Vec<&str> = v.as_object().expect("object").iter().map(|m| m.key).collect();
        assert_eq!(keys, ["a", "a", "b"]);
        assert!(matches!(v.get("a").expect("a").value.kind, Kind::Number("1")));
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let text = r#"["plain text ü", "a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00x"]"#;
        let v = ok(text);
        let a = v.as_array().expect("array");
        let in_text = |s: &str| text.as_bytes().as_ptr_range().contains(&s.as_ptr());
        assert!(matches!(a[0].kind, Kind::String(s) if s == "plain text ü" && in_text(s)));
        assert!(matches!(a[1].kind, Kind::String(s) if s == "a\"b\\c/d\u{8}\u{c}\n\r\t" && !in_text(s)));
        assert_eq!(a[2].as_str(), Some("é€"));
        assert_eq!(a[3].as_str(), Some("😀x"));
        assert_eq!(a[1].span, Span::new(18, 40));
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let v = ok(r#"["\ud800", "\udc00x", "\ud800\u0041", "\ud800\ud800\udc00"]"#);
        let s: Vec<&str> = v.as_array().expect("array").iter().filter_map(Value::as_str).collect();
        assert_eq!(s, ["\u{FFFD}", "\u{FFFD}x", "\u{FFFD}A", "\u{FFFD}\u{10000}"]);
    }

    #[test]
    fn long_strings_scan_correctly() {
        // Put each special byte at every position relative to 8-byte chunks.
        for len in 0..40 {
            let body = "ab€cdefgh".repeat(5);
            let body = &body[..body.char_indices().nth(len).map_or(body.len(), |(i, _)| i)];
            let text = format!("\"{body}\"");
            assert_eq!(ok(&text).as_str(), Some(body));
            let text = format!("\"{body}\\n\"");
            assert_eq!(ok(&text).as_str(), Some(format!("{body}\n").as_str()));
            let text = format!("\"{body}\u{1}\"");
            let e = check(&text, ParseErrorKind::ControlCharacterInString('\u{1}'), "\u{1}");
            assert_eq!(e.offset, 1 + body.len());
        }
    }

    #[test]
    fn bom_is_skipped_and_spans_include_it() {
        let text = "\u{FEFF}{\"a\": 1}";
        let v = ok(text);
        assert_eq!(v.span, Span::new(3, text.len() as u32 as usize));
        assert_eq!(slice(text, v.as_object().expect("object")[0].key_span), "\"a\"");
        check("\u{FEFF}", ParseErrorKind::Empty, "");
        check(
            "\u{FEFF}\u{FEFF}1",
            ParseErrorKind::UnicodeSpace('\u{FEFF}'),
            "\u{FEFF}",
        );
    }

    #[test]
    fn empty_inputs() {
        for text in ["", " \n\t\r "] {
            let e = check(text, ParseErrorKind::Empty, "");
            assert_eq!(e.offset, text.len());
        }
    }

    #[test]
    fn curly_quotes() {
        let text = "{\"Effect\": “Allow”}";
        let e = check(text, ParseErrorKind::CurlyQuote('“'), "“");
        assert_eq!(e.offset, 11);
        assert_eq!(e.message(), "expected a value, found curly quote `“`");
        assert_eq!(
            e.hint().expect("hint"),
            "replace the curly quote “ with a straight double quote \" \
             (curly quotes come from word processors and blogs)"
        );
        check("{“Effect”: 1}", ParseErrorKind::CurlyQuote('“'), "“");
        check("[‘a’]", ParseErrorKind::CurlyQuote('‘'), "‘");
        check("[1 ”]", ParseErrorKind::CurlyQuote('”'), "”");
        // A curly quote that closed a string in the author's eyes.
        let e = check("{\"Effect”: \"Allow\"}", ParseErrorKind::CurlyQuote('”'), "”");
        assert_eq!(e.offset, 8);
        assert_eq!(
            e.message(),
            "expected the closing `\"` of the string, found curly quote `”`"
        );
        check("[\"a”, \"b\"]", ParseErrorKind::CurlyQuote('”'), "”");
        check("{\"a\": \"b”\n}", ParseErrorKind::CurlyQuote('”'), "”");
        check("{\"a\": \"b”,\n\"c\": 1}", ParseErrorKind::CurlyQuote('”'), "”");
        check("\"b”}", ParseErrorKind::CurlyQuote('”'), "”");
        // Not when the curly quote is text followed by more text.
        check("[\"say “hi” now\" 1]", ParseErrorKind::MissingComma('1'), "1");
        check("[\"say “hi”\" 1]", ParseErrorKind::MissingComma('1'), "1");
        check("[1 2]", ParseErrorKind::MissingComma('2'), "2");
        // Inside a string they are text.
        assert_eq!(ok("\"“’\"").as_str(), Some("“’"));
    }

    #[test]
    fn trailing_commas_point_at_the_comma() {
        let e = check("[1, 2 ,\n ]", ParseErrorKind::TrailingComma, ",");
        assert_eq!(e.offset, 6);
        assert_eq!(e.message(), "trailing comma before `]`");
        assert_eq!(e.hint().as_deref(), Some("remove the comma"));
        let e = check("{\"a\": 1,}", ParseErrorKind::TrailingComma, ",");
        assert_eq!(e.offset, 7);
        assert_eq!(e.message(), "trailing comma before `}`");
    }

    #[test]
    fn comments() {
        let e = check(
            "{\n  // allow reads\n  \"a\": 1}",
            ParseErrorKind::Comment,
            "// allow reads",
        );
        assert_eq!(e.offset, 4);
        assert_eq!(e.message(), "expected a key in double quotes or `}`, found a comment");
        assert!(e.hint().expect("hint").starts_with("JSON has no comments; remove it"));
        check("[1, /* x */ 2]", ParseErrorKind::Comment, "/* x */");
        check("[1 /* x", ParseErrorKind::Comment, "/* x");
        check("{} // end", ParseErrorKind::Comment, "// end");
        check("[/]", ParseErrorKind::UnexpectedChar('/'), "/");
    }

    #[test]
    fn single_quotes() {
        let e = check("{'Effect': 'Allow'}", ParseErrorKind::SingleQuote, "'Effect'");
        assert_eq!(e.offset, 1);
        assert_eq!(
            e.hint().as_deref(),
            Some("use double quotes: JSON strings are written \"like this\"")
        );
        check("{\"a\": 'x}", ParseErrorKind::SingleQuote, "'");
    }

    #[test]
    fn unquoted_keys_and_values() {
        let e = check(
            "{Effect: \"Allow\"}",
            ParseErrorKind::UnquotedKey("Effect".into()),
            "Effect",
        );
        assert_eq!(e.offset, 1);
        assert_eq!(
            e.message(),
            "expected a key in double quotes or `}`, found unquoted key `Effect`"
        );
        assert_eq!(e.hint().as_deref(), Some("write the key in double quotes: \"Effect\""));
        check("{\"a\":1, Sid :2}", ParseErrorKind::UnquotedKey("Sid".into()), "Sid");
        let e = check(
            "{\"Effect\": Allow}",
            ParseErrorKind::UnquotedValue("Allow".into()),
            "Allow",
        );
        assert_eq!(e.hint().as_deref(), Some("write the value in double quotes: \"Allow\""));
        let e = check("[True]", ParseErrorKind::UnquotedValue("True".into()), "True");
        assert_eq!(
            e.hint().as_deref(),
            Some("JSON's literals are lower-case: write `true`")
        );
        check("[nul]", ParseErrorKind::UnquotedValue("nul".into()), "nul");
    }

    #[test]
    fn non_finite_numbers() {
        let e = check("[NaN]", ParseErrorKind::NonFiniteNumber("NaN"), "NaN");
        assert_eq!(e.offset, 1);
        assert!(
            e.hint()
                .expect("hint")
                .starts_with("JSON has no NaN or infinite numbers")
        );
        check("[1, Infinity]", ParseErrorKind::NonFiniteNumber("Infinity"), "Infinity");
        check("[-Infinity]", ParseErrorKind::NonFiniteNumber("-Infinity"), "-Infinity");
        check("[+Infinity]", ParseErrorKind::NonFiniteNumber("+Infinity"), "+Infinity");
    }

    #[test]
    fn missing_colon_and_comma() {
        let e = check("{\"a\" 1}", ParseErrorKind::MissingColon('1'), "1");
        assert_eq!(e.message(), "expected `:` after the object key, found `1`");
        check("{\"a\" = 1}", ParseErrorKind::MissingColon('='), "=");
        let e = check("{\"a\": 1 \"b\": 2}", ParseErrorKind::MissingComma('"'), "\"b\"");
        assert_eq!(e.offset, 8);
        assert_eq!(e.message(), "expected `,` or `}` after an object member, found `\"`");
        let e = check("[\"a\"\n \"b\"]", ParseErrorKind::MissingComma('"'), "\"b\"");
        assert_eq!(e.message(), "expected `,` or `]` after an array element, found `\"`");
        check("[1 2]", ParseErrorKind::MissingComma('2'), "2");
        check("[{} {}]", ParseErrorKind::MissingComma('{'), "{");
    }

    #[test]
    fn unexpected_characters_and_end() {
        let e = check("[1}", ParseErrorKind::UnexpectedChar('}'), "}");
        assert_eq!(e.message(), "expected `,` or `]` after an array element, found `}`");
        check("{\"a\":1]", ParseErrorKind::UnexpectedChar(']'), "]");
        check("[\u{c}]", ParseErrorKind::UnexpectedChar('\u{c}'), "\u{c}");
        check("[,1]", ParseErrorKind::UnexpectedChar(','), ",");
        let e = check("{\"a\":}", ParseErrorKind::UnexpectedChar('}'), "}");
        assert_eq!(e.message(), "expected a value, found `}`");
        for text in [
            "[", "[1", "[1,", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "\"abc", "\"a\\", "\"\\u12",
        ] {
            let e = check(text, ParseErrorKind::UnexpectedEnd, "");
            assert_eq!(e.offset, text.len(), "{text:?}");
        }
        let e = err("{\"a\":");
        assert_eq!(e.message(), "expected a value, found end of input");
        assert_eq!(
            err("\"abc").hint().as_deref(),
            Some("a string is never closed; add the missing `\"`")
        );
        let e = check("[1, \u{a0}2]", ParseErrorKind::UnicodeSpace('\u{a0}'), "\u{a0}");
        assert_eq!(e.message(), "expected a value, found U+00A0 (a non-breaking space)");
    }

    #[test]
    fn string_errors() {
        let e = check("[\"a\nb\"]", ParseErrorKind::ControlCharacterInString('\n'), "\n");
        assert_eq!(e.offset, 3);
        assert_eq!(e.message(), "raw line break (U+000A) inside a string");
        check(
            "\"a\\\"b\u{0}\"",
            ParseErrorKind::ControlCharacterInString('\0'),
            "\u{0}",
        );
        let e = check("[\"a\\x\"]", ParseErrorKind::InvalidEscape('x'), "\\x");
        assert_eq!(e.message(), "invalid escape `\\x` in a string");
        check("\"\\é\"", ParseErrorKind::InvalidEscape('é'), "\\é");
        check("\"\\u12G4\"", ParseErrorKind::InvalidUnicodeEscape, "\\u12");
        check("\"\\U1234\"", ParseErrorKind::InvalidEscape('U'), "\\U");
        check("\"\\ud800\\u12\"", ParseErrorKind::InvalidUnicodeEscape, "\\u12");
    }

    #[test]
    fn number_errors() {
        use NumberProblem as P;
        let e = check(
            "[012345678901]",
            ParseErrorKind::InvalidNumber(P::LeadingZero),
            "012345678901",
        );
        assert_eq!(e.message(), "invalid number: leading zeros are not allowed");
        check("-01", ParseErrorKind::InvalidNumber(P::LeadingZero), "01");
        check("[-]", ParseErrorKind::InvalidNumber(P::NoDigitAfterMinus), "]");
        check("-", ParseErrorKind::InvalidNumber(P::NoDigitAfterMinus), "");
        check("[1.]", ParseErrorKind::InvalidNumber(P::NoDigitAfterPoint), "]");
        check("1.e5", ParseErrorKind::InvalidNumber(P::NoDigitAfterPoint), "e");
        check("[1e+]", ParseErrorKind::InvalidNumber(P::NoDigitInExponent), "]");
        check("1E", ParseErrorKind::InvalidNumber(P::NoDigitInExponent), "");
        check("[+1]", ParseErrorKind::InvalidNumber(P::LeadingPlus), "+1");
        check("[.5]", ParseErrorKind::InvalidNumber(P::LeadingPoint), ".5");
        check("[1.5.3]", ParseErrorKind::UnexpectedChar('.'), ".");
        check("[0x1F]", ParseErrorKind::UnexpectedChar('x'), "x");
    }

    #[test]
    fn trailing_content() {
        let e = check("{}}", ParseErrorKind::TrailingContent, "}");
        assert_eq!(e.offset, 2);
        assert_eq!(e.expected, Expected::End);
        check("{} {}", ParseErrorKind::TrailingContent, "{");
        check("1 2", ParseErrorKind::TrailingContent, "2");
        check("true\u{0}", ParseErrorKind::TrailingContent, "\u{0}");
    }

    #[test]
    fn every_error_has_a_lower_case_message_without_a_period() {
        let texts = [
            "",
            "[",
            "[1}",
            "“",
            "'a'",
            "//",
            "\u{a0}",
            "[1,]",
            "{a:1}",
            "[Allow]",
            "NaN",
            "{\"a\" 1}",
            "[1 2]",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\uZ\"",
            "01",
            "1 2",
        ];
        for text in texts {
            let e = err(text);
            let message = e.message();
            assert!(!message.ends_with('.'), "{message}");
            assert!(message.starts_with(|c: char| !c.is_uppercase()), "{message}");
            assert_eq!(e.to_string(), message);
        }
    }

    #[test]
    fn deep_nesting_uses_no_call_stack() {
        let depth = 100_000;
        let open = "[".repeat(depth);
        let e = check(&open, ParseErrorKind::UnexpectedEnd, "");
        assert_eq!(e.offset, depth);

        let balanced = format!("{open}{}", "]".repeat(depth));
        let mut v = ok(&balanced);
        assert_eq!(v.span, Span::new(0, 2 * depth));
        let mut levels = 1;
        while let Some([inner]) = v.as_array() {
            assert_eq!(inner.span, Span::new(levels, 2 * depth - levels));
            levels += 1;
            v = *inner;
        }
        assert_eq!(levels, depth);

        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        assert_eq!(ok(&objects).span, Span::new(0, objects.len()));
        let unclosed = format!("{}1", "[{\"\":".repeat(depth));
        check(&unclosed, ParseErrorKind::UnexpectedEnd, "");
    }
}
