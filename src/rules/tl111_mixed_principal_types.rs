//! TL111 mixed-principal-types: one Allow statement trusts a service or
//! identity provider and an AWS principal under one set of conditions.

use crate::policy::{PrincipalElement, PrincipalType, PrincipalValue};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let (true, Some(cond)) = (stmt.is_allow(), &stmt.condition) else { continue };
        if cond.blocks.is_empty() {
            continue;
        }
        let Some(PrincipalElement {
            negated: false,
            value: PrincipalValue::Map(entries),
            ..
        }) = &stmt.principal
        else {
            continue;
        };
        let aws = entries.iter().find(|e| e.kind == PrincipalType::Aws);
        let other = entries
            .iter()
            .find(|e| matches!(e.kind, PrincipalType::Service | PrincipalType::Federated));
        let (Some(aws), Some(other)) = (aws, other) else { continue };
        let f = ctx
            .finding(
                other.kind_key.span,
                format!(
                    "`{}` and `{}` principals share one condition set",
                    other.kind_key.value, aws.kind_key.value
                ),
            )
            .label(format!("`{}` principal", other.kind_key.value))
            .secondary(aws.kind_key.span, format!("`{}` principal in the same statement", aws.kind_key.value))
            .secondary(cond.span(), "these conditions apply to both")
            .note("a condition written for one kind of caller is usually absent or meaningless for the other: it either locks one out or is skipped for it")
            .help("split the statement: one per principal type, each with its own conditions");
        ctx.report(f);
    }
}
