//! TL114 saml-without-audience: SAML federation with no `SAML:aud` condition.

use crate::policy::PrincipalType;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(action) = stmt.allows("sts:AssumeRoleWithSAML") else { continue };
        if stmt.narrows("SAML:aud") {
            continue;
        }
        for fed in stmt.principals(PrincipalType::Federated) {
            if !fed.value.contains(":saml-provider/") {
                continue;
            }
            let f = ctx
                .finding(fed.span, "SAML assertions are accepted with no `SAML:aud` condition")
                .label("the assertion's audience is not checked")
                .secondary(action, "allowed here")
                .note("the audience (the AWS sign-in endpoint the IdP addressed) ties an assertion to AWS; without it an assertion issued for another service provider of the same IdP may be replayed")
                .help("add \"StringEquals\": {\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"}");
            ctx.report(f);
        }
    }
}
