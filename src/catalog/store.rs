//! The embedded catalogue and its decoding. `data/catalog/catalog.bin`'s
//! format is documented in `scripts/gen-catalog/gen.py`, which writes it: a
//! magic, a small plain-text index, then one raw-DEFLATE chunk per service
//! (and one for the global condition keys), each a tab-separated line format.
//! `build.rs` inflates every chunk, so the binary embeds the same format with
//! plain chunks (magic `TLCAT\x02`).
//!
//! Every `expect` here states an invariant of the embedded file, which the
//! unit tests check by decoding all of it.

use super::glob::{Excl, compile_arn_pattern};
use super::{AccessLevel, Action, ActionResource, ConditionKey, KeyShape, KeyType, Names, ResourceType, Service};

pub(crate) static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.plain"));

const MAGIC: &[u8] = b"TLCAT\x02";

/// Where one chunk lives in the blob (stored plain: `clen` is `ulen`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Chunk {
    offset: usize,
    clen: usize,
    ulen: usize,
}

/// One `svc` record of the index.
pub(crate) struct IndexEntry {
    pub prefix: &'static str,
    pub name: &'static str,
    pub retired: bool,
    pub chunk: Chunk,
}

/// The parsed index: everything that is read at start-up.
pub(crate) struct Index {
    pub date: &'static str,
    pub source: &'static str,
    pub globals: Chunk,
    pub services: Vec<IndexEntry>,
    blob: &'static [u8],
}

fn num(s: Option<&str>) -> usize {
    s.and_then(|s| s.parse().ok()).expect("catalog index: numeric field")
}

fn chunk(f: &mut std::str::Split<'static, char>) -> Chunk {
    Chunk {
        offset: num(f.next()),
        clen: num(f.next()),
        ulen: num(f.next()),
    }
}

impl Index {
    pub(crate) fn parse(bytes: &'static [u8]) -> Index {
        let rest = bytes.strip_prefix(MAGIC).expect("catalog.bin starts with its magic");
        let (len, rest) = rest.split_at(4);
        let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
        let (head, blob) = rest.split_at(len);
        let head = std::str::from_utf8(head).expect("catalog index is UTF-8");
        let mut index = Index {
            date: "",
            source: "",
            globals: Chunk {
                offset: 0,
                clen: 0,
                ulen: 0,
            },
            services: Vec::new(),
            blob,
        };
        for line in head.lines() {
            let mut f = line.split('\t');
            match f.next() {
                Some("date") => index.date = f.next().expect("date value"),
                Some("source") => index.source = f.next().expect("source value"),
                Some("globals") => index.globals = chunk(&mut f),
                Some("svc") => {
                    let prefix = f.next().expect("service prefix");
                    let retired = f.next() == Some("1");
                    let chunk = chunk(&mut f);
                    let name = f.next().expect("service name");
                    index.services.push(IndexEntry {
                        prefix,
                        name,
                        retired,
                        chunk,
                    });
                }
                _ => {} // unknown records are for newer readers
            }
        }
        index
    }

    /// One chunk's text, in the binary itself, so the decoded records
    /// borrow `&'static str` from it instead of allocating a `String` per
    /// field.
    pub(crate) fn text(&self, c: Chunk) -> &'static str {
        debug_assert_eq!(c.clen, c.ulen, "build.rs stores chunks plain");
        std::str::from_utf8(&self.blob[c.offset..c.offset + c.ulen]).expect("catalog chunk is UTF-8")
    }
}

