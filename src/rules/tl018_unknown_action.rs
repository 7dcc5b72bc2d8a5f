//! TL018 unknown-action: an action, service prefix or wildcard pattern the
//! bundled IAM catalogue does not know. Actions of retired services are known
//! and reported at info.

use crate::catalog::catalog;
use crate::diagnostic::Severity;
use crate::policy::wildcard::has_wildcard;
use crate::rules::Ctx;
use crate::suggest::did_you_mean;

/// Suggestions per policy: each searches the catalogue (tens of µs), and a
/// file of a hundred thousand unknown actions is a generated file, not typos.
const MAX_SUGGESTIONS: usize = 100;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let cat = catalog();
    let mut suggestions = 0;
    for stmt in &ctx.policy.statements {
        let Some(list) = &stmt.action else { continue };
        for (a, found) in list.items.iter().zip(stmt.expansions()) {
            if a.value == "*" || a.value == "*:*" {
                continue;
            }
            // The common case: a known action or pattern of a current service.
            // Not expanded (the file spent its catalogue budget): not judged.
            let Some(found) = found else { continue };
            if !found.any_retired() && !found.is_empty() {
                continue;
            }
            let Some((prefix, name)) = a.value.split_once(':') else {
                let f = ctx
                    .finding(a.span, format!("`{}` is not of the form service:action", a.value))
                    .label("no service prefix")
                    .note("AWS rejects an action without its service prefix")
                    .help("write it as \"service:ActionName\", e.g. \"s3:GetObject\"");
                ctx.report(f);
                continue;
            };
            if has_wildcard(prefix) {
                continue; // `s3*:Get*`-style prefixes: rare, and not wrong per se.
            }
            let Some(service) = cat.service(prefix) else {
                let near = did_you_mean(prefix, cat.service_prefixes());
                let f = ctx
                    .finding(a.span, format!("unknown service prefix `{prefix}` in `{}`", a.value))
                    .label("no AWS service has this prefix")
                    .note(format!(
                        "the bundled IAM catalogue ({}, data of {}) has no such service; a typo grants nothing (in a Deny, denies nothing)",
                        cat.source(),
                        cat.data_date()
                    ))
                    .help(match near {
                        Some(p) => format!("did you mean `{p}:{name}`?"),
                        None => "check the service prefix in the AWS Service Authorization Reference; a service newer than the catalogue is not an error of yours — update trustlint".to_string(),
                    });
                ctx.report(f);
                continue;
            };
            if service.retired {
                let f = ctx
                    .finding(a.span, format!("`{}` belongs to a retired service ({})", a.value, service.name))
                    .label("retired service")
                    .severity(Severity::Info)
                    .note("AWS no longer lists this service; the action grants nothing today")
                    .help("remove it, unless the policy must stay identical to an AWS managed policy");
                ctx.report(f);
                continue;
            }
            if has_wildcard(name) {
                if found.is_empty() {
                    let f = ctx
                        .finding(a.span, format!("`{}` matches no action of {}", a.value, service.prefix))
                        .label("matches nothing")
                        .note("a pattern that matches no action grants nothing (in a Deny, denies nothing)")
                        .help(format!("check the action names of {} in the AWS Service Authorization Reference", service.name));
                    ctx.report(f);
                }
                continue;
            }
            match service.action(name) {
                Some(act) if act.retired => {
                    let f = ctx
                        .finding(a.span, format!("`{}` is a retired action", a.value))
                        .label("retired")
                        .severity(Severity::Info)
                        .note("AWS no longer lists this action; it grants nothing today")
                        .help("remove it");
                    ctx.report(f);
                }
                Some(_) => {}
                None => {
                    suggestions += 1;
                    let f = ctx
                        .finding(a.span, format!("unknown action `{}`", a.value))
                        .label(format!("{} has no such action", service.prefix))
                        .note("a misspelt action grants nothing — and in a Deny, denies nothing")
                        .help(match (suggestions < MAX_SUGGESTIONS).then(|| cat.suggest_action(a.value)).flatten() {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "check the action names of {} in the AWS Service Authorization Reference (catalogue data of {})",
                                service.name,
                                cat.data_date()
                            ),
                        });
                    ctx.report(f);
                }
            }
        }
    }
}
