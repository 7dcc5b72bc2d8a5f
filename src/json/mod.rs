//! A strict JSON parser that keeps the byte range of every key and value.
//!
//! serde_json has no spans, and every trustlint finding points at an exact
//! token, so the document tree is our own. Strings borrow from the source text
//! when they contain no escapes, which is nearly always in policies.

mod parser;
pub mod pointer;

pub use parser::{Expected, NumberProblem, ParseError, ParseErrorKind, parse};

/// A byte range `[start, end)` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        // The parser refuses inputs of 4 GiB or more, so offsets fit in u32.
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// The arena a document's arrays, objects and unescaped strings live in:
/// a tree costs a few bump allocations to build and nothing to drop, and
/// one arena serves file after file (see [`parse`]).
pub type Arena = bumpalo::Bump;

/// An arena that lives as long as the test that asks for one.
#[cfg(test)]
pub(crate) fn test_arena() -> &'static Arena {
    Box::leak(Box::new(Arena::new()))
}

/// One JSON value and the span of its text (for strings, quotes included).
/// Copied freely: its containers are slices in the [`Arena`].
#[derive(Clone, Copy, Debug)]
pub struct Value<'s> {
    pub span: Span,
    pub kind: Kind<'s>,
}

#[derive(Clone, Copy, Debug)]
pub enum Kind<'s> {
    Null,
    Bool(bool),
    /// The number's text exactly as written (already checked against the JSON grammar).
    Number(&'s str),
    /// Borrowed from the text, or (when it had escapes) decoded into the arena.
    String(&'s str),
    Array(&'s [Value<'s>]),
    /// Members in document order; duplicate keys are all kept (TL002 reports them).
    Object(&'s [Member<'s>]),
}

#[derive(Clone, Copy, Debug)]
pub struct Member<'s> {
    pub key: &'s str,
    /// Span of the key's string token, quotes included.
    pub key_span: Span,
    pub value: Value<'s>,
}

impl<'s> Value<'s> {
    pub fn as_str(&self) -> Option<&'s str> {
        match self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&'s [Member<'s>]> {
        match self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&'s [Value<'s>]> {
        match self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The first member with exactly this key.
    pub fn get(&self, key: &str) -> Option<&'s Member<'s>> {
        self.as_object()?.iter().find(|m| m.key == key)
    }

    /// A short name of the value's JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
}
