//! TL009 invalid-type: a value of the wrong JSON type where IAM expects a
//! string, a list of strings or an object, or an empty string.

use crate::json::{Kind, Member, Value};
use crate::policy::{POLICY_ELEMENTS, STATEMENT_ELEMENTS};
use crate::rules::Ctx;
use crate::suggest::did_you_mean;

#[derive(Clone, Copy)]
enum Want {
    /// A string; `nonempty` rejects "".
    Text { nonempty: bool },
    /// A string or an array of non-empty strings.
    List,
    /// `"*"` or an object of lists.
    Principal,
    /// Operator → key → scalar or array of scalars.
    Condition,
    /// A statement object or an array of them.
    Statements,
}

/// What each policy and statement element takes.
const WANTS: &[(&str, Want)] = &[
    ("Version", Want::Text { nonempty: false }),
    ("Id", Want::Text { nonempty: false }),
    ("Sid", Want::Text { nonempty: false }),
    // An empty Effect is TL004's finding.
    ("Effect", Want::Text { nonempty: false }),
    ("Action", Want::List),
    ("NotAction", Want::List),
    ("Resource", Want::List),
    ("NotResource", Want::List),
    ("Principal", Want::Principal),
    ("NotPrincipal", Want::Principal),
    ("Condition", Want::Condition),
    ("Statement", Want::Statements),
];

/// What the element named `key` takes; a misspelt element (`Actions`) is
/// checked as the one it was meant to be, as the policy model reads it.
fn want_for(key: &str) -> Option<Want> {
    let want = |name: &str| WANTS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, w)| w);
    // Nearly every key is an element as spelt: no search for a near one.
    want(key).or_else(|| {
        let known = POLICY_ELEMENTS.iter().chain(STATEMENT_ELEMENTS.iter()).copied();
        want(did_you_mean(key, known)?)
    })
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for m in ctx.policy.members() {
        visit(ctx, m);
    }
}

fn visit(ctx: &mut Ctx<'_, '_>, m: &Member<'_>) {
    let Some(want) = want_for(m.key) else { return };
    let v = &m.value;
    match (want, &v.kind) {
        (Want::Text { nonempty }, Kind::String(s)) => {
            if nonempty && s.is_empty() {
                empty(ctx, m.key, v);
            }
        }
        (Want::Text { .. }, _) => wrong(ctx, m.key, v, "a string"),
        (Want::List, Kind::String("")) => empty(ctx, m.key, v),
        (Want::List, Kind::String(_)) => {}
        (Want::List, Kind::Array(items)) => list_items(ctx, m.key, items),
        (Want::List, _) => wrong(ctx, m.key, v, "a string or a list of strings"),
        (Want::Principal, Kind::String(_)) => {} // TL008 checks the value.
        (Want::Principal, Kind::Object(entries)) => {
            for e in entries.iter() {
                match &e.value.kind {
                    Kind::String("") => empty(ctx, e.key, &e.value),
                    Kind::String(_) => {}
                    Kind::Array(items) => list_items(ctx, e.key, items),
                    _ => wrong(ctx, e.key, &e.value, "a string or a list of strings"),
                }
            }
        }
        (Want::Principal, _) => wrong(ctx, m.key, v, "\"*\" or an object such as {\"AWS\": \"...\"}"),
        (Want::Condition, Kind::Object(ops)) => {
            for op in ops.iter() {
                let Some(keys) = op.value.as_object() else {
                    wrong(ctx, op.key, &op.value, "an object of condition keys and values");
                    continue;
                };
                for k in keys {
                    condition_values(ctx, k);
                }
            }
        }
        (Want::Condition, _) => wrong(ctx, m.key, v, "an object mapping operators to keys"),
        (Want::Statements, Kind::Object(members)) => {
            for s in members.iter() {
                visit(ctx, s);
            }
        }
        (Want::Statements, Kind::Array(items)) => {
            for item in items.iter() {
                match item.as_object() {
                    Some(members) => members.iter().for_each(|s| visit(ctx, s)),
                    None => wrong(ctx, "Statement", item, "a statement object"),
                }
            }
        }
        (Want::Statements, _) => wrong(ctx, m.key, v, "a statement object or a list of them"),
    }
}

fn list_items(ctx: &mut Ctx<'_, '_>, key: &str, items: &[Value<'_>]) {
    for item in items {
        match &item.kind {
            Kind::String("") => empty(ctx, key, item),
            Kind::String(_) => {}
            _ => wrong(ctx, key, item, "a string"),
        }
    }
}

fn condition_values(ctx: &mut Ctx<'_, '_>, k: &Member<'_>) {
    let scalar = |v: &Value<'_>| matches!(v.kind, Kind::String(_) | Kind::Number(_) | Kind::Bool(_));
    match &k.value.kind {
        Kind::Array(items) => {
            for item in items.iter().filter(|i| !scalar(i)) {
                wrong(ctx, k.key, item, "a string, number or boolean");
            }
        }
        _ if scalar(&k.value) => {}
        _ => wrong(ctx, k.key, &k.value, "a value or a list of values"),
    }
}

fn wrong(ctx: &mut Ctx<'_, '_>, key: &str, v: &Value<'_>, expected: &str) {
    let f = ctx
        .finding(v.span, format!("`{key}` must be {expected}, found {}", v.type_name()))
        .label(format!("{} here", v.type_name()))
        .note("AWS rejects a policy whose elements have the wrong JSON type")
        .help(format!("write {expected}"));
    ctx.report(f);
}

fn empty(ctx: &mut Ctx<'_, '_>, key: &str, v: &Value<'_>) {
    let f = ctx
        .finding(v.span, format!("`{key}` has an empty string"))
        .label("empty")
        .note("AWS rejects empty strings in policy elements")
        .help("write the value, or delete it");
    ctx.report(f);
}
