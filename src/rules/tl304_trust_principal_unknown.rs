//! TL304 trust-principal-unknown: a trust names a user or role ARN in one of
//! the repository's own accounts that no binding defines.

use crate::bindings::Kind;
use crate::crossfile::RepoCtx;
use crate::policy::AwsPrincipal;
use crate::rules::checks::tl303_assume_target_unknown::nearest;

pub fn check_repository(ctx: &mut RepoCtx<'_>) {
    let repo = ctx.repo;
    let own = &ctx.settings.accounts;
    for role in repo.roles() {
        let Some(trust) = repo.trust(role) else { continue };
        for stmt in trust.statements.iter().filter(|s| s.allow) {
            for p in &stmt.principals {
                let (kind, account) = match AwsPrincipal::classify(&p.value) {
                    AwsPrincipal::User { account } => (Kind::User, account),
                    AwsPrincipal::Role { account } => (Kind::Role, account),
                    _ => continue,
                };
                if !own.is_own(account) || repo.find(&p.value).is_some() {
                    continue;
                }
                let f = ctx
                    .finding(&trust.file, p.span, format!("no {} {} is defined in this repository", kind.as_str(), p.value))
                    .label(format!("account {account} is one of yours, and has no such {}", kind.as_str()))
                    .note("a trust naming a principal that does not exist admits nobody, and IAM rejects the trust policy when it is saved")
                    .help(nearest(repo.callers(), account, &p.value, kind));
                ctx.report(f);
            }
        }
    }
}
