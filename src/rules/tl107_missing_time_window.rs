//! TL107 missing-time-window: a trust of another account with no end date.

use crate::policy::window;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let accounts = &ctx.settings.accounts;
    for stmt in &ctx.policy.statements {
        let Some(action) = stmt.allows("sts:AssumeRole") else { continue };
        if window::has_end(stmt) {
            continue;
        }
        // Report once per statement, at the first principal of another account.
        let other = stmt
            .aws_principals()
            .find(|(_, p)| p.account().is_some_and(|a| !accounts.is_own(a)));
        let Some((text, principal)) = other else { continue };
        let account = principal.account().unwrap_or_default();
        let f = ctx
            .finding(text.span, format!("account {account} is trusted with no end date"))
            .label("access from another account")
            .secondary(action, "allowed here")
            .note("temporary access (a vendor, an audit, a project) that never expires outlives its purpose and is forgotten")
            .help("if the access is temporary, add \"DateLessThan\": {\"aws:CurrentTime\": \"2026-12-31T23:59:59Z\"}; list your own accounts in trustlint.toml ([accounts] own) to silence this for them");
        ctx.report(f);
    }
}
