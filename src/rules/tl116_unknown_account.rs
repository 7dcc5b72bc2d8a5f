//! TL116 unknown-account: a trusted account the configuration does not know.
//! Runs only when `trustlint.toml` lists accounts.

use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let accounts = &ctx.settings.accounts;
    if !accounts.is_configured() {
        return;
    }
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() {
            continue;
        }
        for (text, principal) in stmt.aws_principals() {
            let Some(account) = principal.account() else { continue };
            if accounts.is_own(account) || accounts.third_party(account).is_some() {
                continue;
            }
            let f = ctx
                .finding(text.span, format!("account {account} is neither one of yours nor a known third party"))
                .label("not listed in trustlint.toml")
                .note("every trusted account should be accounted for; an unknown one is a typo, a forgotten vendor, or someone who should not be here")
                .help(format!(
                    "if the account is expected, list it in trustlint.toml: under [accounts] own = [\"{account}\"], or [accounts.third-party] \"Vendor\" = \"{account}\""
                ));
            ctx.report(f);
        }
    }
}
