//! TL016 empty-condition: a Condition (or an operator, or a key's values) that
//! is empty and so says nothing.

use crate::json::Kind;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        let (span, what) = if cond.member.value.as_object().is_some_and(<[_]>::is_empty) {
            (cond.member.value.span, "`Condition` is empty".to_string())
        } else if let Some(b) = cond.blocks.iter().find(|b| b.member.value.as_object().is_some_and(<[_]>::is_empty)) {
            (b.member.value.span, format!("`{}` has no condition keys", b.operator_text.value))
        } else if let Some(e) = cond
            .blocks
            .iter()
            .flat_map(|b| &b.entries)
            .find(|e| matches!(&e.member.value.kind, Kind::Array(a) if a.is_empty()))
        {
            (e.member.value.span, format!("`{}` has no values", e.key.value))
        } else {
            continue;
        };
        let f = ctx
            .finding(span, what)
            .label("says nothing")
            .note("an empty condition restricts nothing; it is often a restriction someone meant to add and forgot")
            .help("write the condition that was meant (a source account, an external ID, MFA, a time window), or delete it");
        ctx.report(f);
    }
}
