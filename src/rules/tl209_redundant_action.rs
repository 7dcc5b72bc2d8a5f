//! TL209 redundant-action: an action listed twice, or covered by a wildcard
//! of the same statement.

use crate::policy::wildcard;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(list) = stmt.action.as_ref().filter(|_| stmt.is_allow()) else { continue };
        let items = &list.items;
        for (i, a) in items.iter().enumerate() {
            let twin = items[..i].iter().find(|b| b.value.eq_ignore_ascii_case(a.value));
            let cover = || {
                items
                    .iter()
                    .enumerate()
                    .find(|(j, b)| *j != i && wildcard::has_wildcard(b.value) && !b.value.eq_ignore_ascii_case(a.value) && wildcard::matches(b.value, a.value, true))
                    .map(|(_, b)| b)
            };
            let (by, message) = match (twin, cover()) {
                (Some(b), _) => (b, format!("`{}` is listed twice", a.value)),
                (None, Some(b)) => (b, format!("`{}` is already covered by `{}`", a.value, b.value)),
                (None, None) => continue,
            };
            let f = ctx
                .finding(a.span, message)
                .label("redundant")
                .secondary(by.span, "covered here")
                .note("redundant entries make a policy longer to review and closer to its size quota, and hide what is really granted")
                .help("remove it");
            ctx.report(f);
        }
    }
}
