//! `--format human`: codespan-reporting diagnostics, then a summary line.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor};

use super::{RenderOptions, Summary};
use crate::diagnostic::{Finding, Severity};
use crate::lint::Outcome;
use crate::source::SourceFile;

/// Findings rendered per rayon task: each takes tens of microseconds, so a
/// few hundred findings already spread over every core.
const CHUNK: usize = 16;

pub fn write(outcome: &Outcome, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let config = term::Config::default();
    // Straight into the chunk's buffer, with or without colour codes.
    let render = |chunk: &[Finding], buf: &mut Vec<u8>| -> io::Result<()> {
        let emit = |w: &mut dyn term::WriteStyle| {
            chunk.iter().try_for_each(|f| {
                let files = FileSet::of(f);
                term::emit_to_write_style(w, &config, &files, &diagnostic(f, &files)).map_err(io::Error::other)
            })
        };
        if options.color {
            emit(&mut termcolor::Ansi::new(buf))
        } else {
            emit(&mut termcolor::NoColor::new(buf))
        }
    };
    // codespan-reporting takes tens of microseconds a diagnostic (it writes
    // a snippet a character at a time, through `fmt`): on one thread, the
    // human report of AWS's managed policies was a fifth of the run's wall.
    super::in_parallel(&outcome.findings, CHUNK, render, |_, piece| out.write_all(piece))?;
    if !options.quiet {
        let mut line = summary_line(&Summary::of(outcome));
        if outcome.suppressed > 0 {
            line.push_str(&format!("; {} suppressed in trustlint.toml", outcome.suppressed));
        }
        if outcome.baselined > 0 {
            line.push_str(&format!("; {} already in the baseline", outcome.baselined));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn diagnostic(f: &Finding, files: &FileSet) -> Diagnostic<usize> {
    let severity = match f.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![Label::new(LabelStyle::Primary, files.id(&f.file), f.span.range()).with_message(&f.label)];
    labels.extend(
        f.labels
            .iter()
            .map(|l| Label::new(LabelStyle::Secondary, files.id(&l.file), l.span.range()).with_message(&l.message)),
    );
    let mut notes = Vec::new();
    notes.extend(f.note.as_ref().map(|n| format!("note: {n}")));
    notes.extend(f.help.as_ref().map(|h| format!("help: {h}")));
    Diagnostic::new(severity)
        .with_code(f.code)
        .with_message(super::printable(&f.message))
        .with_labels(labels)
        .with_notes(notes)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn summary_line(s: &Summary) -> String {
    let scanned = format!(
        "{} scanned, {} linted",
        plural(s.files, "file", "files"),
        plural(s.policies, "policy", "policies")
    );
    if s.findings == 0 {
        format!("{scanned}: no findings")
    } else {
        format!(
            "{scanned}: {}, {}, {}",
            plural(s.errors, "error", "errors"),
            plural(s.warnings, "warning", "warnings"),
            plural(s.infos, "info", "infos")
        )
    }
}

/// The files one diagnostic shows (usually one; two for cross-file findings).
struct FileSet<'f> {
    files: Vec<&'f Arc<SourceFile>>,
}

impl<'f> FileSet<'f> {
    fn of(f: &'f Finding) -> FileSet<'f> {
        let mut files = vec![&f.file];
        for l in &f.labels {
            if !files.iter().any(|x| Arc::ptr_eq(x, &l.file)) {
                files.push(&l.file);
            }
        }
        FileSet { files }
    }

    fn id(&self, file: &Arc<SourceFile>) -> usize {
        self.files.iter().position(|x| Arc::ptr_eq(x, file)).unwrap_or(0)
    }

    fn get(&self, id: usize) -> Result<&SourceFile, FilesError> {
        self.files.get(id).map(|f| f.as_ref()).ok_or(FilesError::FileMissing)
    }
}

impl<'a> Files<'a> for FileSet<'_> {
    type FileId = usize;
    type Name = std::borrow::Cow<'a, str>;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<Self::Name, FilesError> {
        Ok(super::printable(&self.get(id)?.name))
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.get(id)?.line_index(byte_index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.get(id)?;
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(file.text.len());
        Ok(start..end)
    }
}

/// A configuration error rendered like a finding, with a caret into the TOML.
pub fn config_error(e: &crate::config::ConfigError, color: bool) -> String {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let files = FileSet { files: vec![&e.file] };
    let what = if e.file.name.ends_with("trustlint.toml") || e.file.text.is_empty() {
        "invalid configuration"
    } else {
        "invalid rule file"
    };
    let mut d = Diagnostic::error().with_message(format!("{what}: {}", e.message));
    if let Some(span) = e.span {
        d = d.with_labels(vec![Label::primary(0, span.range()).with_message(&e.message)]);
    } else {
        d = d.with_notes(vec![format!("in {}", e.file.name)]);
    }
    if term::emit_to_write_style(&mut buffer, &term::Config::default(), &files, &d).is_err() {
        return format!("error: {e}\n");
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}
