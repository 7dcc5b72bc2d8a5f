//! TL022 set-operator: `ForAllValues:`/`ForAnyValue:` on a single-valued key,
//! a multi-valued key without one, or `ForAllValues:` in an Allow without a
//! `Null` guard (an empty set passes it).

use crate::catalog::catalog;
use crate::policy::{OperatorBase, SetQualifier};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let cat = catalog();
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        for block in &cond.blocks {
            let Some(op) = block.operator else { continue };
            if op.base == OperatorBase::Null {
                continue;
            }
            for entry in &block.entries {
                let key = entry.key.value;
                // OIDC audiences are single-valued per token.
                let oidc_aud = key.split_once(':').is_some_and(|(p, k)| p.contains('.') && k == "aud");
                let known = cat.condition_key(key);
                let multi = known.map(|k| k.multi_valued);
                let f = match (op.qualifier, multi) {
                    (Some(q), Some(false)) | (Some(q), None) if oidc_aud || multi == Some(false) => {
                        let q = if q == SetQualifier::ForAllValues { "ForAllValues:" } else { "ForAnyValue:" };
                        ctx.finding(block.operator_text.span, format!("`{q}` on the single-valued key `{key}`"))
                            .label("a set operator on a single value")
                            .secondary(entry.key.span, "single-valued")
                            .note("set operators are for keys that carry several values; on a single value ForAllValues also passes when the key is absent")
                            .help(format!("write \"{}\"", block.operator_text.value.split_once(':').map_or(block.operator_text.value, |(_, b)| b)))
                    }
                    (None, Some(true)) => ctx
                        .finding(block.operator_text.span, format!("the multi-valued key `{key}` needs `ForAnyValue:` or `ForAllValues:`"))
                        .label("compares a set as if it were one value")
                        .secondary(entry.key.span, "multi-valued")
                        .note("without a set operator, IAM's comparison of a multi-valued key is not what it reads like")
                        .help(format!("write \"ForAllValues:{0}\" (every value must match) or \"ForAnyValue:{0}\" (one must)", block.operator_text.value)),
                    (Some(SetQualifier::ForAllValues), _) if stmt.is_allow() && !null_guard(cond, key) => ctx
                        .finding(block.operator_text.span, format!("`ForAllValues:` in an Allow passes when `{key}` is absent"))
                        .label("an empty set satisfies ForAllValues")
                        .secondary(entry.key.span, "no Null guard for this key")
                        .note("a request without the key has an empty set of values, and every value of an empty set matches: the Allow applies to it")
                        .help(format!("add \"Null\": {{\"{key}\": \"false\"}} to require the key")),
                    _ => continue,
                };
                ctx.report(f);
            }
        }
    }
}

fn null_guard(cond: &crate::policy::Condition<'_>, key: &str) -> bool {
    cond.entries_for(key).any(|(b, e)| {
        b.operator.is_some_and(|o| o.base == OperatorBase::Null) && e.values.iter().all(|v| v.value.eq_ignore_ascii_case("false"))
    })
}
