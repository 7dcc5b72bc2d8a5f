//! TL108 expired-time-window: a time window whose end has passed — dead access
//! that nobody removed.

use crate::policy::date;
use crate::policy::window::{self, Side};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let now = ctx.settings.now();
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() {
            continue;
        }
        let w = window::window(stmt);
        let Some(end) = w.end else { continue };
        let over = if end.inclusive { end.time < now } else { end.time <= now };
        if !over {
            continue;
        }
        let days = (now - end.time) / 86_400;
        let ago = match days {
            0 => "less than a day ago".to_string(),
            1 => "1 day ago".to_string(),
            d => format!("{d} days ago"),
        };
        let verb = if end.side == Side::At { "applied only at" } else { "ended" };
        let mut f = ctx
            .finding(end.value.span, format!("this access {verb} {} ({ago})", date::format(end.time)))
            .label("in the past")
            .note("an expired window grants nothing, but the trust stays: it is dead access that nobody removed, and extending the date silently revives it")
            .help("delete the statement (or the role) if the access is over; if it is still needed, set a new end date on purpose");
        if let Some(start) = w.start {
            f = f.secondary(start.value.span, "the window started here");
        }
        ctx.report(f);
    }
}
