//! TL209 redundant-action: an action listed twice, or covered by a wildcard
//! of the same statement.

use std::borrow::Cow;

use foldhash::HashMap;

use crate::catalog::cmp_ignore_case;
use crate::policy::{ItemKey, Text, ascii_lower, literal_service, split_colon, wildcard};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(list) = stmt.action.as_ref().filter(|_| stmt.is_allow()) else { continue };
        let items = &list.items;
        if items.len() < 2 {
            continue;
        }
        // Statements of AWS managed policies list a thousand actions. Equal
        // values (ignoring ASCII case) are found by sorting their hashes,
        // without a lower-cased copy of each: per item, (first index, times
        // listed).
        let keys = stmt.item_keys();
        let first = twins(items, keys);
        let mut reported = vec![false; items.len()];
        // Wildcard patterns by service prefix: `s3:Get*` can only cover `s3:`
        // actions, so each action is compared with its own service's patterns
        // (ReadOnlyAccess lists a thousand patterns of hundreds of services).
        let mut by_service: HashMap<Cow<'_, str>, Vec<&Text<'_>>> = HashMap::default();
        let mut any_service: Vec<&Text<'_>> = Vec::new();
        for (b, _) in items.iter().zip(keys).filter(|(_, k)| k.wildcard) {
            match literal_service(b.value) {
                Some(svc) => by_service.entry(ascii_lower(svc)).or_default().push(b),
                None => any_service.push(b),
            }
        }
        let wildcards = !by_service.is_empty() || !any_service.is_empty();
        // Comparisons left for the covering search: a statement of many
        // patterns with wildcards in their service (`*:a1`, `*:a2`, ...)
        // would compare each entry with all of them (quadratic); past this,
        // only duplicates are reported.
        let mut budget: usize = COVER_BUDGET;
        for (i, a) in items.iter().enumerate() {
            // A value listed many times is one finding, at its second place.
            let (j, count) = first[i];
            let twin = (j != i).then(|| &items[j]);
            if twin.is_some() {
                if reported[j] {
                    continue;
                }
                reported[j] = true;
            }
            let cover = || {
                let svc = split_colon(a.value).map_or("", |(s, _)| s);
                let own = by_service.get(ascii_lower(svc).as_ref());
                let candidates = own.map_or(0, Vec::len) + any_service.len();
                budget = budget.checked_sub(candidates)?;
                own.into_iter()
                    .flatten()
                    .chain(any_service.iter())
                    .find(|b| !b.value.eq_ignore_ascii_case(a.value) && wildcard::matches(b.value, a.value, true))
                    .copied()
            };
            let (by, message) = match twin {
                Some(b) if count == 2 => (b, format!("`{}` is listed twice", a.value)),
                Some(b) => (b, format!("`{}` is listed {count} times", a.value)),
                None => match wildcards.then(cover).flatten() {
                    Some(b) => (b, format!("`{}` is already covered by `{}`", a.value, b.value)),
                    None => continue,
                },
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

/// Wildcard comparisons one statement may spend looking for covering
/// patterns: a few tenths of a second, far more than any real policy needs.
const COVER_BUDGET: usize = 1 << 22;

/// For each item, the first item equal to it (ASCII case-insensitively) and
/// how many there are; `keys` are the items' (see `Statement::item_keys`).
fn twins(items: &[Text<'_>], keys: &[ItemKey]) -> Vec<(usize, usize)> {
    let hashes: Vec<u64> = keys.iter().map(|k| k.hash).collect();
    // Most lists repeat nothing: distinct hashes, sorted alone (no index
    // beside them, no comparator to call), settle it.
    let mut sorted = hashes.clone();
    sorted.sort_unstable();
    if sorted.windows(2).all(|w| w[0] != w[1]) {
        return (0..items.len()).map(|i| (i, 1)).collect();
    }
    let mut order: Vec<(u64, usize)> = hashes.into_iter().enumerate().map(|(i, h)| (h, i)).collect();
    // Equal values sort together and in document order; a hash collision only
    // puts unequal values side by side, which the comparison below tells apart.
    order.sort_unstable_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| cmp_ignore_case(items[x.1].value, items[y.1].value))
            .then(x.1.cmp(&y.1))
    });
    let mut out = vec![(0, 0); items.len()];
    for group in order.chunk_by(|x, y| x.0 == y.0 && items[x.1].value.eq_ignore_ascii_case(items[y.1].value)) {
        let first = group[0].1;
        for &(_, i) in group {
            out[i] = (first, group.len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::catalog::no_case_hash;
    use crate::json::Span;
    use crate::policy::{ItemKey, Text};

    #[test]
    fn twins_group_equal_values_ignoring_case() {
        let values = ["s3:GetObject", "ec2:Run", "S3:getobject", "iam:X", "s3:GETOBJECT", "ec2:run"];
        let items: Vec<Text<'_>> = values.iter().map(|v| Text { value: v, span: Span::new(0, 0) }).collect();
        let keys = |items: &[Text<'_>]| -> Vec<ItemKey> {
            items.iter().map(|t| ItemKey { hash: no_case_hash(t.value), wildcard: false }).collect()
        };
        assert_eq!(super::twins(&items, &keys(&items)), [(0, 3), (1, 2), (0, 3), (3, 1), (0, 3), (1, 2)]);
        let distinct: Vec<Text<'_>> = items.iter().filter(|t| t.value != "S3:getobject" && t.value != "s3:GETOBJECT" && t.value != "ec2:run").copied().collect();
        assert_eq!(super::twins(&distinct, &keys(&distinct)), [(0, 1), (1, 1), (2, 1)]);
    }
}
