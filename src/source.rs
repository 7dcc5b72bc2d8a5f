//! A file's text and the mapping from byte offsets to lines and columns.

use std::path::PathBuf;
use std::sync::OnceLock;

/// One linted file: its display path (relative, forward slashes) and text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to users: relative to the working directory where
    /// possible, always with forward slashes so output is the same on every OS.
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    pub text: String,
    /// Built when a position is first asked for: a third of the files of a
    /// typical repository have no finding and never need it.
    lines: OnceLock<Lines>,
}

#[derive(Debug)]
struct Lines {
    starts: Vec<usize>,
    /// Per line: is it all ASCII? Then a column is a byte difference, O(1)
    /// even on a 10 MB single-line file with a million findings.
    ascii: Vec<bool>,
}

/// A 1-based line and a 1-based column counted in Unicode characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: String, path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            name,
            path,
            text,
            lines: OnceLock::new(),
        }
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| {
            let text = &self.text;
            let starts = line_starts(text.as_bytes());
            // One vectorised pass for the usual all-ASCII file.
            let ascii = if text.is_ascii() {
                vec![true; starts.len()]
            } else {
                starts
                    .iter()
                    .enumerate()
                    .map(|(i, &start)| {
                        let end = starts.get(i + 1).copied().unwrap_or(text.len());
                        text.as_bytes()[start..end].is_ascii()
                    })
                    .collect()
            };
            Lines { starts, ascii }
        })
    }

    /// The same file without its text: for findings whose positions are
    /// already computed (see `Finding::shed_source`). Positions asked of it
    /// are all line 1.
    pub fn without_text(&self) -> SourceFile {
        SourceFile::new(self.name.clone(), self.path.clone(), String::new())
    }

    /// The 0-based line index holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.lines().starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.lines().starts
    }

    /// Line and column (in characters) of a byte offset. Offsets inside a
    /// multi-byte character count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let lines = self.lines();
        let start = lines.starts[line];
        if lines.ascii.get(line).copied().unwrap_or(false) {
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

/// The offset of each line's start: 0 and each byte after a `\n`, found by
/// `memchr` (a vector of bytes at a time): pretty-printed policies have
/// lines of a few dozen bytes.
fn line_starts(text: &[u8]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(text.len() / 24 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
    starts
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

    /// A newline at every position of lines of every length up to 20, among
    /// every other byte value (those with the high bit set included).
    #[test]
    fn line_starts_are_each_byte_after_a_newline() {
        let naive = |t: &[u8]| -> Vec<usize> {
            std::iter::once(0)
                .chain(t.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1))
                .collect()
        };
        let others: Vec<u8> = (0u8..=255).filter(|&b| b != b'\n').collect();
        for len in 0..20 {
            for at in 0..=len {
                let mut t: Vec<u8> = others.iter().cycle().skip(at * 7).take(len).copied().collect();
                if at < len {
                    t[at] = b'\n';
                }
                t.extend(b"\n\nx\n");
                assert_eq!(line_starts(&t), naive(&t), "{t:?}");
            }
        }
        assert_eq!(line_starts(&others), [0]);
    }
}
