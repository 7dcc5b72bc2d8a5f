//! TL209 redundant-action: an action listed twice, or covered by a wildcard
//! of the same statement.

use crate::policy::wildcard;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(list) = stmt.action.as_ref().filter(|_| stmt.is_allow()) else { continue };
        let items = &list.items;
        // Statements of AWS managed policies list a thousand actions: index them.
        let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let patterns: Vec<&crate::policy::Text<'_>> = items.iter().filter(|b| wildcard::has_wildcard(b.value)).collect();
        for (i, a) in items.iter().enumerate() {
            let lower = a.value.to_ascii_lowercase();
            let twin = match first.get(&lower) {
                Some(&j) => Some(&items[j]),
                None => {
                    first.insert(lower, i);
                    None
                }
            };
            let cover = || {
                patterns
                    .iter()
                    .find(|b| !b.value.eq_ignore_ascii_case(a.value) && wildcard::matches(b.value, a.value, true))
                    .copied()
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
