//! TL106 mfa-antipattern: MFA conditions that do not do what they say.

use crate::policy::OperatorBase;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        for (block, entry) in cond.entries_for("aws:multifactorauthpresent") {
            let Some(op) = block.operator else { continue };
            let is = |v: &str| entry.values.iter().any(|x| x.value.eq_ignore_ascii_case(v));
            let (message, label, help) = match (stmt.is_allow(), op.base, op.if_exists) {
                (false, OperatorBase::Bool, false) if is("false") => (
                    "this Deny misses long-term access keys",
                    "`Bool` fails when the key is absent, and it is absent for long-term access keys",
                    "write \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"} so that requests without the key are denied too",
                ),
                (true, OperatorBase::Bool, true) if is("true") => (
                    "`BoolIfExists` lets requests without MFA information through",
                    "passes when the key is absent: long-term access keys assume the role without MFA",
                    "write \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
                ),
                (true, OperatorBase::Bool, true) if is("false") => (
                    "this Allow grants access without MFA",
                    "passes when MFA was not used, and when the key is absent",
                    "to require MFA write \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
                ),
                (true, OperatorBase::Null, _) if is("false") => (
                    "`Null` does not test for MFA",
                    "the key is present in every request made with temporary credentials, with or without MFA",
                    "write \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
                ),
                _ => continue,
            };
            let f = ctx
                .finding(block.operator_text.span, message)
                .label(label)
                .secondary(entry.key.span, "the MFA key")
                .note("aws:MultiFactorAuthPresent is absent, not false, for requests signed with long-term access keys, and present for all temporary credentials")
                .help(help);
            ctx.report(f);
        }
    }
}
