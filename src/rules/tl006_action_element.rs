//! TL006 action-element: neither or both of `Action`/`NotAction`, or an empty list.

use crate::policy::El;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let action = stmt.element(El::Action);
        let not_action = stmt.element(El::NotAction);
        match (action, not_action) {
            (None, None) => {
                let f = ctx
                    .finding(stmt.anchor(), format!("{} has neither `Action` nor `NotAction`", stmt.describe()))
                    .label("this statement names no action")
                    .note("AWS rejects a statement without an Action or NotAction element")
                    .help("add \"Action\": [\"service:ActionName\"] naming what the statement allows or denies");
                ctx.report(f);
            }
            (Some(a), Some(n)) => {
                let f = ctx
                    .finding(n.key_span, format!("{} has both `Action` and `NotAction`", stmt.describe()))
                    .label("`NotAction` here")
                    .secondary(a.key_span, "`Action` here")
                    .note("AWS rejects a statement with both; it cannot tell which list applies")
                    .help("keep one of them; prefer `Action`, which lists exactly what is allowed");
                ctx.report(f);
            }
            (Some(m), None) | (None, Some(m)) => {
                if m.value.as_array().is_some_and(|a| a.is_empty()) {
                    let f = ctx
                        .finding(m.value.span, format!("`{}` is an empty list", m.key))
                        .label("no action in this list")
                        .note("AWS rejects an empty action list")
                        .help("name at least one action, or delete the statement");
                    ctx.report(f);
                }
            }
        }
    }
}
