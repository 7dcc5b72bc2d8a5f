//! Configuration, suppressions, baselines, stdin and rule selection, through
//! the binary as users run it.

mod common;
use common::trustlint;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `CODE@path:line` of every finding, from `--format json`.
fn found(o: &Output) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("JSON output ({e}): {}", stdout(o)));
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}@{}:{}",
                f["code"].as_str().unwrap_or("?"),
                f["path"].as_str().unwrap_or("?"),
                f["range"]["start"]["line"]
            )
        })
        .collect()
}

const VENDOR_TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "VendorAccess",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::464622532012:root"},
      "Action": "sts:AssumeRole"
    }
  ]
}
"#;

const ONLY: &[&str] = &["--format", "json", "--select", "TL102,TL116,TL900"];

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a: Vec<&str> = ONLY.to_vec();
    a.extend_from_slice(extra);
    a
}

#[test]
fn config_error_points_into_the_toml() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "trust.json", VENDOR_TRUST);
    write(d.path(), "trustlint.toml", "[accounts]\nown = [\"12345\"]\n");
    let o = trustlint(d.path(), &["trust.json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("invalid configuration: `12345` is not a 12-digit AWS account ID"),
        "{err}"
    );
    assert!(err.contains("┌─ trustlint.toml:2:8"), "{err}");
    assert!(err.contains("^^^^^^^"), "{err}");

    write(d.path(), "trustlint.toml", "fail-on = \"warning\"\nbanana = 1\n");
    let o = trustlint(d.path(), &["trust.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("trustlint.toml:2:1"), "{}", stderr(&o));
    assert!(stderr(&o).contains("banana"), "{}", stderr(&o));

    write(d.path(), "trustlint.toml", "[rules]\nTL999 = \"off\"\n");
    let o = trustlint(d.path(), &["trust.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no rule `TL999`"), "{}", stderr(&o));

    write(d.path(), "trustlint.toml", "[rules]\nmissing-mfa = \"loud\"\n");
    let o = trustlint(d.path(), &["trust.json"]);
    assert!(stderr(&o).contains("trustlint.toml:2:15"), "{}", stderr(&o));
}

#[test]
fn accounts_third_party_and_own() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "trust.json", VENDOR_TRUST);
    // Bundled vendor list: Datadog's account is a third party, so TL102 is an error.
    let o = trustlint(d.path(), &["--format", "short", "--select", "TL102", "trust.json"]);
    assert!(
        stdout(&o).contains("error: account root 464622532012 (Datadog)"),
        "{}",
        stdout(&o)
    );
    // Listed as own: silent.
    write(d.path(), "trustlint.toml", "[accounts]\nown = [\"464622532012\"]\n");
    let o = trustlint(d.path(), &args(&["trust.json"]));
    assert!(found(&o).is_empty(), "{:?}", found(&o));
    // Config found from a subfolder, upward.
    std::fs::create_dir_all(d.path().join("sub")).expect("mkdir");
    let o = trustlint(&d.path().join("sub"), &args(&["../trust.json"]));
    assert!(found(&o).is_empty(), "{:?}", found(&o));
    // A configured third party is named; an unknown account is TL116.
    write(
        d.path(),
        "trustlint.toml",
        "[accounts]\nown = [\"111122223333\"]\n[accounts.third-party]\n\"Acme Audit\" = \"464622532012\"\n",
    );
    write(
        d.path(),
        "other.json",
        &VENDOR_TRUST.replace("464622532012", "999988887777"),
    );
    let o = trustlint(d.path(), &["--format", "short", "--select", "TL102,TL116", "."]);
    let out = stdout(&o);
    assert!(
        out.contains("trust.json:7:28: error: account root 464622532012 (Acme Audit)"),
        "{out}"
    );
    assert!(
        out.contains("other.json:7:28: warning: account 999988887777 is neither"),
        "{out}"
    );
}

