//! TL117 action-principal-mismatch: the trust action does not fit the
//! principal, so the trust never works as written.

use crate::policy::{PrincipalType, Statement};
use crate::rules::Ctx;

fn is_saml(federated: &str) -> bool {
    federated.contains(":saml-provider/")
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() || stmt.principal.as_ref().is_none_or(|p| p.negated) {
            continue;
        }
        let feds: Vec<_> = stmt.principals(PrincipalType::Federated).collect();
        let non_federated = stmt.aws_principals().next().is_some() || stmt.principals(PrincipalType::Service).next().is_some();
        let saml = feds.iter().any(|f| is_saml(f.value));
        let oidc = feds.iter().any(|f| !is_saml(f.value));
        for a in stmt.actions() {
            let v = a.value;
            let (fits, why, help) = if v.eq_ignore_ascii_case("sts:AssumeRole") {
                (
                    non_federated || feds.is_empty(),
                    "a `Federated` principal never calls sts:AssumeRole",
                    "use sts:AssumeRoleWithSAML for a SAML provider, sts:AssumeRoleWithWebIdentity for an OIDC provider",
                )
            } else if v.eq_ignore_ascii_case("sts:AssumeRoleWithSAML") {
                (
                    saml,
                    "sts:AssumeRoleWithSAML needs a SAML provider (arn:aws:iam::ACCOUNT:saml-provider/NAME) as the principal",
                    "name the SAML provider in \"Principal\": {\"Federated\": ...}, or use the action that fits the principal",
                )
            } else if v.eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity") {
                (
                    oidc,
                    "sts:AssumeRoleWithWebIdentity needs an OIDC provider (or cognito-identity.amazonaws.com) as the principal",
                    "name the OIDC provider in \"Principal\": {\"Federated\": ...}, or use the action that fits the principal",
                )
            } else {
                continue;
            };
            if fits {
                continue;
            }
            let f = ctx
                .finding(a.span, format!("`{v}` does not fit the principal of {}", stmt.describe()))
                .label(why)
                .note("STS rejects every call: this trust grants nothing as written, and someone will \"fix\" it by widening it")
                .help(help);
            let f = match principal_span(stmt) {
                Some(span) => f.secondary(span, "the principal"),
                None => f,
            };
            ctx.report(f);
        }
    }
}

fn principal_span(stmt: &Statement<'_>) -> Option<crate::json::Span> {
    stmt.principal.as_ref().map(|p| p.member.value.span)
}
