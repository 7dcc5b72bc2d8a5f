//! Pattern matching used by the catalogue: IAM action wildcards, templated
//! condition-key names and ARN patterns. No allocation on the hot paths except
//! in [`arn_could_match`], which is bounded by the two lengths and runs only
//! for patterns too long for [`ArnPattern`]'s bit masks.

use std::cmp::Ordering;

pub(crate) use super::hash::no_case_hash;

/// ASCII case-insensitive ordering, the order the generator sorts names in
/// (it sorts by Python's `str.lower()`; every catalogue name is ASCII).
pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Binary searches end on names that share a long prefix, usually
    // written alike (`DescribeInstances`, `DescribeInstanceStatus`): skip
    // byte-identical words 8 bytes at a time, then compare byte by byte.
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n && a[i..i + 8] == b[i..i + 8] {
        i += 8;
    }
    for (x, y) in a[i..].iter().zip(&b[i..]) {
        match x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    a.len().cmp(&b.len())
}

/// Names looked up ignoring ASCII case by their [`no_case_hash`], in a hash
/// table: one probe, usually, where a binary search took a dozen steps and a
/// search on the names compares strings letter by letter, lower-casing each.
#[derive(Debug, Default)]
pub(crate) struct NoCaseIndex {
    /// A [`super::hash::open_table`] of the names' positions.
    slots: Vec<(u32, u32)>,
}

impl NoCaseIndex {
    pub(crate) fn new<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> NoCaseIndex {
        NoCaseIndex {
            slots: super::hash::open_table(names.enumerate().map(|(i, n)| (no_case_hash(n), i as u32))),
        }
    }

    /// The position of the name equal to `name` ignoring ASCII case;
    /// `name_at` gives the name at a position (hashes can collide). The
    /// first listed wins when two names are equal ignoring case.
    pub(crate) fn find<'a>(&self, name: &str, name_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        let slot = |i: usize| self.slots.get(i).copied();
        super::hash::probe(self.slots.len(), no_case_hash(name), slot, |pos| {
            name_at(pos as usize).eq_ignore_ascii_case(name)
        })
        .map(|pos| pos as usize)
    }
}

/// One element of a case-insensitive glob.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok {
    /// This character, compared ASCII case-insensitively.
    Lit(char),
    /// Exactly one character.
    One,
    /// Any run of characters, possibly empty.
    Star,
}

/// Classic greedy glob match with single backtrack point; linear in practice.
/// Catalogue names and condition keys are ASCII, so that case reads the bytes
/// in place; anything else is decoded once.
fn glob_tokens(toks: &[Tok], text: &str) -> bool {
    if text.is_ascii() {
        let b = text.as_bytes();
        glob_impl(toks, b.len(), |i| char::from(b[i]))
    } else {
        let chars: Vec<char> = text.chars().collect();
        glob_impl(toks, chars.len(), |i| chars[i])
    }
}

fn glob_impl(toks: &[Tok], len: usize, at: impl Fn(usize) -> char) -> bool {
    let (mut t, mut p) = (0usize, 0usize);
    let mut back: Option<(usize, usize)> = None; // (pattern index after *, text index)
    while t < len {
        match toks.get(p) {
            Some(Tok::Star) => {
                back = Some((p + 1, t));
                p += 1;
            }
            Some(Tok::One) => {
                p += 1;
                t += 1;
            }
            Some(Tok::Lit(c)) if c.eq_ignore_ascii_case(&at(t)) => {
                p += 1;
                t += 1;
            }
            _ => match back {
                Some((bp, bt)) => {
                    p = bp;
                    t = bt + 1;
                    back = Some((bp, bt + 1));
                }
                None => return false,
            },
        }
    }
    toks[p.min(toks.len())..].iter().all(|x| *x == Tok::Star)
}

