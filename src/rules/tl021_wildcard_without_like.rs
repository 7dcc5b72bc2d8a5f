//! TL021 wildcard-without-like: `*` or `?` in a value under an operator that
//! compares literally, where it matches only itself.

use crate::policy::wildcard::has_wildcard;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        for block in &cond.blocks {
            let Some(op) = block.operator else { continue };
            if !op.base.is_literal_string() {
                continue;
            }
            for entry in &block.entries {
                for v in entry.values.iter().filter(|v| wildcard_outside_escapes(v.value)) {
                    let f = ctx
                        .finding(v.span, format!("`{}` compares literally: the wildcard in \"{}\" matches only itself", block.operator_text.value, v.value))
                        .label("the wildcard is an ordinary character here")
                        .secondary(block.operator_text.span, "a literal comparison")
                        .note("Equals operators do not expand wildcards, so the condition matches almost nothing (in a Deny, almost everything passes)")
                        .help("write \"StringLike\" to match the pattern");
                    ctx.report(f);
                }
            }
        }
    }
}

/// A `*` or `?` that is not one of the escapes `${*}` and `${?}` (how
/// policies write a literal star). Most values have neither, and are told
/// without building the value with the escapes removed.
fn wildcard_outside_escapes(value: &str) -> bool {
    if !value.contains("${") {
        return has_wildcard(value);
    }
    has_wildcard(&value.replace("${*}", "").replace("${?}", ""))
}

#[cfg(test)]
mod tests {
    use super::wildcard_outside_escapes as w;

    #[test]
    fn escapes_are_not_wildcards() {
        assert!(w("a*") && w("?") && w("${*}x*") && w("${aws:username}*"));
        assert!(!w("abc") && !w("${*}") && !w("a${?}b${*}") && !w("${aws:username}") && !w(""));
    }
}
