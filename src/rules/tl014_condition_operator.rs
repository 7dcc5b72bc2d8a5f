//! TL014 condition-operator: an operator IAM does not know, `IfExists` or a
//! set qualifier on `Null`, or an operator in another case than AWS writes it.

use crate::diagnostic::Severity;
use crate::policy::OperatorBase;
use crate::rules::Ctx;
use crate::suggest::did_you_mean;

/// Every spelling AWS documents: base operators with and without `IfExists`,
/// and with each set qualifier.
fn known() -> Vec<String> {
    let mut all = Vec::new();
    for (base, name) in OperatorBase::ALL {
        for q in ["", "ForAllValues:", "ForAnyValue:"] {
            all.push(format!("{q}{name}"));
            if base != OperatorBase::Null {
                all.push(format!("{q}{name}IfExists"));
            }
        }
    }
    all
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        for block in &cond.blocks {
            let text = block.operator_text;
            let f = match block.operator {
                None => {
                    let all = known();
                    let f = ctx.finding(text.span, format!("unknown condition operator `{}`", text.value));
                    match did_you_mean(text.value, all.iter().map(String::as_str)) {
                        Some(s) => f.label(format!("did you mean `{s}`?")).help(format!("write \"{s}\"")),
                        None => f
                            .label("not an IAM condition operator")
                            .help("operators are StringEquals, StringLike, ArnLike, NumericLessThan, DateLessThan, Bool, IpAddress, Null, ..."),
                    }
                    .note("AWS rejects a policy with an operator it does not know")
                }
                Some(op) if op.base == OperatorBase::Null && op.if_exists => ctx
                    .finding(text.span, "`Null` cannot take `IfExists`")
                    .label("Null already tests whether the key exists")
                    .note("AWS rejects NullIfExists")
                    .help("write \"Null\""),
                Some(op) if op.base == OperatorBase::Null && op.qualifier.is_some() => ctx
                    .finding(text.span, format!("`{}` puts a set qualifier on `Null`", text.value))
                    .label("Null tests presence; it has no set form")
                    .note("a set qualifier on Null does not mean what it seems: it tests each value, not the key")
                    .help("write \"Null\""),
                Some(op) if !op.exact_case => ctx
                    .finding(text.span, format!("`{}` is written in another case than AWS documents", text.value))
                    .label(format!("write `{}`", op.canonical()))
                    .severity(Severity::Warning)
                    .note("condition operators are documented case-sensitively; a mis-cased one may be rejected or misread by other tools")
                    .help(format!("write \"{}\"", op.canonical())),
                Some(_) => continue,
            };
            ctx.report(f);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_operators_parse() {
        for k in super::known() {
            assert!(crate::policy::Operator::parse(&k).is_some_and(|o| o.exact_case), "{k}");
        }
    }
}
