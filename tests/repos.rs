//! Cross-file rules (TL3xx) over two fixture repositories built from the
//! seeds' Acme/Stuzio scenario: `mismatched` has one mistake per rule,
//! `consistent` is its twin where both sides of every trust agree.

use std::path::{Path, PathBuf};
use std::process::Command;

use trustlint::config::{self, Settings};
use trustlint::lint::{self, Options, Outcome};
use trustlint::report::{self, Format, RenderOptions};

const CROSS: [&str; 4] = ["TL301", "TL302", "TL303", "TL304"];

fn lint(repo: &str, paths: &[&str]) -> Outcome {
    let root = Path::new("tests/repos").join(repo);
    let mut settings = Settings {
        select: Some(CROSS.iter().map(|c| c.to_string()).collect()),
        ..Settings::default()
    };
    let toml = root.join("trustlint.toml");
    config::load(&toml, toml.display().to_string(), &mut settings).unwrap_or_else(|e| panic!("{e}"));
    let options = Options {
        paths: paths.iter().map(|p| root.join(p)).collect::<Vec<PathBuf>>(),
        settings,
        ..Options::default()
    };
    lint::run(&options).expect("lints")
}

fn codes(o: &Outcome) -> Vec<&str> {
    o.findings.iter().map(|f| f.code).collect()
}

#[test]
fn every_cross_file_rule_fires_once_on_the_mismatched_repository() {
    let o = lint("mismatched", &["."]);
    let mut found = codes(&o);
    found.sort();
    assert_eq!(found, CROSS.to_vec());
    // Two-file diagnostics: TL301's second label is in the trust policy.
    let tl301 = o.findings.iter().find(|f| f.code == "TL301").expect("TL301");
    assert!(tl301.file.name.ends_with("acme/troy-assume.json"));
    assert!(tl301.labels[0].file.name.ends_with("stuzio/audit-trust.json"));
    let mut human = Vec::new();
    report::write(Format::Human, &o, RenderOptions::default(), &mut human).expect("render");
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("repos.mismatched.human", String::from_utf8_lossy(&human));
    });
}

#[test]
fn the_consistent_twin_gives_nothing() {
    let o = lint("consistent", &["."]);
    assert!(o.findings.is_empty(), "{:?}", codes(&o));
    assert_eq!(o.policies, 6);
}

#[test]
fn a_change_to_either_side_alone_still_reports_the_mismatch() {
    // pre-commit passes only the changed files: the caller's policy...
    let o = lint("mismatched", &["acme/troy-assume.json"]);
    assert!(codes(&o).contains(&"TL301"), "{:?}", codes(&o));
    // ...or the role's trust: the other side is read from disk.
    let o = lint("mismatched", &["stuzio/audit-trust.json"]);
    assert!(codes(&o).contains(&"TL301"), "{:?}", codes(&o));
    assert!(codes(&o).contains(&"TL304"), "{:?}", codes(&o));
    // A file no cross-file finding touches reports none.
    let o = lint("mismatched", &["stuzio/projectx.json"]);
    assert!(o.findings.is_empty(), "{:?}", codes(&o));
}

fn manifest_error(toml: &str) -> String {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("trust.json"), "{\"Statement\": []}").expect("write");
    std::fs::write(d.path().join("trustlint.toml"), toml).expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_trustlint"))
        .arg("trust.json")
        .current_dir(d.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2), "a bad manifest is exit 2");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_bad_manifest_is_an_error_with_its_location() {
    let e = manifest_error("[[role]]\narn = \"arn:aws:iam::123456789012:role/R\"\ntrust = \"missing.json\"\n");
    assert!(
        e.contains("no such file: missing.json") && e.contains("trustlint.toml:3:9"),
        "{e}"
    );
    let e = manifest_error("[[role]]\narn = \"arn:aws:iam::1234:role/R\"\ntrust = \"trust.json\"\n");
    assert!(
        e.contains("is not an IAM role ARN") && e.contains("trustlint.toml:2:7"),
        "{e}"
    );
    let e = manifest_error("[[role]]\narn = \"arn:aws:iam::123456789012:role/R\"\n");
    assert!(e.contains("a [[role]] needs `trust`"), "{e}");
    let e = manifest_error("[[user]]\narn = \"arn:aws:iam::123456789012:user/u\"\npolicy = [\"trust.json\"]\n");
    assert!(
        e.contains("unknown field `policy`") && e.contains("trustlint.toml:3:1"),
        "{e}"
    );
    let e = manifest_error(
        "[[user]]\narn = \"arn:aws:iam::123456789012:user/u\"\ngroups = [\"arn:aws:iam::123456789012:group/g\"]\n",
    );
    assert!(e.contains("no [[group]] with arn"), "{e}");
    let e = manifest_error("[[user]]\narn = \"arn:aws:iam::123456789012:user/u\"\npolicies = [\"nope/*.json\"]\n");
    assert!(e.contains("no file matches `nope/*.json`"), "{e}");
}
