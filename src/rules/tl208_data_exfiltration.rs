//! TL208 data-exfiltration: reads of secrets or data allowed on `*`.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::rules::Ctx;

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Sensitive {
    pub data_reads: Vec<String>,
    pub credentials: Vec<String>,
}

pub fn sensitive() -> &'static Sensitive {
    static S: OnceLock<Sensitive> = OnceLock::new();
    S.get_or_init(|| {
        toml::from_str(include_str!("../../data/sensitive-actions.toml")).expect("data/sensitive-actions.toml is checked by tests")
    })
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(star) = stmt.star_resource() else { continue };
        let hits: Vec<&str> = sensitive()
            .data_reads
            .iter()
            .map(String::as_str)
            .filter(|a| stmt.allows(a).is_some())
            .collect();
        let Some(first) = hits.first() else { continue };
        let token = stmt.allows(first).unwrap_or(star.span);
        let f = ctx
            .finding(token, format!("reads of secrets or data on every resource: {}", hits.join(", ")))
            .label("allowed on \"*\"")
            .secondary(star.span, "every bucket, secret, parameter and key")
            .note("a compromised holder can read every secret and object of the account, not only the ones its job needs")
            .help("name the buckets, secrets, parameters or keys: e.g. \"arn:aws:s3:::reports-bucket/*\"");
        ctx.report(f);
    }
}
