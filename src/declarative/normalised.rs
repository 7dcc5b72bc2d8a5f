//! The normalised policy that checks query, and where each of its nodes came
//! from. Origins are not stored: a node's origin is found from its path and
//! the policy model only when a finding needs it, so building the normalised
//! form costs one [`Node`] tree and nothing else.

use std::borrow::Cow;

use bumpalo::Bump;

use super::node::{Members, Node};
use super::query::Selection;
use crate::json::{Kind, Span};
use crate::policy::{Condition, ListElement, Policy, PrincipalElement, PrincipalValue, Statement, Text};

/// One step of a node's path: a member name or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

impl Step<'_> {
    fn key(&self) -> Option<&str> {
        match self {
            Step::Key(k) => Some(k),
            Step::Index(_) => None,
        }
    }
}

/// Where a normalised node came from: the span of its value, and of its key
/// when it is a member.
#[derive(Clone, Copy, Debug)]
pub struct Origin {
    pub value: Span,
    pub key: Option<Span>,
}

impl Origin {
    fn of(value: Span, key: Option<Span>) -> Option<Origin> {
        Some(Origin { value, key })
    }
}

/// The normalised policy (see the module documentation of `declarative`).
pub struct Normalised<'p> {
    /// In the arena, as every node: the selections below borrow it.
    pub value: &'p Node<'p>,
    /// Lists reused by every query the file's checks run.
    pub selection: std::cell::RefCell<Selection<'p>>,
}

impl<'p> Normalised<'p> {
    /// The normalised form of `policy`, its arrays and objects in `arena`.
    pub fn of(policy: &'p Policy<'_>, arena: &'p Bump) -> Normalised<'p> {
        let mut root = Members::with_capacity_in(3, arena);
        root.push(("kind", text(policy.kind.as_str())));
        if let Some(v) = policy.version
            && let Some(s) = v.value.as_str()
        {
            root.push(("Version", text(s)));
        }
        let statements = arena.alloc_slice_fill_iter(policy.statements.iter().map(|s| statement(s, arena)));
        root.push(("Statement", Node::Array(statements)));
        Normalised {
            value: arena.alloc(Node::object(root)),
            selection: std::cell::RefCell::new(Selection::new()),
        }
    }

    /// The statements, in order.
    pub fn statements(&self) -> &'p [Node<'p>] {
        self.value.get("Statement").and_then(Node::as_array).unwrap_or(&[])
    }
}

fn text(s: &str) -> Node<'_> {
    Node::String(s)
}

fn list<'p>(items: &'p [Text<'_>], arena: &'p Bump) -> Node<'p> {
    Node::Array(arena.alloc_slice_fill_iter(items.iter().map(|t| text(t.value))))
}

/// The name a principal type reads as: as AWS spells it when it is known.
fn principal_type<'a>(e: &crate::policy::PrincipalEntry<'a>) -> &'a str {
    e.kind.name().unwrap_or(e.kind_key.value)
}

