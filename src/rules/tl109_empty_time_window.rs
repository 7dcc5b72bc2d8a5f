//! TL109 empty-time-window: the window's end is not after its start, so the
//! statement never applies.

use crate::policy::date;
use crate::policy::window;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let w = window::window(stmt);
        let (Some(start), Some(end)) = (w.start, w.end) else { continue };
        let empty = if start.inclusive && end.inclusive {
            end.time < start.time
        } else {
            end.time <= start.time
        };
        if !empty {
            continue;
        }
        let relation = if end.time == start.time { "is the same instant as" } else { "is before" };
        let f = ctx
            .finding(
                end.value.span,
                format!(
                    "the time window is empty: its end {} {relation} its start {}",
                    date::format(end.time),
                    date::format(start.time)
                ),
            )
            .label(format!("`{}` ends here", end.operator.value))
            .secondary(start.value.span, format!("`{}` starts here", start.operator.value))
            .note("no request time satisfies both bounds, so this statement never applies: the access it was meant to grant never works")
            .help("swap the two dates, or fix the one that was mistyped");
        ctx.report(f);
    }
}
