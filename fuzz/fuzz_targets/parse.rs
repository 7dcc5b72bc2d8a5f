//! Fuzz target for `trustlint::json::parse`.
//!
//! For every input that is UTF-8:
//! - on success, every span (values and keys) lies inside the text, on char
//!   boundaries, inside its parent's span, after its previous sibling; the
//!   text under a scalar's span is that scalar (literals, numbers, and strings
//!   without escapes, quotes excepted);
//! - on failure, the error's span lies inside the text, on char boundaries;
//! - trustlint and serde_json agree on whether the text is JSON, and on the
//!   values when it is — except where they differ by design: a leading BOM
//!   (trustlint skips it), lone-surrogate escapes (trustlint substitutes U+FFFD),
//!   numbers serde_json cannot represent, and serde_json's recursion limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustlint::json::{self, Kind, Span, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let arena = json::Arena::new();
    let parsed = json::parse(text, &arena);
    match &parsed {
        Ok(doc) => check_tree(text, doc),
        Err(e) => {
            let span = e.span();
            check_span(text, span, "error");
            assert_eq!(span.start as usize, e.offset);
            let _ = e.message();
            let _ = e.hint();
        }
    }
    compare_with_serde(text, parsed.as_ref().ok());
});

fn check_span(text: &str, span: Span, what: &str) {
    let (s, e) = (span.start as usize, span.end as usize);
    assert!(s <= e, "{what} span {span:?} is reversed");
    assert!(
        e <= text.len(),
        "{what} span {span:?} ends past the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(s),
        "{what} span {span:?} starts inside a character"
    );
    assert!(text.is_char_boundary(e), "{what} span {span:?} ends inside a character");
}

/// The text under a string token's span, without its quotes.
fn raw_string(text: &str, span: Span) -> &str {
    let raw = &text[span.range()];
    assert!(
        raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"'),
        "string span {span:?} is not a quoted token: {raw:?}"
    );
    &raw[1..raw.len() - 1]
}

fn check_string(text: &str, span: Span, value: &str, what: &str) {
    let raw = raw_string(text, span);
    if !raw.contains('\\') {
        assert_eq!(
            raw, value,
            "{what} at {span:?}: text under the span differs from the value"
        );
    }
}

/// Walks the tree with an explicit stack (documents nest 100,000 deep).
fn check_tree(text: &str, root: &Value<'_>) {
    check_span(text, root.span, "root");
    let mut stack: Vec<&Value<'_>> = vec![root];
    while let Some(v) = stack.pop() {
        check_span(text, v.span, "value");
        let under = &text[v.span.range()];
        let inside = |child: Span| v.span.start < child.start && child.end < v.span.end;
        match &v.kind {
            Kind::Null => assert_eq!(under, "null"),
            Kind::Bool(b) => assert_eq!(under, if *b { "true" } else { "false" }),
            Kind::Number(n) => {
                assert_eq!(under, *n);
                assert!(!n.is_empty());
            }
            Kind::String(s) => check_string(text, v.span, s, "string"),
            Kind::Array(items) => {
                assert!(
                    under.starts_with('[') && under.ends_with(']'),
                    "array span {:?}",
                    v.span
                );
                let mut prev_end = v.span.start;
                for item in items.iter() {
                    check_span(text, item.span, "element");
                    assert!(
                        inside(item.span),
                        "element {:?} outside its array {:?}",
                        item.span,
                        v.span
                    );
                    assert!(item.span.start > prev_end, "elements out of order at {:?}", item.span);
                    prev_end = item.span.end;
                    stack.push(item);
                }
            }
            Kind::Object(members) => {
                assert!(
                    under.starts_with('{') && under.ends_with('}'),
                    "object span {:?}",
                    v.span
                );
                let mut prev_end = v.span.start;
                for m in members.iter() {
                    check_span(text, m.key_span, "key");
                    check_string(text, m.key_span, &m.key, "key");
                    assert!(
                        inside(m.key_span),
                        "key {:?} outside its object {:?}",
                        m.key_span,
                        v.span
                    );
                    assert!(m.key_span.start > prev_end, "members out of order at {:?}", m.key_span);
                    check_span(text, m.value.span, "member value");
                    assert!(
                        m.value.span.start > m.key_span.end,
                        "value before its key at {:?}",
                        m.value.span
                    );
                    assert!(
                        inside(m.value.span),
                        "value {:?} outside its object {:?}",
                        m.value.span,
                        v.span
                    );
                    prev_end = m.value.span.end;
                    stack.push(&m.value);
                }
            }
        }
    }
}

