//! TL002 duplicate-key: a key twice in one object, anywhere in the document.

use foldhash::HashMap;

use crate::json::{Kind, Member, Value};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    // Iterative walk: the document may be deeply nested.
    let mut stack: Vec<&Value<'_>> = vec![ctx.policy.root];
    while let Some(v) = stack.pop() {
        match &v.kind {
            Kind::Array(items) => stack.extend(items.iter().rev()),
            Kind::Object(members) => {
                for (first, dup) in duplicates(members) {
                    report(ctx, first, dup);
                }
                stack.extend(members.iter().rev().map(|m| &m.value));
            }
            _ => {}
        }
    }
}

/// Each later member paired with the first member of the same key.
fn duplicates<'m, 'a>(members: &'m [Member<'a>]) -> Vec<(&'m Member<'a>, &'m Member<'a>)> {
    let mut out = Vec::new();
    if members.len() <= 16 {
        for (i, m) in members.iter().enumerate() {
            if let Some(first) = members[..i].iter().find(|p| p.key == m.key) {
                out.push((first, m));
            }
        }
    } else {
        let mut seen: HashMap<&str, &Member<'a>> = HashMap::with_capacity_and_hasher(members.len(), Default::default());
        for m in members {
            match seen.get(m.key) {
                Some(first) => out.push((*first, m)),
                None => {
                    seen.insert(m.key, m);
                }
            }
        }
    }
    out
}

fn report(ctx: &mut Ctx<'_, '_>, first: &Member<'_>, dup: &Member<'_>) {
    let f = ctx
        .finding(dup.key_span, format!("duplicate key `{}` in one object", dup.key))
        .label("the key again")
        .secondary(first.key_span, "first defined here")
        .note("JSON parsers disagree on which value wins, so AWS may read a different value than the one you reviewed")
        .help(format!("keep one `{}`: merge the two values or delete one", dup.key));
    ctx.report(f);
}
