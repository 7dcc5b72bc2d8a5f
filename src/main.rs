//! The `trustlint` command: argument parsing and exit codes. The library does the work.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use trustlint::baseline::Baseline;
use trustlint::config::{self, FailOn, Level, Settings};
use trustlint::explain;
use trustlint::lint::{self, Options};
use trustlint::report::{self, Format, RenderOptions};
use trustlint::rules::Registry;

// mimalloc: the lint allocates many small, short-lived objects per policy
// (model, findings); measured faster than the system allocator (bench/).
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// mimalloc, asked for plain allocations whenever its own alignment (16
/// bytes) is enough. `mimalloc::MiMalloc` asks for an aligned allocation
/// every time, and mimalloc serves aligned requests above 1 KB (growing
/// vectors, file buffers) by a slower, general path.
struct Allocator;

/// What every mimalloc allocation is aligned to (`MI_MAX_ALIGN_SIZE`).
const MI_ALIGN: usize = 16;

// SAFETY: each method passes the layout's size (and, when mimalloc's own
// alignment would not do, its alignment) to the matching mimalloc function,
// which returns memory of at least that size and alignment, or null; every
// pointer freed or resized came from this allocator.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= MI_ALIGN {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= MI_ALIGN {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: see the impl.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= MI_ALIGN {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

/// Exit codes, a contract: 0 clean, 1 findings at or above --fail-on, 2 usage, I/O or config error.
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "trustlint",
    version,
    about = "A fast, offline linter for AWS IAM trust and permission policies",
    long_about = "A fast, offline linter for AWS IAM trust and permission policies.\n\n\
        `trustlint PATHS...` is short for `trustlint check PATHS...`.",
    after_help = "Exit codes: 0 no findings at or above --fail-on; 1 findings at or above it; \
        2 usage, I/O or configuration error."
)]
struct Cli {
    /// When to use colors: auto honours NO_COLOR and whether stdout is a terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// A folder of your own rule files (declarative checks; repeatable). See rules/README.md.
    #[arg(long = "rules", global = true, value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint policy files (the default command).
    Check(Box<CheckArgs>),
    /// List every rule: code, name, default severity, summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Show a rule's full documentation: what, why, examples, fix.
    Explain {
        /// A rule code (TL004) or name (invalid-effect).
        rule: String,
    },
    /// Run the [[example]] entries of every rule (or of the rule files in DIR) and report failures.
    TestRules {
        /// A folder of rule files; without it, the built-in rules.
        dir: Option<PathBuf>,
    },
}

