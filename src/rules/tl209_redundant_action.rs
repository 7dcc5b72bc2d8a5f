//! TL209 redundant-action: an action listed twice, or covered by a wildcard
//! of the same statement.

use crate::policy::wildcard;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(list) = stmt.action.as_ref().filter(|_| stmt.is_allow()) else { continue };
        let items = &list.items;
        // Statements of AWS managed policies list a thousand actions: index them.
        // value (lower-case) → (first index, how many times listed)
        let mut first: std::collections::HashMap<String, (usize, usize)> = std::collections::HashMap::new();
        for (i, a) in items.iter().enumerate() {
            first.entry(a.value.to_ascii_lowercase()).or_insert((i, 0)).1 += 1;
        }
        let mut reported: std::collections::HashSet<usize> = std::collections::HashSet::new();
        let patterns: Vec<&crate::policy::Text<'_>> = items.iter().filter(|b| wildcard::has_wildcard(b.value)).collect();
        for (i, a) in items.iter().enumerate() {
            // A value listed many times is one finding, at its second place.
            let (j, count) = first.get(&a.value.to_ascii_lowercase()).copied().unwrap_or((i, 1));
            let twin = (j != i).then(|| &items[j]);
            if twin.is_some() && !reported.insert(j) {
                continue;
            }
            let cover = || {
                patterns
                    .iter()
                    .find(|b| !b.value.eq_ignore_ascii_case(a.value) && wildcard::matches(b.value, a.value, true))
                    .copied()
            };
            let (by, message) = match (twin, cover()) {
                (Some(b), _) if count == 2 => (b, format!("`{}` is listed twice", a.value)),
                (Some(b), _) => (b, format!("`{}` is listed {count} times", a.value)),
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
