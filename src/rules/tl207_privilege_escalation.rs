//! TL207 privilege-escalation: the policy grants, on broad resources, a set of
//! actions that lets the principal raise its own rights. The paths are data:
//! `data/privilege-escalation.toml`.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::json::Span;
use crate::policy::{Statement, split_colon, wildcard};
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

/// The paths, and for each the services its actions belong to: a bit per
/// entry of `services`, the lower-case service prefixes the paths name.
struct Paths {
    path: Vec<Path>,
    needs: Vec<u64>,
    services: Vec<String>,
}

fn paths() -> &'static Paths {
    static P: OnceLock<Paths> = OnceLock::new();
    P.get_or_init(|| {
        let file: File = toml::from_str(include_str!("../../data/privilege-escalation.toml"))
            .expect("data/privilege-escalation.toml is checked by tests");
        let mut services: Vec<String> = Vec::new();
        let needs = file
            .path
            .iter()
            .map(|p| {
                p.actions.iter().fold(0u64, |mask, a| {
                    let svc = a.split_once(':').map_or(a.as_str(), |(s, _)| s).to_ascii_lowercase();
                    let bit = services.iter().position(|s| *s == svc).unwrap_or_else(|| {
                        services.push(svc);
                        services.len() - 1
                    });
                    mask | 1 << bit
                })
            })
            .collect();
        assert!(services.len() <= 64, "a bit per service");
        Paths {
            path: file.path,
            needs,
            services,
        }
    })
}

/// Which of the paths' services the statements' actions may name (see
/// [`Paths`]); every bit when one could name any service: a `NotAction`, or
/// an item whose service is a wildcard (`*`, `*:Get*`) or missing. Most
/// policies name none of them, and then no path needs looking up.
fn services_named(statements: &[&Statement<'_>], services: &[String]) -> u64 {
    let mut named = 0u64;
    for s in statements {
        let Some(list) = &s.action else { continue };
        if list.negated {
            return u64::MAX;
        }
        for a in &list.items {
            match split_colon(a.value) {
                Some((svc, _)) if !wildcard::has_wildcard(svc) => {
                    if let Some(bit) = services.iter().position(|s| s.eq_ignore_ascii_case(svc)) {
                        named |= 1 << bit;
                    }
                }
                _ => return u64::MAX,
            }
        }
    }
    named
}

pub fn check(ctx: &mut Ctx<'_, '_>) {
    // Statements on broad resources, found once; most paths share actions
    // (iam:PassRole), so each action is looked up once too.
    let broad: Vec<&Statement<'_>> = ctx
        .policy
        .statements
        .iter()
        .filter(|s| s.is_allow() && s.on_broad_resources())
        .collect();
    if broad.is_empty() {
        return;
    }
    let paths = paths();
    let named = services_named(&broad, &paths.services);
    let mut seen: Vec<(&str, Option<Span>)> = Vec::new();
    let mut granted = |action: &'static str| -> Option<Span> {
        if let Some((_, t)) = seen.iter().find(|(a, _)| *a == action) {
            return *t;
        }
        let t = broad.iter().find_map(|s| s.allows(action));
        seen.push((action, t));
        t
    };
    for (path, needs) in paths.path.iter().zip(&paths.needs) {
        if needs & !named != 0 {
            continue;
        }
        let tokens: Option<Vec<Span>> = path.actions.iter().map(|a| granted(a)).collect();
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
