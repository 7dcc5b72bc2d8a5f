//! The one fixture harness: every folder `tests/fixtures/<CODE>-<name>/` holds
//! `fail_*.json` files that must give the folder's rule and `pass_*.json`
//! files that must not. Each folder's human and JSON output is snapshotted
//! into `snapshots/`.

use std::path::{Path, PathBuf};

use trustlint::config::Settings;
use trustlint::lint::{self, Options};
use trustlint::report::{self, Format, RenderOptions};
use trustlint::rules::Registry;

/// A fixed clock (2026-01-01T00:00:00Z) so time-window rules are deterministic.
pub const FIXED_NOW: i64 = 1_767_225_600;

fn fixture_dirs() -> Vec<PathBuf> {
    let root = Path::new("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture folder is readable")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn render(format: Format, outcome: &lint::Outcome) -> String {
    let mut out = Vec::new();
    report::write(format, outcome, RenderOptions::default(), &mut out).expect("render to memory");
    String::from_utf8(out).expect("output is UTF-8")
}

/// The settings a fixture folder is linted with: the fixed clock, and the
/// folder's own `trustlint.toml` if it has one (TL116 reads configured accounts).
fn settings_for(dir: &Path) -> Settings {
    let mut settings = Settings {
        now: Some(FIXED_NOW),
        ..Settings::default()
    };
    let config = dir.join("trustlint.toml");
    if config.is_file() {
        trustlint::config::load(&config, config.display().to_string(), &mut settings).unwrap_or_else(|e| panic!("{e}"));
    }
    settings
}

fn is_fail(file: &Path) -> bool {
    file.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("fail"))
}

/// Every `fail_` file gives its folder's rule; every `pass_` file does not.
#[test]
fn fixture_expectations() {
    let registry = Registry::builtin();
    let mut failures = Vec::new();
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 29, "expected a fixture folder per rule");
    for dir in &dirs {
        let folder = dir.file_name().and_then(|n| n.to_str()).expect("UTF-8 folder name");
        let (code, name) = folder.split_once('-').expect("folder is <CODE>-<name>");
        let rule = registry.get(code).unwrap_or_else(|| panic!("{folder}: no rule {code}"));
        assert_eq!(
            rule.meta.name, name,
            "{folder}: the folder name must match the rule name"
        );
        let files = files_in(dir);
        let fails = files.iter().filter(|f| is_fail(f)).count();
        if fails < 3 || files.len() - fails < 3 {
            failures.push(format!("{folder}: needs at least 3 fail_ and 3 pass_ files"));
        }
        let settings = settings_for(dir);
        for file in &files {
            let options = Options {
                paths: vec![file.to_path_buf()],
                settings: settings.clone(),
                ..Options::default()
            };
            let outcome = lint::run(&options).expect("fixture lints");
            let hits = outcome.findings.iter().filter(|f| f.code == code).count();
            if is_fail(file) && hits == 0 {
                failures.push(format!("{}: expected a {code} finding, got none", file.display()));
            }
            if !is_fail(file) && hits > 0 {
                let msgs: Vec<_> = outcome
                    .findings
                    .iter()
                    .filter(|f| f.code == code)
                    .map(|f| f.message.clone())
                    .collect();
                failures.push(format!(
                    "{}: expected no {code} finding, got {}",
                    file.display(),
                    msgs.join(" | ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fixture expectations failed:\n{}",
        failures.join("\n")
    );
}

/// Each folder's findings, rendered as users see them, in `snapshots/`.
#[test]
fn fixture_snapshots() {
    for dir in &fixture_dirs() {
        let folder = dir.file_name().and_then(|n| n.to_str()).expect("UTF-8 folder name");
        let options = Options {
            paths: files_in(dir),
            settings: settings_for(dir),
            ..Options::default()
        };
        let outcome = lint::run(&options).expect("fixtures lint");
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{folder}.human"), render(Format::Human, &outcome));
            insta::assert_snapshot!(format!("{folder}.json"), render(Format::Json, &outcome));
        });
    }
}
