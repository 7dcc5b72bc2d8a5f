//! TL019 unknown-condition-key: a condition key that is neither global nor
//! defined by a service the statement's actions belong to.

use std::cell::LazyCell;
use std::collections::HashSet;

use crate::catalog::catalog;
use crate::policy::split_colon;
use crate::rules::Ctx;
use crate::suggest::did_you_mean;

/// Keys a service sets on the requests it makes to other services (so they
/// appear with other services' actions).
const CROSS_SERVICE: [&str; 3] = [
    "glue:roleassumedby",
    "glue:credentialissuingservice",
    "lambda:sourcefunctionarn",
];

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let cat = catalog();
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        // The services the statement's actions name; `None`: every service
        // (a `*` action or a NotAction). Built when a key needs it.
        let services: LazyCell<Option<HashSet<String>>, _> = LazyCell::new(|| match &stmt.action {
            Some(a) if !a.negated && !a.items.iter().any(|i| i.value == "*" || i.value.starts_with('*')) => Some(
                a.items
                    .iter()
                    .filter_map(|i| split_colon(i.value).map(|(p, _)| p.to_ascii_lowercase()))
                    .collect(),
            ),
            _ => None,
        });
        for entry in cond.blocks.iter().flat_map(|b| &b.entries) {
            let key = entry.key.value;
            let Some((prefix, _)) = split_colon(key) else { continue };
            let prefix_l = prefix.to_ascii_lowercase();
            // Identity-provider keys (`token.actions.githubusercontent.com:sub`,
            // `SAML:aud`, `accounts.google.com:aud`) are not service keys.
            if prefix.contains('.') || prefix_l == "saml" || CROSS_SERVICE.contains(&entry.key_lower.as_str()) {
                continue;
            }
            // A key some service of the statement defines under another prefix
            // (AWS Marketplace Catalog's `catalog:ChangeType`). Asked last:
            // it looks the key up in each of the statement's services.
            let defined_by_statement = || {
                services.as_ref().is_some_and(|svcs| {
                    svcs.iter()
                        .filter_map(|p| cat.service(p))
                        .any(|s| s.condition_key(key).is_some())
                })
            };
            if prefix_l == "aws" {
                if cat.global_condition_key(key).is_none() && !defined_by_statement() {
                    let near = did_you_mean(key, cat.global_condition_keys().iter().map(|k| k.name()));
                    report(ctx, entry.key.span, format!("unknown global condition key `{key}`"), near);
                }
                continue;
            }
            // The common case first: a key of a service the statement acts on.
            let service = cat.service(prefix);
            let own_key = services.as_ref().is_some_and(|svcs| svcs.contains(&prefix_l))
                && service.is_some_and(|s| s.condition_key(key).is_some());
            if own_key || defined_by_statement() {
                continue;
            }
            let Some(service) = service else {
                report(ctx, entry.key.span, format!("`{key}`: no AWS service has the prefix `{prefix}`"), None);
                continue;
            };
            // A service the reference lists no keys for is incompletely
            // described (lakeformation:GlueARN is real): say nothing.
            if service.condition_key(key).is_none() && !service.condition_keys.is_empty() {
                let near = did_you_mean(key, service.condition_keys.iter().map(|k| k.name()));
                report(ctx, entry.key.span, format!("{} defines no condition key `{key}`", service.prefix), near);
                continue;
            }
            if let Some(svcs) = &*services
                && !svcs.contains(&prefix_l)
            {
                let f = ctx
                    .finding(entry.key.span, format!("`{key}` is a key of {}, but the statement has no {} action", service.prefix, service.prefix))
                    .label("never present in these requests")
                    .note("a service's condition keys are set only on requests to that service: for these actions the key is absent, so the condition never matches (or, negated or with IfExists, always does)")
                    .help("move the condition to the statement with the matching actions, or use the key of the service these actions belong to");
                ctx.report(f);
            }
        }
    }
}

fn report(ctx: &mut Ctx<'_, '_>, span: crate::json::Span, message: String, near: Option<&str>) {
    let f = ctx
        .finding(span, message)
        .label("unknown condition key")
        .note("a key no request carries makes the condition never match (or, negated or with IfExists, always match)")
        .help(match near {
            Some(k) => format!("did you mean `{k}`?"),
            None => "check the key in the AWS global condition keys and the service's Service Authorization Reference page".to_string(),
        });
    ctx.report(f);
}
