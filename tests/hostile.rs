//! Hostile repositories: huge, deep, binary, special and vanishing files, link
//! loops, odd names. Each case runs the real binary in a scratch directory and
//! checks that trustlint gives a clear diagnostic or skips the file, still lints
//! every other file, exits with the documented code, does not panic and does not
//! hang (every run is killed after 20 s, failing the test).

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const NOW: &str = "2026-01-01T00:00:00Z";
/// A hang guard, not a speed test (speed is bench/run.sh's business): generous,
/// so a loaded CI machine running a debug build does not flake.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A clean identity policy.
const GOOD: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}
  ]
}
"#;

/// A policy with one finding that every version of the rules gives: TL004.
const BAD: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}
  ]
}
"#;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    what: String,
    /// stdout parsed once: a debug build of serde_json takes seconds on a big report.
    parsed: OnceLock<Value>,
    found: OnceLock<Vec<(String, String)>>,
}

impl Run {
    fn json(&self) -> &Value {
        self.parsed.get_or_init(|| {
            serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
                panic!(
                    "{}: stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                    self.what, self.stdout, self.stderr
                )
            })
        })
    }

    /// (path, code) of every finding.
    fn findings(&self) -> &[(String, String)] {
        self.found.get_or_init(|| {
            self.json()["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .map(|f| {
                    (
                        f["path"].as_str().unwrap().to_string(),
                        f["code"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
    }

    fn has(&self, path: &str, code: &str) -> bool {
        self.findings().iter().any(|(p, c)| p == path && c == code)
    }

    fn summary(&self, key: &str) -> u64 {
        self.json()["summary"][key].as_u64().expect("summary count")
    }

    /// No panic, no crash by signal, and the expected exit code.
    fn expect_code(&self, code: i32) -> &Self {
        self.no_panic();
        assert_eq!(
            self.code,
            Some(code),
            "{}: exit code\nstdout:\n{}\nstderr:\n{}",
            self.what,
            self.stdout,
            self.stderr
        );
        self
    }

    fn no_panic(&self) {
        assert!(
            self.code.is_some() && self.code != Some(101) && !self.stderr.contains("panicked"),
            "{}: crashed (exit {:?})\nstderr:\n{}",
            self.what,
            self.code,
            self.stderr
        );
    }

    fn expect_stderr(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "{}: stderr lacks {p:?}:\n{}",
                self.what,
                self.stderr
            );
        }
        self
    }

    /// The `bad.json` under `prefix` was linted.
    fn expect_bad_in(&self, prefix: &str) -> &Self {
        let bad = format!("{prefix}bad.json");
        assert!(
            self.has(&bad, "TL004"),
            "{}: no TL004 on {bad}:\n{}",
            self.what,
            self.stdout
        );
        self
    }

    /// `good.json` and `bad.json` (under `prefix`) were both linted.
    fn expect_good_and_bad(&self, prefix: &str) -> &Self {
        let bad = format!("{prefix}bad.json");
        let good = format!("{prefix}good.json");
        assert!(
            self.has(&bad, "TL004"),
            "{}: no TL004 on {bad}:\n{}",
            self.what,
            self.stdout
        );
        assert!(
            !self.findings().iter().any(|(p, c)| p == &good && c == "TL001"),
            "{}: {good} did not parse:\n{}",
            self.what,
            self.stdout
        );
        self
    }
}

/// `trustlint check ARGS --format json --now NOW` in `cwd`, killed after [`TIMEOUT`].
fn check(cwd: &Path, args: &[&OsStr]) -> Run {
    let mut full: Vec<OsString> = vec!["check".into()];
    full.extend(args.iter().map(|a| a.to_os_string()));
    if !args.iter().any(|a| *a == "--format") {
        full.extend(["--format".into(), "json".into()]);
    }
    full.extend(["--now".into(), NOW.into(), "--color".into(), "never".into()]);
    run(cwd, &full)
}

fn run(cwd: &Path, args: &[OsString]) -> Run {
    let what = format!(
        "trustlint {}",
        args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
    );
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_trustlint"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn trustlint");
    let drain = |mut r: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {TIMEOUT:?}; killed (a hang)");
        }
        thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        what,
        parsed: OnceLock::new(),
        found: OnceLock::new(),
    }
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// A policy of one statement that allows `items` (JSON strings, quoted) on `*`.
fn allow_actions(items: &[String]) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":[{}],"Resource":"*"}}]}}"#,
        items.join(",")
    )
}

