//! TL015 condition-value: a condition value that does not fit its operator.

use crate::policy::ip::Cidr;
use crate::policy::{OperatorBase, date};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        for block in &cond.blocks {
            let Some(op) = block.operator else { continue };
            for entry in &block.entries {
                for v in &entry.values {
                    // Policy variables are resolved at request time.
                    if v.value.contains("${") {
                        continue;
                    }
                    let Some((expected, example)) = misfit(op.base, v.value) else { continue };
                    let f = ctx
                        .finding(v.span, format!("`{}` expects {expected}, found \"{}\"", block.operator_text.value, v.value))
                        .label(format!("not {expected}"))
                        .note("AWS rejects the policy, or the condition never matches as intended")
                        .help(format!("write {example}"));
                    ctx.report(f);
                }
            }
        }
    }
}

/// What the operator expects, and an example, when `v` does not fit.
fn misfit(base: OperatorBase, v: &str) -> Option<(&'static str, &'static str)> {
    use OperatorBase::*;
    let ok = match base {
        Bool | Null => v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"),
        DateEquals | DateNotEquals | DateLessThan | DateLessThanEquals | DateGreaterThan | DateGreaterThanEquals => {
            date::parse(v).is_some()
        }
        NumericEquals | NumericNotEquals | NumericLessThan | NumericLessThanEquals | NumericGreaterThan
        | NumericGreaterThanEquals => v.parse::<f64>().is_ok_and(f64::is_finite),
        IpAddress | NotIpAddress => Cidr::parse(v).is_some(),
        ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => {
            v.starts_with("arn:") || v.chars().all(|c| c == '*' || c == '?')
        }
        BinaryEquals => !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match base {
        Bool | Null => ("true or false", "\"true\" or \"false\""),
        IpAddress | NotIpAddress => ("an IP address or CIDR block", "an address such as \"198.51.100.7\" or a block such as \"198.51.100.0/24\""),
        ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => ("an ARN", "an ARN such as \"arn:aws:iam::123456789012:role/Deployer\", or use a String operator for other values"),
        BinaryEquals => ("a base64 value", "the value base64-encoded"),
        NumericEquals | NumericNotEquals | NumericLessThan | NumericLessThanEquals | NumericGreaterThan
        | NumericGreaterThanEquals => ("a number", "a number such as \"3600\""),
        _ => ("a date", "an ISO 8601 date such as \"2026-12-31T23:59:59Z\", or epoch seconds"),
    })
}
