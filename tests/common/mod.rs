//! What the CLI test files share: running the binary as users do.

use std::path::Path;
use std::process::{Command, Output};

/// `trustlint ARGS` in `dir`, without colors.
pub fn trustlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trustlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}
