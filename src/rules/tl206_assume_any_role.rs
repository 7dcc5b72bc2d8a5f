//! TL206 assume-any-role: `sts:AssumeRole` on `*` or on every role of an account.

use crate::policy::is_broad_resource;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(action) = stmt.allows("sts:AssumeRole") else { continue };
        let Some(list) = stmt.resource.as_ref().filter(|r| !r.negated) else { continue };
        for r in list.items.iter().filter(|r| is_broad_resource(r.value)) {
            let f = ctx
                .finding(r.span, format!("sts:AssumeRole is allowed on `{}`", r.value))
                .label("any role that trusts this principal or its account")
                .secondary(action, "allowed here")
                .note("the holder can assume every role whose trust names it or its account root — today's and tomorrow's — instead of the one it needs")
                .help("name the exact role: \"Resource\": \"arn:aws:iam::081278057606:role/StuzioAcmeConsultantRole\"");
            ctx.report(f);
        }
    }
}