#[test]
fn rule_levels_select_and_ignore() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "trust.json", VENDOR_TRUST);
    let o = trustlint(
        d.path(),
        &["--format", "json", "--ignore", "TL102,missing-mfa", "trust.json"],
    );
    let f = found(&o);
    assert!(
        !f.iter().any(|x| x.starts_with("TL102") || x.starts_with("TL105")),
        "{f:?}"
    );
    assert!(f.iter().any(|x| x.starts_with("TL119")), "{f:?}");
    let o = trustlint(
        d.path(),
        &["--format", "json", "--select", "root-principal-unscoped", "trust.json"],
    );
    assert_eq!(found(&o), vec!["TL119@trust.json:7"]);
    write(
        d.path(),
        "trustlint.toml",
        "fail-on = \"error\"\n[rules]\nTL102 = \"warning\"\nTL105 = \"off\"\n",
    );
    let o = trustlint(d.path(), &["--format", "short", "trust.json"]);
    assert!(
        stdout(&o).contains("warning: account root 464622532012 (Datadog)"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("[TL105]"));
    assert_eq!(o.status.code(), Some(0), "fail-on = error and only warnings");
    let o = trustlint(d.path(), &["--fail-on", "info", "trust.json"]);
    assert_eq!(o.status.code(), Some(1), "the flag overrides the file");
    let o = trustlint(d.path(), &["--select", "TL999", "trust.json"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn suppressions_and_stale_ones() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "roles/vendor.json", VENDOR_TRUST);
    write(
        d.path(),
        "roles/other.json",
        &VENDOR_TRUST.replace("VendorAccess", "Other"),
    );
    write(
        d.path(),
        "trustlint.toml",
        r#"
[[ignore]]
rule = "root-principal-without-external-id"
path = "roles/*.json"
sid = "VendorAccess"
reason = "Datadog's setup predates external IDs; ticket SEC-12"

[[ignore]]
rule = "TL116"
path = "roles/*.json"
pointer = "/Statement/0/Principal"
reason = "stale on purpose"
"#,
    );
    let o = trustlint(d.path(), &args(&["."]));
    let f = found(&o);
    // vendor.json is suppressed by Sid; other.json is not; the TL116 entry is stale.
    assert_eq!(f, vec!["TL102@roles/other.json:7", "TL900@trustlint.toml:8"], "{f:?}");
    // A run over a file the stale entry cannot apply to does not call it stale.
    write(d.path(), "elsewhere/x.json", VENDOR_TRUST);
    let o = trustlint(d.path(), &args(&["elsewhere/x.json"]));
    assert_eq!(found(&o), vec!["TL102@elsewhere/x.json:7"]);
    // A pointer that matches suppresses; a reason is required.
    write(
        d.path(),
        "trustlint.toml",
        "[[ignore]]\nrule = \"TL102\"\npointer = \"/Statement/0/Principal\"\nreason = \"accepted\"\n",
    );
    let o = trustlint(d.path(), &args(&["roles"]));
    assert!(found(&o).is_empty(), "{:?}", found(&o));
    let human = trustlint(d.path(), &["--select", "TL102", "roles"]);
    assert!(
        stdout(&human).contains("2 suppressed in trustlint.toml"),
        "{}",
        stdout(&human)
    );
    write(
        d.path(),
        "trustlint.toml",
        "[[ignore]]\nrule = \"TL102\"\nreason = \"\"\n",
    );
    let o = trustlint(d.path(), &args(&["roles"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`reason` cannot be empty"), "{}", stderr(&o));
}

#[test]
fn baseline_survives_an_unrelated_edit_above_the_finding() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "trust.json", VENDOR_TRUST);
    let o = trustlint(d.path(), &["--write-baseline", "baseline.json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote"), "{}", stderr(&o));
    let o = trustlint(
        d.path(),
        &["--baseline", "baseline.json", "--format", "json", "trust.json"],
    );
    assert!(found(&o).is_empty(), "{:?}", found(&o));
    assert_eq!(o.status.code(), Some(0));
    // An unrelated edit above: a new statement first, and an Id. Lines move; nothing new.
    let edited = VENDOR_TRUST.replace(
        "\"Statement\": [\n",
        "\"Id\": \"vendor-trust\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"},\n",
    );
    write(d.path(), "trust.json", &edited);
    let o = trustlint(
        d.path(),
        &["--baseline", "baseline.json", "--format", "json", "trust.json"],
    );
    assert!(found(&o).is_empty(), "{:?}", found(&o));
    // A new finding is reported: a second vendor account.
    let added = edited.replace(
        "\"AWS\": \"arn:aws:iam::464622532012:root\"",
        "\"AWS\": [\"arn:aws:iam::464622532012:root\", \"arn:aws:iam::926226587429:root\"]",
    );
    write(d.path(), "trust.json", &added);
    let o = trustlint(
        d.path(),
        &[
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            "--select",
            "TL102",
            "trust.json",
        ],
    );
    assert_eq!(
        found(&o).len(),
        2,
        "the statement changed, so both principals are new: {:?}",
        found(&o)
    );
}

#[test]
fn stdin_filename() {
    let d = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_trustlint"))
        .args([
            "check",
            "--stdin-filename",
            "roles/vendor.json",
            "--format",
            "short",
            "--select",
            "TL102",
        ])
        .current_dir(d.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(VENDOR_TRUST.as_bytes())
        .expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("roles/vendor.json:7:28: error: account root 464622532012 (Datadog)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn force_exclude_applies_to_named_files() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "vendor/third.json", VENDOR_TRUST);
    write(d.path(), "trustlint.toml", "exclude = [\"vendor/**\"]\n");
    let o = trustlint(d.path(), &args(&["vendor/third.json"]));
    assert_eq!(found(&o).len(), 1, "named files are linted by default");
    let o = trustlint(d.path(), &args(&["--force-exclude", "vendor/third.json"]));
    assert!(found(&o).is_empty());
    let o = trustlint(d.path(), &args(&["."]));
    assert!(found(&o).is_empty(), "the walk honours exclude");
}

#[test]
fn now_flag_makes_time_windows_deterministic() {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "window.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:role/Auditor"}, "Action": "sts:AssumeRole",
  "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-06-30T00:00:00Z"}}}]}"#,
    );
    let before = trustlint(
        d.path(),
        &[
            "--format",
            "json",
            "--select",
            "TL108",
            "--now",
            "2030-01-01T00:00:00Z",
            "window.json",
        ],
    );
    assert!(found(&before).is_empty());
    let after = trustlint(
        d.path(),
        &[
            "--format",
            "json",
            "--select",
            "TL108",
            "--now",
            "2030-07-01T00:00:00Z",
            "window.json",
        ],
    );
    assert_eq!(found(&after), vec!["TL108@window.json:3"]);
    let bad = trustlint(d.path(), &["--now", "yesterday", "window.json"]);
    assert_eq!(bad.status.code(), Some(2));
}
