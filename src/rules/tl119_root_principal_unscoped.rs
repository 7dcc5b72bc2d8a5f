//! TL119 root-principal-unscoped: an account root is trusted without narrowing
//! which of its principals may come in.

use crate::policy::AwsPrincipal;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(action) = stmt.allows("sts:AssumeRole") else { continue };
        let scoped = stmt.narrows("aws:PrincipalArn")
            || stmt.narrows("aws:PrincipalOrgID")
            || stmt.condition.as_ref().is_some_and(|c| c.narrows_prefix("aws:PrincipalTag/"));
        if scoped {
            continue;
        }
        for (text, principal) in stmt.aws_principals() {
            let AwsPrincipal::Root { account } = principal else { continue };
            let f = ctx
                .finding(text.span, format!("every principal of account {account} that is allowed sts:AssumeRole can assume this role"))
                .label("the whole account is trusted")
                .secondary(action, "allowed here")
                .note("a root principal delegates the decision to that account's IAM policies: anyone there who gets sts:AssumeRole on \"*\" gets in")
                .help(format!(
                    "name the roles: {{\"AWS\": \"arn:aws:iam::{account}:role/NAME\"}}, or add \"ArnLike\": {{\"aws:PrincipalArn\": \"arn:aws:iam::{account}:role/PATH/*\"}}"
                ));
            ctx.report(f);
        }
    }
}
