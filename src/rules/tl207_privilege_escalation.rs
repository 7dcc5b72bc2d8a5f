//! TL207 privilege-escalation: the policy grants, on broad resources, a set of
//! actions that lets the principal raise its own rights. The paths are data:
//! `data/privilege-escalation.toml`.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::json::Span;
use crate::policy::{ServiceBits, Statement};
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

/// The paths, and for each the services its actions belong to.
struct Paths {
    path: Vec<Path>,
    needs: Vec<u64>,
    services: ServiceBits,
}

fn paths() -> &'static Paths {
    static P: OnceLock<Paths> = OnceLock::new();
    P.get_or_init(|| {
        let file: File = serde_json::from_str(data_json!("privilege-escalation"))
            .expect("data/privilege-escalation.toml is checked by tests");
        let mut services = ServiceBits::default();
        let needs = file
            .path
            .iter()
            .map(|p| p.actions.iter().fold(0, |mask, a| mask | services.add(a)))
            .collect();
        Paths {
            path: file.path,
            needs,
            services,
        }
    })
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
    // Most policies name none of the paths' services: then no path is looked up.
    let named = paths.services.named_by(&broad);
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
