//! TL017 policy-size: over the AWS character quota for the policy's kind
//! (white space not counted).

use crate::json::Span;
use crate::policy::PolicyKind;
use crate::rules::Ctx;

/// IAM and STS quotas, in characters without white space.
pub const TRUST_QUOTA: usize = 2_048;
pub const TRUST_QUOTA_RAISED: usize = 4_096;
pub const MANAGED_QUOTA: usize = 6_144;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let root = ctx.policy.root.span;
    let text = ctx.snippet(root);
    let (quota, what, extra) = match ctx.kind() {
        PolicyKind::Trust => (TRUST_QUOTA, "a role trust policy", Some(TRUST_QUOTA_RAISED)),
        _ => (MANAGED_QUOTA, "a managed policy", None),
    };
    // Characters never outnumber bytes: most policies need no count.
    if text.len() <= quota {
        return;
    }
    let size = if text.is_ascii() {
        // The same count as below, bytewise: no decoding.
        text.len() - ascii_white_space(text.as_bytes())
    } else {
        text.chars().filter(|c| !c.is_whitespace()).count()
    };
    if size <= quota {
        return;
    }
    let extra = extra.map_or(String::new(), |raised| format!(" (AWS can raise it to {raised} on request)"));
    let brace = Span {
        start: root.start,
        end: root.start + 1,
    };
    let over = size - quota;
    let f = ctx
        .finding(
            brace,
            format!("the policy has {size} characters, {over} over the {quota} allowed for {what}{extra}"),
        )
        .label("white space not counted")
        .note("AWS rejects a policy over its size quota when it is saved")
        .help("merge statements that share a principal or resource, use wildcards where they are safe (`s3:Get*`), or split it into several managed policies");
    ctx.report(f);
}

/// How many bytes are ASCII white space (as `char::is_whitespace` has it),
/// counted in byte-wide lanes that the compiler runs many at once.
fn ascii_white_space(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(matches!(b, b'\t'..=b'\r' | b' ')))))
        .sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn white_space_count_is_char_is_whitespace() {
        let text: String = (0u8..128).map(char::from).cycle().take(1000).collect();
        let expected = text.chars().filter(|c| c.is_whitespace()).count();
        assert_eq!(super::ascii_white_space(text.as_bytes()), expected);
    }
}
