//! TL101 trust-any-principal: `"Principal": "*"` or `{"AWS": "*"}` in an Allow
//! with no condition that narrows who the caller is.

use crate::policy::AwsPrincipal;
use crate::rules::Ctx;

/// Keys that pin the caller down when a positive operator tests them.
const NARROWING_KEYS: [&str; 7] = [
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "sts:ExternalId",
];

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() {
            continue;
        }
        let narrowed = NARROWING_KEYS.iter().any(|k| stmt.narrows(k))
            // An OIDC subject (`token.actions.githubusercontent.com:sub`) names the caller too.
            || stmt.condition.as_ref().is_some_and(|c| c.narrows_where(|k| k.ends_with(":sub")));
        if narrowed {
            continue;
        }
        for (text, principal) in stmt.aws_principals() {
            if principal != AwsPrincipal::Anyone {
                continue;
            }
            let mut f = ctx
                .finding(text.span, "anyone in any AWS account may assume this role")
                .label("every AWS principal, in every account")
                .note("a wildcard principal with no condition on the caller lets any AWS account in the world assume the role")
                .help("name the trusted account or role, e.g. {\"AWS\": \"arn:aws:iam::111122223333:role/Deployer\"}, or keep \"*\" and add \"StringEquals\": {\"aws:PrincipalOrgID\": \"o-…\"}");
            if let Some(c) = &stmt.condition {
                f = f.secondary(c.span(), "this condition does not narrow who the caller is");
            }
            ctx.report(f);
        }
    }
}
