//! The driver: read each file once, parse it once, build its model once, run
//! every enabled rule on it, in parallel across files; then sort.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::bindings;
use crate::config::Settings;
use crate::crossfile;
use crate::declarative;
use crate::diagnostic::{self, Finding};
use crate::discover::{self, Candidate, Filters};
use crate::json;
use crate::policy::Policy;
use crate::rules::checks::tl001_invalid_json::{self, Encoding};
use crate::rules::checks::tl900_unused_suppression;
use crate::rules::{Ctx, Registry};
use crate::source::SourceFile;

/// Files larger than this are not read (a 1 GB "policy" is not one; reading
/// it would only exhaust memory). IAM's largest quota is 10,240 characters.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Up to this many files are linted without the thread pool.
const SERIAL_FILES: usize = 4;

#[derive(Clone, Debug)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub max_file_size: u64,
    /// Apply `exclude` to files named on the command line too (pre-commit).
    pub force_exclude: bool,
    /// Follow symbolic links while walking (off: links are not followed, so a
    /// link out of the repository or a link loop is never entered).
    pub follow_links: bool,
    /// Keep each file's text with its findings until output (the `human`
    /// format quotes source lines); off, findings keep names and positions
    /// only, which bounds memory on a large repository.
    pub keep_source: bool,
    /// Give findings their fingerprints (SARIF and baselines use them;
    /// off, every fingerprint is 0, and hashing each statement's text is
    /// saved).
    pub fingerprints: bool,
    pub settings: Settings,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: vec![PathBuf::from(".")],
            include: Vec::new(),
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            force_exclude: false,
            follow_links: false,
            keep_source: true,
            fingerprints: true,
            settings: Settings::default(),
        }
    }
}

/// Everything a run found, in output order.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Files read.
    pub files: usize,
    /// Files that were policies and were linted.
    pub policies: usize,
    /// One-line notes for stderr (a named file that is not a policy).
    pub notes: Vec<String>,
    /// Files that could not be read, walk problems: reported on stderr, exit 2.
    pub errors: Vec<String>,
    /// Findings left out by `[[ignore]]` entries.
    pub suppressed: usize,
    /// Findings left out because the baseline already records them.
    pub baselined: usize,
}

/// What linting one file gave.
#[derive(Debug, Default)]
pub struct FileReport {
    pub findings: Vec<Finding>,
    pub read: bool,
    pub is_policy: bool,
    pub note: Option<String>,
    pub error: Option<String>,
}

/// Whether this process has put rayon's global pool to work. A run of a few
/// named files never does: it is linted on the main thread, and its report
/// is rendered there too (see `report::in_parallel`), since starting the
/// pool's threads would cost more than they save.
static POOL_STARTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn pool_started() -> bool {
    POOL_STARTED.load(std::sync::atomic::Ordering::Relaxed)
}

fn start_pool() {
    POOL_STARTED.store(true, std::sync::atomic::Ordering::Relaxed);
}

