//! The binary as users run it: exit codes, discovery, hostile inputs.

mod common;
use common::trustlint;

use std::path::Path;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("JSON output ({e}): {}", stdout(o)))
}

fn codes(o: &Output) -> Vec<String> {
    json(o)["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            format!(
                "{}@{}",
                f["code"].as_str().unwrap_or("?"),
                f["path"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

const CLEAN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": "arn:aws:s3:::acme-reports/*"
    }
  ]
}
"#;

const BAD_EFFECT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-reports/*"
    }
  ]
}
"#;

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write fixture");
}

#[test]
fn clean_policy_exits_zero() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "clean.json", CLEAN);
    let o = trustlint(d.path(), &["check", "clean.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("1 file scanned, 1 policy linted: no findings"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn findings_exit_one_and_fail_on_moves_the_bar() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "bad.json", BAD_EFFECT);
    assert_eq!(trustlint(d.path(), &["bad.json"]).status.code(), Some(1));
    assert_eq!(
        trustlint(d.path(), &["bad.json", "--fail-on", "never"]).status.code(),
        Some(0)
    );
    // A warning only: fails at warning (default), passes at error.
    write(d.path(), "old.json", CLEAN.replace("2012-10-17", "2008-10-17"));
    assert_eq!(trustlint(d.path(), &["old.json"]).status.code(), Some(1));
    assert_eq!(
        trustlint(d.path(), &["old.json", "--fail-on", "error"]).status.code(),
        Some(0)
    );
}

#[test]
fn human_output_points_at_the_token() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "bad.json", BAD_EFFECT);
    let o = trustlint(d.path(), &["check", "bad.json"]);
    let out = stdout(&o);
    assert!(
        out.contains("error[TL004]: `Effect` must be \"Allow\" or \"Deny\", found \"allow\""),
        "{out}"
    );
    assert!(out.contains("┌─ bad.json:5:17"), "{out}");
    assert!(
        out.contains("^^^^^^^ IAM compares this value case-sensitively"),
        "{out}"
    );
    assert!(out.contains("= help: write \"Allow\""), "{out}");
    assert!(!out.contains('\u{1b}'), "NO_COLOR means no escape codes");
}

#[test]
fn json_output_contract() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "sub/bad.json", BAD_EFFECT);
    let o = trustlint(d.path(), &["check", "--format", "json", "."]);
    let v = json(&o);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "trustlint");
    let f = &v["findings"][0];
    assert_eq!(f["code"], "TL004");
    assert_eq!(f["name"], "invalid-effect");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["path"], "sub/bad.json");
    assert_eq!(f["range"]["start"]["line"], 5);
    assert_eq!(f["range"]["start"]["column"], 17);
    assert_eq!(f["range"]["end"]["column"], 24);
    assert!(f["note"].is_string() && f["help"].is_string());
    assert_eq!(f["labels"][0]["primary"], true);
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["policies"], 1);
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn discovery_lints_policies_only_and_honours_gitignore() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    write(p, "package.json", r#"{"name": "x", "version": "1.0.0"}"#);
    write(
        p,
        "tsconfig.json",
        "{\n  // comments are fine in tsconfig\n  \"compilerOptions\": {},\n}\n",
    );
    write(p, "policies/bad.json", BAD_EFFECT);
    write(p, "policies/clean.json", CLEAN);
    write(p, "policies/notes.txt", BAD_EFFECT);
    write(p, "ignored/bad.json", BAD_EFFECT);
    write(p, ".gitignore", "ignored/\n");
    write(p, "node_modules/pkg/bad.json", BAD_EFFECT);
    write(p, "target/bad.json", BAD_EFFECT);
    write(p, ".git/bad.json", BAD_EFFECT);
    let o = trustlint(p, &["--format", "json"]);
    assert_eq!(codes(&o), vec!["TL004@policies/bad.json"]);
    assert_eq!(json(&o)["summary"]["policies"], 2);
    assert_eq!(
        json(&o)["summary"]["files"],
        4,
        "package.json, tsconfig.json and two policies were read"
    );
    // --exclude and --include
    let o = trustlint(p, &["--format", "json", "--exclude", "policies/bad.json"]);
    assert!(codes(&o).is_empty());
    let o = trustlint(p, &["--format", "json", "--include", "**/*.txt"]);
    assert_eq!(codes(&o), vec!["TL004@policies/notes.txt"]);
}

/// A directory named through `../..`: each `..` leads further out and is
/// kept (the walk once dropped the second one and read `pol/bad.json`).
#[test]
fn directories_above_the_working_directory_are_walked() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "pol/bad.json", BAD_EFFECT);
    write(d.path(), "a/b/keep", "");
    let o = trustlint(
        &d.path().join("a/b"),
        &["--format", "json", "../../pol", "../b/../../pol"],
    );
    assert_eq!(codes(&o), vec!["TL004@../../pol/bad.json"], "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn broken_files_are_reported_when_they_look_like_policies() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    write(p, "curly.json", "{\n  “Version”: “2012-10-17”,\n  “Statement”: []\n}\n");
    write(p, "data.json", "{\"a\": 1,}");
    let o = trustlint(p, &["--format", "json", "."]);
    assert_eq!(codes(&o), vec!["TL001@curly.json"]);
    // Named explicitly, any broken file is reported.
    let o = trustlint(p, &["--format", "json", "data.json"]);
    assert_eq!(codes(&o), vec!["TL001@data.json"]);
    let o = trustlint(p, &["curly.json"]);
    let out = stdout(&o);
    assert!(out.contains("curly.json:2:3"), "{out}");
    assert!(out.contains("curly quote"), "{out}");
}

#[test]
fn explicit_non_policy_gets_a_note() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "package.json", r#"{"name": "x"}"#);
    let o = trustlint(d.path(), &["package.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("package.json: valid JSON but not an IAM policy"),
        "{}",
        stderr(&o)
    );
    let o = trustlint(d.path(), &["--quiet", "package.json"]);
    assert_eq!(stderr(&o), "");
}

#[test]
fn hostile_inputs_never_crash_and_others_still_lint() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    let deep = format!("{{\"Statement\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    write(p, "deep.json", deep);
    let unclosed = format!("{{\"Statement\": {}", "[".repeat(100_000));
    write(p, "unclosed.json", unclosed);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    write(p, "random.json", &noise);
    write(p, "empty.json", "");
    write(p, "blank.json", "  \n");
    write(
        p,
        "latin1.json",
        b"{\"Statement\": [{\"Sid\": \"caf\xe9\"}]}".as_slice(),
    );
    write(p, "bad.json", BAD_EFFECT);
    let names = [
        "deep.json",
        "unclosed.json",
        "random.json",
        "empty.json",
        "blank.json",
        "latin1.json",
        "bad.json",
    ];
    let mut args = vec!["--format", "json"];
    args.extend(names);
    let o = trustlint(p, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let found = codes(&o);
    for n in &names[1..6] {
        assert!(found.contains(&format!("TL001@{n}")), "{n}: {found:?}");
    }
    assert!(found.contains(&"TL004@bad.json".to_string()), "{found:?}");
    // The same folder walked: only policy-looking files are reported; no crash.
    let o = trustlint(p, &["--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(codes(&o).contains(&"TL004@bad.json".to_string()));
}

#[test]
fn missing_path_is_a_usage_error() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = trustlint(d.path(), &["nope.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nope.json: no such file or directory"),
        "{}",
        stderr(&o)
    );
    let o = trustlint(d.path(), &["check", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rules_and_explain() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = trustlint(d.path(), &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("TL002  duplicate-key"), "{}", stdout(&o));
    let o = trustlint(d.path(), &["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("rules JSON");
    assert_eq!(v[0]["code"], "TL001");
    let o = trustlint(d.path(), &["explain", "TL002"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("TL002 duplicate-key (error)"), "{out}");
    assert!(out.contains("Why it matters") && out.contains("How to fix") && out.contains("Example (bad)"));
    assert!(
        out.contains("error[TL002]: duplicate key `Effect`"),
        "explain shows real findings: {out}"
    );
    let o = trustlint(d.path(), &["explain", "duplicate-key"]);
    assert!(stdout(&o).starts_with("TL002"));
    let o = trustlint(d.path(), &["explain", "TL999"]);
    assert_eq!(o.status.code(), Some(2));
    let o = trustlint(d.path(), &["--version"]);
    assert!(stdout(&o).starts_with("trustlint "));
}

#[test]
fn color_always_emits_escapes() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "bad.json", BAD_EFFECT);
    let o = trustlint(d.path(), &["--color", "always", "bad.json"]);
    assert!(stdout(&o).contains('\u{1b}'));
}

/// `--timings`: a table on stderr with a row for each rule that ran and for
/// the phases, the report on stdout unchanged, the exit code unchanged.
#[test]
fn timings_go_to_stderr_and_change_nothing_else() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "bad.json", BAD_EFFECT);
    write(d.path(), "clean.json", CLEAN);
    let args = ["check", ".", "--format", "json", "--now", "2026-01-01T00:00:00Z"];
    let plain = trustlint(d.path(), &args);
    let timed = trustlint(d.path(), &[&args[..], &["--timings"]].concat());
    assert_eq!(timed.stdout, plain.stdout);
    assert_eq!(timed.status.code(), plain.status.code());
    assert!(stderr(&plain).is_empty(), "{}", stderr(&plain));
    let table = stderr(&timed);
    assert!(table.starts_with("trustlint: timings: "), "{table}");
    let rows: Vec<&str> = table.lines().skip(2).collect();
    let what = |row: &str| row.split_whitespace().skip(3).collect::<Vec<_>>().join(" ");
    let labels: Vec<String> = rows.iter().map(|r| what(r)).collect();
    for expected in [
        "walk",
        "read files",
        "parse JSON",
        "read the policy model",
        "report",
        "TL004 invalid-effect",
        "TL018 unknown-action",
        "expand actions (IAM catalogue)",
    ] {
        assert!(labels.iter().any(|l| l == expected), "no row `{expected}` in\n{table}");
    }
    // Rules ran once a policy: two files, two runs.
    let tl004 = rows
        .iter()
        .find(|r| r.ends_with("TL004 invalid-effect"))
        .expect("TL004 row");
    assert_eq!(tl004.split_whitespace().nth(2), Some("2"), "{table}");
    // Slowest first.
    let ms: Vec<f64> = rows
        .iter()
        .map(|r| r.split_whitespace().next().and_then(|m| m.parse().ok()).expect("ms"))
        .collect();
    assert!(ms.windows(2).all(|w| w[0] >= w[1]), "{table}");
}

/// A file is read whole, whatever its size against the read buffer: a
/// policy cut short would not parse (TL001).
#[test]
fn files_of_every_size_around_a_page_are_read_whole() {
    let d = tempfile::tempdir().expect("tempdir");
    let body = CLEAN.trim_end();
    let mut names = Vec::new();
    for len in [4095usize, 4096, 4097, 8192, 65_537] {
        // Spaces before the closing brace: still the same policy.
        let pad = len - body.len();
        let text = format!("{}{}}}", &body[..body.len() - 1], " ".repeat(pad));
        assert_eq!(text.len(), len);
        let name = format!("p{len}.json");
        write(d.path(), &name, &text);
        names.push(name);
    }
    write(d.path(), "empty.json", "");
    let o = trustlint(d.path(), &["check", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["summary"]["policies"], names.len(), "{}", stdout(&o));
}