#[derive(Args)]
struct CheckArgs {
    /// Files or directories to lint. Directories are walked honouring .gitignore.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when a finding is at or above this severity [default: warning, or `fail-on` in trustlint.toml].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Run only these rules (codes or names, comma-separated, repeatable).
    #[arg(long, value_name = "RULES")]
    select: Vec<String>,
    /// Turn these rules off (codes or names, comma-separated, repeatable).
    #[arg(long, value_name = "RULES")]
    ignore: Vec<String>,
    /// Lint only files matching this glob when walking directories (repeatable; replaces `include` of trustlint.toml; default **/*.json).
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files matching this glob (repeatable; added to `exclude` of trustlint.toml).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Apply the exclude globs to files named on the command line too (for pre-commit).
    #[arg(long)]
    force_exclude: bool,
    /// Read the document from standard input and report it under this path (for editors).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Follow symbolic links while walking directories (links out of the tree included).
    #[arg(long)]
    follow_links: bool,
    /// Worker threads for linting (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Record the current findings in this file and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Print findings only: no summary line, no notes.
    #[arg(long, short)]
    quiet: bool,
    /// Use this configuration file instead of the nearest trustlint.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The current time for time-window rules (RFC 3339, e.g. 2026-01-01T00:00:00Z).
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    now: Option<i64>,
    /// Files larger than this many bytes are reported and not read [default: 10485760].
    #[arg(long, value_name = "BYTES")]
    max_file_size: Option<u64>,
    /// Print on stderr where the run's time went: each rule, and the walk, reads, parse and report.
    #[arg(long)]
    timings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

const SUBCOMMANDS: [&str; 9] = [
    "check",
    "rules",
    "explain",
    "test-rules",
    "help",
    "--help",
    "-h",
    "--version",
    "-V",
];

fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    insert_default_command(&mut args);
    let cli = Cli::parse_from(args);
    let color = use_color(cli.color);
    // `check` installs the rule packs itself, with those of trustlint.toml.
    if !matches!(cli.command, Command::Check(_)) && !cli.rule_dirs.is_empty() {
        match Registry::with_packs(&cli.rule_dirs) {
            Ok(r) => {
                Registry::install(r);
            }
            Err(e) => {
                eprint!("{}", report::config_error(&e, color));
                return ExitCode::from(EXIT_ERROR);
            }
        }
    }
    let result = match cli.command {
        Command::Check(a) => check(*a, color, cli.rule_dirs),
        Command::TestRules { dir } => test_rules(dir, color),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain_rule(&rule),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("trustlint: error: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// `--timings`: the table, after everything else on stderr.
fn print_timings(started: std::time::Instant) {
    // By code only: a phase ("walk", "report") is not a rule, whatever a rule pack names its rules.
    let name = |label: &str| {
        Registry::current()
            .get(label)
            .filter(|r| r.code() == label)
            .map(|r| r.meta.name.clone())
    };
    if let Some(table) = trustlint::timing::report(started.elapsed(), name) {
        eprint!("{table}");
    }
}

/// `trustlint PATHS` means `trustlint check PATHS`: insert `check` after the
/// global options unless a subcommand is named.
fn insert_default_command(args: &mut Vec<std::ffi::OsString>) {
    let mut i = 1;
    while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
        match a {
            "--color" | "--rules" => i += 2,
            _ if a.starts_with("--color=") || a.starts_with("--rules=") => i += 1,
            _ => break,
        }
    }
    let named = args
        .get(i)
        .and_then(|a| a.to_str())
        .is_some_and(|a| SUBCOMMANDS.contains(&a));
    if !named {
        args.insert(i.min(args.len()), "check".into());
    }
}

/// Write to stdout; a reader that went away (`trustlint ... | head`) is not an
/// error, and certainly not a panic.
fn print_out(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

fn parse_now(s: &str) -> Result<i64, String> {
    trustlint::policy::date::parse(s)
        .filter(|_| s.contains('T'))
        .ok_or_else(|| format!("`{s}` is not an RFC 3339 time such as 2026-01-01T00:00:00Z"))
}

/// A comma-separated list of rule codes or names, as codes.
fn rule_codes(lists: &[String], flag: &str) -> Result<Vec<String>, String> {
    let mut codes = Vec::new();
    for item in lists
        .iter()
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        // Asked only when there is a code to check: building the rules is
        // done beside the walk (see `lint::run`).
        let rule = Registry::current()
            .get(item)
            .ok_or_else(|| format!("{flag}: no rule `{item}`; `trustlint rules` lists them"))?;
        codes.push(rule.code().to_string());
    }
    Ok(codes)
}

fn check(args: CheckArgs, color: bool, rule_dirs: Vec<PathBuf>) -> Result<u8, String> {
    let started = std::time::Instant::now();
    if args.timings {
        trustlint::timing::enable();
    }
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| format!("--threads: {e}"))?;
    }
    let mut settings = Settings {
        now: args.now,
        rule_dirs,
        ..Settings::default()
    };
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    let config_path = match &args.config {
        Some(p) if !p.is_file() => return Err(format!("{}: no such configuration file", p.display())),
        Some(p) => Some(p.clone()),
        None => config::find(&cwd),
    };
    if let Some(path) = config_path {
        let display = trustlint::discover::display_name(&path, Some(&cwd));
        if let Err(e) = config::load(&path, display, &mut settings) {
            eprint!("{}", report::config_error(&e, color && std::io::stderr().is_terminal()));
            return Ok(EXIT_ERROR);
        }
    }
    if !settings.rule_dirs.is_empty() && settings.file.is_none() {
        match Registry::with_packs(&settings.rule_dirs) {
            Ok(r) => {
                Registry::install(r);
            }
            Err(e) => {
                eprint!("{}", report::config_error(&e, color && std::io::stderr().is_terminal()));
                return Ok(EXIT_ERROR);
            }
        }
    }
    // Command-line flags override the file.
    if !args.select.is_empty() {
        settings.select = Some(rule_codes(&args.select, "--select")?);
    }
    for code in rule_codes(&args.ignore, "--ignore")? {
        settings.levels.insert(code, Level::Off);
    }
    let fail_on = args.fail_on.or(settings.fail_on).unwrap_or_default();
    let include = if args.include.is_empty() {
        settings.include.clone()
    } else {
        args.include.clone()
    };
    let mut exclude = settings.exclude.clone();
    exclude.extend(args.exclude.iter().cloned());
    let max_file_size = args
        .max_file_size
        .or(settings.max_file_size)
        .unwrap_or(lint::DEFAULT_MAX_FILE_SIZE);

