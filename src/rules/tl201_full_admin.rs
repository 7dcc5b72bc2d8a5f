//! TL201 full-admin: Allow `*` on `*` with no condition — AdministratorAccess.

use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if let Some(action) = full_admin(stmt) {
            let resource = stmt.resource.as_ref().map_or(action, |r| r.member.value.span);
            let f = ctx
                .finding(action, "this statement grants every action on every resource")
                .label("every action")
                .secondary(resource, "on every resource")
                .note("whoever holds this policy is an administrator of the account: a leaked key or a confused workload can do anything, including erase the audit trail")
                .help("grant the actions and resources the job needs (IAM Access Analyzer can generate them from CloudTrail); keep AdministratorAccess for a break-glass role with MFA");
            ctx.report(f);
        }
    }
}

/// The `*` action token of an unconditional Allow of everything on everything.
pub fn full_admin(stmt: &crate::policy::Statement<'_>) -> Option<crate::json::Span> {
    let unconditional = stmt.condition.as_ref().is_none_or(|c| c.blocks.is_empty());
    let everything = |v: &str| v == "*" || v == "*:*";
    let resources = stmt.resource.as_ref().filter(|r| !r.negated)?;
    if !stmt.is_allow() || !unconditional || !resources.items.iter().any(|r| r.value == "*") {
        return None;
    }
    stmt.actions().iter().find(|a| everything(a.value)).map(|a| a.span)
}
