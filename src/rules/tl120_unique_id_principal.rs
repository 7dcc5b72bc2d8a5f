//! TL120 unique-id-principal: a principal shown as a unique ID (`AROA…`,
//! `AIDA…`): the user or role it named was deleted.

use crate::policy::AwsPrincipal;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        for (text, principal) in stmt.aws_principals() {
            if principal != AwsPrincipal::UniqueId {
                continue;
            }
            let kind = match text.value.get(..4).unwrap_or("") {
                "AROA" => "role",
                "AIDA" => "user",
                _ => "principal",
            };
            let f = ctx
                .finding(text.span, format!("the principal is the unique ID of a deleted {kind}: {}", text.value))
                .label("IAM shows a unique ID when the principal it named was deleted")
                .note(format!("the trust matches nobody now; a new {kind} with the same name gets a new ID and is not trusted either"))
                .help(format!("write the {kind}'s ARN again (arn:aws:iam::ACCOUNT:{kind}/NAME), or delete the statement if the access is over"));
            ctx.report(f);
        }
    }
}
