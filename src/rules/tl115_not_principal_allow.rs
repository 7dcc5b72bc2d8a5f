//! TL115 not-principal-allow: `NotPrincipal` with `Allow` grants to everyone
//! except the principals listed.

use crate::policy::Effect;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(p) = &stmt.principal else { continue };
        if !p.negated || stmt.effect != Effect::Allow {
            continue;
        }
        let mut f = ctx
            .finding(p.member.key_span, "`NotPrincipal` with `Allow` trusts everyone except the principals listed")
            .label("every principal in every account, but these")
            .note("AWS advises against NotPrincipal with Allow: it grants to anonymous and unknown principals, and to every account you did not think of")
            .help("name who is trusted with \"Principal\" instead");
        if let Some(e) = stmt.effect_member {
            f = f.secondary(e.value.span, "in an Allow");
        }
        ctx.report(f);
    }
}
