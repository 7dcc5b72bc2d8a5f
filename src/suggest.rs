//! Did-you-mean: the nearest known word to a misspelt one.

/// Levenshtein distance, case-sensitive, over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`: an exact case-insensitive match first,
/// then the smallest edit distance within a third of the word's length.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let max = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'c str)> = None;
    for c in candidates {
        if c.to_lowercase() == lower {
            return Some(c);
        }
        let d = edit_distance(&lower, &c.to_lowercase());
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
    }
}
