//! TL302 trusted-principal-cannot-assume: a role's trust names a user or role
//! of another account that the repository defines, and none of that
//! principal's policies allows `sts:AssumeRole` on the role.

use crate::crossfile::RepoCtx;

pub fn check_repository(ctx: &mut RepoCtx<'_>) {
    let repo = ctx.repo;
    for role in repo.roles() {
        let Some(trust) = repo.trust(role) else { continue };
        for stmt in trust.statements.iter().filter(|s| s.allow && s.assume.is_some()) {
            for p in &stmt.principals {
                let Some(caller) = repo.find(&p.value) else { continue };
                // Within one account the trust alone grants the call.
                if caller.account() == role.account() || repo.may_assume(caller, &role.arn) {
                    continue;
                }
                let mut f = ctx
                    .finding(
                        &trust.file,
                        p.span,
                        format!(
                            "{} trusts {} {}, but no policy of it allows sts:AssumeRole on {}",
                            role.short_name(),
                            caller.kind.as_str(),
                            caller.short_name(),
                            role.short_name()
                        ),
                    )
                    .label(format!("trusted here, from account {}", caller.account()))
                    .note("cross-account access needs both sides: the trust here, and an identity policy of the caller allowing sts:AssumeRole on this role's ARN; without it the trust is dead, or someone will widen the caller's rights to \"*\" to make it work")
                    .help(format!(
                        "attach to {} a policy with {{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"{}\"}}, or remove the principal from this trust",
                        caller.short_name(),
                        role.arn
                    ));
                let policies = repo.effective_policies(caller);
                if let Some(doc) = policies.first() {
                    f = f.secondary_in(doc.file.clone(), doc.anchor, format!("{}'s policies allow no sts:AssumeRole on this role", caller.short_name()));
                } else if let Some(manifest) = &repo.manifest {
                    f = f.secondary_in(manifest.clone(), caller.origin, format!("{} has no policies bound", caller.short_name()));
                }
                ctx.report(f);
            }
        }
    }
}