    let mut outcome = match &args.stdin_filename {
        Some(name) => lint_stdin(name, &settings, max_file_size)?,
        None => {
            let options = Options {
                paths: args.paths,
                include,
                exclude,
                max_file_size,
                force_exclude: args.force_exclude,
                follow_links: args.follow_links,
                keep_source: args.format == Format::Human,
                fingerprints: args.format == Format::Sarif || args.baseline.is_some() || args.write_baseline.is_some(),
                settings,
            };
            lint::run(&options)?
        }
    };

    if let Some(path) = &args.write_baseline {
        Baseline::of(&outcome.findings).write(path)?;
        eprintln!(
            "trustlint: wrote {} finding(s) to the baseline {}",
            outcome.findings.len(),
            path.display()
        );
        print_timings(started);
        return Ok(0);
    }
    if let Some(path) = &args.baseline {
        outcome.baselined = Baseline::read(path)?.filter(&mut outcome.findings);
    }

    let mut stdout = std::io::stdout().lock();
    let render = RenderOptions {
        color,
        quiet: args.quiet,
    };
    let written = trustlint::timing::time("report", || {
        report::write(args.format, &outcome, render, &mut stdout).and_then(|()| stdout.flush())
    });
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e.to_string());
    }
    if !args.quiet {
        for note in &outcome.notes {
            eprintln!("trustlint: note: {note}");
        }
    }
    for e in &outcome.errors {
        eprintln!("trustlint: error: {e}");
    }
    let failing = fail_on
        .threshold()
        .is_some_and(|t| outcome.findings.iter().any(|f| f.severity >= t));
    let code = match (outcome.errors.is_empty(), failing) {
        (false, _) => EXIT_ERROR,
        (true, true) => EXIT_FINDINGS,
        (true, false) => 0,
    };
    print_timings(started);
    // The process ends next: freeing every finding one by one would only
    // delay the exit (the system takes the memory back at once).
    std::mem::forget(outcome);
    Ok(code)
}

/// Lint the document on standard input as if it were the file `name` (editors
/// lint unsaved buffers this way).
fn lint_stdin(name: &std::path::Path, settings: &Settings, max: u64) -> Result<lint::Outcome, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!("standard input is over the {max}-byte limit (--max-file-size)"));
    }
    let display = trustlint::discover::display_name(name, std::env::current_dir().ok().as_deref());
    let report = lint::lint_bytes(display, name.to_path_buf(), bytes, true, settings);
    let mut outcome = lint::Outcome {
        files: 1,
        policies: usize::from(report.is_policy),
        findings: report.findings,
        notes: report.note.into_iter().collect(),
        ..lint::Outcome::default()
    };
    lint::finish(&mut outcome, settings, &[name.to_path_buf()], false);
    Ok(outcome)
}

/// Run rule examples: a bad one must give a finding of its rule, a good one none.
fn test_rules(dir: Option<PathBuf>, color: bool) -> Result<u8, String> {
    let registry = match &dir {
        Some(d) => match Registry::with_packs(std::slice::from_ref(d)) {
            Ok(r) => Registry::install(r),
            Err(e) => {
                eprint!("{}", report::config_error(&e, color));
                return Ok(EXIT_ERROR);
            }
        },
        None => Registry::current(),
    };
    let (mut passed, mut failed) = (0, 0);
    for rule in registry.rules() {
        if dir.is_some() && rule.origin.is_none() {
            continue;
        }
        for ex in rule.meta.examples.iter() {
            let found = explain::example_findings(rule, ex);
            let ok = match ex.kind {
                trustlint::rules::ExampleKind::Bad => !found.is_empty(),
                trustlint::rules::ExampleKind::Good => found.is_empty(),
            };
            let kind = if ex.kind == trustlint::rules::ExampleKind::Bad {
                "bad"
            } else {
                "good"
            };
            if ok {
                passed += 1;
            } else {
                failed += 1;
                print_out(&format!(
                    "FAIL {} {} example \"{}\": {}\n",
                    rule.code(),
                    kind,
                    ex.title,
                    if found.is_empty() {
                        "no finding".to_string()
                    } else {
                        found.join("; ")
                    }
                ))?;
            }
        }
    }
    print_out(&format!("rule examples: {passed} passed, {failed} failed\n"))?;
    Ok(if failed > 0 { EXIT_FINDINGS } else { 0 })
}

fn list_rules(format: ListFormat) -> Result<u8, String> {
    let registry = Registry::current();
    let text = match format {
        ListFormat::Human => explain::rules_table(registry),
        ListFormat::Json => explain::rules_json(registry),
    };
    print_out(&text)?;
    Ok(0)
}

fn explain_rule(rule: &str) -> Result<u8, String> {
    let registry = Registry::current();
    let Some(rule) = registry.get(rule) else {
        return Err(format!("no rule `{rule}`; `trustlint rules` lists them"));
    };
    print_out(&explain::explain(rule))?;
    Ok(0)
}
