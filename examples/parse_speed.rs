//! Throughput of `trustlint::json::parse` against `serde_json::Value`.
//!
//! ```text
//! cargo run --release --example parse_speed -- ../shared/corpus/aws-managed [--rounds N]
//! ```
//!
//! Reads every `*.json` file under the given directories into memory, then
//! parses all of them N times with each parser, single-threaded. Without
//! `--rounds`, N is chosen so the fastest parser runs for over a second.
//! `serde_json::from_slice` also validates UTF-8, which `parse` (given a
//! `&str`) does not, so `serde_json::from_str` is timed as well.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use std::{env, fs, process};

fn main() {
    let mut dirs = Vec::new();
    let mut rounds = None;
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--rounds" {
            let n = args.next().and_then(|n| n.parse::<u32>().ok());
            rounds = Some(n.unwrap_or_else(|| usage("--rounds needs a positive number")));
        } else {
            dirs.push(PathBuf::from(arg));
        }
    }
    if dirs.is_empty() {
        usage("give at least one directory");
    }

    let mut paths = Vec::new();
    for dir in &dirs {
        if let Err(e) = collect_json(dir, &mut paths) {
            eprintln!("error: cannot read {}: {e}", dir.display());
            process::exit(1);
        }
    }
    paths.sort();
    let files: Vec<(PathBuf, String)> = paths
        .into_iter()
        .filter_map(|path| match fs::read_to_string(&path) {
            Ok(text) => Some((path, text)),
            Err(e) => {
                eprintln!("skipping {}: {e}", path.display());
                None
            }
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    if bytes == 0 {
        usage("no *.json files found");
    }

    // Both parsers must agree on which files are JSON, or the comparison is unfair.
    for (path, text) in &files {
        let ours = trustlint::json::parse(text, &trustlint::json::Arena::new()).map(drop);
        let theirs = serde_json::from_slice::<serde_json::Value>(text.as_bytes()).map(drop);
        if ours.is_ok() != theirs.is_ok() {
            eprintln!(
                "warning: parsers disagree on {}: trustlint {ours:?}, serde_json {theirs:?}",
                path.display()
            );
        }
    }

    // One arena emptied after each file, as the linter uses it.
    let trustlint_round = || {
        let mut arena = trustlint::json::Arena::new();
        for (_, text) in &files {
            let _ = black_box(trustlint::json::parse(black_box(text), &arena));
            arena.reset();
        }
    };
    let serde_round = || {
        for (_, text) in &files {
            let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(text.as_bytes())));
        }
    };
    let serde_str_round = || {
        for (_, text) in &files {
            let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(text)));
        }
    };
    let rounds = rounds.unwrap_or_else(|| {
        // Warm up, then size the run so the fastest parser takes about 1.2 s.
        time(1, trustlint_round);
        let once = time(3, trustlint_round).as_secs_f64() / 3.0;
        (1.2 / once.max(1e-9)).ceil().clamp(1.0, 1e6) as u32
    });

    println!("{} files, {:.2} MB, {rounds} rounds", files.len(), bytes as f64 / 1e6);
    let ours = time(rounds, trustlint_round);
    let theirs = time(rounds, serde_round);
    let theirs_str = time(rounds, serde_str_round);
    let mb_per_s = |d: Duration| bytes as f64 * f64::from(rounds) / 1e6 / d.as_secs_f64();
    println!(
        "trustlint::json::parse  {:8.1} MB/s  ({:.3} s)",
        mb_per_s(ours),
        ours.as_secs_f64()
    );
    println!(
        "serde_json::Value       {:8.1} MB/s  ({:.3} s)",
        mb_per_s(theirs),
        theirs.as_secs_f64()
    );
    println!(
        "serde_json::Value (str) {:8.1} MB/s  ({:.3} s, from_str: no UTF-8 check, as for parse)",
        mb_per_s(theirs_str),
        theirs_str.as_secs_f64()
    );
    println!(
        "trustlint takes {:.2}x the time of serde_json::from_slice, {:.2}x of from_str",
        ours.as_secs_f64() / theirs.as_secs_f64(),
        ours.as_secs_f64() / theirs_str.as_secs_f64()
    );
}

fn time(rounds: u32, mut round: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..rounds {
        round();
    }
    start.elapsed()
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_json(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn usage(problem: &str) -> ! {
    eprintln!("error: {problem}");
    eprintln!("usage: parse_speed DIR... [--rounds N]");
    process::exit(2);
}
