//! `--format short`: one line per finding, gcc style, which editors' problem
//! matchers and vim/emacs compile modes read as is:
//! `path:line:col: severity: message [CODE]`.

use std::io::{self, Write};

use super::printable;
use crate::lint::Outcome;

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for f in &outcome.findings {
        let p = f.start();
        writeln!(
            out,
            "{}:{}:{}: {}: {} [{}]",
            printable(&f.file.name),
            p.line,
            p.column,
            f.severity,
            printable(&f.message),
            f.code
        )?;
    }
    Ok(())
}
