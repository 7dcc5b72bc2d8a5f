//! A file's text and the mapping from byte offsets to lines and columns.

use std::path::PathBuf;

/// One linted file: its display path (relative, forward slashes) and text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to users: relative to the working directory where
    /// possible, always with forward slashes so output is the same on every OS.
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// Per line: is it all ASCII? Then a column is a byte difference, O(1)
    /// even on a 10 MB single-line file with a million findings.
    ascii_lines: Vec<bool>,
}

/// A 1-based line and a 1-based column counted in Unicode characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: String, path: PathBuf, text: String) -> SourceFile {
        let line_starts: Vec<usize> = std::iter::once(0).chain(memchr_newlines(&text)).collect();
        // One vectorised pass for the usual all-ASCII file.
        let ascii_lines = if text.is_ascii() {
            vec![true; line_starts.len()]
        } else {
            Self::ascii_lines(&text, &line_starts)
        };
        SourceFile {
            name,
            path,
            text,
            line_starts,
            ascii_lines,
        }
    }

    fn ascii_lines(text: &str, line_starts: &[usize]) -> Vec<bool> {
        line_starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = line_starts.get(i + 1).copied().unwrap_or(text.len());
                text.as_bytes()[start..end].is_ascii()
            })
            .collect()
    }

    /// The same file without its text: for findings whose positions are
    /// already computed (see `Finding::shed_source`). Positions asked of it
    /// are all line 1.
    pub fn without_text(&self) -> SourceFile {
        SourceFile::new(self.name.clone(), self.path.clone(), String::new())
    }

    /// The 0-based line index holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Line and column (in characters) of a byte offset. Offsets inside a
    /// multi-byte character count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        if self.ascii_lines.get(line).copied().unwrap_or(false) {
            return Position {
                line: line + 1,
                column: offset - start + 1,
            };
        }
        let prefix = &self.text.as_bytes()[start..offset];
        // Count characters by their first bytes, so a slice ending mid-character still works.
        let column = prefix.iter().filter(|&&b| (b & 0xC0) != 0x80).count() + 1;
        Position { line: line + 1, column }
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let f = SourceFile::new("a".into(), "a".into(), "ab\n“x”\n".into());
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(3), Position { line: 2, column: 1 });
        // “ is three bytes; x is the second character on line 2.
        assert_eq!(f.position(6), Position { line: 2, column: 2 });
        assert_eq!(f.position(100), Position { line: 3, column: 1 });
    }
}
