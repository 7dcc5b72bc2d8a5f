//! The README's rule table and the rule files say the same thing.

use trustlint::rules::Registry;

#[test]
fn readme_lists_every_rule_with_its_default_severity() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    for rule in Registry::builtin().rules() {
        let m = &rule.meta;
        let row = format!("| {} | {} | {} |", m.code, m.name, m.severity);
        assert!(readme.contains(&row), "README.md has no row `{row}`");
    }
    let rows = readme.lines().filter(|l| l.starts_with("| TL")).count();
    assert_eq!(rows, Registry::builtin().rules().len(), "one README row per rule");
}
