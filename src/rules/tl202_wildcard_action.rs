//! TL202 wildcard-action: an Allow of `*` or of every action of a service.

use crate::diagnostic::Severity;
use crate::rules::Ctx;

/// Services whose every action is a key to the account.
const CRITICAL: [&str; 4] = ["iam", "sts", "kms", "organizations"];

/// Condition keys that narrow where or on what the wildcard applies.
pub const NARROWING: [&str; 6] = [
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:PrincipalOrgID",
    "aws:RequestedRegion",
    "aws:SourceIp",
    "aws:ResourceOrgID",
];

pub fn narrowed(stmt: &crate::policy::Statement<'_>) -> bool {
    let Some(cond) = &stmt.condition else { return false };
    let source_ip = cond.entries_for("aws:sourceip").any(|(b, e)| {
        b.operator
            .is_some_and(|o| o.base == crate::policy::OperatorBase::IpAddress && o.requires_match())
            && !e.values.is_empty()
    });
    source_ip || NARROWING.iter().any(|k| stmt.narrows(k)) || cond.narrows_prefix("aws:ResourceTag/")
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() || stmt.full_admin().is_some() {
            continue;
        }
        // Only an item with a wildcard can be one (most are plain names).
        let wild = stmt.actions().iter().zip(stmt.item_keys()).filter(|(_, k)| k.wildcard);
        for (a, _) in wild {
            let service = match a.value.split_once(':') {
                _ if a.value == "*" || a.value == "*:*" => None,
                Some((svc, rest)) if rest.chars().all(|c| c == '*') && !svc.contains('*') => Some(svc),
                _ => continue,
            };
            let critical = service.is_some_and(|s| CRITICAL.contains(&s.to_ascii_lowercase().as_str()));
            let what = match service {
                None => "every action of every service".to_string(),
                Some(s) => format!("every action of {s}, including those added later"),
            };
            let mut f = ctx
                .finding(a.span, format!("`{}` allows {what}", a.value))
                .label(if critical { "a key to the whole account" } else { "a wildcard over a whole service" })
                .note(if critical {
                    "full iam, sts, kms or organizations access lets the holder grant itself anything"
                } else {
                    "a service wildcard grants deletes and permission changes along with the reads the job needed, and every action AWS adds later"
                })
                .help("list the actions the job needs (e.g. \"s3:GetObject\", \"s3:PutObject\"), or a narrower pattern such as \"s3:Get*\"");
            if critical {
                f = f.severity(Severity::Error);
            }
            if narrowed(stmt) {
                f = f.severity(Severity::Info);
            }
            ctx.report(f);
        }
    }
}
