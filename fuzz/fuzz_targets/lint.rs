//! Fuzz target for the whole pipeline on one file: `lint_bytes` (decode,
//! parse, model, every rule) under four configurations, then every output
//! format. Nothing may panic, and every finding's spans must lie inside its
//! file's text on char boundaries (the renderers and the JSON ranges rely on it).
#![no_main]

use std::path::PathBuf;

use clap::ValueEnum;
use libfuzzer_sys::fuzz_target;
use trustlint::config::{Accounts, Settings};
use trustlint::lint::{self, FileReport, Outcome};
use trustlint::report::{self, Format, RenderOptions};

/// 2025-06-01T00:00:00Z: a fixed "now" for the time-window rules.
const NOW: i64 = 1_748_736_000;

fuzz_target!(|data: &[u8]| {
    let default = Settings::default();
    let fixed_now = Settings {
        now: Some(NOW),
        ..Settings::default()
    };
    let with_accounts = Settings {
        now: Some(NOW),
        accounts: Accounts {
            own: vec!["111122223333".to_owned()],
            third_party: vec![("Vendor".to_owned(), "464622532012".to_owned())],
        },
        ..Settings::default()
    };
    let runs = [
        (&default, true),
        (&fixed_now, true),
        (&with_accounts, true),
        (&fixed_now, false),
    ];
    for (i, (settings, explicit)) in runs.into_iter().enumerate() {
        let path = PathBuf::from("fuzz/policy.json");
        let report = lint::lint_bytes(
            "fuzz/policy.json".to_owned(),
            path.clone(),
            data.to_vec(),
            explicit,
            settings,
        );
        check_and_render(report, settings, &path, i == 0);
    }
});

fn check_and_render(report: FileReport, settings: &Settings, path: &PathBuf, full: bool) {
    for f in &report.findings {
        f.check_spans().unwrap_or_else(|e| panic!("{e}"));
    }
    let mut outcome = Outcome {
        files: usize::from(report.read),
        policies: usize::from(report.is_policy),
        findings: report.findings,
        notes: report.note.into_iter().collect(),
        errors: report.error.into_iter().collect(),
        ..Outcome::default()
    };
    lint::finish(&mut outcome, settings, std::slice::from_ref(path), false);
    for &format in Format::value_variants() {
        // Colour changes only the escape codes around the same text (and only for Human).
        // SARIF embeds every rule's documentation (hundreds of KB): render it once per
        // input, not under every configuration, or it dominates the run time.
        let colors: &[bool] = match (format, full) {
            (Format::Human, true) => &[false, true],
            (Format::Sarif, false) => &[],
            _ => &[false],
        };
        for &color in colors {
            let options = RenderOptions {
                color,
                ..RenderOptions::default()
            };
            let mut out = Vec::new();
            report::write(format, &outcome, options, &mut out).expect("writing into a Vec cannot fail");
            let out = String::from_utf8(out).unwrap_or_else(|_| panic!("{format:?} output is not UTF-8"));
            if matches!(format, Format::Json | Format::Sarif) {
                serde_json::from_str::<serde_json::Value>(&out).expect("a JSON format prints JSON");
            }
        }
    }
}