/// serde_json refuses these on purpose; trustlint accepts them on purpose.
fn differs_by_design(text: &str, serde_error: &serde_json::Error) -> bool {
    let msg = serde_error.to_string();
    text.starts_with('\u{FEFF}')
        || msg.contains("surrogate")
        || msg.contains("hex escape")
        || msg.contains("unicode code point")
        || msg.contains("number out of range")
        || msg.contains("recursion limit exceeded")
}

fn compare_with_serde(text: &str, ours: Option<&Value<'_>>) {
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (ours, theirs) {
        (Some(ours), Ok(theirs)) => compare_values(ours, &theirs),
        (None, Err(_)) => {}
        (Some(_), Err(e)) => assert!(
            differs_by_design(text, &e),
            "trustlint accepts what serde_json rejects ({e}): {text:?}"
        ),
        (None, Ok(_)) => {
            // serde_json accepts nothing that trustlint must refuse.
            panic!(
                "serde_json accepts what trustlint rejects: {text:?} ({:?})",
                json::parse(text, &json::Arena::new()).err()
            );
        }
    }
}

fn compare_values(ours: &Value<'_>, theirs: &serde_json::Value) {
    use serde_json::Value as J;
    let mut stack = vec![(ours, theirs)];
    while let Some((a, b)) = stack.pop() {
        match (&a.kind, b) {
            (Kind::Null, J::Null) => {}
            (Kind::Bool(x), J::Bool(y)) => assert_eq!(x, y),
            (Kind::String(x), J::String(y)) => assert_eq!(*x, y.as_str()),
            (Kind::Number(text), J::Number(n)) => compare_number(text, n),
            (Kind::Array(xs), J::Array(ys)) => {
                assert_eq!(xs.len(), ys.len(), "array lengths differ at {:?}", a.span);
                stack.extend(xs.iter().zip(ys));
            }
            (Kind::Object(members), J::Object(map)) => {
                // serde_json keeps the last of duplicate keys; trustlint keeps all.
                for m in members.iter() {
                    assert!(
                        map.contains_key(m.key),
                        "key {:?} missing in serde_json",
                        m.key
                    );
                }
                for (k, v) in map {
                    let last = members.iter().rev().find(|m| m.key == k.as_str());
                    let last = last.unwrap_or_else(|| panic!("key {k:?} missing in trustlint's tree"));
                    stack.push((&last.value, v));
                }
            }
            (kind, j) => panic!("kinds differ at {:?}: {kind:?} vs {j:?}", a.span),
        }
    }
}

fn compare_number(text: &str, n: &serde_json::Number) {
    if let Some(u) = n.as_u64() {
        assert_eq!(text.parse::<u64>().ok(), Some(u), "number {text}");
    } else if let Some(i) = n.as_i64() {
        assert_eq!(text.parse::<i64>().ok(), Some(i), "number {text}");
    } else {
        let ours: f64 = text.parse().expect("a JSON number parses as f64");
        let theirs = n.as_f64().expect("a serde_json float");
        // Without its float_roundtrip feature serde_json may be off by an ulp or so.
        let close = ours == theirs || ((ours - theirs).abs() <= 1e-14 * ours.abs().max(theirs.abs()));
        assert!(close, "number {text}: {ours} vs {theirs}");
    }
}
