//! TL205 pass-role-any: `iam:PassRole` on any role without
//! `iam:PassedToService`.

use crate::policy::is_broad_resource;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(action) = stmt.allows("iam:PassRole") else { continue };
        if stmt.narrows("iam:PassedToService") || stmt.resource.as_ref().is_none_or(|r| r.negated) {
            continue;
        }
        let Some(r) = stmt.resource.iter().flat_map(|r| &r.items).find(|r| is_broad_resource(r.value)) else {
            continue;
        };
        let f = ctx
            .finding(action, format!("iam:PassRole is allowed on `{}` without iam:PassedToService", r.value))
            .label("may pass any role")
            .secondary(r.span, "any role")
            .note("passing a role hands its permissions to a service the caller controls (a Lambda function, an EC2 instance): with any role, the caller can reach the rights of the most privileged one")
            .help("name the roles (\"arn:aws:iam::ACCOUNT:role/app-*\") and add \"StringEquals\": {\"iam:PassedToService\": \"lambda.amazonaws.com\"}");
        ctx.report(f);
    }
}
