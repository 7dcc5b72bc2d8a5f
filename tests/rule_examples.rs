//! The examples in every rule's docs are tests: a `bad` example gives at
//! least one finding of its rule, a `good` one none. `trustlint explain`
//! prints these same examples with the findings they give.

use trustlint::explain::example_findings;
use trustlint::rules::{ExampleKind, Registry};

#[test]
fn rule_examples_hold() {
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in Registry::builtin().rules() {
        for ex in rule.meta.examples.iter() {
            count += 1;
            let found = example_findings(rule, ex);
            match ex.kind {
                ExampleKind::Bad if found.is_empty() => {
                    failures.push(format!("{} bad example \"{}\": no finding", rule.code(), ex.title))
                }
                ExampleKind::Good if !found.is_empty() => failures.push(format!(
                    "{} good example \"{}\": {}",
                    rule.code(),
                    ex.title,
                    found.join("; ")
                )),
                _ => {}
            }
        }
    }
    assert!(count >= 18, "every rule has examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
