//! The parse-only floor for the benchmark (`bench/run.sh`): the least work any
//! JSON linter must do on a directory, to compare trustlint's whole run with.
//!
//! ```text
//! cargo run --release --example parse_floor -- DIR... [--threads N]
//! ```
//!
//! Walks the directories (plain `read_dir`, `*.json` files), then reads every
//! file and parses it into a `serde_json::Value`, in parallel with rayon on as
//! many threads as trustlint uses (default: one per core). Nothing else: no
//! model, no rules, no output. Prints only the elapsed seconds, walk included.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, process};

use rayon::prelude::*;

fn main() {
    let start = Instant::now();
    let mut dirs = Vec::new();
    let mut threads = None;
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--threads" {
            threads = args.next().and_then(|n| n.parse::<usize>().ok());
            if threads.is_none() {
                usage("--threads needs a positive number");
            }
        } else {
            dirs.push(PathBuf::from(arg));
        }
    }
    if dirs.is_empty() {
        usage("give at least one directory");
    }
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .expect("thread pool");
    }

    let mut paths = Vec::new();
    for dir in &dirs {
        if let Err(e) = collect_json(dir, &mut paths) {
            eprintln!("error: cannot read {}: {e}", dir.display());
            process::exit(1);
        }
    }
    let parsed: usize = paths
        .par_iter()
        .map(|path| {
            let Ok(bytes) = fs::read(path) else { return 0 };
            usize::from(black_box(serde_json::from_slice::<serde_json::Value>(&bytes)).is_ok())
        })
        .sum();
    let elapsed = start.elapsed().as_secs_f64();
    black_box(parsed);
    println!("{elapsed:.6}");
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            collect_json(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn usage(problem: &str) -> ! {
    eprintln!("error: {problem}");
    eprintln!("usage: parse_floor DIR... [--threads N]");
    process::exit(2);
}
