//! TL110 service-principal-without-source: a service that assumes roles for
//! many customers is trusted with no `aws:SourceAccount`/`aws:SourceArn`.

use crate::facts;
use crate::policy::PrincipalType;
use crate::rules::Ctx;

const SOURCE_KEYS: [&str; 3] = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"];

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        if !stmt.is_allow() || SOURCE_KEYS.iter().any(|k| stmt.narrows(k)) {
            continue;
        }
        for service in stmt.principals(PrincipalType::Service) {
            if !facts::acts_for_other_accounts(service.value) {
                continue;
            }
            let f = ctx
                .finding(service.span, format!("{} may assume this role on behalf of any AWS account", service.value))
                .label("this service acts for many customers")
                .note("without a source condition, another customer of the service can point it at this role (the cross-service confused deputy)")
                .help("add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<your account ID>\"}}, or \"ArnLike\": {\"aws:SourceArn\": \"<the resource that uses the role>\"}");
            ctx.report(f);
        }
    }
}
