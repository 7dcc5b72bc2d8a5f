//! TL004 invalid-effect: `Effect` missing, or not exactly `Allow` or `Deny`.

use crate::rules::Ctx;
use crate::suggest::did_you_mean;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(member) = stmt.effect_member else {
            let f = ctx
                .finding(stmt.anchor(), format!("{} has no `Effect`", stmt.describe()))
                .label("this statement says neither Allow nor Deny")
                .note("AWS rejects a statement without an Effect")
                .help("add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"");
            ctx.report(f);
            continue;
        };
        let Some(value) = member.value.as_str() else {
            continue; // TL009 reports the type.
        };
        if value == "Allow" || value == "Deny" {
            continue;
        }
        let f = ctx.finding(
            member.value.span,
            format!("`Effect` must be \"Allow\" or \"Deny\", found \"{value}\""),
        );
        let f = match did_you_mean(value, ["Allow", "Deny"]) {
            Some(fix) if fix.eq_ignore_ascii_case(value) => f
                .label("IAM compares this value case-sensitively")
                .help(format!("write \"{fix}\"")),
            Some(fix) => f.label("not an effect").help(format!("did you mean \"{fix}\"?")),
            None => f.label("not an effect").help("write \"Allow\" or \"Deny\""),
        };
        ctx.report(f.note("AWS rejects a statement whose Effect is not exactly Allow or Deny"));
    }
}
