//! TL112 trust-action: a trust policy allows something other than the
//! `sts:` role-assumption actions.

use crate::diagnostic::Severity;
use crate::policy::{TRUST_ACTIONS, is_trust_action, wildcard};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() {
            continue;
        }
        let Some(list) = &stmt.action else { continue };
        if list.negated {
            let f = ctx
                .finding(list.key_span(), "`NotAction` in a trust policy allows every action not listed")
                .label("everything except the listed actions")
                .note("a trust policy should name exactly the role-assumption actions it allows")
                .help("write \"Action\": \"sts:AssumeRole\" (or the WithSAML / WithWebIdentity variant), plus sts:TagSession if sessions are tagged");
            ctx.report(f);
            continue;
        }
        for a in &list.items {
            if is_trust_action(a.value) {
                continue;
            }
            let is_all = a.value == "*" || a.value.eq_ignore_ascii_case("sts:*");
            let only_trust = wildcard::has_wildcard(a.value)
                && a.value.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sts:"))
                && !is_all
                && TRUST_ACTIONS.iter().any(|t| wildcard::matches(a.value, t, true));
            if only_trust {
                continue;
            }
            let f = if is_all {
                ctx.finding(a.span, format!("`{}` in a trust policy allows every STS action", a.value))
                    .label("broader than role assumption")
                    .severity(Severity::Warning)
                    .help("name the actions: \"sts:AssumeRole\" (or WithSAML / WithWebIdentity), plus \"sts:TagSession\" if sessions are tagged")
            } else {
                ctx.finding(a.span, format!("`{}` is not a role-assumption action", a.value))
                    .label("does not belong in a trust policy")
                    .help(format!("remove it; a trust policy allows only {}", TRUST_ACTIONS.join(", ")))
            };
            ctx.report(f.note("a trust policy decides who may assume the role; what the role may do belongs in its permission policies"));
        }
    }
}
