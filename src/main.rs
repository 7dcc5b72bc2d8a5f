//! The `trustlint` command: argument parsing and exit codes. The library does the work.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use trustlint::config::{self, Settings};
use trustlint::diagnostic::Severity;
use trustlint::explain;
use trustlint::lint::{self, Options};
use trustlint::report::{self, Format, RenderOptions};
use trustlint::rules::Registry;

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint policy files (the default command).
    Check(CheckArgs),
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
}

#[derive(Args)]
struct CheckArgs {
    /// Files or directories to lint. Directories are walked honouring .gitignore.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Only lint files matching this glob when walking directories (repeatable; default **/*.json).
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files matching this glob when walking directories (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Print findings only: no summary line, no notes.
    #[arg(long, short)]
    quiet: bool,
    /// Use this configuration file instead of the nearest trustlint.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The current time for time-window rules (RFC 3339, e.g. 2026-01-01T00:00:00Z).
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    now: Option<i64>,
    /// Files larger than this many bytes are reported and not read.
    #[arg(long, value_name = "BYTES", default_value_t = lint::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

const SUBCOMMANDS: [&str; 8] = ["check", "rules", "explain", "help", "--help", "-h", "--version", "-V"];

fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    insert_default_command(&mut args);
    let cli = Cli::parse_from(args);
    let color = use_color(cli.color);
    let result = match cli.command {
        Command::Check(a) => check(a, color),
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

/// `trustlint PATHS` means `trustlint check PATHS`: insert `check` after the
/// global options unless a subcommand is named.
fn insert_default_command(args: &mut Vec<std::ffi::OsString>) {
    let mut i = 1;
    while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
        match a {
            "--color" => i += 2,
            _ if a.starts_with("--color=") => i += 1,
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

fn check(args: CheckArgs, color: bool) -> Result<u8, String> {
    let mut settings = Settings {
        now: args.now,
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
    let options = Options {
        paths: args.paths,
        include: args.include,
        exclude: args.exclude,
        max_file_size: args.max_file_size,
        settings,
    };
    let outcome = lint::run(&options)?;
    let mut stdout = std::io::stdout().lock();
    let render = RenderOptions {
        color,
        quiet: args.quiet,
    };
    report::write(args.format, &outcome, render, &mut stdout).map_err(|e| e.to_string())?;
    stdout.flush().map_err(|e| e.to_string())?;
    if !args.quiet {
        for note in &outcome.notes {
            eprintln!("trustlint: note: {note}");
        }
    }
    for e in &outcome.errors {
        eprintln!("trustlint: error: {e}");
    }
    if !outcome.errors.is_empty() {
        return Ok(EXIT_ERROR);
    }
    let failing = args
        .fail_on
        .threshold()
        .is_some_and(|t| outcome.findings.iter().any(|f| f.severity >= t));
    Ok(if failing { EXIT_FINDINGS } else { 0 })
}

fn list_rules(format: ListFormat) -> Result<u8, String> {
    let registry = Registry::builtin();
    let mut out = std::io::stdout().lock();
    let text = match format {
        ListFormat::Human => explain::rules_table(registry),
        ListFormat::Json => explain::rules_json(registry),
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(0)
}

fn explain_rule(rule: &str) -> Result<u8, String> {
    let registry = Registry::builtin();
    let Some(rule) = registry.get(rule) else {
        return Err(format!("no rule `{rule}`; `trustlint rules` lists them"));
    };
    print!("{}", explain::explain(rule));
    Ok(0)
}
