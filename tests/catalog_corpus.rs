//! Every action that AWS's own managed policies name (`../shared/corpus/aws-managed`,
//! `Action` and `NotAction`, wildcards expanded) must be known to the bundled
//! catalogue. The few that are not are new or preview actions newer than the
//! catalogue's data, or mistakes in AWS's policies; their number may only go
//! down (lower `MAX_UNKNOWN` when it does).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;
use trustlint::catalog::catalog;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aws-managed");

/// Measured with data of 2026-09-26 (see data/catalog/MANIFEST.txt).
const MAX_UNKNOWN: usize = 21;

fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Known: `*`, a pattern matching at least one action, or any action of a
/// retired legacy prefix whose action names were never published.
fn known(action: &str) -> bool {
    let c = catalog();
    if action == "*" || !c.matching_actions(action).is_empty() {
        return true;
    }
    let prefix = action.split_once(':').map_or(action, |(p, _)| p);
    c.service(prefix).is_some_and(|s| s.retired && s.actions.is_empty())
}

#[test]
fn managed_policy_actions_are_known() {
    let mut files: Vec<_> = fs::read_dir(Path::new(CORPUS))
        .unwrap_or_else(|e| panic!("cannot read {CORPUS}: {e}"))
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() > 1000, "{} policies in {CORPUS}", files.len());

    let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut total = 0;
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let statements = match doc.get("Statement") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(s @ Value::Object(_)) => vec![s],
            _ => Vec::new(),
        };
        for st in statements {
            for action in strings(st.get("Action"))
                .into_iter()
                .chain(strings(st.get("NotAction")))
            {
                total += 1;
                if !known(action) {
                    unknown.entry(action.to_string()).or_default().push(name.clone());
                }
            }
        }
    }
    println!(
        "{} action strings in {} policies; {} unknown:",
        total,
        files.len(),
        unknown.len()
    );
    for (action, policies) in &unknown {
        println!("  {action}  ({})", policies.join(", "));
    }
    assert!(
        unknown.len() <= MAX_UNKNOWN,
        "{} unknown actions (at most {MAX_UNKNOWN} allowed); run with --nocapture for the list",
        unknown.len()
    );
}
