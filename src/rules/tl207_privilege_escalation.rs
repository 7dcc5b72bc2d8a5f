//! TL207 privilege-escalation: the policy grants, on broad resources, a set of
//! actions that lets the principal raise its own rights. The paths are data:
//! `data/privilege-escalation.toml`.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::json::Span;
use crate::policy::{Statement, is_broad_resource};
use crate::rules::Ctx;

#[derive(Deserialize)]
struct File {
    path: Vec<Path>,
}

#[derive(Deserialize)]
struct Path {
    name: String,
    actions: Vec<String>,
}

fn paths() -> &'static [Path] {
    static P: OnceLock<File> = OnceLock::new();
    &P.get_or_init(|| {
        toml::from_str(include_str!("../../data/privilege-escalation.toml"))
            .expect("data/privilege-escalation.toml is checked by tests")
    })
    .path
}

/// The token that allows `action` on a broad resource in one of the statements.
pub fn granted_broadly(statements: &[Statement<'_>], action: &str) -> Option<Span> {
    statements.iter().find_map(|s| {
        let resources = s.resource.as_ref()?;
        let broad = resources.negated || resources.items.iter().any(|r| is_broad_resource(r.value));
        if broad { s.allows(action) } else { None }
    })
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    let statements = &ctx.policy.statements;
    for path in paths() {
        let tokens: Option<Vec<Span>> = path.actions.iter().map(|a| granted_broadly(statements, a)).collect();
        let Some(tokens) = tokens else { continue };
        let mut f = ctx
            .finding(tokens[0], format!("privilege escalation: the policy lets its holder {}", path.name))
            .label(format!("grants {}", path.actions[0]))
            .note(format!(
                "with {} on any resource, the principal can give itself more rights than this policy grants",
                path.actions.join(" + ")
            ))
            .help("scope these actions to the exact resources the job needs, or keep them for an administrator role");
        for (a, t) in path.actions.iter().zip(&tokens).skip(1) {
            if *t != tokens[0] {
                f = f.secondary(*t, format!("grants {a}"));
            }
        }
        ctx.report(f);
    }
}
