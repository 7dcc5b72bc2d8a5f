//! TL023 arn-key-string-operator: a `String*` operator on a key whose values
//! are ARNs.

use crate::rules::Ctx;

/// ARN-typed global keys.
const ARN_KEYS: [&str; 6] = [
    "aws:principalarn",
    "aws:sourcearn",
    "aws:sourcevpcarn",
    "aws:vpcsourceip-arn",
    "aws:sourceowner-arn",
    "iam:associatedresourcearn",
];

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        for block in &cond.blocks {
            let Some(op) = block.operator else { continue };
            let name = op.base.name();
            if !name.starts_with("String") {
                continue;
            }
            for entry in block.entries.iter().filter(|e| ARN_KEYS.contains(&e.key_lower.as_str())) {
                let arn_op = name.replace("String", "Arn").replace("IgnoreCase", "");
                let f = ctx
                    .finding(block.operator_text.span, format!("`{}` compares the ARN key `{}` as a plain string", block.operator_text.value, entry.key.value))
                    .label(format!("use `{arn_op}`"))
                    .secondary(entry.key.span, "an ARN-typed key")
                    .note("ARN operators compare part by part (a wildcard cannot spill across `:`), and tools that reason about ARNs understand them")
                    .help(format!("write \"{arn_op}\""));
                ctx.report(f);
            }
        }
    }
}
