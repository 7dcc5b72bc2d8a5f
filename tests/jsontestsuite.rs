//! Runs the parser over every case of JSONTestSuite's `test_parsing` folder:
//! `y_` files must parse, `n_` files must be rejected (invalid UTF-8 counts as
//! rejected: trustlint reads policies as UTF-8 text), and `i_` files may go
//! either way but must not panic.

use std::fs;
use std::path::Path;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/jsontestsuite/test_parsing");

#[test]
fn jsontestsuite_parsing_cases() {
    let mut entries: Vec<_> = fs::read_dir(Path::new(CASES))
        .unwrap_or_else(|e| panic!("cannot read {CASES}: {e}"))
        .map(|entry| entry.expect("a readable directory entry").path())
        .collect();
    entries.sort();

    let mut failures = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for path in &entries {
        let name = path.file_name().and_then(|n| n.to_str()).expect("case names are UTF-8");
        let bytes = fs::read(path).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
        let ok = match std::str::from_utf8(&bytes) {
            Ok(text) => trustlint::json::parse(text, &trustlint::json::Arena::new()).is_ok(),
            Err(_) => false,
        };
        if ok {
            accepted += 1;
        } else {
            rejected += 1;
        }
        match name.as_bytes().first() {
            Some(b'y') if !ok => failures.push(format!("{name}: rejected, must be accepted")),
            Some(b'n') if ok => failures.push(format!("{name}: accepted, must be rejected")),
            Some(b'y' | b'n' | b'i') => {}
            _ => failures.push(format!("{name}: not a y_/n_/i_ case")),
        }
    }

    assert_eq!(entries.len(), 318, "expected the 318 cases of JSONTestSuite in {CASES}");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed ({accepted} accepted, {rejected} rejected):\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}