/// A scratch directory holding `good.json` and `bad.json`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.json"), GOOD).unwrap();
    fs::write(dir.path().join("bad.json"), BAD).unwrap();
    dir
}

fn is_root() -> bool {
    // Root reads a chmod-000 file anyway; find out by trying.
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    fs::write(&probe, "x").unwrap();
    set_mode(&probe, 0o000);
    let readable = fs::read(&probe).is_ok();
    set_mode(&probe, 0o644);
    readable
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

// ------------------------------------------------------------------ size

#[test]
fn a_sparse_1gb_file_is_refused_by_the_size_limit() {
    let dir = repo();
    let big = fs::File::create(dir.path().join("big.json")).unwrap();
    big.set_len(1 << 30).unwrap(); // sparse: no disk used
    drop(big);

    let walk = check(dir.path(), &[os(".")]);
    walk.expect_code(2)
        .expect_stderr(&["big.json", "1073741824", "--max-file-size"])
        .expect_good_and_bad("");
    assert_eq!(walk.summary("policies"), 2, "{}", walk.stdout);

    let named = check(dir.path(), &[os("big.json"), os("good.json"), os("bad.json")]);
    named
        .expect_code(2)
        .expect_stderr(&["big.json", "--max-file-size"])
        .expect_good_and_bad("");
}

#[test]
fn a_custom_size_limit_refuses_a_2kb_policy() {
    let dir = repo();
    let resources: Vec<String> = (0..40)
        .map(|i| format!("\"arn:aws:s3:::example-bucket-{i:02}/*\""))
        .collect();
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}]}}"#,
        resources.join(", ")
    );
    assert!(policy.len() > 1500 && policy.len() < 2500, "{}", policy.len());
    fs::write(dir.path().join("two-kb.json"), &policy).unwrap();

    let r = check(dir.path(), &[os("."), os("--max-file-size"), os("1000")]);
    r.expect_code(2)
        .expect_stderr(&[
            "two-kb.json",
            &format!("file is {} bytes", policy.len()),
            "1000-byte limit",
        ])
        .expect_good_and_bad("");
    assert!(!r.findings().iter().any(|(p, _)| p == "two-kb.json"), "{}", r.stdout);

    // And it is linted under the default limit.
    check(dir.path(), &[os(".")]).expect_code(1).expect_good_and_bad("");
}

#[test]
fn a_million_element_array_is_refused_by_the_size_limit() {
    let dir = repo();
    // 10^6 actions: 15 MB, over the default limit of 10 MiB.
    let actions = vec!["\"s3:GetObject\""; 1_000_000].join(",");
    let array =
        format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":[{actions}],"Resource":"*"}}]}}"#);
    fs::write(dir.path().join("array.json"), &array).unwrap();

    let r = check(dir.path(), &[os(".")]);
    r.expect_code(2)
        .expect_stderr(&["array.json", "15000083 bytes", "--max-file-size"])
        .expect_good_and_bad("");
    assert_eq!(r.summary("policies"), 2, "{}", r.stdout);
}

#[test]
fn a_10mb_string_is_linted() {
    let dir = repo();
    // A 10 MB string value: under the limit of 10 MiB, so linted.
    let long = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"{}"}}]}}"#,
        "a".repeat(10_000_000)
    );
    fs::write(dir.path().join("string.json"), &long).unwrap();

    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    assert_eq!(r.summary("policies"), 3, "{}", r.stdout);
}

/// Long action lists under the size limit (750 KB and 70 KB): one finding per
/// element, and the time must grow with the size, not its square (before 81721b3,
/// 30,000 duplicates took 41 s and 30,000 unknown actions 57 s, release build).
#[test]
fn long_action_lists_under_the_size_limit_lint_in_reasonable_time() {
    let dir = repo();
    // 50,000 times the same action: 49,999 duplicates.
    fs::write(
        dir.path().join("duplicates.json"),
        allow_actions(&vec!["\"s3:GetObject\"".to_string(); 50_000]),
    )
    .unwrap();
    // 5,000 distinct actions that do not exist (each gets a did-you-mean search).
    fs::write(
        dir.path().join("unknown.json"),
        allow_actions(&(0..5_000).map(|i| format!("\"s3:Get{i}\"")).collect::<Vec<_>>()),
    )
    .unwrap();

    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    assert_eq!(r.summary("policies"), 4, "{}", r.stdout);
}

