//! User rule packs: the worked examples in examples/rule-pack pass their own
//! examples and lint real files; malformed rule files are errors with a
//! location; `--rules` and `rule-dirs` both load packs.

mod common;
use common::trustlint;

use std::path::Path;
use std::process::Output;

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn the_worked_examples_pass_their_own_examples() {
    let o = trustlint(Path::new(ROOT), &["test-rules", "examples/rule-pack"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("rule examples: 4 passed, 0 failed"), "{}", out(&o));
}

#[test]
fn builtin_rule_examples_pass_through_the_cli() {
    let o = trustlint(Path::new(ROOT), &["test-rules"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn a_pack_lints_files_from_the_cli_and_from_the_config() {
    let args = [
        "--rules",
        "examples/rule-pack",
        "--select",
        "ACME001,ACME002",
        "--format",
        "short",
        "examples/stuzio-acme",
        "examples/starter",
    ];
    let o = trustlint(Path::new(ROOT), &args);
    let text = out(&o);
    assert!(text.contains("stuzio-acme-consultant-role-trust.json:7:16: error: `arn:aws:iam::183438944504:root` may assume this role from outside Acme's organization [ACME001]"), "{text}");
    assert!(
        text.contains(
            "permission-policy.json:10:13: warning: `arn:aws:s3:::example-bucket` is not an Acme bucket [ACME002]"
        ),
        "{text}"
    );

    let d = tempfile::tempdir().expect("tempdir");
    let pack = d.path().join("policies-rules");
    std::fs::create_dir(&pack).expect("mkdir");
    std::fs::copy(
        Path::new(ROOT).join("examples/rule-pack/ACME002.toml"),
        pack.join("ACME002.toml"),
    )
    .expect("copy");
    std::fs::write(
        d.path().join("trustlint.toml"),
        "rule-dirs = [\"policies-rules\"]\n[rules]\nACME002 = \"error\"\n",
    )
    .expect("write");
    std::fs::write(
        d.path().join("p.json"),
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}]}"#,
    )
    .expect("write");
    let o = trustlint(d.path(), &["--format", "short", "--select", "ACME002", "p.json"]);
    assert!(
        out(&o).contains("p.json:1:99: error: `arn:aws:s3:::other/*` is not an Acme bucket [ACME002]"),
        "{}",
        out(&o)
    );
}

fn pack_error(rule: &str) -> String {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("r.toml"), rule).expect("write");
    std::fs::write(d.path().join("p.json"), "{\"Statement\": []}").expect("write");
    let o = trustlint(d.path(), &["--rules", ".", "p.json"]);
    assert_eq!(o.status.code(), Some(2), "a bad rule file is exit 2: {}", out(&o));
    out(&o)
}

const HEAD: &str = "code = \"X001\"\nname = \"x\"\nseverity = \"error\"\nsummary = \"s\"\n[docs]\nwhat = \"w\"\nwhy = \"y\"\nfix = \"f\"\n";

#[test]
fn malformed_rule_files_are_errors_with_a_location() {
    let e = pack_error(&HEAD.replace("X001", "TL999"));
    assert!(
        e.contains("codes starting with TL are trustlint's own") && e.contains("r.toml:1:9"),
        "{e}"
    );
    let e = pack_error(&format!(
        "{HEAD}[check]\nselect = \"$.Statement[*.Action\"\nmessage = \"m\"\n"
    ));
    assert!(e.contains("invalid JSONPath") && e.contains("r.toml:10:"), "{e}");
    let e = pack_error(&format!("{HEAD}banana = 1\n"));
    assert!(e.contains("unknown field `banana`"), "{e}");
    let e = pack_error(&HEAD.replace("name = \"x\"", "name = \"invalid-effect\""));
    assert!(e.contains("`invalid-effect` is already used by another rule"), "{e}");
    let e = pack_error(&format!(
        "{HEAD}[check]\nselect = \"$.Statement[*]\"\nmessage = \"m\"\n[[check.where]]\nmatches = \"a\"\nequals = \"b\"\n"
    ));
    assert!(e.contains("exactly one of"), "{e}");
    // Built-in rules keep their docs apart (parsed on first use); a user
    // rule must still have them.
    let no_docs = HEAD.split("[docs]").next().unwrap_or_default();
    let e = pack_error(&format!(
        "{no_docs}[check]\nselect = \"$.Statement[*]\"\nmessage = \"m\"\n"
    ));
    assert!(e.contains("missing field `docs`") && e.contains("r.toml:1:1"), "{e}");
}
