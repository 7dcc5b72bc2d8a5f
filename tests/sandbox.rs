//! trustlint only reads: it writes nothing but stdout, stderr and the file a
//! user names with `--write-baseline`, runs no program and opens no socket.
//! Checked twice: in the source (no API that could do otherwise, outside the
//! one module allowed to write), and at run time under `strace` when the
//! machine has it (the kernel's view, dependencies included).

use std::path::{Path, PathBuf};
use std::process::Command;

/// (pattern, files allowed to use it): APIs that write files, start programs
/// or talk to the network.
const FORBIDDEN: &[(&str, &[&str])] = &[
    // std::net itself is fine: policy IP addresses are parsed with it.
    ("TcpStream", &[]),
    ("TcpListener", &[]),
    ("UdpSocket", &[]),
    ("ToSocketAddrs", &[]),
    ("process::Command", &[]),
    ("Command::new", &[]),
    ("File::create", &["src/baseline.rs"]),
    ("fs::write", &["src/baseline.rs"]),
    // lint.rs opens files to read them without blocking on a FIFO; the
    // test below holds it to reading.
    ("OpenOptions", &["src/baseline.rs", "src/lint.rs"]),
    ("fs::remove", &[]),
    ("fs::rename", &[]),
    ("set_permissions", &[]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_source_has_no_api_that_writes_runs_or_connects() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.push(root.join("build.rs"));
    let mut found = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("readable");
        for (pattern, allowed) in FORBIDDEN {
            // build.rs writes the generated rule index into OUT_DIR at build time.
            if rel == "build.rs" && matches!(*pattern, "fs::write" | "File::create") {
                continue;
            }
            if text.contains(pattern) && !allowed.contains(&rel.as_str()) {
                found.push(format!("{rel}: {pattern}"));
            }
        }
    }
    assert!(found.is_empty(), "APIs trustlint must not use:\n{}", found.join("\n"));
    let lint = std::fs::read_to_string(root.join("src/lint.rs")).expect("readable");
    for mode in [".write(", ".append(", ".create(", ".create_new(", ".truncate("] {
        assert!(!lint.contains(mode), "src/lint.rs opens files with {mode}");
    }
}

/// The system calls of a full run over the fixtures (every rule fires, every
/// output format), as strace sees them; `None` without strace.
fn traced(dir: &Path, args: &[&str]) -> Option<String> {
    let probe = Command::new("strace").arg("-V").output().ok()?;
    if !probe.status.success() {
        return None;
    }
    let log = dir.join("strace.log");
    let status = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=execve,socket,connect,openat,open,creat,unlink,unlinkat,rename,renameat,renameat2,mkdir,mkdirat",
            "-o",
        ])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_trustlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    // Under some sandboxes ptrace is refused: strace then fails to start.
    if status.code().is_none_or(|c| c > 2) {
        return None;
    }
    std::fs::read_to_string(&log).ok()
}

#[test]
fn at_run_time_it_only_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("baseline.json");
    let baseline_arg = baseline.to_string_lossy().into_owned();
    for format in ["human", "json", "short", "github", "sarif"] {
        let args = [
            "check",
            "tests/fixtures",
            "tests/repos/mismatched",
            "--format",
            format,
            "--now",
            "2026-01-01T00:00:00Z",
            "--write-baseline",
            &baseline_arg,
        ];
        let Some(log) = traced(dir.path(), &args) else {
            eprintln!("strace is not available here (or ptrace is refused): run-time check skipped");
            return;
        };
        let mut bad = Vec::new();
        let mut execs = 0;
        for line in log.lines() {
            if line.contains("execve(") && !line.contains("resumed>") {
                execs += 1;
            }
            if line.contains("socket(") || line.contains("connect(") {
                bad.push(line.to_string());
            }
            let writes = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"]
                .iter()
                .any(|f| line.contains(f));
            let opens = line.contains("open(") || line.contains("openat(") || line.contains("creat(");
            if opens
                && writes
                && !line.contains(&baseline_arg)
                && !line.contains("/dev/null")
                && !line.contains("/dev/tty")
            {
                bad.push(line.to_string());
            }
            for call in ["unlink", "rename", "mkdir"] {
                if line.contains(&format!("{call}(")) || line.contains(&format!("{call}at(")) {
                    bad.push(line.to_string());
                }
            }
        }
        assert_eq!(execs, 1, "{format}: trustlint started another program:\n{log}");
        assert!(bad.is_empty(), "{format}: more than reading:\n{}", bad.join("\n"));
    }
    assert!(baseline.exists(), "the named baseline file was written");
}
