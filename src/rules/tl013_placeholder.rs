//! TL013 placeholder: a value left as it was in the documentation or template
//! it was copied from.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::policy::ip::Cidr;
use crate::policy::{Arn, PrincipalValue, Text};
use crate::rules::Ctx;

#[derive(Deserialize)]
struct File {
    policy: Patterns,
}

#[derive(Deserialize)]
struct Patterns {
    accounts: Vec<String>,
    words: Vec<String>,
    names: Vec<String>,
    cidrs: Vec<String>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<File> = OnceLock::new();
    &P.get_or_init(|| {
        serde_json::from_str(data_json!("placeholders")).expect("data/placeholders.toml is checked by tests")
    })
    .policy
}

fn words() -> &'static AhoCorasick {
    static W: OnceLock<AhoCorasick> = OnceLock::new();
    // A contiguous NFA: the default (a DFA for a set this small) took a
    // tenth of a one-file run's start-up to build, and it only ever reads
    // the short values of policies the trigger search let through.
    W.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&patterns().words)
            .expect("data/placeholders.toml is checked by tests")
    })
}

/// Every text a placeholder contains, in lower case, or `None` when the data
/// file has a pattern no fixed text can stand for. A pass of this over a
/// policy's lower-cased source rules out most policies at once, instead of
/// [`placeholder`] on each of their values. The one- and two-byte markers
/// (`<`, `{{`, and `\u`, since a JSON escape can spell any of the others) are
/// searched on their own: in this set they would slow the SIMD search down to
/// a check at every byte.
fn triggers() -> Option<&'static Triggers> {
    static T: OnceLock<Option<Triggers>> = OnceLock::new();
    T.get_or_init(|| {
        let p = patterns();
        let mut texts: Vec<String> = p.accounts.iter().chain(&p.words).chain(&p.names).map(|t| t.to_ascii_lowercase()).collect();
        for c in &p.cidrs {
            // An IPv4 address in a block of prefix length n starts with its
            // first n/8 octets (Rust's parser takes no other spelling).
            let (addr, len) = c.split_once('/')?;
            let octets = usize::from(len.parse::<u8>().ok()?) / 8;
            let addr: std::net::Ipv4Addr = addr.parse().ok()?;
            if octets == 0 {
                return None;
            }
            let head: Vec<String> = addr.octets()[..octets.min(4)].iter().map(u8::to_string).collect();
            let dot = if octets < 4 { "." } else { "" };
            texts.push(format!("{}{dot}", head.join(".")));
        }
        // Teddy (SIMD) where the CPU has it: `AhoCorasick` would pick a
        // byte-at-a-time scan for a set this size.
        match aho_corasick::packed::Config::new().builder().extend(&texts).build() {
            Some(s) => Some(Triggers::Packed(s)),
            None => AhoCorasick::new(&texts).ok().map(Triggers::Automaton),
        }
    })
    .as_ref()
}

