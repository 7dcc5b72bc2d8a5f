//! IAM wildcard matching: `*` any run of characters, `?` any one character.

/// Does `pattern` match `text`? Iterative with one backtrack point, so it is
/// linear in practice and never recurses. `ignore_case` for actions.
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let eq = |a: char, b: char| {
        if ignore_case {
            a.eq_ignore_ascii_case(&b) || a.to_lowercase().eq(b.to_lowercase())
        } else {
            a == b
        }
    };
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && eq(p[pi], t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

pub fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// A value made of wildcards only (`*`, `**`, `?*`): matches anything non-empty.
pub fn is_wildcard_only(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c == '*' || c == '?') && s.contains('*')
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