/// IAM action wildcard match: `*` is any run of characters (possibly empty),
/// `?` exactly one; everything else compares ASCII case-insensitively.
/// Allocation-free: it runs for every catalogue action a pattern may name.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    crate::policy::wildcard::matches(pattern, text, true)
}

/// Whether `name` contains a template placeholder (`${TagKey}` or `<key>`).
#[cfg(test)] // build.rs works the shapes out; the tests hold it to this
pub(crate) fn is_template(name: &str) -> bool {
    placeholder_start(name).is_some()
}

/// Where the first placeholder (`${` or `<`) of `name` starts. A byte scan:
/// names are short, and this runs for every key looked up.
fn placeholder_start(name: &str) -> Option<usize> {
    let b = name.as_bytes();
    (0..b.len()).find(|&i| b[i] == b'<' || (b[i] == b'$' && b.get(i + 1) == Some(&b'{')))
}

/// Whether the condition-key name `key` is an instance of `template`, e.g.
/// `aws:RequestTag/team` of `aws:RequestTag/${TagKey}` or
/// `s3:ExistingObjectTag/env` of `s3:ExistingObjectTag/<key>`. Literal parts
/// compare ASCII case-insensitively; each placeholder (`${...}` or `<...>`)
/// stands for a non-empty run of any characters. A key written exactly as the
/// template also matches.
pub fn key_template_match(template: &str, key: &str) -> bool {
    if template.eq_ignore_ascii_case(key) {
        return true;
    }
    // A plain name (most keys) matches only itself.
    let Some(head) = placeholder_start(template) else {
        return false;
    };
    // The text before the first placeholder must start the key: this rules
    // out nearly every other key without tokenising the template.
    if !key
        .as_bytes()
        .get(..head)
        .is_some_and(|k| k.eq_ignore_ascii_case(&template.as_bytes()[..head]))
    {
        return false;
    }
    let mut toks = Vec::with_capacity(template.len());
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        let close = match c {
            '$' if rest.starts_with("${") => rest.find('}'),
            '<' => rest.find('>'),
            _ => None,
        };
        match close {
            Some(end) => {
                toks.push(Tok::One);
                toks.push(Tok::Star);
                rest = &rest[end + 1..];
            }
            None => {
                toks.push(Tok::Lit(c));
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    glob_tokens(&toks, key)
}

/// Characters a placeholder of an ARN pattern may not contain.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(crate) struct Excl {
    pub colon: bool,
    pub slash: bool,
}

impl Excl {
    fn allows(self, c: char) -> bool {
        !(self.colon && c == ':' || self.slash && c == '/')
    }
}

/// One element of a compiled ARN pattern.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PTok {
    Lit(char),
    /// Exactly one character the exclusion allows.
    One(Excl),
    /// Any run (possibly empty) of characters the exclusion allows.
    Star(Excl),
}

/// Compile an ARN pattern such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
/// Each `${...}` becomes one-or-more characters; a placeholder that is not the
/// last element may not contain `:`; `final_excl` restricts the last one (see
/// `ResourceType::matches_arn`). A literal `*` in the pattern (a few AWS
/// patterns end in `/*`) is any run.
pub(crate) fn compile_arn_pattern(pattern: &str, final_excl: Excl) -> Vec<PTok> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("${")
            && let Some(end) = rest.find('}')
        {
            rest = &rest[end + 1..];
            let excl = if rest.is_empty() {
                final_excl
            } else {
                Excl {
                    colon: true,
                    slash: false,
                }
            };
            out.push(PTok::One(excl));
            out.push(PTok::Star(excl));
            continue;
        }
        out.push(if c == '*' {
            PTok::Star(Excl::default())
        } else {
            PTok::Lit(c)
        });
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// One element of an ARN as written in a policy.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum UTok {
    Lit(char),
    One,
    Star,
}

