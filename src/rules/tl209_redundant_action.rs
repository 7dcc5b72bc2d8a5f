//! TL209 redundant-action: an action listed twice, or covered by a wildcard
//! of the same statement.

use foldhash::HashMap;

use crate::policy::wildcard;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(list) = stmt.action.as_ref().filter(|_| stmt.is_allow()) else { continue };
        let items = &list.items;
        // Statements of AWS managed policies list a thousand actions: index them.
        // value (lower-case) → (first index, how many times listed)
        let lower: Vec<String> = items.iter().map(|a| a.value.to_ascii_lowercase()).collect();
        let mut first: HashMap<&str, (usize, usize)> = HashMap::with_capacity_and_hasher(items.len(), Default::default());
        for (i, l) in lower.iter().enumerate() {
            first.entry(l).or_insert((i, 0)).1 += 1;
        }
        let mut reported: foldhash::HashSet<usize> = foldhash::HashSet::default();
        // Wildcard patterns by service prefix: `s3:Get*` can only cover `s3:`
        // actions, so each action is compared with its own service's patterns
        // (ReadOnlyAccess lists a thousand patterns of hundreds of services).
        let mut by_service: HashMap<&str, Vec<&crate::policy::Text<'_>>> = HashMap::default();
        let mut any_service: Vec<&crate::policy::Text<'_>> = Vec::new();
        for (b, l) in items.iter().zip(&lower).filter(|(b, _)| wildcard::has_wildcard(b.value)) {
            match l.split_once(':') {
                Some((svc, _)) if !wildcard::has_wildcard(svc) => by_service.entry(svc).or_default().push(b),
                _ => any_service.push(b),
            }
        }
        for (i, a) in items.iter().enumerate() {
            // A value listed many times is one finding, at its second place.
            let (j, count) = first.get(lower[i].as_str()).copied().unwrap_or((i, 1));
            let twin = (j != i).then(|| &items[j]);
            if twin.is_some() && !reported.insert(j) {
                continue;
            }
            let cover = || {
                let svc = lower[i].split_once(':').map_or("", |(s, _)| s);
                by_service
                    .get(svc)
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
