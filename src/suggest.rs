//! Did-you-mean: the nearest known word to a misspelt one.

/// Levenshtein distance, case-sensitive, over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        distance(a.as_bytes(), b.as_bytes(), |x, y| x == y, usize::MAX)
    } else {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        distance(&a, &b, |x, y| x == y, usize::MAX)
    }
    .unwrap_or(usize::MAX)
}

/// The edit distance of two strings compared ASCII-case-insensitively when
/// it is at most `max`, else `None`, giving up as soon as a whole row of the
/// table exceeds `max` (most candidates of a search differ within a few
/// characters).
pub fn edit_distance_at_most(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.is_ascii() && b.is_ascii() {
        distance(a.as_bytes(), b.as_bytes(), u8::eq_ignore_ascii_case, max)
    } else {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        distance(&a, &b, char::eq_ignore_ascii_case, max)
    }
}

/// The Levenshtein distance of `a` and `b` under `eq`, or `None` once it
/// must exceed `max`. Only the diagonal band `|i - j| <= max` of the table
/// is computed (a cell outside it is more than `max` already), and values
/// are capped at `max + 1`: a did-you-mean over the catalogue compares a
/// word with thousands of names at `max <= 3`, and the band is 7 cells
/// wide where a whole row is 20 or more.
fn distance<T>(a: &[T], b: &[T], eq: impl Fn(&T, &T) -> bool, max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let over = max.saturating_add(1);
    // One row on the stack for the usual short words.
    let mut stack = [0usize; 64];
    let mut heap = Vec::new();
    let row: &mut [usize] = if b.len() < stack.len() {
        &mut stack[..=b.len()]
    } else {
        heap.resize(b.len() + 1, 0);
        &mut heap
    };
    for (j, x) in row.iter_mut().enumerate() {
        *x = j.min(over);
    }
    for (i, ca) in a.iter().enumerate() {
        let i = i + 1;
        // The band of row i: columns lo..=hi (1-based into b).
        let lo = i.saturating_sub(max).max(1);
        let hi = i.saturating_add(max).min(b.len());
        // `diag` is the cell up-left of j, `left` the one left of it; left
        // of the band the table is over `max`, or `i` in column 0.
        let mut diag = row[lo - 1];
        let mut left = if lo == 1 { i.min(over) } else { over };
        row[lo - 1] = left;
        let mut least = left;
        for j in lo..=hi {
            // Right of the previous row's band, `row[j]` still holds row
            // 0's value, which is over `max` there (j > max).
            let up = row[j];
            let cost = usize::from(!eq(ca, &b[j - 1]));
            let v = (diag + cost).min(up + 1).min(left + 1).min(over);
            diag = up;
            row[j] = v;
            left = v;
            least = least.min(v);
        }
        if least > max {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= max)
}

/// The candidate closest to `word`: an exact case-insensitive match first,
/// then the smallest edit distance within a third of the word's length.
pub fn did_you_mean<'c, I>(word: &str, candidates: I) -> Option<&'c str>
where
    I: IntoIterator<Item = &'c str>,
    I::IntoIter: Clone,
{
    let candidates = candidates.into_iter();
    // The common case, a correctly spelt word, costs no allocation.
    if word.is_ascii()
        && let Some(c) = candidates.clone().find(|c| c.eq_ignore_ascii_case(word))
    {
        return Some(c);
    }
    let lower = word.to_lowercase();
    let len = lower.chars().count();
    let max = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'c str)> = None;
    let mut buf = String::new();
    for c in candidates {
        buf.clear();
        buf.extend(c.chars().flat_map(char::to_lowercase));
        if buf == lower {
            return Some(c);
        }
        // The distance is at least the difference in length.
        if buf.chars().count().abs_diff(len) > max {
            continue;
        }
        let d = edit_distance(&lower, &buf);
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let keys = ["Effect", "Action", "Condition", "Resource"];
        assert_eq!(did_you_mean("effect", keys), Some("Effect"));
        assert_eq!(did_you_mean("Actions", keys), Some("Action"));
        assert_eq!(did_you_mean("Conditions", keys), Some("Condition"));
        assert_eq!(did_you_mean("Resorce", keys), Some("Resource"));
        assert_eq!(did_you_mean("Banana", keys), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance_at_most("kitten", "SITTING", 3), Some(3));
        assert_eq!(edit_distance_at_most("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_at_most("GetObject", "getobjects", 1), Some(1));
        assert_eq!(edit_distance_at_most("é", "e", 1), Some(1));
        assert_eq!(edit_distance_at_most("", "abc", 3), Some(3));
        assert_eq!(edit_distance_at_most("abc", "", 2), None);
    }

    /// The whole table, for checking the banded one.
    fn plain(a: &[u8], b: &[u8]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    proptest::proptest! {
        #[test]
        fn the_band_agrees_with_the_whole_table(a in "[abc]{0,12}", b in "[abc]{0,70}", max in 0usize..6) {
            let d = plain(a.as_bytes(), b.as_bytes());
            let want = (d <= max).then_some(d);
            proptest::prop_assert_eq!(distance(a.as_bytes(), b.as_bytes(), |x, y| x == y, max), want);
            proptest::prop_assert_eq!(distance(b.as_bytes(), a.as_bytes(), |x, y| x == y, max), want);
            proptest::prop_assert_eq!(edit_distance(&a, &b), d);
        }
    }
}
