//! Where a span sits in the document: its JSON pointer and enclosing nodes.

use super::{Kind, Span, Value};

/// The path from the root to the deepest value (or key) whose span contains
/// `span`: each step is a key or an index, with the value it leads to.
pub fn path_to<'v, 's>(root: &'v Value<'s>, span: Span) -> Vec<(Step<'v>, &'v Value<'s>)> {
    let contains = |s: Span| s.start <= span.start && span.end <= s.end;
    let mut out = Vec::new();
    let mut node = root;
    loop {
        let next = match &node.kind {
            Kind::Object(members) => members
                .iter()
                .find(|m| contains(m.value.span) || contains(m.key_span))
                .map(|m| (Step::Key(&m.key), &m.value)),
            Kind::Array(items) => items
                .iter()
                .enumerate()
                .find(|(_, v)| contains(v.span))
                .map(|(i, v)| (Step::Index(i), v)),
            _ => None,
        };
        match next {
            Some((step, child)) => {
                out.push((step, child));
                node = child;
            }
            None => return out,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// RFC 6901 text of a path: `/Statement/0/Principal/AWS`.
pub fn to_pointer(steps: &[Step<'_>]) -> String {
    let mut s = String::new();
    for step in steps {
        s.push('/');
        match step {
            Step::Key(k) => s.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}