/// Tokenise a policy's ARN: `*` and `?` are IAM wildcards, a policy variable
/// `${...}` may stand for anything (so it is a `*`), and the escapes `${*}`,
/// `${?}` and `${$}` are the literal characters.
fn tokenize_user_arn(arn: &str) -> UserArn<'_> {
    UserArn { rest: arn }
}

/// The tokens of [`tokenize_user_arn`], one at a time.
struct UserArn<'a> {
    rest: &'a str,
}

impl Iterator for UserArn<'_> {
    type Item = UTok;

    fn next(&mut self) -> Option<UTok> {
        let rest = self.rest;
        let c = rest.chars().next()?;
        if c == '$'
            && rest.as_bytes().get(1) == Some(&b'{')
            && let Some(end) = rest.find('}')
        {
            self.rest = &rest[end + 1..];
            return Some(match &rest[2..end] {
                "*" => UTok::Lit('*'),
                "?" => UTok::Lit('?'),
                "$" => UTok::Lit('$'),
                _ => UTok::Star,
            });
        }
        self.rest = &rest[c.len_utf8()..];
        Some(match c {
            '*' => UTok::Star,
            '?' => UTok::One,
            c => UTok::Lit(c),
        })
    }
}

/// A compiled ARN pattern, with its tokens as bit masks when it has fewer
/// than 128 of them (all of AWS's): [`ArnPattern::could_match`] then runs
/// [`arn_could_match`]'s search on every pattern position at once, a few
/// operations per character of the ARN instead of a walk over the grid of
/// both. TL020 asks it of each resource type of the actions it judges.
pub(crate) struct ArnPattern {
    toks: Vec<PTok>,
    bits: Option<Box<PatternBits>>,
}

struct PatternBits {
    /// Bit `j` of `ascii[c]`: token `j` can produce the ASCII character `c`.
    ascii: [u128; 128],
    /// Bit `j`: token `j` is a `Star`.
    star: u128,
    /// Bits `0..m`: every token.
    tokens: u128,
    /// Bit `m`: past the last token, the accepting state.
    end: u128,
}

impl ArnPattern {
    pub(crate) fn new(toks: Vec<PTok>) -> ArnPattern {
        let bits = (toks.len() < 128).then(|| {
            // Placeholders produce any character but the ones they exclude;
            // a literal only itself.
            let (mut class, mut no_colon, mut no_slash, mut star) = (0u128, 0u128, 0u128, 0u128);
            for (j, &t) in toks.iter().enumerate() {
                if let PTok::One(e) | PTok::Star(e) = t {
                    class |= 1 << j;
                    no_colon |= u128::from(e.colon) << j;
                    no_slash |= u128::from(e.slash) << j;
                    star |= u128::from(matches!(t, PTok::Star(_))) << j;
                }
            }
            let mut b = Box::new(PatternBits {
                ascii: [class; 128],
                star,
                tokens: (1 << toks.len()) - 1,
                end: 1 << toks.len(),
            });
            b.ascii[usize::from(b':')] &= !no_colon;
            b.ascii[usize::from(b'/')] &= !no_slash;
            for (j, &t) in toks.iter().enumerate() {
                if let PTok::Lit(c) = t
                    && let Some(mask) = b.ascii.get_mut(c as usize)
                {
                    *mask |= 1 << j;
                }
            }
            b
        });
        ArnPattern { toks, bits }
    }

