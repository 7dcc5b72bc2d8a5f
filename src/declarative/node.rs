//! The tree checks query: the normalised policy. Its strings borrow the
//! policy's where they can, and an object is a short list of members sorted
//! by name, so a tree costs a few allocations to build and to drop. A
//! `serde_json::Value` per policy (a `String` per action, a `BTreeMap` per
//! statement) was a third of the declarative checks' time.
//!
//! It reads as the `serde_json::Value` it stands for: members iterate in
//! name order, a repeated name keeps its last value, and [`Node::to_json`]
//! gives that value where jsonpath-rust needs one.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

#[derive(Clone, Debug, PartialEq)]
pub enum Node<'a> {
    Null,
    Bool(bool),
    /// Only in a query's literals: a policy's normalised form has none.
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Sorted by name, each name once.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// An object of `members`, in any order; a repeated name keeps its last value.
    pub fn object(mut members: Vec<(Cow<'a, str>, Node<'a>)>) -> Node<'a> {
        // Stable, so that of equal names the last comes last; then keep it.
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(Cow<'a, str>, Node<'a>)> = Vec::with_capacity(members.len());
        for m in members {
            match out.last_mut() {
                Some(last) if last.0 == m.0 => *last = m,
                _ => out.push(m),
            }
        }
        Node::Object(out)
    }

    /// A member and its name.
    pub fn member(&self, name: &str) -> Option<(&Cow<'a, str>, &Node<'a>)> {
        let Node::Object(members) = self else { return None };
        // Objects here have a handful of members (a statement, a condition
        // block): a scan that compares lengths first beats a binary search.
        let found = if members.len() <= 16 {
            members
                .iter()
                .find(|(k, _)| k.len() == name.len() && k.as_bytes() == name.as_bytes())
        } else {
            let i = members.binary_search_by(|(k, _)| k.as_ref().cmp(name)).ok()?;
            members.get(i)
        };
        found.map(|(k, v)| (k, v))
    }

    pub fn get(&self, name: &str) -> Option<&Node<'a>> {
        self.member(name).map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&str> {
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

    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The `serde_json::Value` this node stands for.
    pub fn to_json(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Node::Object(members) => {
                let map: Map<String, Value> = members.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect();
                Value::Object(map)
            }
        }
    }

    /// The node for a `serde_json::Value` (a query's literal).
    pub fn from_json(value: &Value) -> Node<'static> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(Cow::Owned(s.clone())),
            Value::Array(items) => Node::Array(items.iter().map(Node::from_json).collect()),
            Value::Object(m) => Node::Object(
                m.iter()
                    .map(|(k, v)| (Cow::Owned(k.clone()), Node::from_json(v)))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_read_as_serde_json_maps() {
        let node = Node::object(vec![
            ("b".into(), Node::String("1".into())),
            ("a".into(), Node::Null),
            ("b".into(), Node::String("2".into())),
            ("B".into(), Node::Bool(true)),
        ]);
        let json = serde_json::json!({"a": null, "B": true, "b": "2"});
        assert_eq!(node.to_json(), json);
        let names: Vec<&str> = match &node {
            Node::Object(m) => m.iter().map(|(k, _)| k.as_ref()).collect(),
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
            let node = Node::object(
                names
                    .iter()
                    .map(|k| (Cow::Owned(k.clone()), Node::String(k.clone().into())))
                    .collect(),
            );
            for k in &names {
                assert_eq!(node.get(k).and_then(Node::as_str), Some(k.as_str()), "{n}: {k}");
            }
            assert!(node.get("k").is_none() && node.get("k100").is_none(), "{n}");
        }
    }
}