#[test]
fn many_distinct_wildcards_over_every_service_stay_within_a_budget() {
    let dir = repo();
    // 3,000 distinct patterns such as `*:*Ab*`: each one, expanded, is compared
    // with every action of every service (22,000). All of them would take
    // seconds in a release build and minutes in a 10 MB file; past the
    // per-file budget the rest are skipped, with a note saying so.
    let letters: Vec<char> = ('a'..='z').chain('A'..='Z').collect();
    let patterns: Vec<String> = letters
        .iter()
        .flat_map(|a| letters.iter().map(move |b| format!("\"*:*{a}{b}*\"")))
        .take(2_700)
        .chain((0..300).map(|i| format!("\"*:*{i}*\"")))
        .collect();
    fs::write(dir.path().join("wildcards.json"), allow_actions(&patterns)).unwrap();
    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    r.expect_stderr(&["wildcards.json: ", "not expanded against the IAM catalogue"]);
    assert_eq!(r.summary("policies"), 3, "{}", r.stdout);
}

#[test]
fn many_patterns_with_a_wildcard_service_are_not_compared_pairwise_without_end() {
    let dir = repo();
    // 20,000 patterns `*:a0`, `*:a1`, ... that cover none of each other:
    // TL209 would compare every one with every other (4 × 10^8 matches).
    let patterns: Vec<String> = (0..20_000).map(|i| format!("\"*:a{i}\"")).collect();
    fs::write(dir.path().join("pairs.json"), allow_actions(&patterns)).unwrap();
    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    assert_eq!(r.summary("policies"), 3, "{}", r.stdout);
}

#[test]
fn thirty_thousand_statements_are_not_compared_pairwise() {
    let dir = repo();
    // Each statement with its own Sid but the last, which repeats the first:
    // TL010 once looked for each Sid among all the statements before it.
    let mut statements: Vec<String> = (0..30_000)
        .map(|i| {
            format!(r#"{{"Sid":"S{i}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b{i}/*"}}"#)
        })
        .collect();
    statements.push(r#"{"Sid":"S0","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#.into());
    fs::write(
        dir.path().join("statements.json"),
        format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, statements.join(",")),
    )
    .unwrap();
    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    assert!(r.has("statements.json", "TL010"), "{}", r.stdout);
}

// ------------------------------------------------------------------ shape

#[test]
fn nesting_100000_deep() {
    let dir = repo();
    let n = 100_000;
    let (open, close) = ("[".repeat(n), "]".repeat(n));
    let statement = |inner: &str| format!(r#"{{"Version":"2012-10-17","Statement":{inner}}}"#);
    let condition = |inner: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"StringEquals":{{"aws:PrincipalTag/team":{inner}}}}}}}]}}"#
        )
    };
    let objects = format!("{}1{}", r#"{"a":"#.repeat(n), "}".repeat(n));
    let cases = [
        ("deep-balanced.json", statement(&format!("{open}{close}"))),
        ("deep-unclosed.json", statement(&open)),
        ("deep-objects.json", statement(&objects)),
        ("deep-condition.json", condition(&format!("{open}\"x\"{close}"))),
        ("deep-principal.json", {
            let p = format!("{}\"*\"{}", r#"{"AWS":"#.repeat(n), "}".repeat(n));
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{p}}}]}}"#
            )
        }),
    ];
    for (name, text) in &cases {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    assert_eq!(r.summary("policies"), 2 + cases.len() as u64, "{}", r.stdout);
    for (name, _) in &cases {
        assert!(
            r.findings().iter().any(|(p, _)| p == name),
            "no finding on {name}:\n{}",
            r.stdout
        );
    }
    assert!(r.has("deep-unclosed.json", "TL001"), "{}", r.stdout);
    // Every output format walks the same findings.
    for format in ["human", "short", "github", "sarif"] {
        let f = check(dir.path(), &[os("."), os("--format"), os(format)]);
        f.expect_code(1);
    }
}

// ------------------------------------------------------------------ encoding

