//! TL118 roles-anywhere-actions: an IAM Roles Anywhere trust that lacks one of
//! the three actions the service calls.

use crate::policy::{PrincipalType, Statement, Text};
use crate::rules::Ctx;

const REQUIRED: [&str; 3] = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];

fn roles_anywhere<'s, 'a>(stmt: &'s Statement<'a>) -> Option<&'s Text<'a>> {
    stmt.principals(PrincipalType::Service)
        .find(|s| s.value.eq_ignore_ascii_case("rolesanywhere.amazonaws.com"))
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    // The actions may be split over several statements: what counts is the union.
    let trusting: Vec<&Statement<'_>> = ctx
        .policy
        .statements
        .iter()
        .filter(|s| s.is_allow() && roles_anywhere(s).is_some())
        .collect();
    let Some(first) = trusting.first() else { return };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|a| trusting.iter().all(|s| s.action_covering(a).is_none()))
        .collect();
    if missing.is_empty() {
        return;
    }
    let Some(service) = roles_anywhere(first) else { return };
    let mut f = ctx
        .finding(service.span, format!("IAM Roles Anywhere needs {} too", missing.join(" and ")))
        .label("Roles Anywhere calls sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession")
        .note("Roles Anywhere sets the source identity and session tags from the certificate; without all three actions CreateSession fails")
        .help(format!("write \"Action\": [\"{}\"]", REQUIRED.join("\", \"")));
    if let Some(a) = &first.action {
        f = f.secondary(a.member.value.span, "the actions allowed");
    }
    ctx.report(f);
}
