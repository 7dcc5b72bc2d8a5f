//! TL102 root-principal-without-external-id: an account root (or bare account
//! ID) may assume the role with no `sts:ExternalId` condition — the confused
//! deputy opening when that account is a vendor serving many customers.

use crate::diagnostic::Severity;
use crate::facts;
use crate::policy::AwsPrincipal;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(action) = stmt.allows("sts:AssumeRole") else { continue };
        // Present under any operator: TL104 judges the operator.
        if stmt.has_condition_key("sts:ExternalId") {
            continue;
        }
        // MFA means people, who cannot pass an external ID; an organisation
        // condition keeps the caller inside one's own organisation; a
        // PrincipalArn condition names the callers, so the trust is no longer
        // on the whole account (naming a role directly is not reported either).
        if stmt.requires_mfa()
            || stmt.narrows("aws:PrincipalOrgID")
            || stmt.narrows("aws:PrincipalOrgPaths")
            || stmt.narrows("aws:PrincipalArn")
        {
            continue;
        }
        for (text, principal) in stmt.aws_principals() {
            let AwsPrincipal::Root { account } = principal else { continue };
            let accounts = &ctx.settings.accounts;
            if accounts.is_own(account) {
                continue;
            }
            let vendor = accounts.third_party(account).or_else(|| facts::vendor(account));
            let who = match vendor {
                Some(v) => format!("account root {account} ({v})"),
                None => format!("account root {account}"),
            };
            let mut f = ctx
                .finding(text.span, format!("{who} may assume this role without an external ID"))
                .label("every principal of this account that is allowed sts:AssumeRole")
                .secondary(action, "allowed here")
                .note(match vendor {
                    Some(v) => format!("{v} serves many customers: without an external ID, any of them can hand {v} this role's ARN and reach your account through it (the confused deputy problem)"),
                    None => "if this account is a vendor serving many customers, any of them can hand it this role's ARN and reach your account through it (the confused deputy problem)".to_string(),
                })
                .help("require the external ID the vendor gave you: \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<the vendor's ID for you>\"}}; for your own people, require MFA instead (see TL105)");
            if vendor.is_some() {
                f = f.severity(Severity::Error);
            }
            ctx.report(f);
        }
    }
}
