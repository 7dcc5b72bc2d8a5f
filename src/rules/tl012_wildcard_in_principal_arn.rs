//! TL012 wildcard-in-principal-arn: `*` or `?` inside a principal ARN. IAM
//! allows only the whole value `"*"`.

use crate::policy::PrincipalType;
use crate::policy::wildcard::has_wildcard;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        for t in stmt.principals(PrincipalType::Aws) {
            if t.value == "*" || !has_wildcard(t.value) {
                continue;
            }
            let f = ctx
                .finding(t.span, format!("principal `{}` has a wildcard", t.value))
                .label("only the whole value \"*\" may be a wildcard")
                .note("IAM rejects wildcards inside a principal ARN; they do not match a pattern of principals")
                .help(format!(
                    "write \"Principal\": {{\"AWS\": \"*\"}} and add \"Condition\": {{\"ArnLike\": {{\"aws:PrincipalArn\": \"{}\"}}}}",
                    t.value
                ));
            ctx.report(f);
        }
    }
}
