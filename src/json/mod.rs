//! A strict JSON parser that keeps the byte range of every key and value.
//!
//! serde_json has no spans, and every trustlint finding points at an exact
//! token, so the document tree is our own. Strings borrow from the source text
//! when they contain no escapes, which is nearly always in policies.

mod parser;
pub mod pointer;

pub use parser::{Expected, NumberProblem, ParseError, ParseErrorKind, parse};

use std::borrow::Cow;

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

/// One JSON value and the span of its text (for strings, quotes included).
#[derive(Debug)]
pub struct Value<'s> {
    pub span: Span,
    pub kind: Kind<'s>,
}

#[derive(Debug)]
pub enum Kind<'s> {
    Null,
    Bool(bool),
    /// The number's text exactly as written (already checked against the JSON grammar).
    Number(&'s str),
    String(Cow<'s, str>),
    Array(Vec<Value<'s>>),
    /// Members in document order; duplicate keys are all kept (TL002 reports them).
    Object(Vec<Member<'s>>),
}

#[derive(Debug)]
pub struct Member<'s> {
    pub key: Cow<'s, str>,
    /// Span of the key's string token, quotes included.
    pub key_span: Span,
    pub value: Value<'s>,
}

impl<'s> Value<'s> {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'s>]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'s>]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The first member with exactly this key.
    pub fn get(&self, key: &str) -> Option<&Member<'s>> {
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

impl Drop for Value<'_> {
    // The default drop recurses once per nesting level; 10^5 nested arrays
    // would overflow the stack. Nested containers are moved onto a heap
    // stack instead; scalars (most values: an action list is a thousand
    // strings) are dropped where they are.
    fn drop(&mut self) {
        if !has_container(&self.kind) {
            return;
        }
        let mut stack: Vec<Kind<'_>> = Vec::new();
        take_containers(&mut self.kind, &mut stack);
        while let Some(mut kind) = stack.pop() {
            take_containers(&mut kind, &mut stack);
        }
    }
}

fn is_container(kind: &Kind<'_>) -> bool {
    matches!(kind, Kind::Array(_) | Kind::Object(_))
}

/// Whether a child of `kind` is an array or an object.
fn has_container(kind: &Kind<'_>) -> bool {
    match kind {
        Kind::Array(items) => items.iter().any(|v| is_container(&v.kind)),
        Kind::Object(members) => members.iter().any(|m| is_container(&m.value.kind)),
        _ => false,
    }
}

/// Move the array and object children of `kind` onto `stack`, leaving
/// `null` in their place (so dropping `kind` then recurses no deeper).
fn take_containers<'s>(kind: &mut Kind<'s>, stack: &mut Vec<Kind<'s>>) {
    let mut take = |v: &mut Value<'s>| {
        if is_container(&v.kind) {
            stack.push(std::mem::replace(&mut v.kind, Kind::Null));
        }
    };
    match kind {
        Kind::Array(items) => items.iter_mut().for_each(&mut take),
        Kind::Object(members) => members.iter_mut().for_each(|m| take(&mut m.value)),
        _ => {}
    }
}
