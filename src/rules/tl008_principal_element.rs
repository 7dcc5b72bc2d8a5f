//! TL008 principal-element: a statement of a trust or resource policy without
//! a principal, both `Principal` and `NotPrincipal`, a malformed principal
//! value, or an unknown principal type.

use crate::json::Kind;
use crate::policy::{PolicyKind, PrincipalType, El};
use crate::rules::Ctx;
use crate::suggest::did_you_mean;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let kind = ctx.kind();
    for stmt in &ctx.policy.statements {
        let principal = stmt.element(El::Principal);
        let not_principal = stmt.element(El::NotPrincipal);
        match (principal, not_principal) {
            (None, None) => {
                if kind != PolicyKind::Identity {
                    let f = ctx
                        .finding(stmt.anchor(), format!("{} has no `Principal`", stmt.describe()))
                        .label(format!("every statement of a {} policy names who it applies to", kind.as_str()))
                        .note("AWS rejects a trust or resource policy statement without a Principal or NotPrincipal")
                        .help("add \"Principal\": {\"AWS\": \"arn:aws:iam::ACCOUNT:role/NAME\"} naming who may act");
                    ctx.report(f);
                }
                continue;
            }
            (Some(p), Some(n)) => {
                let f = ctx
                    .finding(n.key_span, format!("{} has both `Principal` and `NotPrincipal`", stmt.describe()))
                    .label("`NotPrincipal` here")
                    .secondary(p.key_span, "`Principal` here")
                    .note("AWS rejects a statement with both")
                    .help("keep one: `Principal` lists who the statement applies to, `NotPrincipal` everyone except those listed (in a Deny, keep `NotPrincipal` to exempt them)");
                ctx.report(f);
            }
            _ => {}
        }
        let Some(m) = principal.or(not_principal) else { continue };
        match &m.value.kind {
            Kind::String(s) if *s == "*" => {}
            Kind::String(s) => {
                let f = ctx
                    .finding(m.value.span, format!("`{}` must be \"*\" or an object, found the string \"{s}\"", m.key))
                    .label("a bare string other than \"*\"")
                    .note("IAM reads a principal as {\"AWS\": ...}, {\"Service\": ...}, {\"Federated\": ...} or {\"CanonicalUser\": ...}")
                    .help(format!("write \"{}\": {{\"{}\": \"{s}\"}}", m.key, guess_type(s)));
                ctx.report(f);
            }
            Kind::Object([]) => {
                let f = ctx
                    .finding(m.value.span, format!("`{}` is empty", m.key))
                    .label("names no principal")
                    .note("AWS rejects an empty principal")
                    .help("name the account, role, user, service or identity provider");
                ctx.report(f);
            }
            Kind::Object(entries) => {
                for e in entries.iter() {
                    if PrincipalType::NAMES.contains(&e.key) {
                        continue;
                    }
                    let f = ctx.finding(e.key_span, format!("unknown principal type `{}`", e.key));
                    let f = match did_you_mean(e.key, PrincipalType::NAMES) {
                        Some(s) if s.eq_ignore_ascii_case(e.key) => f
                            .label("principal types are case-sensitive")
                            .help(format!("write \"{s}\"")),
                        Some(s) => f.label(format!("did you mean `{s}`?")).help(format!("write \"{s}\"")),
                        None => f
                            .label("not a principal type")
                            .help("principal types are AWS, Service, Federated and CanonicalUser"),
                    };
                    ctx.report(f.note("AWS rejects a principal type it does not know"));
                }
            }
            _ => {} // TL009 reports the type.
        }
    }
}

/// The principal type a bare string most likely meant.
fn guess_type(s: &str) -> &'static str {
    if s.ends_with(".amazonaws.com") {
        "Service"
    } else if s.contains(":saml-provider/") || s.contains(":oidc-provider/") || !s.starts_with("arn:") && s.contains('.') {
        "Federated"
    } else {
        "AWS"
    }
}
