//! TL005 unknown-element: a key that is not a policy or statement element,
//! or an element written in the wrong case.

use crate::json::{Kind, Member};
use crate::policy::{POLICY_ELEMENTS, STATEMENT_ELEMENTS};
use crate::rules::Ctx;
use crate::suggest::did_you_mean;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let policy = ctx.policy;
    for m in policy.members() {
        check_key(ctx, m, &POLICY_ELEMENTS, "policy");
    }
    // Statement objects, whether or not they read as statements.
    let Some(stmts) = policy.statement_member else { return };
    let objects: Vec<&Member<'_>> = match &stmts.value.kind {
        Kind::Object(members) => members.iter().collect(),
        Kind::Array(items) => items.iter().filter_map(|v| v.as_object()).flatten().collect(),
        _ => Vec::new(),
    };
    for m in objects {
        check_key(ctx, m, &STATEMENT_ELEMENTS, "statement");
    }
}

fn check_key(ctx: &mut Ctx<'_, '_>, m: &Member<'_>, known: &[&'static str], level: &str) {
    if known.contains(&m.key) {
        return;
    }
    let suggestion = did_you_mean(m.key, known.iter().copied());
    let f = match suggestion {
        Some(s) if s.eq_ignore_ascii_case(m.key) => ctx
            .finding(m.key_span, format!("`{}` is not a {level} element; element names are case-sensitive", m.key))
            .label(format!("write `{s}`"))
            .help(format!("rename the key to \"{s}\"")),
        Some(s) => ctx
            .finding(m.key_span, format!("unknown {level} element `{}`", m.key))
            .label(format!("did you mean `{s}`?"))
            .help(format!("rename the key to \"{s}\"")),
        None => ctx
            .finding(m.key_span, format!("unknown {level} element `{}`", m.key))
            .label(format!("not a {level} element"))
            .help(format!("{level} elements are {}", known.join(", "))),
    };
    ctx.report(f.note("AWS rejects a policy with an element it does not know"));
}