    /// [`arn_could_match`] of `arn` and this pattern.
    pub(crate) fn could_match(&self, arn: &str) -> bool {
        let Some(b) = &self.bits else {
            return arn_could_match(arn, &self.toks);
        };
        // A `Star` may match nothing: its position reaches the next one.
        let skip_stars = |mut s: u128| loop {
            let next = s | (s & b.star) << 1;
            if next == s {
                return s;
            }
            s = next;
        };
        // Each position `j` in `s` that produces the character moves to
        // `j + 1`, or stays when it is a `Star`.
        let step = |s: u128| (s & !b.star) << 1 | (s & b.star);
        let mut s = skip_stars(1);
        for u in tokenize_user_arn(arn) {
            s = match u {
                UTok::Lit(c) => {
                    let accepts = match b.ascii.get(c as usize) {
                        Some(&mask) => mask,
                        None => self
                            .toks
                            .iter()
                            .enumerate()
                            .filter(|(_, t)| produces(**t, c))
                            .fold(0, |m, (j, _)| m | 1 << j),
                    };
                    step(s & accepts)
                }
                // Every token can produce some character.
                UTok::One => step(s & b.tokens),
                // Any run: every position from the first one reached on.
                UTok::Star if s != 0 => !((s & s.wrapping_neg()) - 1) & (b.tokens | b.end),
                UTok::Star => 0,
            };
            s = skip_stars(s);
            if s == 0 {
                return false;
            }
        }
        s & b.end != 0
    }
}

impl std::fmt::Debug for ArnPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The masks are the tokens again, 2 KB of them.
        f.debug_struct("ArnPattern")
            .field("toks", &self.toks)
            .finish_non_exhaustive()
    }
}

/// Can the pattern token `t` produce the character `c`?
fn produces(t: PTok, c: char) -> bool {
    match t {
        PTok::Lit(b) => b == c,
        PTok::One(e) | PTok::Star(e) => e.allows(c),
    }
}

