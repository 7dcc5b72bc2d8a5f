//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding, then a summary line (GitHub shows at most 10 annotations of each
//! level per step, so the log line says how many there were).

use std::io::{self, Write};

use super::Summary;
use crate::diagnostic::{Finding, Severity};
use crate::lint::Outcome;

/// Escaping for the message part of a workflow command.
fn escape_data(s: &str) -> String {
    // Line breaks as GitHub encodes them; other control characters (a
    // terminal escape in a policy value) spelt out.
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    super::printable(&s).into_owned()
}

/// Escaping for property values (`file=`, `title=`): also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let (start, end) = (f.start(), f.end());
    let mut message = f.message.clone();
    if let Some(n) = &f.note {
        message.push_str("\n\nnote: ");
        message.push_str(n);
    }
    if let Some(h) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    format!(
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&f.file.name),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&format!("{} {}", f.code, f.name)),
        escape_data(&message)
    )
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for f in &outcome.findings {
        writeln!(out, "{}", command(f))?;
    }
    let s = Summary::of(outcome);
    let mut line = format!(
        "trustlint: {} files scanned, {} policies linted: {} errors, {} warnings, {} infos",
        s.files, s.policies, s.errors, s.warnings, s.infos
    );
    if s.errors > 10 || s.warnings > 10 || s.infos > 10 {
        line.push_str(" (GitHub shows at most 10 annotations of each level per step; all are listed above)");
    }
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("a%b\r\nc"), "a%25b%0D%0Ac");
        assert_eq!(escape_property("TL1: a,b"), "TL1%3A a%2Cb");
    }
}
