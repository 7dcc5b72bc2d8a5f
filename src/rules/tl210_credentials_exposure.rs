//! TL210 credentials-exposure: actions that return credentials, allowed on
//! broad resources.

use std::sync::OnceLock;

use crate::rules::Ctx;
use crate::rules::checks::tl208_data_exfiltration::{ActionList, sensitive};

fn credentials() -> &'static ActionList {
    static A: OnceLock<ActionList> = OnceLock::new();
    A.get_or_init(|| ActionList::of(&sensitive().credentials))
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.on_broad_resources() {
            continue;
        }
        for action in credentials().candidates(stmt) {
            let Some(token) = stmt.allows(action) else { continue };
            let f = ctx
                .finding(token, format!("`{action}` returns credentials, allowed on a broad resource"))
                .label("hands out credentials")
                .note("credentials minted by this action outlive the session that asked for them and travel outside AWS's view")
                .help("scope it to the resources that need it (e.g. iam:CreateAccessKey on arn:aws:iam::ACCOUNT:user/${aws:username})");
            ctx.report(f);
        }
    }
}
