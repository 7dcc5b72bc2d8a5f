//! TL203 wildcard-resource-write: Write or Permissions-management actions on
//! `Resource: "*"`, except actions that accept no resource type (they can only
//! be granted on `*`).

use crate::catalog::Action;
use crate::diagnostic::Severity;
use crate::rules::Ctx;
use crate::rules::checks::tl202_wildcard_action::narrowed;

/// The order of the written names `prefix:action`, without building them:
/// the prefixes' bytes, then `:` against the longer prefix's next byte
/// (`ec2-instance-connect:` before `ec2:`), then the names.
fn cmp_written(x: &(&str, &str), y: &(&str, &str)) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    if x.0 == y.0 {
        return x.1.cmp(y.1);
    }
    let (a, b) = (x.0.as_bytes(), y.0.as_bytes());
    let n = a.len().min(b.len());
    match a[..n].cmp(&b[..n]) {
        Ordering::Equal if a.len() < b.len() => b':'.cmp(&b[n]),
        Ordering::Equal => a[n].cmp(&b':'),
        o => o,
    }
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() || stmt.full_admin().is_some() {
            continue;
        }
        let Some(star) = stmt.star_resource() else { continue };
        // Each action once, by its address in the catalogue: `*` is ten
        // thousand write actions, and only three are shown.
        let mut writes: Vec<(&'static str, &'static Action)> = Vec::new();
        // An `Action` list: `actions()` is empty for a `NotAction` one.
        let expansions = if stmt.actions().is_empty() { &[] } else { stmt.expansions() };
        // Expansions without a write (`ec2:Describe*`) are not walked.
        for found in expansions.iter().flatten().filter(|e| e.any_write()) {
            for (svc, act) in found.iter() {
                if act.access_level.is_write()
                    && act.has_resource_types()
                    && !act.retired
                {
                    writes.push((svc.prefix, act));
                }
            }
        }
        writes.sort_unstable_by_key(|&(_, act)| std::ptr::from_ref(act) as usize);
        writes.dedup_by_key(|&mut (_, act)| std::ptr::from_ref(act) as usize);
        if writes.is_empty() {
            continue;
        }
        // The first three in the order of the written names
        // (`ec2-instance-connect:` before `ec2:`).
        let mut first: Vec<(&str, &str)> = Vec::with_capacity(4);
        for &(svc, act) in &writes {
            let name = (svc, act.name());
            let at = first.partition_point(|x| cmp_written(x, &name).is_lt());
            if at < 3 {
                first.insert(at, name);
                first.truncate(3);
            }
        }
        let shown: Vec<String> = first.iter().map(|(s, a)| format!("{s}:{a}")).collect();
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

#[cfg(test)]
mod tests {
    /// The order is that of the strings `prefix:action`.
    #[test]
    fn cmp_written_orders_as_the_written_names() {
        let pairs = [
            ("ec2", "RunInstances"),
            ("ec2-instance-connect", "SendSSHPublicKey"),
            ("ec2", "CreateTags"),
            ("ec", "X"),
            ("ec2messages", "Get"),
            ("s3", "PutObject"),
            ("s3", "putObject"),
            ("s3-object-lambda", "A"),
            ("a", "b"),
        ];
        for x in &pairs {
            for y in &pairs {
                let w = |p: &(&str, &str)| format!("{}:{}", p.0, p.1);
                assert_eq!(super::cmp_written(x, y), w(x).cmp(&w(y)), "{x:?} {y:?}");
            }
        }
    }
}
