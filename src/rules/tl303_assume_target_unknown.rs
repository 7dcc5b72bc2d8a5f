//! TL303 assume-target-unknown: `sts:AssumeRole` on a role ARN in one of the
//! repository's own accounts that no binding defines — usually a typo.

use crate::bindings::{Binding, Kind};
use crate::crossfile::RepoCtx;
use crate::policy::{Arn, wildcard};
use crate::suggest::did_you_mean;

pub fn check_repository(ctx: &mut RepoCtx<'_>) {
    let repo = ctx.repo;
    let own = &ctx.settings.accounts;
    let mut reported = std::collections::HashSet::new();
    for caller in repo.callers() {
        for doc in repo.effective_policies(caller) {
            for stmt in doc.statements.iter().filter(|s| s.allow && s.assume.is_some() && !s.not_resource) {
                for r in &stmt.resources {
                    let Some(arn) = Arn::parse(&r.value) else { continue };
                    if wildcard::has_wildcard(&r.value)
                        || arn.service != "iam"
                        || !arn.resource.starts_with("role/")
                        || !own.is_own(arn.account)
                        || repo.find(&r.value).is_some()
                        || !reported.insert((doc.file.name.clone(), r.span))
                    {
                        continue;
                    }
                    let f = ctx
                        .finding(&doc.file, r.span, format!("no role {} is defined in this repository", r.value))
                        .label(format!("account {} is one of yours, and has no such role", arn.account))
                        .note("an AssumeRole call on a role that does not exist fails; a near miss in the ARN is the usual cause")
                        .help(nearest(repo.roles(), arn.account, &r.value, Kind::Role));
                    ctx.report(f);
                }
            }
        }
    }
}

/// "did you mean" among the bound identities of the account, or how to bind one.
pub fn nearest<'b>(candidates: impl Iterator<Item = &'b Binding>, account: &str, arn: &str, kind: Kind) -> String {
    let same: Vec<&Binding> = candidates.filter(|b| b.kind == kind && b.account() == account).collect();
    // Compare names, not whole ARNs: the shared prefix would make any name "near".
    let name = arn.split_once(&format!(":{}/", kind.as_str())).map_or(arn, |(_, n)| n);
    let near = did_you_mean(name, same.iter().map(|b| b.name()));
    match near.and_then(|n| same.iter().find(|b| b.name() == n)) {
        Some(b) => format!("did you mean {}?", b.arn),
        None => format!(
            "correct the ARN, or declare the {} in trustlint.toml ([[{}]] arn = \"{arn}\")",
            kind.as_str(),
            kind.as_str()
        ),
    }
}
