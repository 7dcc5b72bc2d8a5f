//! TL105 missing-mfa: people (IAM users, account roots, anyone) may assume the
//! role without multi-factor authentication.

use crate::policy::AwsPrincipal;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(action) = stmt.allows("sts:AssumeRole") else { continue };
        // An external ID marks machine (vendor) access: people cannot send one.
        // A PrincipalArn condition that admits only roles means no person is the caller.
        if stmt.requires_mfa() || stmt.has_condition_key("sts:ExternalId") || stmt.caller_is_role() {
            continue;
        }
        for (text, principal) in stmt.aws_principals() {
            if !principal.can_be_human() {
                continue;
            }
            let who = match principal {
                AwsPrincipal::User { .. } => format!("IAM user {}", text.value),
                AwsPrincipal::Root { account } => format!("every user of account {account}"),
                _ => "anyone".to_string(),
            };
            let f = ctx
                .finding(text.span, format!("{who} may assume this role without MFA"))
                .label("people can be behind this principal")
                .secondary(action, "allowed here")
                .note("a stolen password or long-term access key is enough to assume the role when the trust does not ask for MFA")
                .help("add \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}} (or \"NumericLessThan\": {\"aws:MultiFactorAuthAge\": \"3600\"})");
            ctx.report(f);
        }
    }
}