#[test]
fn invalid_utf8_and_utf16_with_bom() {
    let dir = repo();
    let mut bytes = br#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get"#.to_vec();
    bytes.extend([0xFF, 0xFE, 0x80]);
    bytes.extend(br#"","Resource":"*"}]}"#);
    fs::write(dir.path().join("latin.json"), &bytes).unwrap();
    fs::write(dir.path().join("utf16.json"), utf16le(GOOD, true)).unwrap();

    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    assert!(r.has("latin.json", "TL001"), "{}", r.stdout);
    assert!(r.has("utf16.json", "TL001"), "{}", r.stdout);
    assert!(r.stdout.contains("UTF-16"), "{}", r.stdout);
}

/// Windows tools can write UTF-16 without a byte-order mark. Its ASCII text is
/// valid UTF-8 (every other byte NUL), so it must not slip past as "not a policy".
#[test]
fn utf16_without_bom_is_reported_not_skipped() {
    let dir = repo();
    fs::write(dir.path().join("utf16le.json"), utf16le(GOOD, false)).unwrap();
    let be: Vec<u8> = GOOD.encode_utf16().flat_map(u16::to_be_bytes).collect();
    fs::write(dir.path().join("utf16be.json"), be).unwrap();

    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    for name in ["utf16le.json", "utf16be.json"] {
        assert!(
            r.has(name, "TL001"),
            "a BOM-less UTF-16 policy is skipped silently in a walk: no TL001 on {name}:\n{}",
            r.stdout
        );
    }
    let named = check(dir.path(), &[os("utf16le.json")]);
    named.expect_code(1);
    assert!(
        named.stdout.contains("UTF-16"),
        "the message does not say UTF-16:\n{}",
        named.stdout
    );
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

// ------------------------------------------------------------------ special files

#[test]
fn a_fifo_is_skipped_in_a_walk_and_refused_when_named() {
    let dir = repo();
    mkfifo(&dir.path().join("x.json"));

    let walk = check(dir.path(), &[os(".")]);
    walk.expect_code(1).expect_good_and_bad("");
    assert!(!walk.stderr.contains("x.json"), "{}", walk.stderr);

    let named = check(dir.path(), &[os("x.json"), os("good.json"), os("bad.json")]);
    named
        .expect_code(2)
        .expect_stderr(&["x.json", "not a regular file"])
        .expect_good_and_bad("");
}

#[test]
fn a_directory_named_like_a_policy_is_walked() {
    let dir = repo();
    fs::create_dir(dir.path().join("y.json")).unwrap();
    fs::write(dir.path().join("y.json/bad.json"), BAD).unwrap();

    let walk = check(dir.path(), &[os(".")]);
    walk.expect_code(1).expect_good_and_bad("").expect_bad_in("y.json/");
    assert!(!walk.stderr.contains("error"), "{}", walk.stderr);

    let named = check(dir.path(), &[os("y.json"), os("good.json")]);
    named.expect_code(1);
    assert!(named.has("y.json/bad.json", "TL004"), "{}", named.stdout);
}

// ------------------------------------------------------------------ links

#[test]
fn symlink_loops_with_and_without_follow_links() {
    use std::os::unix::fs::symlink;
    let dir = repo();
    let root = dir.path();
    symlink("b.json", root.join("a.json")).unwrap();
    symlink("a.json", root.join("b.json")).unwrap();
    fs::create_dir(root.join("sub")).unwrap();
    fs::write(root.join("sub/bad.json"), BAD).unwrap();
    symlink("..", root.join("sub/up")).unwrap();
    symlink(".", root.join("self")).unwrap();

    // Not followed (the default): the links are not entered, nothing to report.
    let plain = check(root, &[os(".")]);
    plain.expect_code(1).expect_good_and_bad("").expect_bad_in("sub/");
    assert!(plain.stderr.is_empty(), "{}", plain.stderr);
    assert_eq!(plain.summary("policies"), 3, "{}", plain.stdout);

    // Followed: each loop is reported (exit 2, a walk problem), once, and the
    // rest is linted once.
    let follow = check(root, &[os("."), os("--follow-links")]);
    follow
        .expect_code(2)
        .expect_stderr(&["a.json", "up", "self"])
        .expect_good_and_bad("")
        .expect_bad_in("sub/");
    assert_eq!(follow.summary("policies"), 3, "{}", follow.stdout);
}

#[test]
fn a_symlink_out_of_the_root_is_followed_only_with_follow_links() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let trust =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}"#;
    fs::write(outside.path().join("out.json"), trust).unwrap();
    let dir = repo();
    symlink(outside.path(), dir.path().join("ext")).unwrap();
    symlink(outside.path().join("out.json"), dir.path().join("ext.json")).unwrap();

    let plain = check(dir.path(), &[os(".")]);
    plain.expect_code(1).expect_good_and_bad("");
    assert!(
        !plain.findings().iter().any(|(p, _)| p.starts_with("ext")),
        "{}",
        plain.stdout
    );

    let follow = check(dir.path(), &[os("."), os("--follow-links")]);
    follow.expect_code(1).expect_good_and_bad("");
    assert!(follow.has("ext/out.json", "TL101"), "{}", follow.stdout);
    assert!(follow.has("ext.json", "TL101"), "{}", follow.stdout);
}

