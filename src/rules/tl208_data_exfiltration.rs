//! TL208 data-exfiltration: reads of secrets or data allowed on `*`.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::policy::{ServiceBits, Statement};
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
        serde_json::from_str(data_json!("sensitive-actions")).expect("data/sensitive-actions.toml is checked by tests")
    })
}

/// A list of actions with the bit of each one's service (see [`ServiceBits`]).
pub struct ActionList {
    services: ServiceBits,
    list: Vec<(&'static str, u64)>,
}

impl ActionList {
    pub fn of(actions: &'static [String]) -> ActionList {
        let mut services = ServiceBits::default();
        let list = actions.iter().map(|a| (a.as_str(), services.add(a))).collect();
        ActionList { services, list }
    }

    /// The actions `stmt` may allow: those of the services it may name.
    pub fn candidates(&self, stmt: &Statement<'_>) -> impl Iterator<Item = &'static str> + '_ {
        let named = self.services.named_by(&[stmt]);
        self.list.iter().filter(move |(_, bit)| bit & named != 0).map(|(a, _)| *a)
    }
}

fn data_reads() -> &'static ActionList {
    static A: OnceLock<ActionList> = OnceLock::new();
    A.get_or_init(|| ActionList::of(&sensitive().data_reads))
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(star) = stmt.star_resource() else { continue };
        let hits: Vec<&str> = data_reads().candidates(stmt).filter(|a| stmt.allows(a).is_some()).collect();
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