/// `s` split at every `sep` byte (an ASCII separator). The catalogue is
/// decoded at first use of each service, and this is most of that work:
/// cheaper than `str::split` on these short fields.
fn split(s: &'static str, sep: u8) -> impl Iterator<Item = &'static str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(sep, r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

fn list(field: Option<&'static str>) -> Names {
    Names::new(field.unwrap_or(""))
}

pub(crate) fn parse_key(name: &'static str, ty: &str) -> ConditionKey {
    let (multi_valued, scalar) = match ty.strip_prefix("ArrayOf") {
        Some(s) => (true, s),
        None => (false, ty),
    };
    let value_type = match scalar {
        "String" => KeyType::String,
        "ARN" => KeyType::Arn,
        "Bool" => KeyType::Bool,
        "Date" => KeyType::Date,
        "Numeric" => KeyType::Numeric,
        "IPAddress" => KeyType::IpAddress,
        "Binary" => KeyType::Binary,
        _ => panic!("catalog: unknown condition key type {ty:?}"),
    };
    let shape = if super::glob::is_template(name) {
        KeyShape::Template
    } else if name.ends_with("/tag-key") {
        KeyShape::TagKey
    } else {
        KeyShape::Plain
    };
    ConditionKey {
        name,
        value_type,
        multi_valued,
        shape,
    }
}

fn level(code: &str) -> AccessLevel {
    match code {
        "L" => AccessLevel::List,
        "R" => AccessLevel::Read,
        "W" => AccessLevel::Write,
        "P" => AccessLevel::PermissionsManagement,
        "T" => AccessLevel::Tagging,
        _ => panic!("catalog: unknown access level {code:?}"),
    }
}

/// Decode one service chunk.
pub(crate) fn parse_service(e: &IndexEntry, text: &'static str) -> Service {
    let mut svc = Service {
        prefix: e.prefix,
        name: e.name,
        retired: e.retired,
        actions: Vec::new(),
        resource_types: Vec::new(),
        condition_keys: Vec::new(),
        by_name: Default::default(),
        key_index: Default::default(),
    };
    for line in split(text, b'\n') {
        let mut f = split(line, b'\t');
        match f.next() {
            Some("K") => {
                let name = f.next().expect("K name");
                svc.condition_keys.push(parse_key(name, f.next().expect("K type")));
            }
            Some("R") => {
                let name = f.next().expect("R name");
                let arn_patterns: Vec<&'static str> = split(f.next().expect("R arns"), b'|').collect();
                let condition_keys = list(f.next());
                svc.resource_types.push(ResourceType {
                    name,
                    arn_patterns,
                    condition_keys,
                    compiled: Vec::new(),
                });
            }
            Some("A") => {
                // A, name, level, retired, keys, then the resource types:
                // kept as text for `Action::resource_types`.
                let name = f.next().expect("A name");
                let access_level = level(f.next().expect("A level"));
                let retired = f.next() == Some("r");
                let keys = f.next();
                // What follows the keys field, as one piece of `line`.
                let resources = keys
                    .map(|k| k.as_ptr() as usize - line.as_ptr() as usize + k.len() + 1)
                    .and_then(|at| line.get(at..))
                    .unwrap_or("");
                svc.actions.push(Action {
                    name,
                    access_level,
                    condition_keys: list(keys),
                    retired,
                    resources,
                    resource_types: std::sync::OnceLock::new(),
                });
            }
            _ => {}
        }
    }
    compile_resource_patterns(&mut svc.resource_types);
    svc
}

/// An action's resource-type fields (tab-separated, each
/// `<name>[*][=<keys>]`, `*` = required).
pub(crate) fn parse_resources(fields: &'static str) -> Vec<ActionResource> {
    if fields.is_empty() {
        return Vec::new();
    }
    split(fields, b'\t')
        .map(|r| {
            let (head, keys) = r.split_once('=').unwrap_or((r, ""));
            let (name, required) = match head.strip_suffix('*') {
                Some(n) => (n, true),
                None => (head, false),
            };
            ActionResource {
                name,
                required,
                condition_keys: list(Some(keys)),
            }
        })
        .collect()
}

/// Compile each ARN pattern, deciding what its final placeholder may contain:
/// anything, except that when another resource type of the same service has a
/// pattern that continues this one with `/` (S3 `bucket` and `object`, DynamoDB
/// `table` and `index`), it may not contain `/`. A `:` is always allowed there:
/// CloudWatch Logs evaluates a log group as `log-group:NAME:*` and Lambda
/// accepts qualified function ARNs (`function:NAME:ALIAS`).
fn compile_resource_patterns(types: &mut [ResourceType]) {
    let all: Vec<&'static str> = types.iter().flat_map(|t| t.arn_patterns.iter().copied()).collect();
    for t in types.iter_mut() {
        t.compiled = t
            .arn_patterns
            .iter()
            .map(|p| {
                let extended = p.ends_with('}')
                    && all
                        .iter()
                        .any(|o| o.len() > p.len() && o.starts_with(p) && o.as_bytes()[p.len()] == b'/');
                compile_arn_pattern(
                    p,
                    Excl {
                        colon: false,
                        slash: extended,
                    },
                )
            })
            .collect();
    }
}

/// Decode the global condition keys chunk.
pub(crate) fn parse_globals(text: &'static str) -> Vec<ConditionKey> {
    text.lines()
        .filter_map(|line| {
            let mut f = line.split('\t');
            (f.next() == Some("G")).then(|| {
                let name = f.next().expect("G name");
                parse_key(name, f.next().expect("G type"))
            })
        })
        .collect()
}