fn statement<'p>(s: &'p Statement<'_>, arena: &'p Bump) -> Node<'p> {
    let list_of = |l: &'p Option<ListElement<'_>>, negated: bool| {
        l.as_ref()
            .filter(|l| l.negated == negated)
            .map(|l| list(&l.items, arena))
    };
    let principal_of = |negated: bool| {
        s.principal
            .as_ref()
            .filter(|p| p.negated == negated)
            .map(|p| principal(p, arena))
    };
    let effect = s.effect_member.and_then(|e| e.value.as_str()).map(text);
    let condition = s.condition.as_ref().map(|c| {
        let mut cm = Members::with_capacity_in(c.blocks.len(), arena);
        for b in &c.blocks {
            let mut bm = Members::with_capacity_in(b.entries.len(), arena);
            for e in &b.entries {
                // A value of the wrong type (TL009) stays null, not an empty list.
                let v = match &e.member.value.kind {
                    Kind::Null | Kind::Object(_) => Node::Null,
                    _ => list(&e.values, arena),
                };
                bm.push((e.key_lower.as_str(), v));
            }
            // A repeated operator or key keeps its last occurrence, as in a JSON object.
            cm.push((b.operator_text.value, Node::object(bm)));
        }
        Node::object(cm)
    });
    // Derived, not in the file: the condition keys a positive test pins
    // down (`Statement::narrows`), so that checks need not restate the
    // operator rules. No origin: it is read by `unless`/`when`, never flagged.
    let mut narrows = bumpalo::collections::Vec::new_in(arena);
    for b in s.condition.iter().flat_map(|c| &c.blocks) {
        for e in &b.entries {
            if crate::policy::condition::narrowing(b, e)
                && !narrows
                    .iter()
                    .any(|k: &Node<'_>| k.as_str() == Some(e.key_lower.as_str()))
            {
                narrows.push(text(&e.key_lower));
            }
        }
    }
    // In name order (bytes), each name once, so the object needs no sort:
    // sorting every statement's members was a fifth of the tree's cost.
    let members = [
        ("Action", list_of(&s.action, false)),
        ("Condition", condition),
        ("Effect", effect),
        ("Narrows", Some(Node::Array(narrows.into_bump_slice()))),
        ("NotAction", list_of(&s.action, true)),
        ("NotPrincipal", principal_of(true)),
        ("NotResource", list_of(&s.resource, true)),
        ("Principal", principal_of(false)),
        ("Resource", list_of(&s.resource, false)),
        ("Sid", s.sid.map(|sid| text(sid.value))),
    ];
    debug_assert!(
        members.windows(2).all(|w| w[0].0 < w[1].0),
        "statement members in name order"
    );
    let mut m = Members::with_capacity_in(members.iter().filter(|(_, node)| node.is_some()).count(), arena);
    m.extend(members.into_iter().filter_map(|(name, node)| Some((name, node?))));
    Node::Object(m.into_bump_slice())
}

/// A `Principal`/`NotPrincipal` element as an object of lists by type.
fn principal<'p>(p: &'p crate::policy::PrincipalElement<'_>, arena: &'p Bump) -> Node<'p> {
    let mut pm = Members::new_in(arena);
    match &p.value {
        PrincipalValue::Any(t) => pm.push(("AWS", list(std::slice::from_ref(t), arena))),
        PrincipalValue::Map(entries) => {
            // A known type is spelt as AWS spells it (`"aws"` reads as
            // `AWS`, as rules read it); a type given twice is one list,
            // its values in document order.
            for (i, e) in entries.iter().enumerate() {
                let name = principal_type(e);
                if pm.iter().any(|(k, _)| *k == name) {
                    continue;
                }
                let same = entries[i..].iter().filter(|o| principal_type(o) == name);
                let values =
                    bumpalo::collections::Vec::from_iter_in(same.flat_map(|o| &o.values).map(|t| text(t.value)), arena);
                pm.push((name, Node::Array(values.into_bump_slice())));
            }
        }
        PrincipalValue::Invalid => {}
    }
    Node::object(pm)
}

/// The origin of the node at `path` in the normalised form of `policy`,
/// found the way [`Normalised::of`] built it: `None` for nodes that come
/// from no token (`kind`, the `Statement` list, `Narrows`).
pub fn origin(policy: &Policy<'_>, path: &[Step<'_>]) -> Option<Origin> {
    match path {
        [Step::Key(k)] if k == "Version" => {
            let v = policy.version.filter(|v| v.value.as_str().is_some())?;
            Origin::of(v.value.span, Some(v.key_span))
        }
        [Step::Key(k), Step::Index(i), rest @ ..] if k == "Statement" => {
            statement_origin(policy.statements.get(*i)?, rest)
        }
        _ => None,
    }
}

