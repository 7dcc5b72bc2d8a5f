//! A pretty-printed JSON document whose one long array (findings, results)
//! is rendered in parallel. serde_json writes a document on one thread, and
//! for a large repository the findings are most of the output; here every
//! element is rendered on its own by a rayon worker, then the pieces are
//! written in order. The bytes are the same as `serde_json::to_writer_pretty`
//! of the whole document (a test holds both formats to that).

use std::io::{self, Write};

use serde::Serialize;

/// Stands in the skeleton where the array goes. It is searched for from the
/// end, so only what follows the array in the skeleton (a summary, a column
/// kind) must never contain it; a string with NULs cannot come from there.
pub const HOLE: &str = "\u{0}trustlint:array\u{0}";

/// Elements rendered per rayon task: enough to amortise the task (a
/// finding renders in about a microsecond), few enough to spread the work
/// over every core.
const CHUNK: usize = 64;

/// Write `skeleton` (pretty-printed), with the string [`HOLE`] in it replaced
/// by the array of `items`, each converted by `convert`.
pub fn write<'a, D, T, E, F>(out: &mut dyn Write, skeleton: &D, items: &'a [T], convert: F) -> io::Result<()>
where
    D: Serialize,
    T: Sync,
    E: Serialize,
    F: Fn(&'a T) -> E + Sync,
{
    write_with(out, skeleton, items, |item, buf, indent| {
        let pretty = Pretty::at(indent);
        convert(item)
            .serialize(&mut serde_json::Serializer::with_formatter(buf, pretty))
            .map_err(io::Error::from)
    })
}

/// [`write`], with each element written by `render` into the buffer:
/// its value only, starting where the element's line is indented to, its
/// nested lines indented from `indent` (the element line's indentation).
pub fn write_with<'a, D, T, R>(out: &mut dyn Write, skeleton: &D, items: &'a [T], render: R) -> io::Result<()>
where
    D: Serialize,
    T: Sync,
    R: Fn(&'a T, &mut Vec<u8>, usize) -> io::Result<()> + Sync,
{
    let doc = serde_json::to_vec_pretty(skeleton)?;
    let hole = serde_json::to_vec(HOLE)?;
    let at = memchr::memmem::rfind(&doc, &hole)
        .ok_or_else(|| io::Error::other("report skeleton without its array placeholder"))?;
    // serde_json indents the line the array starts on by its nesting depth
    // (two spaces a level); its elements go one level deeper.
    let line = doc[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let depth = doc[line..at].iter().take_while(|&&b| b == b' ').count();
    out.write_all(&doc[..at])?;
    if items.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[")?;
        let render_chunk = |chunk: &'a [T], buf: &mut Vec<u8>| -> io::Result<()> {
            for item in chunk {
                // One level inside the array, as a later element.
                Pretty::at(depth + 2).item(buf, false)?;
                render(item, buf, depth + 2)?;
            }
            Ok(())
        };
        // Every element starts with ",\n"; the first one has no comma.
        super::in_parallel(items, CHUNK, render_chunk, |n, piece| {
            out.write_all(if n == 0 { &piece[1..] } else { piece })
        })?;
        out.write_all(b"\n")?;
        out.write_all(&doc[line..line + depth])?;
        out.write_all(b"]")?;
    }
    out.write_all(&doc[at + hole.len()..])?;
    writeln!(out)
}

/// serde_json's `PrettyFormatter` (two spaces a level), starting at a given
/// indentation, so an element deep in the document is written in place.
pub(super) struct Pretty {
    spaces: usize,
    has_value: bool,
}

impl Pretty {
    pub(super) fn at(spaces: usize) -> Pretty {
        Pretty {
            spaces,
            has_value: false,
        }
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.spaces += 2;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.spaces -= 2;
        if self.has_value {
            w.write_all(b"\n")?;
            write_spaces(w, self.spaces)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        write_spaces(w, self.spaces)
    }
}

fn write_spaces<W: ?Sized + Write>(w: &mut W, n: usize) -> io::Result<()> {
    const SPACES: [u8; 64] = [b' '; 64];
    let mut n = n;
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    #[derive(Serialize)]
    struct Item {
        name: String,
        tags: Vec<u32>,
        empty: Vec<u32>,
        nested: Option<Box<Item>>,
    }

    #[derive(Serialize)]
    struct Doc<A: Serialize> {
        head: &'static str,
        inner: Vec<Inner<A>>,
        tail: u32,
    }

    #[derive(Serialize)]
    struct Inner<A: Serialize> {
        items: A,
        after: &'static str,
    }

    fn items(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| Item {
                name: format!("item \"{i}\"\n\u{0}\u{1b}é"),
                tags: (0..(i % 4) as u32).collect(),
                empty: Vec::new(),
                nested: (i % 3 == 0).then(|| {
                    Box::new(Item {
                        name: "inner".into(),
                        tags: vec![1],
                        empty: Vec::new(),
                        nested: None,
                    })
                }),
            })
            .collect()
    }

    /// Same bytes as serde_json on the whole document, at any length,
    /// including none and more than one chunk.
    #[test]
    fn same_as_serde() {
        for n in [0, 1, 2, 63, 64, 65, 200, super::super::WINDOW + 1] {
            let all = items(n);
            let whole = Doc {
                head: "h",
                inner: vec![Inner {
                    items: &all,
                    after: "a",
                }],
                tail: 7,
            };
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            let skeleton = Doc {
                head: "h",
                inner: vec![Inner {
                    items: super::HOLE,
                    after: "a",
                }],
                tail: 7,
            };
            let mut got = Vec::new();
            super::write(&mut got, &skeleton, &all, |i| i).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected).unwrap(),
                "n = {n}"
            );
        }
    }
}
