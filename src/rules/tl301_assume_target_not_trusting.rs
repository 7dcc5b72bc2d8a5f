//! TL301 assume-target-not-trusting: a principal's policy allows
//! `sts:AssumeRole` on a role of the repository whose trust policy admits
//! neither that principal nor its account.

use std::collections::HashSet;

use crate::crossfile::{RepoCtx, is_broad};

pub fn check_repository(ctx: &mut RepoCtx<'_>) {
    let repo = ctx.repo;
    let mut seen = HashSet::new();
    for caller in repo.callers() {
        for doc in repo.effective_policies(caller) {
            for stmt in doc.statements.iter().filter(|s| s.allow && s.assume.is_some() && !s.not_resource) {
                for r in stmt.resources.iter().filter(|r| !is_broad(&r.value)) {
                    for role in repo.roles_matching(&r.value) {
                        if repo.admits(role, caller) || !seen.insert((caller.arn.as_str(), r.span, role.arn.as_str())) {
                            continue;
                        }
                        let Some(trust) = repo.trust(role) else { continue };
                        let trusted: Vec<&str> = trust
                            .statements
                            .iter()
                            .filter(|s| s.allow && s.assume.is_some())
                            .flat_map(|s| s.principals.iter().map(|p| p.value.as_str()))
                            .collect();
                        let (label_span, label) = match trust.statements.iter().find(|s| s.allow && s.assume.is_some()) {
                            Some(s) => (
                                s.principal_span.unwrap_or(trust.anchor),
                                if trusted.is_empty() {
                                    "trusts no AWS principal".to_string()
                                } else {
                                    format!("trusts only {}", trusted.join(", "))
                                },
                            ),
                            None => (trust.anchor, "allows no sts:AssumeRole".to_string()),
                        };
                        let f = ctx
                            .finding(
                                &doc.file,
                                r.span,
                                format!(
                                    "{} {} may call sts:AssumeRole on {}, but that role's trust policy does not admit it",
                                    caller.kind.as_str(),
                                    caller.short_name(),
                                    role.short_name()
                                ),
                            )
                            .label(format!("{} is not trusted by {}", caller.arn, role.arn))
                            .secondary_in(trust.file.clone(), label_span, label)
                            .note("both sides must agree: the caller's policy allows the call, and the role's trust must name the caller or its account; as written, every AssumeRole call fails with AccessDenied")
                            .help(format!(
                                "add \"{}\" (or its account root arn:aws:iam::{}:root) to the trust policy of {}, or correct the Resource if it names the wrong role",
                                caller.arn,
                                caller.account(),
                                role.short_name()
                            ));
                        ctx.report(f);
                    }
                }
            }
        }
    }
}