pub fn run(options: &Options) -> Result<Outcome, String> {
    let filters = Filters::new(
        &options.include,
        &options.exclude,
        options.settings.root.clone(),
        options.force_exclude,
    )?;
    let walked = options.paths.iter().any(|p| p.is_dir());
    if walked {
        // The walk is I/O; the rules' start-up (compiling their JSONPaths
        // and patterns) is CPU: it goes to the thread pool, which starts
        // meanwhile, and the walk starts at once on this thread. (Both in
        // one `rayon::join` left the walk waiting for a pool thread to
        // start, a third of a millisecond or more.) Linting waits for the
        // start-up only if it is not done, on its `OnceLock`s.
        start_pool();
        rayon::spawn(|| {
            Registry::current();
            crate::catalog::catalog();
        });
        // The declarative checks compile their JSONPaths and patterns on
        // first use, in the lint of the first file that needs them; a
        // second pool thread, idle during the walk, does it meanwhile.
        rayon::spawn(|| {
            for rule in Registry::current().rules() {
                rule.declarative();
            }
        });
    }
    let found = crate::timing::time("walk", || {
        discover::discover(&options.paths, &filters, options.follow_links)
    })?;
    let linted: Vec<PathBuf> = found.files.iter().map(|c| c.path.clone()).collect();
    let cwd = std::env::current_dir().ok();
    let mut outcome = Outcome {
        errors: found.errors,
        ..Outcome::default()
    };
    // In chunks, each linted in parallel and then moved into the outcome:
    // only one chunk's reports are held twice, not the whole repository's.
    for chunk in found.files.chunks(4096) {
        let lint = |c: &Candidate| lint_path(c, cwd.as_deref(), options);
        // A few files (a pre-commit run, an editor's one) are linted on this
        // thread: starting the thread pool would cost more than they do.
        let reports: Vec<FileReport> = if chunk.len() <= SERIAL_FILES {
            chunk.iter().map(lint).collect()
        } else {
            // Pieces of a few files: rayon otherwise splits the list in
            // halves that it subdivides only while it expects thieves, and
            // one core sat idle for a tenth of the lint while the other
            // finished its half (aws-managed: 761 files each, 31 ms against
            // 35 ms busy). Each core still takes runs of neighbours in
            // path order, which matters: policies of one service sit
            // together and reuse the same catalogue lines (shuffled, the
            // lint of aws-managed was 5-8% slower; linting files while the
            // walk still finds them, in its order, gained nothing).
            start_pool();
            chunk.par_iter().with_max_len(4).map(lint).collect()
        };
        outcome.findings.reserve(reports.iter().map(|r| r.findings.len()).sum());
        for r in reports {
            outcome.files += usize::from(r.read);
            outcome.policies += usize::from(r.is_policy);
            outcome.findings.extend(r.findings);
            outcome.notes.extend(r.note);
            outcome.errors.extend(r.error);
        }
    }
    let (across, notes) = crate::timing::time("cross-file checks", || {
        crossfile::run(&options.settings, &linted, &bindings::Disk)
    });
    outcome.findings.extend(across);
    outcome.notes.extend(notes);
    finish(&mut outcome, &options.settings, &linted, walked);
    if crate::timing::on() {
        // Each pool thread's times join the run's.
        rayon::broadcast(|_| crate::timing::flush());
    }
    Ok(outcome)
}

/// After linting: drop suppressed findings, report suppressions that matched
/// nothing (TL900), sort. `linted`: the files of the run; `walked`: whether a
/// directory was walked (else only the named files were linted, and a
/// suppression for other files is not stale, merely not exercised).
pub fn finish(outcome: &mut Outcome, settings: &Settings, linted: &[PathBuf], walked: bool) {
    let rel = |p: &Path| -> Option<PathBuf> {
        let root = settings.root.as_ref()?;
        let abs = std::path::absolute(p).ok()?;
        abs.strip_prefix(root).ok().map(Path::to_path_buf)
    };
    let mut used = vec![false; settings.suppressions.len()];
    let before = outcome.findings.len();
    outcome.findings.retain(|f| {
        if settings.suppressions.is_empty() {
            return true;
        }
        let path = rel(&f.file.path);
        let hit = settings.suppressions.iter().position(|s| {
            s.code == f.code
                && s.path
                    .as_ref()
                    .is_none_or(|g| path.as_ref().is_some_and(|p| g.is_match(p)))
                && s.sid.as_ref().is_none_or(|sid| f.sid.as_ref() == Some(sid))
                && s.pointer.as_ref().is_none_or(|ptr| {
                    f.pointer
                        .as_ref()
                        .is_some_and(|fp| fp == ptr || fp.starts_with(&format!("{ptr}/")))
                })
        });
        if let Some(i) = hit {
            used[i] = true;
        }
        hit.is_none()
    });
    outcome.suppressed += before - outcome.findings.len();
    if let Some(file) = &settings.file
        && settings.is_enabled(tl900_unused_suppression::CODE)
    {
        let linted_rel: Vec<PathBuf> = linted.iter().filter_map(|p| rel(p)).collect();
        for (s, used) in settings.suppressions.iter().zip(used) {
            let exercised = match &s.path {
                Some(g) => linted_rel.iter().any(|p| g.is_match(p)),
                None => walked,
            };
            if !used && exercised {
                outcome.findings.push(tl900_unused_suppression::finding(
                    Registry::current(),
                    file,
                    s,
                    settings,
                ));
            }
        }
    }
    diagnostic::sort(&mut outcome.findings);
}