fn statement_origin(s: &Statement<'_>, path: &[Step<'_>]) -> Option<Origin> {
    let Some((first, rest)) = path.split_first() else {
        return Origin::of(s.node.span, None);
    };
    let name = first.key()?;
    match name {
        "Sid" if rest.is_empty() => Origin::of(s.sid?.span, None),
        "Effect" if rest.is_empty() => {
            let e = s.effect_member.filter(|e| e.value.as_str().is_some())?;
            Origin::of(e.value.span, Some(e.key_span))
        }
        "Principal" | "NotPrincipal" => {
            let p = s.principal.as_ref().filter(|p| p.negated == (name == "NotPrincipal"))?;
            principal_origin(p, rest)
        }
        "Action" | "NotAction" => list_origin(s.action.as_ref()?, name == "NotAction", rest),
        "Resource" | "NotResource" => list_origin(s.resource.as_ref()?, name == "NotResource", rest),
        "Condition" => condition_origin(s.condition.as_ref()?, rest),
        _ => None,
    }
}

fn list_origin(l: &ListElement<'_>, negated: bool, path: &[Step<'_>]) -> Option<Origin> {
    if l.negated != negated {
        return None;
    }
    match path {
        [] => Origin::of(l.member.value.span, Some(l.member.key_span)),
        [Step::Index(i)] => Origin::of(l.items.get(*i)?.span, None),
        _ => None,
    }
}

fn principal_origin(p: &PrincipalElement<'_>, path: &[Step<'_>]) -> Option<Origin> {
    let Some((kind, rest)) = path.split_first() else {
        return Origin::of(p.member.value.span, Some(p.member.key_span));
    };
    let kind = kind.key()?;
    match &p.value {
        PrincipalValue::Any(t) if kind == "AWS" => match rest {
            [] | [Step::Index(0)] => Origin::of(t.span, None),
            _ => None,
        },
        PrincipalValue::Map(entries) => {
            let mut same = entries.iter().filter(|e| principal_type(e) == kind);
            match rest {
                // The type node points at (the first of) its keys.
                [] => same.next().map(|e| Origin {
                    value: e.kind_key.span,
                    key: Some(e.kind_key.span),
                }),
                [Step::Index(i)] => Origin::of(same.flat_map(|e| &e.values).nth(*i)?.span, None),
                _ => None,
            }
        }
        _ => None,
    }
}

fn condition_origin(c: &Condition<'_>, path: &[Step<'_>]) -> Option<Origin> {
    let Some((operator, rest)) = path.split_first() else {
        return Origin::of(c.member.value.span, Some(c.member.key_span));
    };
    // A repeated operator or key reads as its last occurrence, as in a JSON object.
    let operator = operator.key()?;
    let b = c.blocks.iter().rev().find(|b| b.operator_text.value == operator)?;
    let Some((key, rest)) = rest.split_first() else {
        return Origin::of(b.member.value.span, Some(b.operator_text.span));
    };
    let key = key.key()?;
    let e = b.entries.iter().rev().find(|e| e.key_lower == key)?;
    match rest {
        [] => Origin::of(e.member.value.span, Some(e.key.span)),
        [Step::Index(i)] if !matches!(e.member.value.kind, Kind::Null | Kind::Object(_)) => {
            Origin::of(e.values.get(*i)?.span, None)
        }
        _ => None,
    }
}

