//! A hand-written pretty JSON writer for the one element a report repeats
//! thousands of times (a `--format json` finding). serde_json scans a string
//! byte by byte through a table; here eight bytes are checked at once for
//! what needs escaping, which is almost nothing in a report. The bytes are
//! exactly serde_json's `to_writer_pretty` (two-space indentation, its
//! escapes): the tests compare the two.

/// One JSON object being written: fields go one level deeper than `indent`,
/// the indentation of the object's own line.
pub(super) struct Object<'a> {
    out: &'a mut Vec<u8>,
    indent: usize,
    fields: bool,
}

impl<'a> Object<'a> {
    pub(super) fn open(out: &'a mut Vec<u8>, indent: usize) -> Object<'a> {
        out.push(b'{');
        Object {
            out,
            indent,
            fields: false,
        }
    }

    /// Start a field: the caller writes its value next. Inlined, so that
    /// the literal name is copied by a few moves rather than a `memcpy` call
    /// (a report writes some twenty fields a finding).
    #[inline(always)]
    pub(super) fn key(&mut self, name: &str) -> &mut Vec<u8> {
        // `,` (unless first), the new line and the indentation in one copy.
        let skip = usize::from(!self.fields);
        newline_indent(self.out, skip, self.indent + 2);
        // Field names are this module's callers' literals: nothing to escape.
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\": ");
        self.fields = true;
        self.out
    }

    /// The indentation of a value's own nested lines.
    pub(super) fn inner(&self) -> usize {
        self.indent + 2
    }

    #[inline(always)]
    pub(super) fn str(&mut self, name: &str, value: &str) {
        string(self.key(name), value);
    }

    /// A string, or `null`.
    #[inline(always)]
    pub(super) fn opt_str(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(v) => self.str(name, v),
            None => self.key(name).extend_from_slice(b"null"),
        }
    }

    #[inline(always)]
    pub(super) fn num(&mut self, name: &str, value: usize) {
        let mut b = itoa::Buffer::new();
        let digits = b.format(value).as_bytes();
        self.key(name).extend_from_slice(digits);
    }

    #[inline(always)]
    pub(super) fn bool(&mut self, name: &str, value: bool) {
        self.key(name).extend_from_slice(if value { b"true" } else { b"false" });
    }

    pub(super) fn close(self) {
        if self.fields {
            self.out.push(b'\n');
            spaces(self.out, self.indent);
        }
        self.out.push(b'}');
    }
}

/// An array whose elements `each` writes, each starting at `indent + 2`.
pub(super) fn array<T>(out: &mut Vec<u8>, indent: usize, items: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        spaces(out, indent + 2);
        each(out, item);
    }
    if !items.is_empty() {
        out.push(b'\n');
        spaces(out, indent);
    }
    out.push(b']');
}

fn spaces(out: &mut Vec<u8>, n: usize) {
    newline_indent(out, 2, n);
}

/// `,\n` and `n` spaces, from byte `skip` of that (1: no comma, 2: only the
/// spaces), as one copy while `n` fits the padding (reports nest a few
/// levels), else as a fill.
fn newline_indent(out: &mut Vec<u8>, skip: usize, n: usize) {
    const PAD: &[u8; 2 + 64] = b",\n                                                                ";
    match PAD.get(skip..2 + n) {
        Some(pad) => out.extend_from_slice(pad),
        None => {
            out.extend_from_slice(&PAD[skip.min(2)..2]);
            out.resize(out.len() + n, b' ');
        }
    }
}

/// Whether any of the eight bytes of `w` is `"`, `\` or below 0x20 (exact
/// for a word without them; a word with one may also flag its neighbours,
/// which only sends the scan byte by byte).
fn needs_escape(w: u64) -> bool {
    use crate::swar::{HIGHS, bytes_equal, splat};
    let below_space = w.wrapping_sub(splat(0x20)) & !w & HIGHS;
    below_space | bytes_equal(w, b'"') | bytes_equal(w, b'\\') != 0
}

/// `s` as a JSON string, escaped as serde_json escapes it.
pub(super) fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    // A report's strings (codes, messages, paths) seldom need an escape:
    // one pass the compiler vectorises tells, and then they are copied whole.
    let clean = !b
        .iter()
        .fold(false, |any, &c| any | (c < 0x20) | (c == b'"') | (c == b'\\'));
    if !clean {
        return string_escaped(out, b);
    }
    out.reserve(b.len() + 2);
    out.push(b'"');
    out.extend_from_slice(b);
    out.push(b'"');
}

/// [`string`] of a text with something to escape.
fn string_escaped(out: &mut Vec<u8>, b: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(b.len() + 2);
    out.push(b'"');
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        // Skip eight clean bytes at a time; then look at the next eight
        // (or the tail) one by one.
        while let Some(word) = b.get(i..i + 8) {
            if needs_escape(crate::swar::word(word)) {
                break;
            }
            i += 8;
        }
        for (at, &c) in b.iter().enumerate().take(i + 8).skip(i) {
            let short = match c {
                b'"' => b'"',
                b'\\' => b'\\',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                0x08 => b'b',
                0x0C => b'f',
                0x00..0x20 => 0,
                _ => continue,
            };
            out.extend_from_slice(&b[start..at]);
            if short == 0 {
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(c >> 4)],
                    HEX[usize::from(c & 0xF)],
                ]);
            } else {
                out.extend_from_slice(&[b'\\', short]);
            }
            start = at + 1;
        }
        i += 8;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the padding's 64 spaces the indentation is a fill, the same bytes.
    #[test]
    fn indentation_of_any_depth() {
        for skip in 0..=2 {
            for n in [0, 1, 63, 64, 65, 200] {
                let mut out = b"x".to_vec();
                newline_indent(&mut out, skip, n);
                let want = [&b"x"[..], &b",\n"[skip..], &vec![b' '; n]].concat();
                assert_eq!(out, want, "skip {skip}, n {n}");
            }
        }
    }

    /// Every byte value, alone and amid ASCII at every alignment, escapes
    /// as serde_json escapes it.
    #[test]
    fn strings_escape_as_serde_does() {
        let mut cases: Vec<String> = (0u8..0x80).map(|c| char::from(c).to_string()).collect();
        for c in (0u8..0x80).map(char::from).chain(['é', '€', '\u{2028}', '😀']) {
            for pad in 0..10 {
                cases.push(format!("{}{c}{}", "a".repeat(pad), "b".repeat(9 - pad)));
                cases.push(format!("{}{c}\"{c}\\", "x".repeat(pad)));
            }
        }
        cases.push(String::new());
        cases.push("a plain sentence of more than eight bytes, with no escapes at all".into());
        for s in cases {
            let mut got = Vec::new();
            string(&mut got, &s);
            assert_eq!(got, serde_json::to_vec(&s).unwrap(), "{s:?}");
        }
    }
}
