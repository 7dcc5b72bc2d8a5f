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
    // Every finding has one: written in place, a key escaped only if it
    // needs it (policy keys almost never hold `~` or `/`).
    let mut s = String::with_capacity(64);
    for step in steps {
        s.push('/');
        match step {
            Step::Key(k) if k.contains(['~', '/']) => {
                for c in k.chars() {
                    match c {
                        '~' => s.push_str("~0"),
                        '/' => s.push_str("~1"),
                        c => s.push(c),
                    }
                }
            }
            Step::Key(k) => s.push_str(k),
            Step::Index(i) => s.push_str(itoa::Buffer::new().format(*i)),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{Step, to_pointer};

    /// RFC 6901: `~` is written `~0` and `/` is `~1`, in that order, so
    /// that `~1` in a key comes out as `~01`.
    #[test]
    fn keys_are_escaped() {
        let steps = [
            Step::Key("Statement"),
            Step::Index(12),
            Step::Key("a/b~1"),
            Step::Key(""),
            Step::Key("é"),
        ];
        assert_eq!(to_pointer(&steps), "/Statement/12/a~1b~01//é");
        assert_eq!(to_pointer(&[]), "");
    }
}
