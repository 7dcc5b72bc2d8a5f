//! TL210 credentials-exposure: actions that return credentials, allowed on
//! broad resources.

use crate::rules::Ctx;
use crate::rules::checks::tl208_data_exfiltration::sensitive;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.on_broad_resources() {
            continue;
        }
        for action in &sensitive().credentials {
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