enum Triggers {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Triggers {
    fn is_match(&self, haystack: &[u8]) -> bool {
        match self {
            Triggers::Packed(s) => s.find(haystack).is_some(),
            Triggers::Automaton(a) => a.is_match(haystack),
        }
    }
}

/// Whether `source` may hold a placeholder; `false` is certain.
fn may_hold_placeholder(source: &str) -> bool {
    thread_local! {
        static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Some(t) = triggers() else { return true };
    let b = source.as_bytes();
    // `<` and `\u` in one pass: a backslash is rare in a policy, so its
    // hits are few to look past.
    memchr::memchr2_iter(b'<', b'\\', b).any(|i| b[i] == b'<' || b.get(i + 1) == Some(&b'u'))
        || memchr::memmem::find(b, b"{{").is_some()
        || LOWER.with_borrow_mut(|lower| {
            lower.clear();
            lower.extend(b.iter().map(u8::to_ascii_lowercase));
            t.is_match(&lower[..])
        })
}

/// Why `v` looks like a placeholder, if it does.
pub fn placeholder(v: &str) -> Option<String> {
    let p = patterns();
    let account = Arn::parse(v).map_or(v, |a| a.account);
    if p.accounts.iter().any(|a| a == account) {
        return Some(format!("{account} is an example account ID from the documentation"));
    }
    // All words in one pass; the first in the data file's order wins.
    let words = words();
    if words.is_match(v)
        && let Some(w) = words.find_overlapping_iter(v).map(|m| m.pattern().as_usize()).min()
    {
        return Some(format!("`{}` is a template word", p.words[w]));
    }
    // One byte scan for the slot markers: this runs for every value of
    // every statement (string searches cost more on such short values).
    // The same pass finds the example name (a whole value or an ARN part
    // between `:`, `/` and `*`, ASCII case-insensitively): the first in the
    // data file's order wins.
    let b = v.as_bytes();
    let (mut lt, mut gt, mut open, mut close) = (None, None, false, false);
    let mut name: Option<usize> = None;
    let mut part = 0;
    let mut named = |from: usize, to: usize| {
        let piece = &b[from..to];
        if let Some(n) = p.names.iter().position(|n| piece.eq_ignore_ascii_case(n.as_bytes())) {
            name = Some(name.map_or(n, |m| m.min(n)));
        }
    };
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'<' if lt.is_none() => lt = Some(i),
            b'>' => gt = Some(i),
            b'{' if b.get(i + 1) == Some(&b'{') => open = true,
            b'}' if b.get(i + 1) == Some(&b'}') => close = true,
            b':' | b'/' | b'*' => {
                named(part, i);
                part = i + 1;
            }
            _ => {}
        }
    }
    named(part, b.len());
    if part > 0 {
        named(0, b.len());
    }
    if let (Some(a), Some(z)) = (lt, gt)
        && a < z
    {
        return Some(format!("`{}` is a template slot", &v[a..=z]));
    }
    if open && close {
        return Some("`{{…}}` is a template slot".into());
    }
    if let Some(n) = name {
        return Some(format!("`{}` is the name from the example", p.names[n]));
    }
    if v.len() <= 64
        && v.bytes().all(|b| b.is_ascii_hexdigit() || matches!(b, b'.' | b':' | b'/'))
        && let Some(c) = Cidr::parse(v)
        && let Some(doc) = p.cidrs.iter().find(|d| Cidr::parse(d).is_some_and(|d| c.within(d)))
    {
        return Some(format!("{v} is in {doc}, a range reserved for documentation"));
    }
    None
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let root = ctx.policy.root.span;
    let source = ctx.file.text.get(root.start as usize..root.end as usize).unwrap_or(&ctx.file.text);
    if !may_hold_placeholder(source) {
        return;
    }
    let mut values: Vec<Text<'_>> = Vec::new();
    for stmt in &ctx.policy.statements {
        values.extend(stmt.action.iter().flat_map(|a| a.items.iter().copied()));
        values.extend(stmt.resource.iter().flat_map(|r| r.items.iter().copied()));
        if let Some(p) = &stmt.principal
            && let PrincipalValue::Map(entries) = &p.value
        {
            values.extend(entries.iter().flat_map(|e| e.values.iter().copied()));
        }
        if let Some(c) = &stmt.condition {
            values.extend(c.blocks.iter().flat_map(|b| b.entries.iter()).flat_map(|e| e.values.iter().copied()));
        }
    }
    for v in values {
        let Some(why) = placeholder(v.value) else { continue };
        let f = ctx
            .finding(v.span, format!("\"{}\" looks like a placeholder: {why}", v.value))
            .label("left as in the example")
            .note("a placeholder deploys as written: it grants to, or guards, something that is not yours — or nothing")
            .help("replace it with the real value");
        ctx.report(f);
    }
}

#[cfg(test)]
mod tests {
    use super::{may_hold_placeholder, placeholder};

    /// The source-level test may only rule out what `placeholder` would not
    /// find: every placeholder, however the JSON spells it, passes it.
    #[test]
    fn source_test_never_hides_a_placeholder() {
        let values = [
            "arn:aws:iam::123456789012:root",
            "111111111111",
            "arn:aws:s3:::Example-Bucket/*",
            "arn:aws:s3:::MY-BUCKET-NAME",
            "ACCOUNT_ID",
            "arn:aws:iam::YOUR-ACCOUNT:role/x",
            "<role-name>",
            "{{resolve:ssm:x}}",
            "192.0.2.17",
            "198.51.100.0/25",
            "203.0.113.9/32",
        ];
        for v in values {
            assert!(placeholder(v).is_some(), "{v} is a placeholder");
            let plain = format!("{{\"Resource\": {}}}", serde_json::to_string(v).unwrap());
            assert!(may_hold_placeholder(&plain), "{plain}");
            // Every character escaped, as a JSON writer may.
            let escaped: String = v.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
            assert!(may_hold_placeholder(&format!("{{\"Resource\": \"{escaped}\"}}")), "{escaped}");
        }
        for v in ["arn:aws:iam::210987654321:root", "s3:GetObject", "192.0.3.1", "arn:aws:s3:::real-bucket/*"] {
            assert!(placeholder(v).is_none(), "{v}");
            assert!(!may_hold_placeholder(&format!("{{\"Resource\": \"{v}\"}}")), "{v}");
        }
    }
}
