//! TL020 action-resource-mismatch: no action of the statement applies to the
//! resource ARN's type (`s3:GetObject` on a bucket ARN).

use crate::catalog::Expansion;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let (Some(actions), Some(resources)) = (&stmt.action, &stmt.resource) else { continue };
        // Only ARNs are judged: a statement on `*` needs no expansion.
        if actions.negated || resources.negated || !resources.items.iter().any(|r| r.value.starts_with("arn:")) {
            continue;
        }
        // Every action must be known and scoped to resource types; otherwise
        // nothing can be said. The expansions are walked, not copied out:
        // `ec2:*` is hundreds of actions.
        let expansions = stmt.expansions();
        let judgeable = expansions
            .iter()
            .all(|found| found.as_ref().is_some_and(|f| !f.is_empty() && !f.any_retired()));
        let expanded = || expansions.iter().flatten().flat_map(Expansion::iter);
        // Asked of each pattern, not of each action it expands to (`s3:*`
        // is a hundred): the cached expansions know.
        if !judgeable || expansions.iter().flatten().any(Expansion::any_unscoped) {
            continue;
        }
        for r in resources.items.iter().filter(|r| r.value.starts_with("arn:")) {
            // Judge a resource only against actions of its own service: an
            // action acting on another service's resource (ssm:StartSession on
            // an EKS cluster) or a renamed service (codestar-connections,
            // codeconnections) is beyond what the reference describes.
            let service = crate::policy::Arn::parse(r.value).map_or("", |a| a.service);
            if expansions.is_empty() || !expansions.iter().flatten().all(|e| e.all_of_service(service)) {
                continue;
            }
            let fits = expanded().any(|(svc, act)| {
                act.resource_types()
                    .any(|rt| svc.resource_type(rt.name).is_some_and(|t| t.matches_arn(r.value)))
            });
            if fits {
                continue;
            }
            let Some((svc, act)) = expanded().next() else { continue };
            let types: Vec<&str> = act.resource_types().map(|t| t.name).collect();
            let f = ctx
                .finding(r.span, format!("no action of the statement applies to `{}`", r.value))
                .label("not a resource type these actions accept")
                .secondary(actions.member.value.span, format!("e.g. {}:{} acts on: {}", svc.prefix, act.name(), types.join(", ")))
                .note("IAM matches the Resource against the resource each action acts on; a resource of another type is never matched, so the grant does nothing for it")
                .help(match svc.resource_type(types[0]).and_then(|t| t.arn_patterns().next()) {
                    Some(p) => format!("write an ARN of the form {p}"),
                    None => "check the resource types of these actions in the Service Authorization Reference".to_string(),
                });
            ctx.report(f);
        }
    }
}
