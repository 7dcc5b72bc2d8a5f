//! Where a span sits in the document: its JSON pointer and enclosing nodes.

use super::{Kind, Span, Value};

/// The path from the root to the deepest value (or key) whose span contains
/// `span`: each step is a key or an index, with the value it leads to.
pub fn path_to<'v, 's>(root: &'v Value<'s>, span: Span) -> Vec<(Step<'v>, &'v Value<'s>)> {
    let contains = |s: Span| s.start <= span.start && span.end <= s.end;
    let mut out = Vec::new();
    let mut node = root;
    loop {
        // Children are in document order: binary search, so a finding in an
        // array of a million items costs twenty steps, not a million.
        let next = match &node.kind {
            Kind::Object(members) => {
                let i = members.partition_point(|m| m.value.span.end <= span.start);
                members
                    .get(i)
                    .filter(|m| contains(m.value.span) || contains(m.key_span))
                    .map(|m| (Step::Key(m.key), &m.value))
            }
            Kind::Array(items) => {
                let i = items.partition_point(|v| v.span.end <= span.start);
                items.get(i).filter(|v| contains(v.span)).map(|v| (Step::Index(i), v))
            }
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
