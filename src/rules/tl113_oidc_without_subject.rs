//! TL113 oidc-without-subject: web-identity federation (GitHub Actions,
//! GitLab, EKS, Terraform Cloud, Google, Cognito, any OIDC provider) with no
//! condition on the token's subject — or one that matches every subject.

use crate::diagnostic::Severity;
use crate::policy::{Condition, ConditionBlock, ConditionEntry, OperatorBase, PrincipalType, Text};
use crate::rules::Ctx;

/// A known OIDC provider: how its subjects look and how much of them must be fixed.
struct Provider {
    name: &'static str,
    /// Who gets in when the subject is not checked.
    anyone: &'static str,
    /// The literal part of a subject that must be fixed before any wildcard, and
    /// the separator after the owner (a warning when only the owner is fixed).
    scope: Option<(&'static str, &'static str)>,
    /// The claim that identifies the trusted party: the subject for CI and
    /// workload providers, the app's audience for social sign-in, where the
    /// subject is one end user.
    identity: &'static str,
}

fn provider(host: &str) -> Provider {
    let h = host.to_ascii_lowercase();
    if h.starts_with("token.actions.githubusercontent.com") {
        Provider {
            name: "GitHub Actions",
            anyone: "any GitHub Actions workflow of any repository on GitHub",
            scope: Some(("repo:", "/")),
            identity: "sub",
        }
    } else if h.starts_with("gitlab.") || h.contains("gitlab") {
        Provider {
            name: "GitLab",
            anyone: "any GitLab CI job of any project",
            scope: Some(("project_path:", "/")),
            identity: "sub",
        }
    } else if h.starts_with("oidc.eks.") {
        Provider {
            name: "EKS",
            anyone: "any service account in any namespace of the cluster",
            scope: Some(("system:serviceaccount:", ":")),
            identity: "sub",
        }
    } else if h.starts_with("app.terraform.io") {
        Provider {
            name: "Terraform Cloud",
            anyone: "any workspace of any Terraform Cloud organization",
            scope: Some(("organization:", ":")),
            identity: "sub",
        }
    } else if h.starts_with("accounts.google.com") {
        // AWS maps `accounts.google.com:aud` to the token's azp (the OAuth
        // client or service account): that names the trusted app.
        Provider {
            name: "Google",
            anyone: "any Google identity of any app",
            scope: None,
            identity: "aud",
        }
    } else if h == "www.amazon.com" || h == "graph.facebook.com" {
        Provider {
            name: if h == "www.amazon.com" { "Login with Amazon" } else { "Facebook" },
            anyone: "any user of any app",
            scope: None,
            identity: "app_id",
        }
    } else {
        Provider {
            name: "OIDC",
            anyone: "any identity the provider issues a token for, for any client",
            scope: None,
            identity: "aud",
        }
    }
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(action) = stmt.allows("sts:AssumeRoleWithWebIdentity") else { continue };
        for fed in stmt.principals(PrincipalType::Federated) {
            let Some(host) = oidc_host(fed.value) else { continue };
            let cond = stmt.condition.as_ref();
            if host.eq_ignore_ascii_case("cognito-identity.amazonaws.com") {
                cognito(ctx, fed, action, cond);
                continue;
            }
            let p = provider(host);
            let prefix = host.to_ascii_lowercase();
            let key = format!("{prefix}:{}", p.identity);
            let ids: Vec<(&ConditionBlock<'_>, &ConditionEntry<'_>)> = cond
                .map(|c| c.entries_for(&key).filter(|(b, _)| positive(b)).collect())
                .unwrap_or_default();
            // A generic provider is pinned by either its audience or its subject.
            let generic_sub = p.scope.is_none()
                && p.identity == "aud"
                && cond.is_some_and(|c| c.narrows(&format!("{prefix}:sub")));
            if ids.is_empty() && !generic_sub {
                let f = ctx
                    .finding(fed.span, format!("{} tokens are accepted with no `{host}:{}` condition", p.name, p.identity))
                    .label(format!("{} may assume this role", p.anyone))
                    .secondary(action, "allowed here")
                    .note("the provider signs tokens for everyone who uses it; only this claim says whose workflow, workload or app it is")
                    .help(format!("add \"StringEquals\" (or \"StringLike\") {{\"{host}:{}\": \"{}\"}}", p.identity, example_id(&p)));
                ctx.report(f);
            } else {
                for (block, entry) in ids {
                    broad_subject(ctx, &p, block, entry);
                }
            }
            // For subject-pinned providers the audience should be AWS too.
            let has_aud = cond.is_some_and(|c| c.narrows(&format!("{prefix}:aud")));
            if p.identity == "sub" && !has_aud {
                let f = ctx
                    .finding(fed.span, format!("{} tokens are accepted with no `{host}:aud` condition", p.name))
                    .label("the token's audience is not checked")
                    .severity(Severity::Warning)
                    .note("the audience says the token was issued for AWS; without it, a token minted for another service can be replayed here")
                    .help(format!("add \"StringEquals\": {{\"{host}:aud\": \"sts.amazonaws.com\"}}"));
                ctx.report(f);
            }
        }
    }
}

