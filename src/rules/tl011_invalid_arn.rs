//! TL011 invalid-arn: a malformed ARN in Resource, Principal or an ARN condition.

use crate::policy::{OperatorBase, PrincipalType, Text, arn::is_account_id};
use crate::rules::Ctx;

const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if let Some(r) = &stmt.resource {
            for t in &r.items {
                if t.value == "*" || t.value.starts_with("${") {
                    continue;
                }
                if !t.value.trim_start().starts_with("arn:") {
                    let f = ctx
                        .finding(t.span, format!("`{}` is not an ARN", t.value))
                        .label("a resource is \"*\" or an ARN")
                        .note("AWS rejects a Resource that is neither \"*\" nor an ARN")
                        .help(format!("write the ARN, e.g. \"arn:aws:s3:::{}\" for a bucket", t.value.trim()));
                    ctx.report(f);
                    continue;
                }
                check_arn(ctx, t);
            }
        }
        for t in stmt.principals(PrincipalType::Aws) {
            if t.value.trim_start().starts_with("arn:") {
                check_arn(ctx, t);
            }
        }
        let Some(cond) = &stmt.condition else { continue };
        for block in &cond.blocks {
            let arn_op = block.operator.is_some_and(|o| {
                matches!(
                    o.base,
                    OperatorBase::ArnEquals | OperatorBase::ArnLike | OperatorBase::ArnNotEquals | OperatorBase::ArnNotLike
                )
            });
            if !arn_op {
                continue;
            }
            for e in &block.entries {
                for v in e.values.iter().filter(|v| v.value.starts_with("arn:")) {
                    check_arn(ctx, v);
                }
            }
        }
    }
}

fn check_arn(ctx: &mut Ctx<'_, '_>, t: &Text<'_>) {
    if let Some((problem, help)) = problem(t.value) {
        let f = ctx
            .finding(t.span, format!("malformed ARN: {problem}"))
            .label("not a valid ARN")
            .note("ARNs are arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; AWS rejects a policy with a malformed one, or it matches nothing")
            .help(help);
        ctx.report(f);
    }
}

fn variable_or_wildcard(s: &str) -> bool {
    s.contains(['*', '?']) || s.contains("${")
}

/// What is wrong with an ARN, and how to fix it.
pub fn problem(arn: &str) -> Option<(String, String)> {
    // `trim() != arn`, without the trimming.
    if arn.starts_with(char::is_whitespace) || arn.ends_with(char::is_whitespace) {
        return Some((
            format!("\"{arn}\" has leading or trailing white space"),
            format!("write \"{}\"", arn.trim()),
        ));
    }
    let (parts, count) = crate::policy::arn::parts(arn);
    if count < 6 {
        return Some((
            format!("\"{arn}\" has {count} of the 6 parts"),
            "write arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (empty parts stay as `::`)".into(),
        ));
    }
    let (partition, service, region, account, resource) = (parts[1], parts[2], parts[3], parts[4], parts[5]);
    if !PARTITIONS.contains(&partition) && !variable_or_wildcard(partition) {
        return Some((
            format!("unknown partition `{partition}`"),
            "the partition is aws (aws-cn in China, aws-us-gov in GovCloud)".into(),
        ));
    }
    if service.is_empty() {
        return Some(("the service part is empty".into(), "name the service, e.g. arn:aws:s3:::bucket".into()));
    }
    if !(account.is_empty() || account == "aws" || is_account_id(account) || variable_or_wildcard(account)) {
        return Some((
            format!("the account `{account}` is not a 12-digit account ID"),
            "account IDs are exactly 12 digits, e.g. 123456789012".into(),
        ));
    }
    if matches!(service, "iam" | "sts") && !region.is_empty() && !variable_or_wildcard(region) {
        return Some((
            format!("{service} ARNs have no region, found `{region}`"),
            format!("write arn:{partition}:{service}::{account}:{resource}"),
        ));
    }
    if resource.is_empty() {
        return Some(("the resource part is empty".into(), "name the resource after the account".into()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn arns() {
        assert!(problem("arn:aws:s3:::bucket/*").is_none());
        assert!(problem("arn:aws:iam::123456789012:role/R").is_none());
        assert!(problem("arn:aws:iam::aws:policy/ReadOnlyAccess").is_none());
        assert!(problem("arn:${aws:partition}:iam::*:role/R").is_none());
        assert!(problem(" arn:aws:iam::123456789012:root").is_some());
        assert!(problem("arn:aws:iam::12345:root").is_some());
        assert!(problem("arn:aws:s3:bucket").is_some());
        assert!(problem("arn:amazon:s3:::b").is_some());
        assert!(problem("arn:aws:iam:us-east-1:123456789012:role/R").is_some());
    }

    /// The parts are `splitn(6, ':')`'s: counted alike when too few, and
    /// the resource keeps its colons.
    #[test]
    fn parts_are_splitns() {
        for arn in ["", "arn", "arn:", "arn:aws", "arn:aws:s3", "arn:aws:s3::", "a:b:c:d:e", ":::::", "arn:aws:s3:::b:c:d"] {
            let n = arn.splitn(6, ':').count();
            let got = problem(arn).map(|(p, _)| p).unwrap_or_default();
            assert_eq!(got.contains(&format!("has {n} of the 6 parts")), n < 6, "{arn}: {got}");
        }
        assert!(problem("arn:aws:s3:::bucket:with:colons").is_none());
        assert!(problem("arn:aws:iam::123456789012:").unwrap().0.contains("resource part is empty"));
    }
}