/// Read a normalized path as jsonpath-rust writes it (RFC 9535, 2.7:
/// `$['Statement'][0]['Action'][1]`, names in single quotes with `'`, `\`
/// and control characters escaped).
pub fn parse_path(path: &str) -> Option<Vec<Step<'static>>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while let Some(r) = rest.strip_prefix('[') {
        if let Some(r) = r.strip_prefix('\'') {
            let mut name = String::new();
            let mut chars = r.char_indices();
            let end = loop {
                let (i, c) = chars.next()?;
                match c {
                    '\'' => break i,
                    '\\' => match chars.next()?.1 {
                        'b' => name.push('\u{8}'),
                        'f' => name.push('\u{c}'),
                        'n' => name.push('\n'),
                        'r' => name.push('\r'),
                        't' => name.push('\t'),
                        'u' => {
                            let hex: String = (0..4).map(|_| chars.next().map(|(_, c)| c)).collect::<Option<_>>()?;
                            name.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                        }
                        other => name.push(other),
                    },
                    c => name.push(c),
                }
            };
            rest = r[end + 1..].strip_prefix(']')?;
            steps.push(Step::Key(Cow::Owned(name)));
        } else {
            let (digits, r) = r.split_once(']')?;
            steps.push(Step::Index(digits.parse().ok()?));
            rest = r;
        }
    }
    rest.is_empty().then_some(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every node of the normalised tree, with its path.
    fn walk<'v>(v: &'v Node<'v>, path: &mut Vec<Step<'v>>, out: &mut Vec<(Vec<Step<'v>>, &'v Node<'v>)>) {
        out.push((path.clone(), v));
        match v {
            Node::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    walk(item, path, out);
                    path.pop();
                }
            }
            Node::Object(m) => {
                for (k, item) in m.iter() {
                    path.push(Step::Key(Cow::Borrowed(k)));
                    walk(item, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_node_from_the_file_has_its_origin() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
            {"Sid": "A", "Effect": "Allow", "Principal": {"aws": ["a", "b"], "Federated": "f", "AWS": "c", "Odd": "o"},
             "Action": ["s3:Get*", 3, "s3:Put*"], "NotResource": "r",
             "Condition": {"StringEquals": {"K": "x", "k": ["y", true, 5]}, "Null": {"n": null},
                           "StringEquals": {"K2": "z"}, "Bool": {"a\nb": "true"}}},
            {"Effect": "Deny", "NotPrincipal": "*", "NotAction": "iam:*", "Resource": ["r1", "r2"]}]}"#;
        let doc = crate::json::parse(text, crate::json::test_arena()).expect("parses");
        let policy = Policy::from_document(&doc).expect("policy");
        let arena = bumpalo::Bump::new();
        let norm = Normalised::of(&policy, &arena);
        let mut nodes = Vec::new();
        walk(norm.value, &mut Vec::new(), &mut nodes);
        let derived = |p: &[Step<'_>]| {
            matches!(p, [] | [Step::Key(_)] if p.first() != Some(&Step::Key("Version".into())))
                || p.iter().any(|s| s == &Step::Key("Narrows".into()))
                || p == [Step::Key("Statement".into())]
        };
        for (path, value) in &nodes {
            let o = origin(&policy, path);
            assert_eq!(o.is_none(), derived(path), "{path:?}");
            if let (Some(o), Node::String(s)) = (o, value)
                && path.last().is_some_and(|s| matches!(s, Step::Index(_)))
            {
                let token = &text[o.value.range()];
                assert!(token == format!("\"{s}\"") || token == *s, "{path:?}: {token} for {s}");
            }
        }
        // The merged `AWS` list points at each of its tokens in turn.
        let aws = |i| {
            origin(
                &policy,
                &[
                    Step::Key("Statement".into()),
                    Step::Index(0),
                    Step::Key("Principal".into()),
                    Step::Key("AWS".into()),
                    Step::Index(i),
                ],
            )
        };
        assert_eq!(aws(2).map(|o| &text[o.value.range()]), Some("\"c\""));
        assert!(aws(3).is_none());
        // The last of two `StringEquals` blocks is the one in the tree.
        let first = norm.statements().first().expect("a statement");
        assert!(
            first
                .get("Condition")
                .and_then(|c| c.get("StringEquals"))
                .and_then(|b| b.get("k2"))
                .is_some()
        );
    }

    #[test]
    fn parses_the_paths_jsonpath_rust_writes() {
        let value = serde_json::json!({"a'b\\c\nd\u{1}": [0, {"x": 1}]});
        let q = jsonpath_rust::parser::parse_json_path("$.*[*].*").expect("valid");
        let hits = jsonpath_rust::query::js_path_process(&q, &value).expect("runs");
        assert_eq!(hits.len(), 1);
        assert_eq!(
            parse_path(&hits[0].path),
            Some(vec![
                Step::Key("a'b\\c\nd\u{1}".into()),
                Step::Index(1),
                Step::Key("x".into())
            ])
        );
        assert_eq!(parse_path("$"), Some(vec![]));
        assert_eq!(parse_path("$['a"), None);
        assert_eq!(parse_path("$[1x]"), None);
    }
}
