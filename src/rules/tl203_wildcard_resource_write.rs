//! TL203 wildcard-resource-write: Write or Permissions-management actions on
//! `Resource: "*"`, except actions that accept no resource type (they can only
//! be granted on `*`).

use crate::catalog::{AccessLevel, catalog};
use crate::diagnostic::Severity;
use crate::rules::Ctx;
use crate::rules::checks::tl202_wildcard_action::narrowed;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let cat = catalog();
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() || stmt.full_admin().is_some() {
            continue;
        }
        let Some(star) = stmt.star_resource() else { continue };
        let mut writes: Vec<String> = Vec::new();
        for a in stmt.actions() {
            for &(svc, act) in cat.expand(a.value).iter() {
                let level = act.access_level;
                if matches!(level, AccessLevel::Write | AccessLevel::PermissionsManagement)
                    && !act.resource_types.is_empty()
                    && !act.retired
                {
                    writes.push(format!("{}:{}", svc.prefix, act.name));
                }
            }
        }
        writes.sort();
        writes.dedup();
        if writes.is_empty() {
            continue;
        }
        let shown: Vec<&str> = writes.iter().take(3).map(String::as_str).collect();
        let more = if writes.len() > 3 { format!(" and {} more", writes.len() - 3) } else { String::new() };
        let mut f = ctx
            .finding(star.span, format!("{} write action(s) on every resource: {}{more}", writes.len(), shown.join(", ")))
            .label("\"*\": every resource of every account this reaches")
            .note("actions that change or delete resources, or their permissions, should name the resources they may change")
            .help("list the ARNs the job writes to (actions that accept no resource type may stay on \"*\" in a statement of their own)");
        if narrowed(stmt) {
            f = f.severity(Severity::Info);
        }
        ctx.report(f);
    }
}
