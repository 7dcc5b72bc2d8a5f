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
/// must exceed `max`.
fn distance<T>(a: &[T], b: &[T], eq: impl Fn(&T, &T) -> bool, max: usize) -> Option<usize> {
    // One row on the stack for the usual short words; it runs for every
    // candidate of every did-you-mean.
    let mut stack = [0usize; 64];
    let mut heap = Vec::new();
    let row: &mut [usize] = if b.len() < stack.len() {
        &mut stack[..=b.len()]
    } else {
        heap.resize(b.len() + 1, 0);
        &mut heap
    };
    for (j, x) in row.iter_mut().enumerate() {
        *x = j;
    }
    for (i, ca) in a.iter().enumerate() {
        // `row` holds the previous line; `diag` the cell up-left of j.
        let mut diag = row[0];
        row[0] = i + 1;
        let mut least = row[0];
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            let cost = usize::from(!eq(ca, cb));
            row[j + 1] = (diag + cost).min(up + 1).min(row[j] + 1);
            least = least.min(row[j + 1]);
            diag = up;
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
    }
}