/// A link that cannot be resolved, named on the command line (as an editor or a
/// script might): reported, and the other named files are still linted.
#[test]
fn a_named_link_loop_does_not_stop_the_other_files() {
    use std::os::unix::fs::symlink;
    let dir = repo();
    symlink("b.json", dir.path().join("a.json")).unwrap();
    symlink("a.json", dir.path().join("b.json")).unwrap();
    symlink("missing.json", dir.path().join("dangling.json")).unwrap();
    for name in ["a.json", "dangling.json"] {
        let r = check(dir.path(), &[os(name), os("good.json"), os("bad.json")]);
        r.expect_code(2).expect_stderr(&[name]);
        assert!(
            r.stdout.trim_start().starts_with('{') && r.has("bad.json", "TL004"),
            "{}: the other named files were not linted\nstdout:\n{}\nstderr:\n{}",
            r.what,
            r.stdout,
            r.stderr
        );
    }
}

// ------------------------------------------------------------------ permissions, races

#[test]
fn an_unreadable_file() {
    if is_root() {
        eprintln!("note: running as root, where chmod 000 does not stop reading; unreadable-file case skipped");
        return;
    }
    let dir = repo();
    let locked = dir.path().join("locked.json");
    fs::write(&locked, BAD).unwrap();
    set_mode(&locked, 0o000);
    let r = check(dir.path(), &[os(".")]);
    set_mode(&locked, 0o644);
    r.expect_code(2)
        .expect_stderr(&["locked.json", "permission denied"])
        .expect_good_and_bad("");
}

#[test]
fn files_deleted_during_the_run() {
    let dir = repo();
    let n = 2000;
    for i in 0..n {
        fs::write(dir.path().join(format!("f{i:04}.json")), BAD).unwrap();
    }
    let started = Arc::new(AtomicBool::new(false));
    let deleter = {
        let (root, started) = (dir.path().to_path_buf(), Arc::clone(&started));
        thread::spawn(move || {
            while !started.load(Ordering::SeqCst) {
                thread::yield_now();
            }
            thread::sleep(Duration::from_millis(3));
            for i in (0..n).rev() {
                let _ = fs::remove_file(root.join(format!("f{i:04}.json")));
            }
        })
    };
    started.store(true, Ordering::SeqCst);
    let r = check(dir.path(), &[os(".")]);
    deleter.join().unwrap();
    r.no_panic();
    assert!(
        matches!(r.code, Some(0..=2)),
        "{}: exit {:?}\n{}",
        r.what,
        r.code,
        r.stderr
    );
    r.expect_good_and_bad("");
    for line in r.stderr.lines() {
        assert!(
            line.contains("no such file or directory"),
            "unexpected stderr line: {line}"
        );
    }
}

// ------------------------------------------------------------------ names

#[test]
fn a_non_utf8_file_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = repo();
    let name = OsStr::from_bytes(b"bad\xff.json");
    fs::write(dir.path().join(name), BAD).unwrap();

    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1).expect_good_and_bad("");
    assert!(r.has("bad\u{FFFD}.json", "TL004"), "{}", r.stdout);
    for format in ["human", "short", "github", "sarif"] {
        let f = check(dir.path(), &[os("."), os("--format"), os(format)]);
        f.expect_code(1);
        assert!(
            f.stdout.contains("bad\u{FFFD}.json") || format == "sarif",
            "{format}:\n{}",
            f.stdout
        );
    }
    check(dir.path(), &[name]).expect_code(1);
}