fn lint_path(c: &Candidate, cwd: Option<&Path>, options: &Options) -> FileReport {
    let name = discover::display_name(&c.path, cwd);
    let bytes = if c.regular {
        crate::timing::time("read files", || read(&c.path, options.max_file_size))
    } else {
        Err(Skip::NotAFile)
    };
    match bytes {
        Ok(bytes) => {
            let mut report = lint_bytes_with(
                name,
                c.path.clone(),
                bytes,
                c.explicit,
                &options.settings,
                options.fingerprints,
            );
            if !options.keep_source
                && let Some(first) = report.findings.first()
            {
                let slim = Arc::new(first.file.without_text());
                for f in &mut report.findings {
                    f.shed_source(&slim);
                }
            }
            report
        }
        Err(Skip::Error(e)) => FileReport {
            error: Some(format!("{name}: {e}")),
            ..FileReport::default()
        },
        Err(Skip::NotAFile) if c.explicit => FileReport {
            error: Some(format!("{name}: not a regular file; skipped")),
            ..FileReport::default()
        },
        Err(Skip::NotAFile) => FileReport::default(),
    }
}

enum Skip {
    NotAFile,
    Error(String),
}

/// Read a regular file, refusing files over the size limit, and FIFOs and
/// devices (reading one could block forever) that took the place of a file
/// after the walk.
fn read(path: &Path, max: u64) -> Result<Vec<u8>, Skip> {
    let file = open(path).map_err(|e| Skip::Error(discover::io_reason(&e)))?;
    // Asked of the open file, not of the path again: one path lookup a file.
    let meta = file.metadata().map_err(|e| Skip::Error(discover::io_reason(&e)))?;
    if !meta.is_file() {
        return Err(Skip::NotAFile);
    }
    if meta.len() > max {
        return Err(Skip::Error(format!(
            "file is {} bytes, over the {max}-byte limit (--max-file-size); not linted",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file as large as it was when opened: read up to that size, the
    // buffer's exact fit, `read_to_end` stops without asking the system
    // once more for the 0 bytes of the end (a system call a file, 2–3% of
    // a lint of many small files). A file that grows meanwhile is being
    // written; its first bytes are linted, as a read a moment earlier
    // would have. A size of 0 may not be the truth (files of /proc): read
    // to the end, under the limit.
    let limit = if meta.len() > 0 { meta.len() } else { max + 1 };
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Skip::Error(discover::io_reason(&e)))?;
    if bytes.len() as u64 > max {
        return Err(Skip::Error(format!(
            "file is over the {max}-byte limit (--max-file-size; its size was not known before it was read); not linted"
        )));
    }
    Ok(bytes)
}

/// Open for reading without blocking: opening a FIFO blocks until a writer
/// comes, and a FIFO named `x.json` must be skipped, not waited on. (On a
/// regular file the flag changes nothing.)
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    // No FIFOs to wait on; a path that is not a file fails its check after.
    std::fs::File::open(path)
}

/// Lint one document held in memory. `explicit`: the user named it, so parse
/// errors and "not a policy" are always reported.
pub fn lint_bytes(name: String, path: PathBuf, bytes: Vec<u8>, explicit: bool, settings: &Settings) -> FileReport {
    lint_bytes_with(name, path, bytes, explicit, settings, true)
}

/// [`lint_bytes`], with or without fingerprints (see [`Options::fingerprints`]).
fn lint_bytes_with(
    name: String,
    path: PathBuf,
    bytes: Vec<u8>,
    explicit: bool,
    settings: &Settings,
    fingerprints: bool,
) -> FileReport {
    let mut report = FileReport {
        read: true,
        ..FileReport::default()
    };
    // A UTF-8 byte-order mark is not part of the document; dropping it keeps
    // line-1 columns the same as an editor shows.
    let mut bytes = bytes;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let (text, utf8_error) = match String::from_utf8(bytes) {
        // (Valid UTF-8 may still be UTF-16: see `lint_document`.)
        Ok(t) => (t, None),
        Err(e) => {
            let err = e.utf8_error();
            let bytes = e.into_bytes();
            let encoding = tl001_invalid_json::sniff(&bytes);
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            // UTF-16 interleaves NULs, so look for the word with them removed.
            let looks_like_policy = if encoding == Encoding::Utf16 {
                mentions_statement(&lossy.replace(['\0', '\u{FFFD}'], ""))
            } else {
                mentions_statement(&lossy)
            };
            if !explicit && !looks_like_policy {
                return report;
            }
            let byte = bytes.get(err.valid_up_to()).copied().unwrap_or(0);
            (lossy, Some((err.valid_up_to(), byte, encoding)))
        }
    };
    let file = Arc::new(SourceFile::new(name, path, text));
    let registry = Registry::current();
    if let Some((at, byte, encoding)) = utf8_error {
        report.is_policy = true;
        let f = tl001_invalid_json::from_utf8_error(registry, &file, at, byte, encoding);
        push_tl001(&mut report, settings, f);
        return report;
    }
    with_arena(|arena| lint_document(report, &file, arena, registry, explicit, settings, fingerprints))
}

/// A text's parse and rules, its tree in `arena`.
fn lint_document(
    mut report: FileReport,
    file: &Arc<SourceFile>,
    arena: &json::Arena,
    registry: &'static Registry,
    explicit: bool,
    settings: &Settings,
    fingerprints: bool,
) -> FileReport {
    let doc = match crate::timing::time("parse JSON", || json::parse(&file.text, arena)) {
        Ok(doc) => doc,
        // UTF-16 of ASCII text is valid UTF-8 with a NUL in every other
        // byte. A raw NUL is never JSON, so such a text is told apart here,
        // after its parse failed, not by a scan of every file.
        Err(_) if file.text.contains('\0') && tl001_invalid_json::sniff(file.text.as_bytes()) == Encoding::Utf16 => {
            if explicit || mentions_statement(&file.text.replace('\0', "")) {
                report.is_policy = true;
                let at = file.text.find('\0').unwrap_or(0);
                let f = tl001_invalid_json::from_utf8_error(registry, file, at, 0, Encoding::Utf16);
                push_tl001(&mut report, settings, f);
            }
            return report;
        }
        Err(err) => {
            if explicit || mentions_statement(&file.text) {
                report.is_policy = true;
                push_tl001(
                    &mut report,
                    settings,
                    tl001_invalid_json::from_parse_error(registry, file, &err),
                );
            }
            return report;
        }
    };
    let Some(policy) = crate::timing::time("read the policy model", || Policy::from_document(&doc)) else {
        if explicit {
            report.note = Some(format!(
                "{}: valid JSON but not an IAM policy (no top-level \"Statement\"); nothing to lint",
                file.name
            ));
        }
        return report;
    };
    report.is_policy = true;
    let mut findings = Vec::new();
    // The normalised form for declarative rules, built once, only if one
    // runs, in the arena after the document.
    let mut normalised: Option<declarative::Normalised> = None;
    crate::catalog::begin_file();
    for rule in registry.rules() {
        if !rule.applies_to(policy.kind) || !settings.is_enabled(rule.code()) {
            continue;
        }
        crate::timing::time(rule.code(), || {
            if let Some(check) = rule.check {
                let mut ctx = Ctx::new(file, &policy, settings, rule, &mut findings);
                check(&mut ctx);
            }
            for compiled in rule.declarative() {
                let norm = normalised.get_or_insert_with(|| {
                    crate::timing::time("declarative checks' tree", || {
                        declarative::Normalised::of(&policy, arena)
                    })
                });
                let mut ctx = Ctx::new(file, &policy, settings, rule, &mut findings);
                declarative::run(compiled, norm, &mut ctx);
            }
        });
    }
    for f in &mut findings {
        f.severity = settings.severity(f.code, f.severity);
    }
    let skipped = crate::catalog::skipped_expansions();
    if skipped > 0 {
        report.note = Some(format!(
            "{}: {skipped} action pattern(s) not expanded against the IAM catalogue: the file's wildcards \
             already took its budget of catalogue work; TL018, TL020 and TL203 did not judge them",
            file.name
        ));
    }
    crate::timing::time("locate findings", || locate(&doc, file, &mut findings, fingerprints));
    // In output order here, on the thread pool: the run's final sort then
    // finds every file's findings already in place.
    diagnostic::sort(&mut findings);
    report.findings = findings;
    report
}

thread_local! {
    /// Each thread's arena for the trees of the files it lints (the JSON
    /// document, then the declarative checks' normalised form), emptied
    /// after each: its memory is reused, already mapped and in cache, where
    /// a file's trees of boxed nodes cost an allocation and a free per
    /// container and a walk to drop.
    static ARENA: std::cell::RefCell<json::Arena> = std::cell::RefCell::new(json::Arena::new());
}

/// An arena holding more than this after a file (a hostile one: a
/// million-element array) is let go, not kept for the rest of the run.
const ARENA_KEPT: usize = 32 << 20;

/// Run `f` with this thread's arena, emptied after it.
fn with_arena<R>(f: impl FnOnce(&json::Arena) -> R) -> R {
    ARENA.with(|cell| match cell.try_borrow_mut() {
        Ok(mut arena) => {
            let out = f(&arena);
            if arena.allocated_bytes() > ARENA_KEPT {
                *arena = json::Arena::new();
            } else {
                arena.reset();
            }
            out
        }
        // Only if a lint ever ran inside another on one thread.
        Err(_) => f(&json::Arena::new()),
    })
}

/// Give each finding its JSON pointer, its statement's Sid and (if asked) its
/// fingerprint.
fn locate(doc: &json::Value<'_>, file: &SourceFile, findings: &mut [Finding], fingerprints: bool) {
    use json::pointer::{self, Step};
    // A statement's identity (its text without white space, hashed) is
    // computed once, however many findings it holds.
    let mut statement_ids: std::collections::HashMap<u32, String> = std::collections::HashMap::new();
    for f in findings {
        let path = pointer::path_to(doc, f.span);
        let steps: Vec<Step<'_>> = path.iter().map(|(s, _)| *s).collect();
        f.pointer = Some(pointer::to_pointer(&steps));
        let statement = match path.first() {
            Some((Step::Key(k), v)) if k.eq_ignore_ascii_case("Statement") => match (&v.kind, path.get(1)) {
                (json::Kind::Array(_), Some((Step::Index(_), s))) => Some(*s),
                (json::Kind::Object(_), _) => Some(*v),
                _ => None,
            },
            _ => None,
        };
        f.sid = statement
            .and_then(|s| s.get("Sid"))
            .and_then(|m| m.value.as_str())
            .map(str::to_owned);
        if !fingerprints {
            continue;
        }
        let statement_id = match statement {
            Some(s) => statement_ids
                .entry(s.span.start)
                .or_insert_with(|| {
                    let text = file.text.get(s.span.range()).unwrap_or("");
                    format!("{:016x}", diagnostic::stable_hash_without_whitespace(text))
                })
                .as_str(),
            None => "",
        };
        let token = file.text.get(f.span.range()).unwrap_or("");
        f.fingerprint = diagnostic::stable_hash(&[f.code, token, statement_id]);
    }
}

fn push_tl001(report: &mut FileReport, settings: &Settings, mut f: Finding) {
    let token = f.file.text.get(f.span.range()).unwrap_or("").to_string();
    f.fingerprint = diagnostic::stable_hash(&[f.code, &token, &f.message]);
    if settings.is_enabled(f.code) {
        f.severity = settings.severity(f.code, f.severity);
        report.findings.push(f);
    }
}

/// Does broken text look like it was meant to be a policy? A `Statement` key
/// in any quote style (straight, single or curly), or bare before a colon.
pub fn mentions_statement(text: &str) -> bool {
    const QUOTES: [char; 6] = ['"', '\'', '“', '”', '‘', '’'];
    text.match_indices("Statement").any(|(i, w)| {
        let before = text[..i].chars().next_back();
        let after = text[i + w.len()..].trim_start_matches(QUOTES).trim_start();
        before.is_some_and(|c| QUOTES.contains(&c)) || after.starts_with(':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file whose size the system gives as 0 but which has bytes (the
    /// files of /proc) is read to its end, under the limit.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_of_size_zero_is_read_to_its_end() {
        let path = Path::new("/proc/self/status");
        let bytes = read(path, DEFAULT_MAX_FILE_SIZE).unwrap_or_else(|_| panic!("{} is read", path.display()));
        assert!(String::from_utf8_lossy(&bytes).contains("VmRSS"));
        match read(path, 10) {
            Err(Skip::Error(e)) => assert!(e.contains("10-byte limit"), "{e}"),
            _ => panic!("over the limit, not read"),
        }
    }

    #[test]
    fn statement_mentions() {
        assert!(mentions_statement("{“Statement”: []"));
        assert!(mentions_statement("{'Statement': []"));
        assert!(mentions_statement("{Statement: []"));
        assert!(!mentions_statement("This Statement is false"));
    }
}
