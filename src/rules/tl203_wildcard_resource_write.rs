//! TL203 wildcard-resource-write: Write or Permissions-management actions on
//! `Resource: "*"`, except actions that accept no resource type (they can only
//! be granted on `*`).

use crate::catalog::{AccessLevel, catalog};
use crate::diagnostic::Severity;
use crate::rules::Ctx;
use crate::rules::checks::tl202_wildcard_action::narrowed;

/// The bytes of `prefix:action`, without building the string.
fn written(&(service, action): &(&'static str, &'static str)) -> impl Iterator<Item = u8> {
    service.bytes().chain(std::iter::once(b':')).chain(action.bytes())
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let cat = catalog();
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() || stmt.full_admin().is_some() {
            continue;
        }
        let Some(star) = stmt.star_resource() else { continue };
        // Names as (prefix, action) pairs; only the three shown are formatted.
        let mut writes: Vec<(&'static str, &'static str)> = Vec::new();
        for a in stmt.actions() {
            for &(svc, act) in cat.expand(a.value).as_deref().unwrap_or_default() {
                let level = act.access_level;
                if matches!(level, AccessLevel::Write | AccessLevel::PermissionsManagement)
                    && act.has_resource_types()
                    && !act.retired
                {
                    writes.push((svc.prefix, act.name));
                }
            }
        }
        // In the order of the written names (`ec2-instance-connect:` before `ec2:`).
        writes.sort_by(|x, y| {
            if x.0 == y.0 {
                x.1.cmp(y.1)
            } else {
                written(x).cmp(written(y))
            }
        });
        writes.dedup();
        if writes.is_empty() {
            continue;
        }
        let shown: Vec<String> = writes.iter().take(3).map(|(s, a)| format!("{s}:{a}")).collect();
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
