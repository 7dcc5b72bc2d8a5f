//! TL007 resource-element: an identity or resource policy statement without
//! `Resource`/`NotResource`, a trust policy with one, both, or an empty list.

use crate::policy::{PolicyKind, El};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let kind = ctx.kind();
    for stmt in &ctx.policy.statements {
        let resource = stmt.element(El::Resource);
        let not_resource = stmt.element(El::NotResource);
        if kind == PolicyKind::Trust {
            for m in [resource, not_resource].into_iter().flatten() {
                let f = ctx
                    .finding(m.key_span, format!("a trust policy cannot have `{}`", m.key))
                    .label("not allowed in a role's trust policy")
                    .note("the resource of a trust policy is the role itself; AWS rejects a trust policy with a Resource element")
                    .help(format!("delete the `{}` element", m.key));
                ctx.report(f);
            }
            continue;
        }
        match (resource, not_resource) {
            (None, None) => {
                let what = if kind == PolicyKind::Identity { "an identity" } else { "a resource" };
                let f = ctx
                    .finding(stmt.anchor(), format!("{} has neither `Resource` nor `NotResource`", stmt.describe()))
                    .label("this statement names no resource")
                    .note(format!(
                        "AWS rejects a statement in {what} policy without a Resource or NotResource element"
                    ))
                    .help("add \"Resource\" with the exact ARNs the actions apply to (\"*\" only for actions that take no resource)");
                ctx.report(f);
            }
            (Some(r), Some(n)) => {
                let f = ctx
                    .finding(n.key_span, format!("{} has both `Resource` and `NotResource`", stmt.describe()))
                    .label("`NotResource` here")
                    .secondary(r.key_span, "`Resource` here")
                    .note("AWS rejects a statement with both")
                    .help("keep one of them; prefer `Resource`");
                ctx.report(f);
            }
            (Some(m), None) | (None, Some(m)) => {
                if m.value.as_array().is_some_and(|a| a.is_empty()) {
                    let f = ctx
                        .finding(m.value.span, format!("`{}` is an empty list", m.key))
                        .label("no resource in this list")
                        .note("AWS rejects an empty resource list")
                        .help("name at least one resource ARN");
                    ctx.report(f);
                }
            }
        }
    }
}