/// The provider's host and path: `token.actions.githubusercontent.com` from
/// the provider ARN or the bare name; `None` for SAML providers.
fn oidc_host(federated: &str) -> Option<&str> {
    if federated.contains(":saml-provider/") {
        return None;
    }
    match federated.split_once(":oidc-provider/") {
        Some((_, host)) => Some(host),
        None if !federated.starts_with("arn:") => Some(federated),
        None => None,
    }
}

fn positive(b: &ConditionBlock<'_>) -> bool {
    b.operator.is_some_and(|o| o.requires_match())
}

fn example_id(p: &Provider) -> &'static str {
    match p.identity {
        "aud" => "<your client ID>",
        "app_id" => "<your app ID>",
        _ => example_sub(p),
    }
}

fn example_sub(p: &Provider) -> &'static str {
    match p.scope {
        Some(("repo:", _)) => "repo:OWNER/REPO:ref:refs/heads/main",
        Some(("project_path:", _)) => "project_path:GROUP/PROJECT:ref_type:branch:ref:main",
        Some(("system:serviceaccount:", _)) => "system:serviceaccount:NAMESPACE:SERVICE-ACCOUNT",
        Some(("organization:", _)) => "organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply",
        _ => "<the subject>",
    }
}

/// A `sub` value under a wildcard operator that lets in everyone, or a whole owner.
fn broad_subject(ctx: &mut Ctx<'_, '_>, p: &Provider, block: &ConditionBlock<'_>, entry: &ConditionEntry<'_>) {
    let like = block
        .operator
        .is_some_and(|o| matches!(o.base, OperatorBase::StringLike | OperatorBase::ArnLike));
    if !like {
        return; // StringEquals compares literally (a `*` there is TL021's finding).
    }
    for v in &entry.values {
        let Some(cut) = v.value.find(['*', '?']) else { continue };
        match scope_of(p, &v.value[..cut]) {
            Scope::Anyone => {
                let f = ctx
                    .finding(v.span, format!("the subject pattern \"{}\" matches every {} subject", v.value, p.name))
                    .label(format!("{} may assume this role", p.anyone))
                    .note("a wildcard before the owner part of the subject is the same as no subject condition")
                    .help(format!("fix the subject: \"{}\"", example_sub(p)));
                ctx.report(f);
            }
            Scope::Owner(owner) => {
                let what = match p.scope {
                    Some(("system:serviceaccount:", _)) => format!("every service account in namespace `{owner}`"),
                    Some(("organization:", _)) => format!("every workspace of organization `{owner}`"),
                    Some(("project_path:", _)) => format!("every project of group `{owner}`"),
                    _ => format!("every repository of `{owner}`"),
                };
                let f = ctx
                    .finding(v.span, format!("the subject pattern \"{}\" lets in {what}", v.value))
                    .label("only the owner is fixed")
                    .severity(Severity::Warning)
                    .note("any repository or workload the owner creates later, and any branch of it, can assume the role")
                    .help(format!("name the exact one: \"{}\"", example_sub(p)));
                ctx.report(f);
            }
            Scope::Narrow => {}
        }
    }
}

enum Scope<'v> {
    /// No owner fixed: every subject of the provider.
    Anyone,
    /// Only the owner (GitHub owner, namespace, organization) is fixed.
    Owner(&'v str),
    Narrow,
}

/// How much of a subject the literal text before the first wildcard fixes.
fn scope_of<'v>(p: &Provider, literal: &'v str) -> Scope<'v> {
    let Some((head, sep)) = p.scope else {
        return if literal.is_empty() { Scope::Anyone } else { Scope::Narrow };
    };
    let Some(rest) = literal.strip_prefix(head) else { return Scope::Anyone };
    match rest.split_once(sep) {
        None => Scope::Anyone,
        Some((owner, "")) => Scope::Owner(owner),
        Some(_) => Scope::Narrow,
    }
}

fn cognito(ctx: &mut Ctx<'_, '_>, fed: &Text<'_>, action: crate::json::Span, cond: Option<&Condition<'_>>) {
    let aud = cond.is_some_and(|c| c.narrows("cognito-identity.amazonaws.com:aud"));
    if !aud {
        let f = ctx
            .finding(fed.span, "Cognito identities are accepted with no `cognito-identity.amazonaws.com:aud` condition")
            .label("users of any identity pool, in any account, may assume this role")
            .secondary(action, "allowed here")
            .note("the audience is the identity pool ID; without it every Cognito identity pool in the world is trusted")
            .help("add \"StringEquals\": {\"cognito-identity.amazonaws.com:aud\": \"us-east-1:<identity pool ID>\"}");
        ctx.report(f);
    }
    let amr = cond.is_some_and(|c| c.has_key("cognito-identity.amazonaws.com:amr"));
    if !amr {
        let f = ctx
            .finding(fed.span, "Cognito identities are accepted with no `cognito-identity.amazonaws.com:amr` condition")
            .label("unauthenticated (guest) identities are not excluded")
            .severity(Severity::Warning)
            .note("without an amr condition, guest identities of the pool may assume the role meant for signed-in users")
            .help("add \"ForAnyValue:StringLike\": {\"cognito-identity.amazonaws.com:amr\": \"authenticated\"}");
        ctx.report(f);
    }
}
