//! TL013 placeholder: a value left as it was in the documentation or template
//! it was copied from.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::policy::ip::Cidr;
use crate::policy::{Arn, PrincipalValue, Text};
use crate::rules::Ctx;

#[derive(Deserialize)]
struct File {
    policy: Patterns,
}

#[derive(Deserialize)]
struct Patterns {
    accounts: Vec<String>,
    words: Vec<String>,
    names: Vec<String>,
    cidrs: Vec<String>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<File> = OnceLock::new();
    &P.get_or_init(|| {
        toml::from_str(include_str!("../../data/placeholders.toml")).expect("data/placeholders.toml is checked by tests")
    })
    .policy
}

fn words() -> &'static AhoCorasick {
    static W: OnceLock<AhoCorasick> = OnceLock::new();
    W.get_or_init(|| AhoCorasick::new(&patterns().words).expect("data/placeholders.toml is checked by tests"))
}

/// Why `v` looks like a placeholder, if it does.
pub fn placeholder(v: &str) -> Option<String> {
    let p = patterns();
    let account = Arn::parse(v).map_or(v, |a| a.account);
    if p.accounts.iter().any(|a| a == account) {
        return Some(format!("{account} is an example account ID from the documentation"));
    }
    // All words in one pass; the first in the data file's order wins.
    let words = words();
    if words.is_match(v)
        && let Some(w) = words.find_overlapping_iter(v).map(|m| m.pattern().as_usize()).min()
    {
        return Some(format!("`{}` is a template word", p.words[w]));
    }
    // One byte scan for the slot markers: this runs for every value of
    // every statement (string searches cost more on such short values).
    // The same pass finds the example name (a whole value or an ARN part
    // between `:`, `/` and `*`, ASCII case-insensitively): the first in the
    // data file's order wins.
    let b = v.as_bytes();
    let (mut lt, mut gt, mut open, mut close) = (None, None, false, false);
    let mut name: Option<usize> = None;
    let mut part = 0;
    let mut named = |from: usize, to: usize| {
        let piece = &b[from..to];
        if let Some(n) = p.names.iter().position(|n| piece.eq_ignore_ascii_case(n.as_bytes())) {
            name = Some(name.map_or(n, |m| m.min(n)));
        }
    };
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'<' if lt.is_none() => lt = Some(i),
            b'>' => gt = Some(i),
            b'{' if b.get(i + 1) == Some(&b'{') => open = true,
            b'}' if b.get(i + 1) == Some(&b'}') => close = true,
            b':' | b'/' | b'*' => {
                named(part, i);
                part = i + 1;
            }
            _ => {}
        }
    }
    named(part, b.len());
    if part > 0 {
        named(0, b.len());
    }
    if let (Some(a), Some(z)) = (lt, gt)
        && a < z
    {
        return Some(format!("`{}` is a template slot", &v[a..=z]));
    }
    if open && close {
        return Some("`{{…}}` is a template slot".into());
    }
    if let Some(n) = name {
        return Some(format!("`{}` is the name from the example", p.names[n]));
    }
    if v.len() <= 64
        && v.bytes().all(|b| b.is_ascii_hexdigit() || matches!(b, b'.' | b':' | b'/'))
        && let Some(c) = Cidr::parse(v)
        && let Some(doc) = p.cidrs.iter().find(|d| Cidr::parse(d).is_some_and(|d| c.within(d)))
    {
        return Some(format!("{v} is in {doc}, a range reserved for documentation"));
    }
    None
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let mut values: Vec<Text<'_>> = Vec::new();
    for stmt in &ctx.policy.statements {
        values.extend(stmt.action.iter().flat_map(|a| a.items.iter().copied()));
        values.extend(stmt.resource.iter().flat_map(|r| r.items.iter().copied()));
        if let Some(p) = &stmt.principal
            && let PrincipalValue::Map(entries) = &p.value
        {
            values.extend(entries.iter().flat_map(|e| e.values.iter().copied()));
        }
        if let Some(c) = &stmt.condition {
            values.extend(c.blocks.iter().flat_map(|b| b.entries.iter()).flat_map(|e| e.values.iter().copied()));
        }
    }
    for v in values {
        let Some(why) = placeholder(v.value) else { continue };
        let f = ctx
            .finding(v.span, format!("\"{}\" looks like a placeholder: {why}", v.value))
            .label("left as in the example")
            .note("a placeholder deploys as written: it grants to, or guards, something that is not yours — or nothing")
            .help("replace it with the real value");
        ctx.report(f);
    }
}
