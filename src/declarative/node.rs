//! The tree checks query: the normalised policy. Its strings borrow the
//! policy's, its arrays and objects (short lists of members sorted by name)
//! are slices in one arena per file, so a tree costs a few bump allocations
//! to build and nothing to drop. A
//! `serde_json::Value` per policy (a `String` per action, a `BTreeMap` per
//! statement) was a third of the declarative checks' time.
//!
//! It reads as the `serde_json::Value` it stands for: members iterate in
//! name order, a repeated name keeps its last value, and [`Node::to_json`]
//! gives that value where jsonpath-rust needs one.

use serde_json::{Map, Number, Value};

/// A policy's tree lives in one arena per file: its arrays and
/// objects are slices there and its strings borrow the policy's, so a node
/// has nothing to drop and the whole tree goes with the arena
/// (`bumpalo::Bump`) at once.
/// Dropping a tree of `Vec`s node by node was as costly as building it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Node<'a> {
    Null,
    Bool(bool),
    /// Only in a query's literals: a policy's normalised form has none.
    Number(&'a Number),
    String(&'a str),
    Array(&'a [Node<'a>]),
    /// Sorted by name, each name once.
    Object(&'a [(&'a str, Node<'a>)]),
}

/// The members of an object being built, in the arena.
pub type Members<'a> = bumpalo::collections::Vec<'a, (&'a str, Node<'a>)>;

impl<'a> Node<'a> {
    /// An object of `members`, in any order; a repeated name keeps its last value.
    pub fn object(mut members: Members<'a>) -> Node<'a> {
        // Stable, so that of equal names the last comes last; then keep it.
        members.sort_by(|a, b| a.0.cmp(b.0));
        let mut kept = 0;
        for i in 0..members.len() {
            if kept > 0 && members[kept - 1].0 == members[i].0 {
                members[kept - 1] = members[i];
            } else {
                members[kept] = members[i];
                kept += 1;
            }
        }
        members.truncate(kept);
        Node::Object(members.into_bump_slice())
    }

    /// A member and its name.
    pub fn member(&self, name: &str) -> Option<(&'a str, &'a Node<'a>)> {
        let Node::Object(members) = self else { return None };
        // Objects here have a handful of members (a statement, a condition
        // block): a scan that compares lengths first beats a binary search.
        let found = if members.len() <= 16 {
            members
                .iter()
                .find(|(k, _)| crate::swar::same_bytes(k.as_bytes(), name.as_bytes()))
        } else {
            let i = members.binary_search_by(|(k, _)| (*k).cmp(name)).ok()?;
            members.get(i)
        };
        found.map(|(k, v)| (*k, v))
    }

    pub fn get(&self, name: &str) -> Option<&'a Node<'a>> {
        self.member(name).map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&'a [Node<'a>]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The `serde_json::Value` this node stands for.
    pub fn to_json(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(items) => Value::Array(items.iter().map(|v| v.to_json()).collect()),
            Node::Object(members) => {
                let map: Map<String, Value> = members.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect();
                Value::Object(map)
            }
        }
    }

    /// The node for a `serde_json::Value` (a query's literal). It lives as
    /// long as the program: queries are compiled once per run, and a
    /// literal is a word or two.
    pub fn from_json(value: &Value) -> Node<'static> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(Box::leak(Box::new(n.clone()))),
            Value::String(s) => Node::String(Box::leak(s.clone().into_boxed_str())),
            Value::Array(items) => Node::Array(Box::leak(items.iter().map(Node::from_json).collect())),
            Value::Object(m) => {
                let members: Vec<(&'static str, Node<'static>)> = m
                    .iter()
                    .map(|(k, v)| (&*Box::leak(k.clone().into_boxed_str()), Node::from_json(v)))
                    .collect();
                Node::Object(Box::leak(members.into_boxed_slice()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bumpalo::Bump;

    #[test]
    fn objects_read_as_serde_json_maps() {
        let bump = Bump::new();
        let node = Node::object(bumpalo::vec![in &bump;
            ("b", Node::String("1")),
            ("a", Node::Null),
            ("b", Node::String("2")),
            ("B", Node::Bool(true)),
        ]);
        let json = serde_json::json!({"a": null, "B": true, "b": "2"});
        assert_eq!(node.to_json(), json);
        let names: Vec<&str> = match &node {
            Node::Object(m) => m.iter().map(|(k, _)| *k).collect(),
            _ => Vec::new(),
        };
        let json_names: Vec<&str> = json
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(names, json_names);
        assert_eq!(node.get("b").and_then(Node::as_str), Some("2"));
        assert_eq!(Node::from_json(&json), node);
    }

    /// Small objects are scanned, large ones searched: both find every member.
    #[test]
    fn members_are_found_in_objects_of_any_size() {
        for n in [0, 1, 5, 16, 17, 40] {
            let names: Vec<String> = (0..n).map(|i| format!("k{}", i * 7 % 41)).collect();
            let bump = Bump::new();
            let mut members = Members::new_in(&bump);
            members.extend(names.iter().map(|k| (k.as_str(), Node::String(k))));
            let node = Node::object(members);
            for k in &names {
                assert_eq!(node.get(k).and_then(Node::as_str), Some(k.as_str()), "{n}: {k}");
            }
            assert!(node.get("k").is_none() && node.get("k100").is_none(), "{n}");
        }
    }
}