#[test]
fn a_newline_in_a_file_name_or_a_value_cannot_inject_a_github_command() {
    let dir = repo();
    fs::write(dir.path().join("a\n::error file=evil.json::pwned,b.json"), BAD).unwrap();
    // A policy value holding a newline, a workflow command and a terminal escape.
    let value = r"s3:Get\n::error file=evil.json::pwned\u001b[31m";
    fs::write(
        dir.path().join("value.json"),
        format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{value}","Resource":"*"}}]}}"#),
    )
    .unwrap();
    for format in ["github", "short", "human"] {
        let r = check(dir.path(), &[os("."), os("--format"), os(format)]);
        r.expect_code(1);
        for line in r.stdout.lines() {
            assert!(
                !line.starts_with("::error file=evil.json"),
                "{format}: injected:\n{}",
                r.stdout
            );
            assert!(
                !line.contains('\u{1b}'),
                "{format}: a terminal escape got through:\n{}",
                r.stdout
            );
        }
        if format == "short" {
            // One line per finding: bad.json, the oddly named copy, value.json (TL018).
            assert!(
                r.stdout.contains(r"a\n::error file=evil.json::pwned,b.json:4:"),
                "{}",
                r.stdout
            );
            assert!(r.stdout.contains(r"s3:Get\n::error"), "{}", r.stdout);
        }
    }
}

#[test]
fn long_values_are_cut_in_the_middle_of_messages() {
    let dir = repo();
    // A 1 MB action name: TL018 quotes it; the report must not.
    let action = format!("s3:Get{}Thing", "x".repeat(1_000_000));
    fs::write(
        dir.path().join("long.json"),
        format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#),
    )
    .unwrap();
    let r = check(dir.path(), &[os(".")]);
    r.expect_code(1);
    assert!(r.stdout.len() < 20_000, "report of {} bytes", r.stdout.len());
    let messages: Vec<&str> = r.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "TL018")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 1, "{}", r.stdout);
    assert!(messages[0].starts_with("unknown action `s3:Getxxx"), "{}", messages[0]);
    assert!(
        messages[0].contains("characters…]") && messages[0].ends_with("xxxThing`"),
        "{}",
        messages[0]
    );
}

// ------------------------------------------------------------------ output

/// `trustlint ... 2>&1 | head -c 1`: stdout and stderr are one pipe, closed
/// early. trustlint may stop with an error, but must not panic (exit 101).
#[test]
fn a_closed_output_pipe_is_not_a_panic() {
    let dir = repo();
    for i in 0..30 {
        fs::write(dir.path().join(format!("bad{i:02}.json")), BAD).unwrap();
    }
    let (mut reader, writer) = std::io::pipe().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_trustlint"))
        .args(["check", ".", "--format", "sarif", "--now", NOW])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    reader.read_exact(&mut first).unwrap();
    drop(reader);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("still running after {TIMEOUT:?} with its output closed");
        }
        thread::sleep(Duration::from_millis(5));
    };
    assert_ne!(status.code(), Some(101), "panicked writing to a closed pipe: {status}");
}

// ------------------------------------------------------------------ determinism

/// Every format: the findings are linted, and rendered, on a pool of
/// threads (hundreds of findings here, so the reports are rendered a chunk
/// a task too).
#[test]
fn output_is_the_same_for_any_thread_count() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let trust = manifest.join("../shared/corpus/trust");
    assert!(trust.is_dir(), "{} is missing", trust.display());
    let paths = ["../shared/corpus/trust", "tests/fixtures"];
    for format in ["json", "human", "sarif", "short", "github"] {
        let mut outputs = Vec::new();
        for threads in ["1", "8", "1", "8", "2"] {
            let mut args: Vec<&OsStr> = paths.iter().map(|p| os(p)).collect();
            args.extend([os("--threads"), os(threads), os("--fail-on"), os("never")]);
            args.extend([os("--format"), os(format)]);
            let r = check(&manifest, &args);
            r.no_panic();
            outputs.push((threads, r.stdout));
        }
        let first = &outputs[0].1;
        assert!(first.lines().count() > 500, "{format}: {first}");
        for (threads, out) in &outputs[1..] {
            assert!(
                out == first,
                "--format {format}: --threads {threads} gives different output than --threads 1"
            );
        }
    }
}
