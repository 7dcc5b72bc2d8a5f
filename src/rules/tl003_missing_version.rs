//! TL003 missing-version: no `Version`, the legacy `2008-10-17`, or an unknown value.

use crate::diagnostic::Severity;
use crate::json::Span;
use crate::rules::Ctx;

pub const CURRENT: &str = "2012-10-17";
const LEGACY: &str = "2008-10-17";

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let policy = ctx.policy;
    let Some(version) = policy.version else {
        let brace = Span {
            start: policy.root.span.start,
            end: policy.root.span.start + 1,
        };
        let f = ctx
            .finding(brace, "the policy has no `Version`")
            .label("this policy object has no `Version` element")
            .note("without a Version, IAM reads the policy as 2008-10-17, where policy variables such as ${aws:username} are plain text")
            .help(format!("add \"Version\": \"{CURRENT}\" as the first element"));
        ctx.report(f);
        return;
    };
    let Some(value) = version.value.as_str() else {
        return; // TL009 reports the type.
    };
    if value == CURRENT {
        return;
    }
    let f = if value == LEGACY {
        ctx.finding(version.value.span, format!("the policy uses the legacy version \"{LEGACY}\""))
            .label("legacy policy language version")
            .note("in 2008-10-17 policy variables such as ${aws:username} are not substituted, and newer features are unavailable")
            .help(format!("write \"Version\": \"{CURRENT}\""))
    } else {
        ctx.finding(version.value.span, format!("unknown policy version \"{value}\""))
            .label(format!("IAM knows only \"{CURRENT}\" and \"{LEGACY}\""))
            .note("AWS rejects a policy whose Version is neither 2012-10-17 nor 2008-10-17")
            .help(format!("write \"Version\": \"{CURRENT}\" (the version of the policy language, not a date of yours)"))
            .severity(Severity::Error)
    };
    ctx.report(f);
}
