//! The CI snippets in docs/ci/ are documentation users copy: every
//! `trustlint ...` command in them must run with the flags it names.

use std::process::Command;

#[test]
fn every_trustlint_command_in_the_ci_snippets_runs() {
    let mut ran = 0;
    for file in ["docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml"] {
        let text = std::fs::read_to_string(file).expect("snippet exists");
        for line in text.lines() {
            let Some(at) = line.find("trustlint check") else {
                continue;
            };
            // The command up to a shell redirection; run on the examples folder.
            let command = line[at..].split('>').next().unwrap_or("").trim();
            let mut args: Vec<&str> = command.split_whitespace().skip(1).collect();
            if args.last() == Some(&".") {
                args.pop();
            }
            args.extend(["--now", "2026-01-01T00:00:00Z", "examples"]);
            let o = Command::new(env!("CARGO_BIN_EXE_trustlint"))
                .args(&args)
                .output()
                .expect("the binary runs");
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{file}: `{command}` failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(!o.stdout.is_empty(), "{file}: `{command}` printed nothing");
            ran += 1;
        }
    }
    assert!(ran >= 4, "the snippets hold trustlint commands");
}

#[test]
fn the_pre_commit_hook_runs_trustlint_check() {
    let hooks = std::fs::read_to_string(".pre-commit-hooks.yaml").expect("hook definition");
    assert!(hooks.contains("id: trustlint"));
    assert!(hooks.contains("language: rust"));
    assert!(hooks.contains("require_serial: true"));
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("an entry line");
    let args: Vec<&str> = entry.split_whitespace().skip(1).collect();
    let o = Command::new(env!("CARGO_BIN_EXE_trustlint"))
        .args(&args)
        .args(["examples/cross-account/role-policy.json"])
        .output()
        .expect("the binary runs");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}
