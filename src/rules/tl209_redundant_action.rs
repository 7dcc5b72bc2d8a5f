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
        // Wildcard patterns by service prefix: `s3:Get*` can only cover `s3:`
        // actions, so each action is compared with its own service's patterns
        // (ReadOnlyAccess lists a thousand patterns of hundreds of services).
        let mut by_service: std::collections::HashMap<String, Vec<&crate::policy::Text<'_>>> = std::collections::HashMap::new();
        let mut any_service: Vec<&crate::policy::Text<'_>> = Vec::new();
        for b in items.iter().filter(|b| wildcard::has_wildcard(b.value)) {
            match b.value.split_once(':') {
                Some((svc, _)) if !wildcard::has_wildcard(svc) => {
                    by_service.entry(svc.to_ascii_lowercase()).or_default().push(b)
                }
                _ => any_service.push(b),
            }
        }
        for (i, a) in items.iter().enumerate() {
            // A value listed many times is one finding, at its second place.
            let (j, count) = first.get(&a.value.to_ascii_lowercase()).copied().unwrap_or((i, 1));
            let twin = (j != i).then(|| &items[j]);
            if twin.is_some() && !reported.insert(j) {
                continue;
            }
            let cover = || {
                let svc = a.value.split_once(':').map(|(s, _)| s.to_ascii_lowercase()).unwrap_or_default();
                by_service
                    .get(&svc)
                    .into_iter()
                    .flatten()
                    .chain(any_service.iter())
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
