//! TL204 not-action-allow: Allow with `NotAction` or `NotResource` grants
//! everything not listed.

use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() {
            continue;
        }
        for list in [&stmt.action, &stmt.resource].into_iter().flatten() {
            if !list.negated {
                continue;
            }
            let key = list.member.key.as_ref();
            let f = ctx
                .finding(list.key_span(), format!("`{key}` in an Allow grants everything it does not list"))
                .label(if key == "NotAction" {
                    "every action, of every service, but these"
                } else {
                    "every resource but these"
                })
                .note("the grant grows with every service and resource AWS or your account adds; reviewers read it as a restriction")
                .help(format!(
                    "write \"{}\" with what is granted; keep Not-elements for Deny statements",
                    key.trim_start_matches("Not")
                ));
            ctx.report(f);
        }
    }
}
