//! TL103 weak-external-id: an `sts:ExternalId` value that is short, guessable
//! or a placeholder copied from documentation.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::policy::{OperatorBase, Text};
use crate::policy::wildcard::has_wildcard;
use crate::rules::Ctx;

/// Shorter than this is guessable; AWS's own examples use UUIDs (36 characters).
const MIN_LEN: usize = 16;
/// Below this estimated entropy (Shannon entropy per character times length) a
/// value is too regular to be a secret. 16 random alphanumerics measure ~58 bits.
const MIN_BITS: f64 = 48.0;

#[derive(Deserialize)]
struct Placeholders {
    #[serde(rename = "external-id")]
    external_id: Patterns,
}

#[derive(Deserialize)]
struct Patterns {
    exact: Vec<String>,
    contains: Vec<String>,
}

fn placeholders() -> &'static Patterns {
    static P: OnceLock<Placeholders> = OnceLock::new();
    &P.get_or_init(|| {
        serde_json::from_str(data_json!("placeholders")).expect("data/placeholders.toml is checked by tests")
    })
    .external_id
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        // A service principal (Firehose) passes your own account ID as the
        // external ID: a documented guard, not a shared secret.
        if !stmt.is_allow() || stmt.aws_principals().next().is_none() {
            continue;
        }
        for (block, entry) in cond.entries_for("sts:externalid") {
            // Only values that are compared with the caller's ID (not `Null`'s "false").
            let compared = block.operator.is_some_and(|o| {
                matches!(
                    o.base,
                    OperatorBase::StringEquals | OperatorBase::StringEqualsIgnoreCase | OperatorBase::StringLike
                )
            });
            if !compared {
                continue;
            }
            for value in &entry.values {
                // A wildcard makes the ID optional: TL104's finding.
                if has_wildcard(value.value) {
                    continue;
                }
                if let Some((message, label)) = weakness(value.value) {
                    report(ctx, value, message, label);
                }
            }
        }
    }
}

fn report(ctx: &mut Ctx<'_, '_>, value: &Text<'_>, message: String, label: String) {
    let f = ctx
        .finding(value.span, message)
        .label(label)
        .note("the external ID is the secret that tells a vendor's customers apart; one that can be guessed, or that every copy of a tutorial shares, protects nothing")
        .help("use a random value the vendor issued for you, or generate one: a UUID such as \"5f0e3c8a-9b1d-4c7e-a2f4-8d6b1e9c3a70\" (`uuidgen`)");
    ctx.report(f);
}

/// What makes an external ID weak: (message, label), or `None` if it looks random.
pub fn weakness(v: &str) -> Option<(String, String)> {
    let lower = v.to_lowercase();
    let p = placeholders();
    if p.exact.iter().any(|e| e.to_lowercase() == lower) || p.contains.iter().any(|c| lower.contains(&c.to_lowercase())) {
        return Some((
            format!("the external ID \"{v}\" is a placeholder"),
            "copied from an example, not a secret".to_string(),
        ));
    }
    if let Some(bad) = v.chars().find(|c| !(c.is_alphanumeric() || c == &'_' || "+=,.@:/-".contains(*c))) {
        return Some((
            format!("the external ID \"{v}\" contains `{bad}`, which no caller can send"),
            "external IDs are made of letters, digits and +=,.@:/-_".to_string(),
        ));
    }
    let len = v.chars().count();
    if len < MIN_LEN {
        return Some((
            format!("the external ID \"{v}\" is only {len} characters long"),
            format!("shorter than {MIN_LEN} characters: guessable"),
        ));
    }
    if let Some(unit) = period(v) {
        return Some((
            format!("the external ID \"{v}\" repeats \"{unit}\""),
            "a repeated pattern is guessable".to_string(),
        ));
    }
    let bits = entropy_bits(v);
    if bits < MIN_BITS {
        return Some((
            format!("the external ID \"{v}\" has low entropy (about {bits:.0} bits)"),
            format!("about {bits:.0} bits; a UUID has about 122"),
        ));
    }
    None
}

/// The shortest unit the value repeats, if it is a repetition.
fn period(v: &str) -> Option<&str> {
    let chars: Vec<(usize, char)> = v.char_indices().collect();
    let n = chars.len();
    (1..=n / 2).filter(|p| n.is_multiple_of(*p)).find_map(|p| {
        let repeats = (p..n).all(|i| chars[i].1 == chars[i - p].1);
        repeats.then(|| &v[..chars[p].0])
    })
}

/// Shannon entropy of the characters times the length, in bits.
pub fn entropy_bits(v: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut n = 0usize;
    for c in v.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        n += 1;
    }
    let n_f = n as f64;
    let per_char: f64 = counts
        .values()
        .map(|&c| {
            let p = c as f64 / n_f;
            -p * p.log2()
        })
        .sum();
    per_char * n_f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_external_ids() {
        assert!(weakness("5f0e3c8a-9b1d-4c7e-a2f4-8d6b1e9c3a70").is_none());
        assert!(weakness("q7Lm2Xv9Rt4Kp8Zw").is_none());
        assert!(weakness("unique-external-id").is_some());
        assert!(weakness("MyUniqueExternalId-12345").is_some());
        assert!(weakness("EXAMPLE-external-id-0123").is_some());
        assert!(weakness("abc123").is_some());
        assert!(weakness("aaaaaaaaaaaaaaaaaaaa").is_some());
        assert!(weakness("1234567812345678").is_some());
        assert!(weakness("has space in it 123456").is_some());
        let (msg, _) = weakness("aabbaabbaabbccdd").expect("weak");
        assert!(msg.contains("bits"), "{msg}");
    }
}