/// Whether some concrete ARN is matched both by the policy ARN `arn` (with its
/// wildcards and variables) and by the compiled resource pattern `pat`.
/// Literal characters compare case-sensitively, as IAM compares ARNs.
/// Breadth-first search over the product of the two automata: O(|arn|·|pat|).
pub(crate) fn arn_could_match(arn: &str, pat: &[PTok]) -> bool {
    let user: Vec<UTok> = tokenize_user_arn(arn).collect();
    let (n, m) = (user.len(), pat.len());
    let width = m + 1;
    let mut seen = vec![false; (n + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    seen[0] = true;
    while let Some((i, j)) = stack.pop() {
        if i == n && j == m {
            return true;
        }
        let mut push = |i: usize, j: usize| {
            let k = i * width + j;
            if !seen[k] {
                seen[k] = true;
                stack.push((i, j));
            }
        };
        // Epsilon moves: either star may match nothing more.
        if i < n && user[i] == UTok::Star {
            push(i + 1, j);
        }
        if j < m && matches!(pat[j], PTok::Star(_)) {
            push(i, j + 1);
        }
        // Moves that produce one character on both sides.
        let (Some(&u), Some(&p)) = (user.get(i), pat.get(j)) else {
            continue;
        };
        let ok = match (u, p) {
            (UTok::Lit(a), PTok::Lit(b)) => a == b,
            (UTok::Lit(a), PTok::One(e) | PTok::Star(e)) => e.allows(a),
            // A wildcard can produce any character, and every class is non-empty.
            (UTok::One | UTok::Star, _) => true,
        };
        if !ok {
            continue;
        }
        let ni = if u == UTok::Star { i } else { i + 1 };
        let nj = if matches!(p, PTok::Star(_)) { j } else { j + 1 };
        if (ni, nj) != (i, j) {
            push(ni, nj);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::hash::lower8;
    use super::*;

    /// Every byte value: capitals gain 0x20, nothing else changes.
    #[test]
    fn lower8_lower_cases_ascii_capitals_only() {
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b, b'A', 0x80 | b, b'z', b'Z', b'@', b'[', b]);
            let expected: Vec<u8> = x.to_le_bytes().iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(lower8(x).to_le_bytes().to_vec(), expected, "{b:#x}");
        }
    }

    #[test]
    fn no_case_hash_ignores_ascii_case_only() {
        for (a, b) in [
            ("s3:GetObject", "S3:GETOBJECT"),
            ("", ""),
            ("iam:PassRole", "iam:passrole"),
            ("é", "é"),
        ] {
            assert_eq!(no_case_hash(a), no_case_hash(b), "{a} {b}");
        }
        for (a, b) in [
            ("s3:GetObject", "s3:GetObjects"),
            ("a", "a\u{0}"),
            ("É", "é"),
            ("ec2:Run", "ec2:Ruo"),
        ] {
            assert_ne!(no_case_hash(a), no_case_hash(b), "{a} {b}");
        }
    }

    /// The word-at-a-time skip orders exactly as a plain lower-cased comparison.
    #[test]
    fn cmp_ignore_case_orders_as_lower_cased_bytes() {
        let words = [
            "",
            "a",
            "A",
            "DescribeInstances",
            "describeinstances",
            "DescribeInstanceStatus",
            "DescribeInstancesX",
            "Describe",
            "DESCRIBEINSTANCES",
            "GetObject",
            "GetObjectAcl",
            "getobjectacl",
            "ec2-instance-connect",
            "ec2",
            "EC2",
            "abcdefgh",
            "abcdefghi",
            "abcdefgH",
            "abcdefgz",
            "ABCDEFGHIJKLMNOPQ",
            "abcdefghijklmnopq_",
            "abcdefgh[",
        ];
        for a in words {
            for b in words {
                let lower = |s: &str| s.to_ascii_lowercase().into_bytes();
                assert_eq!(cmp_ignore_case(a, b), lower(a).cmp(&lower(b)), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("Get*", "GetObject"));
        assert!(wildcard_match("get*", "GetObject"));
        assert!(wildcard_match("*Object", "GetObject"));
        assert!(wildcard_match("G?tObject", "GetObject"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("*a*b*", "xxaxxbxx"));
        assert!(!wildcard_match("Get?", "Get"));
        assert!(!wildcard_match("Put*", "GetObject"));
        assert!(!wildcard_match("GetObject", "GetObjectAcl"));
    }

    #[test]
    fn templates() {
        assert!(key_template_match("aws:RequestTag/${TagKey}", "aws:requesttag/team"));
        assert!(key_template_match(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/${TagKey}"
        ));
        assert!(!key_template_match("aws:RequestTag/${TagKey}", "aws:RequestTag/"));
        assert!(key_template_match(
            "s3:ExistingObjectTag/<key>",
            "s3:ExistingObjectTag/env"
        ));
        assert!(key_template_match(
            "codebuild:secondaryArtifacts/${artifactIdentifier}.location",
            "codebuild:secondaryArtifacts/a1.location"
        ));
        assert!(!key_template_match("s3:prefix", "s3:prefix/x"));
    }

    #[test]
    fn arn_intersection() {
        let obj = compile_arn_pattern("arn:${Partition}:s3:::${BucketName}/${ObjectName}", Excl::default());
        let bucket = compile_arn_pattern(
            "arn:${Partition}:s3:::${BucketName}",
            Excl {
                colon: false,
                slash: true,
            },
        );
        assert!(arn_could_match("arn:aws:s3:::b/k/x", &obj));
        assert!(arn_could_match("arn:aws:s3:::b/*", &obj));
        assert!(arn_could_match("arn:aws:s3:::*", &obj));
        assert!(arn_could_match("*", &obj));
        assert!(!arn_could_match("arn:aws:s3:::b", &obj));
        assert!(!arn_could_match("arn:aws:s3:::b/", &obj));
        assert!(arn_could_match("arn:aws:s3:::b", &bucket));
        assert!(arn_could_match("arn:aws:s3:::*", &bucket));
        assert!(arn_could_match("arn:aws:s3:::b?", &bucket));
        assert!(!arn_could_match("arn:aws:s3:::b/*", &bucket));
        assert!(arn_could_match("arn:aws:s3:::${aws:username}", &bucket));
        assert!(arn_could_match("arn:${aws:partition}:s3:::b/k", &obj));
        assert!(!arn_could_match("arn:aws:ec2:::b/k", &obj));
    }
}
