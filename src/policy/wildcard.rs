//! IAM wildcard matching: `*` any run of characters, `?` any one character.

/// Does `pattern` match `text`? Iterative with one backtrack point, so it is
/// linear in practice and never recurses; allocation-free, since it runs for
/// every action of every statement. `ignore_case` (ASCII) for actions.
#[inline]
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    // Most comparisons (does `s3:GetObject` cover `iam:PassRole`?) fail on
    // the first byte: decide those here, inlined, before the loop.
    if let (Some(&p), Some(&t)) = (pattern.as_bytes().first(), text.as_bytes().first())
        && p != b'*'
        && p != b'?'
        && if ignore_case {
            !p.eq_ignore_ascii_case(&t)
        } else {
            p != t
        }
    {
        return false;
    }
    matches_from_start(pattern, text, ignore_case)
}

fn matches_from_start(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    if !p.contains(&b'?') {
        return matches_stars(p, t, ignore_case);
    }
    backtracking(p, t, ignore_case)
}

/// [`matches_from_start`] of a pattern with no `?`: its text before the first
/// `*` starts `t`, its text after the last one ends it, and each run between
/// two stars is found in order, each at its first place (which leaves the
/// most room for the rest). `sagemaker:*Model*` against each of a service's
/// hundreds of names made the backtracking loop a few percent of a lint.
fn matches_stars(p: &[u8], t: &[u8], ignore_case: bool) -> bool {
    let same = |a: &[u8], b: &[u8]| if ignore_case { a.eq_ignore_ascii_case(b) } else { a == b };
    let mut runs = p.split(|&c| c == b'*');
    let head = runs.next().unwrap_or_default();
    let Some(tail) = runs.next_back() else {
        return same(p, t); // no `*` at all
    };
    if t.len() < head.len() || !same(&t[..head.len()], head) {
        return false;
    }
    let mut at = head.len();
    for run in runs.filter(|r| !r.is_empty()) {
        // A run cannot start inside a UTF-8 character: its first byte is not
        // a continuation byte, and those are all a character's inner bytes.
        match t[at..].windows(run.len()).position(|w| same(w, run)) {
            Some(i) => at += i + run.len(),
            None => return false,
        }
    }
    t.len() - at >= tail.len() && same(&t[t.len() - tail.len()..], tail)
}

/// [`matches_from_start`] in general: one backtrack point, the last `*`.
fn backtracking(p: &[u8], t: &[u8], ignore_case: bool) -> bool {
    // Byte length of the UTF-8 character starting at `b`: `?` is one character.
    let width = |b: u8| match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    };
    let eq = |a: u8, b: u8| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'?' {
            pi += 1;
            ti += width(t[ti]);
        } else if pi < p.len() && p[pi] != b'*' && eq(p[pi], t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            // A final `*` takes whatever is left (`s3:Get*`, the common case).
            if pi + 1 == p.len() {
                return true;
            }
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            let next = st + width(t[st]);
            pi = sp + 1;
            ti = next;
            star = Some((sp, next));
        } else {
            return false;
        }
    }
    p[pi.min(p.len())..].iter().all(|&c| c == b'*')
}

pub fn has_wildcard(s: &str) -> bool {
    // Bytes, not chars (`*` and `?` are ASCII), eight at a time (see
    // `swar`): this runs for every action of every statement.
    use crate::swar::{bytes_equal, word};
    let mut words = s.as_bytes().chunks_exact(8);
    let found = words.by_ref().any(|w| {
        let x = word(w);
        bytes_equal(x, b'*') | bytes_equal(x, b'?') != 0
    });
    found || words.remainder().iter().any(|&b| b == b'*' || b == b'?')
}

/// A value made of wildcards only (`*`, `**`, `?*`): matches anything non-empty.
pub fn is_wildcard_only(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c == '*' || c == '?') && s.contains('*')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each wildcard byte at every position of strings of every length up
    /// to 40, and every other byte value nowhere flagged.
    #[test]
    fn has_wildcard_finds_each_position() {
        for len in 0..40 {
            let plain = "a".repeat(len);
            assert!(!has_wildcard(&plain), "{plain}");
            for at in 0..len {
                for w in ['*', '?'] {
                    let mut s = plain.clone().into_bytes();
                    s[at] = w as u8;
                    let s = String::from_utf8(s).expect("ascii");
                    assert!(has_wildcard(&s), "{s}");
                }
            }
        }
        let others: String = (0u8..=127)
            .filter(|&b| b != b'*' && b != b'?')
            .map(char::from)
            .collect();
        assert!(!has_wildcard(&others));
        assert!(!has_wildcard("é€😀 s3:GetObject ∗ ？"));
    }

    #[test]
    fn wildcards() {
        assert!(matches("sts:Assume*", "sts:AssumeRoleWithSAML", true));
        assert!(matches("STS:assumerole", "sts:AssumeRole", true));
        assert!(!matches("STS:assumerole", "sts:AssumeRole", false));
        assert!(matches("s3:Get?bject", "s3:GetObject", false));
        assert!(matches("*", "", false));
        assert!(matches("repo:*:*", "repo:acme/x:ref:refs/heads/main", false));
        assert!(!matches("repo:acme/*", "repo:evil/x", false));
        assert!(matches("a*b*c", "aXXbYYc", false));
        assert!(!matches("a*b*c", "aXXbYY", false));
        assert!(is_wildcard_only("*") && !is_wildcard_only("repo:*"));
        assert!(matches("caf?", "café", false) && matches("*é*", "xéy", false));
        assert!(!matches("a?", "a", false));
        assert!(matches("a*", "a", false) && matches("a*", "abc", false) && !matches("ab*", "a", false));
        assert!(matches("a*c*", "abcd", false) && !matches("a*c*", "abd", false));
        // The first-byte shortcut: case, wildcards and empty strings.
        assert!(
            !matches("iam:*", "s3:GetObject", true) && matches("S*", "s3:x", true) && !matches("S*", "s3:x", false)
        );
        assert!(
            matches("?3:*", "s3:x", false)
                && matches("*", "x", false)
                && !matches("a", "", false)
                && matches("", "", false)
        );
    }

    /// The star-only path agrees with the backtracking loop on every
    /// pattern of up to five symbols over `a`, `B`, `*`, `é` and every text
    /// of up to five over `a`, `b`, `é`, in both case modes.
    #[test]
    fn star_patterns_match_as_the_general_loop_does() {
        fn all(symbols: &[&str], up_to: usize) -> Vec<String> {
            let mut out = vec![String::new()];
            let mut last = vec![String::new()];
            for _ in 0..up_to {
                last = last
                    .iter()
                    .flat_map(|s| symbols.iter().map(move |c| format!("{s}{c}")))
                    .collect();
                out.extend(last.iter().cloned());
            }
            out
        }
        let texts = all(&["a", "b", "é"], 5);
        let mut compared = 0;
        for p in all(&["a", "B", "*", "é"], 5) {
            for t in &texts {
                for ignore_case in [false, true] {
                    let (pb, tb) = (p.as_bytes(), t.as_bytes());
                    assert_eq!(
                        matches_stars(pb, tb, ignore_case),
                        backtracking(pb, tb, ignore_case),
                        "{p:?} {t:?} {ignore_case}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 300_000, "{compared}");
    }
}
