//! Output formats. Each format is one module with one `write` function over a
//! finished [`Outcome`]; reporters never look at JSON text or policies.

mod github;
mod human;
mod json;
mod pretty;
mod sarif;
mod short;
mod spliced;

use std::io::{self, Write};

use crate::lint::Outcome;

pub use human::config_error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets and carets, then a summary.
    Human,
    /// One JSON document (a stable contract: see README, "JSON output").
    Json,
    /// One line per finding, `path:line:col: severity: message [CODE]` (editors, vim, emacs).
    Short,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
    /// Findings only: no summary line.
    pub quiet: bool,
}

pub fn write(format: Format, outcome: &Outcome, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    // Buffered here once: stdout is line-buffered, and the JSON printers
    // write a few bytes at a time.
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let out: &mut dyn Write = &mut buffered;
    match format {
        Format::Human => human::write(outcome, options, out),
        Format::Json => json::write(outcome, out),
        Format::Short => short::write(outcome, out),
        Format::Github => github::write(outcome, out),
        Format::Sarif => sarif::write(outcome, out),
    }?;
    buffered.flush()
}

/// Elements rendered before they are written: about 0.6 MB of text, whose
/// memory the next window reuses. (All at once, AWS's managed policies
/// rendered 4 MB into fresh pages, a thousand page faults.)
const WINDOW: usize = 512;

/// Renders `items` on the rayon pool, `chunk` of them a task, and hands
/// each chunk's text to `write` in order (with its number from 0): the
/// output is the same bytes as a rendering on one thread. A window at a
/// time, so that memory holds one window's text, not the whole report's
/// (200,000 findings render to about 250 MB). A report of one chunk, or of
/// a run that never started the pool (a few named files), is rendered
/// here: starting the pool's threads for it cost a one-file run 8%.
fn in_parallel<'a, T, R, W>(items: &'a [T], chunk: usize, render: R, mut write: W) -> io::Result<()>
where
    T: Sync,
    R: Fn(&'a [T], &mut Vec<u8>) -> io::Result<()> + Sync,
    W: FnMut(usize, &[u8]) -> io::Result<()>,
{
    use rayon::prelude::*;
    let render_chunk = |c: &'a [T]| -> io::Result<Vec<u8>> {
        // Room for what a finding usually takes (1.2 KB in JSON): growing
        // the buffer copies it into fresh pages.
        let mut buf = Vec::with_capacity(c.len() * 2048);
        render(c, &mut buf)?;
        Ok(buf)
    };
    let mut n = 0;
    for window in items.chunks(WINDOW) {
        let pieces: Vec<io::Result<Vec<u8>>> = if window.len() <= chunk || !crate::lint::pool_started() {
            vec![render_chunk(window)]
        } else {
            window.par_chunks(chunk).map(render_chunk).collect()
        };
        for piece in pieces {
            write(n, &piece?)?;
            n += 1;
        }
    }
    Ok(())
}

/// `s` with control characters escaped (`\n`, `\u{1b}`), for the
/// line-oriented formats: a file name or a policy value holding a newline
/// must not start a line of its own (a CI log would read a `::error`
/// there as a workflow command) nor carry terminal escapes.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The counts every format's summary reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub policies: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(outcome: &Outcome) -> Summary {
        use crate::diagnostic::Severity::*;
        let count = |s| outcome.findings.iter().filter(|f| f.severity == s).count();
        Summary {
            files: outcome.files,
            policies: outcome.policies,
            findings: outcome.findings.len(),
            errors: count(Error),
            warnings: count(Warning),
            infos: count(Info),
        }
    }
}
