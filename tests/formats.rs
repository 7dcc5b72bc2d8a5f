//! Every output format over the same fixture set (the shipped examples),
//! snapshotted; SARIF validated against the official 2.1.0 schema; the
//! `short` line matched against the shipped VS Code problem matcher.

use std::path::PathBuf;

use trustlint::config::Settings;
use trustlint::lint::{self, Options, Outcome};
use trustlint::report::{self, Format, RenderOptions};

/// 2026-01-01T00:00:00Z, so the time-window rules are deterministic.
const FIXED_NOW: i64 = 1_767_225_600;

fn examples() -> Outcome {
    let options = Options {
        paths: vec![PathBuf::from("examples")],
        settings: Settings {
            now: Some(FIXED_NOW),
            ..Settings::default()
        },
        ..Options::default()
    };
    lint::run(&options).expect("examples lint")
}

fn fixtures() -> Outcome {
    let options = Options {
        paths: vec![PathBuf::from("tests/fixtures")],
        settings: Settings {
            now: Some(FIXED_NOW),
            ..Settings::default()
        },
        ..Options::default()
    };
    lint::run(&options).expect("fixtures lint")
}

fn render(format: Format, outcome: &Outcome) -> String {
    let mut out = Vec::new();
    report::write(format, outcome, RenderOptions::default(), &mut out).expect("render to memory");
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn every_format_snapshot() {
    let outcome = examples();
    assert!(outcome.findings.len() > 10);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        for (name, format) in [
            ("human", Format::Human),
            ("json", Format::Json),
            ("short", Format::Short),
            ("github", Format::Github),
            ("sarif", Format::Sarif),
        ] {
            insta::assert_snapshot!(format!("examples.{name}"), render(format, &outcome));
        }
    });
}

#[test]
fn every_format_carries_the_same_findings() {
    let outcome = fixtures();
    let n = outcome.findings.len();
    assert!(n > 300, "the fixtures give many findings: {n}");
    let short = render(Format::Short, &outcome);
    assert_eq!(short.lines().count(), n);
    let github = render(Format::Github, &outcome);
    assert_eq!(github.lines().filter(|l| l.starts_with("::")).count(), n);
    let json: serde_json::Value = serde_json::from_str(&render(Format::Json, &outcome)).expect("JSON");
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(n));
    let sarif: serde_json::Value = serde_json::from_str(&render(Format::Sarif, &outcome)).expect("SARIF");
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(n));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/schemas/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("the SARIF schema in ../shared"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for outcome in [examples(), fixtures()] {
        let sarif: serde_json::Value = serde_json::from_str(&render(Format::Sarif, &outcome)).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .take(10)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "SARIF schema errors:\n{}", errors.join("\n"));
        let run = &sarif["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let result = &run["results"][0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
        assert!(result["partialFingerprints"]["trustlintFingerprint/v1"].is_string());
        let rule_index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(run["tool"]["driver"]["rules"][rule_index]["id"], result["ruleId"]);
    }
}

#[test]
fn short_lines_match_the_vscode_problem_matcher() {
    let matcher: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("editors/vscode-problem-matcher.json").expect("the shipped problem matcher"),
    )
    .expect("problem matcher is JSON");
    let pattern = &matcher["problemMatcher"][0]["pattern"];
    let re = regex::Regex::new(pattern["regexp"].as_str().expect("regexp")).expect("the regexp compiles");
    let group = |name: &str| pattern[name].as_u64().expect("group index") as usize;
    let outcome = fixtures();
    let short = render(Format::Short, &outcome);
    for (line, f) in short.lines().zip(&outcome.findings) {
        let caps = re
            .captures(line)
            .unwrap_or_else(|| panic!("the problem matcher misses: {line}"));
        assert_eq!(&caps[group("file")], f.file.name);
        assert_eq!(caps[group("line")].parse::<usize>().ok(), Some(f.start().line));
        assert_eq!(caps[group("column")].parse::<usize>().ok(), Some(f.start().column));
        assert_eq!(&caps[group("severity")], f.severity.as_str());
        assert_eq!(&caps[group("message")], f.message);
        assert_eq!(&caps[group("code")], f.code);
    }
}
