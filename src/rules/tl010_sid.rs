//! TL010 sid: a Sid used twice in one policy, or (in identity and trust
//! policies) a Sid with characters IAM rejects.

use crate::policy::PolicyKind;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let policy = ctx.policy;
    // Each Sid's first use, so that a policy of many statements is not
    // compared pairwise.
    let mut first_use: foldhash::HashMap<&str, crate::json::Span> = foldhash::HashMap::default();
    for stmt in &policy.statements {
        let Some(sid) = stmt.sid else { continue };
        if sid.value.is_empty() {
            continue;
        }
        if let Some(first) = first_use.get(sid.value).copied().or_else(|| {
            first_use.insert(sid.value, sid.span);
            None
        }) {
            let f = ctx
                .finding(sid.span, format!("the Sid \"{}\" is used twice in this policy", sid.value))
                .label("used again here")
                .secondary(first, "first used here")
                .note("AWS rejects a policy whose statement IDs are not unique")
                .help("give each statement its own Sid");
            ctx.report(f);
        }
        // Bucket and other resource policies accept more; IAM policies only these.
        if policy.kind != PolicyKind::Resource
            && let Some(bad) = sid.value.chars().find(|c| !c.is_ascii_alphanumeric())
        {
            let clean: String = sid.value.chars().filter(char::is_ascii_alphanumeric).collect();
            let f = ctx
                .finding(sid.span, format!("the Sid \"{}\" contains `{bad}`", sid.value))
                .label("IAM Sids are letters and digits only")
                .note("IAM rejects identity and trust policies whose Sid has characters other than A-Z, a-z and 0-9")
                .help(format!("write \"Sid\": \"{clean}\""));
            ctx.report(f);
        }
    }
}
