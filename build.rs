//! Builds the rule index: every `rules/<CODE>.toml` is compiled into the
//! binary, and every `src/rules/tlNNN_<name>.rs` that defines `pub fn check`
//! is registered as that code's check. Adding a rule touches only its data
//! file, its fixtures and (if it needs logic) its one Rust module.

//!
//! It also turns the IAM catalogue (`data/catalog/catalog.bin`) into Rust
//! statics in `OUT_DIR`: the repository keeps the small compressed file, and
//! a run reads the catalogue's records in place, decoding nothing.

// The catalogue's case-insensitive hash, shared with the crate: the exact
// action table generated here is probed with it at run time.
#[path = "src/catalog/hash.rs"]
mod hash;

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir);
    generate_catalog(root, out_dir);
    data_as_json(root, out_dir);
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules");

    let mut out = String::new();
    let mut tomls: Vec<_> = fs::read_dir(root.join("rules"))
        .expect("rules/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    tomls.sort();
    // Each rule file as JSON: the same data, read at start-up about ten times
    // faster than TOML (start-up is most of a one-file pre-commit run). The
    // test suite still reads the TOML files themselves. The docs and the
    // examples, three quarters of the text, are stored apart: only `explain`,
    // `rules` and SARIF read them, so a run parses them only if it needs them.
    let json_dir = out_dir.join("rules");
    fs::create_dir_all(&json_dir).expect("create OUT_DIR/rules");
    out.push_str("pub(crate) const RULE_FILES: &[RuleFile] = &[\n");
    for p in &tomls {
        let name = p.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
        let text = fs::read_to_string(p).expect("readable rule file");
        let mut head: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("rules/{name}: {e}"));
        let docs = head.remove("docs").unwrap_or_else(|| panic!("rules/{name}: no [docs]"));
        let examples = head.remove("example").unwrap_or_else(|| toml::Value::Array(Vec::new()));
        let include = |part: &str, value: &toml::Value| -> String {
            let path = json_dir.join(format!("{}{part}.json", name.trim_end_matches(".toml")));
            write_json(&path, value);
            format!("include_str!({:?})", path.display().to_string())
        };
        let (head, docs, examples) = (
            include("", &toml::Value::Table(head)),
            include(".docs", &docs),
            include(".examples", &examples),
        );
        writeln!(
            out,
            "    RuleFile {{ file: {name:?}, head: {head}, docs: {docs}, examples: {examples} }},"
        )
        .expect("write to String");
    }
    out.push_str("];\n\n");

    let mut modules: Vec<_> = fs::read_dir(root.join("src/rules"))
        .expect("src/rules exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with("tl")
                    && n.ends_with(".rs")
                    && n.as_bytes().get(2..5).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            })
        })
        .collect();
    modules.sort();
    let mut checks = String::from("pub(crate) const CHECKS: &[(&str, CheckFn)] = &[\n");
    let mut repo_checks = String::from("pub(crate) const REPOSITORY_CHECKS: &[(&str, RepositoryCheckFn)] = &[\n");
    for p in &modules {
        let stem = p.file_stem().and_then(|n| n.to_str()).expect("UTF-8 file name");
        writeln!(out, "#[path = {:?}]\npub mod {stem};", p.display().to_string()).expect("write to String");
        let body = fs::read_to_string(p).expect("readable rule module");
        let code = stem[..5].to_ascii_uppercase();
        if body.contains("pub fn check(") {
            writeln!(checks, "    ({code:?}, {stem}::check),").expect("write to String");
        }
        if body.contains("pub fn check_repository(") {
            writeln!(repo_checks, "    ({code:?}, {stem}::check_repository),").expect("write to String");
        }
    }
    checks.push_str("];\n");
    repo_checks.push_str("];\n");
    out.push('\n');
    out.push_str(&checks);
    out.push_str(&repo_checks);
    let dest = out_dir.join("rule_index.rs");
    fs::write(dest, out).expect("write rule index");
}

/// Every `data/*.toml` as `OUT_DIR/data/*.json` (see `data_json!` in
/// src/lib.rs).
fn data_as_json(root: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed=data");
    let dir = out_dir.join("data");
    fs::create_dir_all(&dir).expect("create OUT_DIR/data");
    for entry in fs::read_dir(root.join("data")).expect("data/ exists") {
        let path = entry.expect("data/ is readable").path();
        if path.extension().is_some_and(|x| x == "toml") {
            let text = fs::read_to_string(&path).expect("readable data file");
            let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path.file_name().expect("a file name");
            write_json(&dir.join(name).with_extension("json"), &value);
        }
    }
}

/// `value` written to `path` as JSON (rule and data files: see their callers).
fn write_json(path: &Path, value: &toml::Value) {
    let json = serde_json::to_string(value).expect("TOML values are JSON values");
    fs::write(path, json).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// `data/catalog/catalog.bin` (format `TLCAT\x01`, see
/// `scripts/gen-catalog/gen.py`) as Rust statics (`catalog_tables.rs`,
/// included by `src/catalog/tables.rs`): every service, action, resource
/// type and condition key is a record in the binary's data, so a run decodes
/// nothing and allocates nothing for the catalogue. (Decoding it at run time
/// cost a tenth of a lint of AWS's managed policies, most of it page faults.)
fn generate_catalog(root: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed=data/catalog/catalog.bin");
    let bytes = fs::read(root.join("data/catalog/catalog.bin")).expect("data/catalog/catalog.bin is readable");
    let rest = bytes
        .strip_prefix(b"TLCAT\x01")
        .expect("catalog.bin starts with TLCAT\\x01");
    let (len, rest) = rest.split_at(4);
    let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
    let (head, blob) = rest.split_at(len);
    let head = std::str::from_utf8(head).expect("catalog header is UTF-8");
    let chunk = |f: &[&str], at: usize| -> String {
        let n = |i: usize| -> usize { f[i].parse().expect("catalog header: numeric field") };
        let (offset, clen, ulen) = (n(at), n(at + 1), n(at + 2));
        let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&blob[offset..offset + clen], ulen)
            .expect("catalog chunk inflates");
        assert_eq!(text.len(), ulen, "catalog chunk length");
        String::from_utf8(text).expect("catalog chunk is UTF-8")
    };
    let mut out = String::from("// Generated by build.rs from data/catalog/catalog.bin; do not edit.\n\n");
    let mut text = Text::default();
    let mut services = String::new();
    let mut count = 0;
    // Every `prefix:Action` with its (service, action) positions, for the
    // exact-name table.
    let mut exact: Vec<(String, usize, usize)> = Vec::new();
    // Every action name first, side by side at the start of the text: a
    // lookup compares the name it finds, and 22,000 names among the
    // catalogue's other strings spread those reads over its whole megabyte.
    for line in head.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f[0] == "svc" {
            for l in chunk(&f, 3).lines() {
                if let Some(name) = l.strip_prefix("A\t").and_then(|r| r.split('\t').next()) {
                    text.put(name);
                }
            }
        }
    }
    for line in head.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "date" => writeln!(out, "pub(super) const DATE: &str = {:?};", f[1]).expect("write to String"),
            "source" => writeln!(out, "pub(super) const SOURCE: &str = {:?};", f[1]).expect("write to String"),
            "globals" => {
                let body = chunk(&f, 1);
                let keys: Vec<&str> = body.lines().filter(|l| l.starts_with("G\t")).collect();
                writeln!(out, "pub(super) static GLOBAL_KEYS: [ConditionKey; {}] = [", keys.len())
                    .expect("write to String");
                for l in keys {
                    let g: Vec<&str> = l.split('\t').collect();
                    writeln!(out, "    {},", condition_key(&mut text, g[1], g[2])).expect("write to String");
                }
                out.push_str("];\n");
            }
            "svc" => {
                // svc <prefix> <retired> <offset> <clen> <ulen> <name>
                let body = chunk(&f, 3);
                let i = count;
                count += 1;
                let (mut actions, mut types, mut keys) = (Vec::new(), Vec::new(), Vec::new());
                for l in body.lines() {
                    let g: Vec<&str> = l.split('\t').collect();
                    match g[0] {
                        "K" => keys.push(condition_key(&mut text, g[1], g[2])),
                        "R" => types.push((
                            g[1],
                            g[2].split('|').collect::<Vec<_>>(),
                            g.get(3).copied().unwrap_or(""),
                        )),
                        "A" => {
                            // A <name> <level> <-|r> <keys> [<resource>...]
                            let level = match g[2] {
                                "L" => "List",
                                "R" => "Read",
                                "W" => "Write",
                                "P" => "PermissionsManagement",
                                "T" => "Tagging",
                                other => panic!("catalog: unknown access level {other:?}"),
                            };
                            exact.push((format!("{}:{}", f[1], g[1]), i, actions.len()));
                            let resources = g.get(5..).map(|r| r.join("\t")).unwrap_or_default();
                            actions.push(format!(
                                "a({}, AccessLevel::{level}, {}, {}, {})",
                                text.put(g[1]),
                                g[3] == "r",
                                text.put(g.get(4).copied().unwrap_or("")),
                                text.put(&resources)
                            ));
                        }
                        _ => {} // unknown records are for newer readers
                    }
                }
                let table = |out: &mut String, name: &str, ty: &str, items: &[String]| {
                    writeln!(out, "static {name}{i}: [{ty}; {}] = [", items.len()).expect("write to String");
                    for item in items {
                        writeln!(out, "    {item},").expect("write to String");
                    }
                    out.push_str("];\n");
                };
                table(&mut out, "A", "Action", &actions);
                table(&mut out, "K", "ConditionKey", &keys);
                // The final placeholder of a pattern may not contain `/` when
                // another pattern of the service continues it with `/` (S3
                // `bucket` and `object`): see `ResourceType::matches_arn`.
                let all: Vec<&str> = types.iter().flat_map(|t| t.1.iter().copied()).collect();
                let types: Vec<String> = types
                    .iter()
                    .map(|(name, patterns, keys)| {
                        assert!(patterns.len() <= 32, "at most 32 ARN patterns per resource type");
                        let mut slash = 0u32;
                        for (k, p) in patterns.iter().enumerate() {
                            let extended = p.ends_with('}')
                                && all
                                    .iter()
                                    .any(|o| o.len() > p.len() && o.starts_with(p) && o.as_bytes()[p.len()] == b'/');
                            slash |= u32::from(extended) << k;
                        }
                        format!(
                            "r({}, {}, {slash}, {})",
                            text.put(name),
                            text.put(&patterns.join("|")),
                            text.put(keys)
                        )
                    })
                    .collect();
                table(&mut out, "R", "ResourceType", &types);
                writeln!(
                    services,
                    "    s({:?}, {:?}, {}, &A{i}, &R{i}, &K{i}),",
                    f[1],
                    f[6],
                    f[2] == "1"
                )
                .expect("write to String");
            }
            _ => {} // unknown records are for newer readers
        }
    }
    writeln!(out, "pub(super) static SERVICES: [Service; {count}] = [\n{services}];").expect("write to String");
    let (exact, action_bits, position_bits) = exact_table(&exact);
    writeln!(out, "pub(super) const EXACT_ACTION_BITS: u32 = {action_bits};").expect("write to String");
    writeln!(out, "pub(super) const EXACT_POSITION_BITS: u32 = {position_bits};").expect("write to String");
    fs::write(out_dir.join("catalog_text.txt"), &text.buf).expect("write the catalogue text");
    fs::write(out_dir.join("catalog_tables.rs"), out).expect("write the catalogue tables");
    fs::write(out_dir.join("catalog_exact.bin"), exact).expect("write the exact-name table");
}

/// Every `prefix:Action` in one hash table keyed by `hash::no_case_hash` of
/// the whole string: one hash and usually one probe find an action a policy
/// names. Open addressing, linear probing, at most three quarters full; each
/// slot a little-endian u32: 0 when empty, else the hash's top bits above
/// the position plus one (`service << action_bits | action`). Four bytes a
/// slot keep the table at 128 KB, in a core's cache for the whole run
/// (eight bytes at half full made it half a megabyte, and a lookup's first
/// read was a cache miss). Returns the table and the bit counts of the
/// action's position and of the whole position.
fn exact_table(names: &[(String, usize, usize)]) -> (Vec<u8>, u32, u32) {
    let bits = |n: usize| usize::BITS - n.leading_zeros();
    let action_bits = bits(names.iter().map(|n| n.2).max().unwrap_or(0));
    let services = names.iter().map(|n| n.1).max().unwrap_or(0);
    let position_bits = bits(((services << action_bits) | ((1 << action_bits) - 1)) + 1);
    assert!(position_bits <= 24, "at least 8 bits of hash in a slot");
    let size = (names.len() + names.len() / 3).next_power_of_two().max(2);
    let mask = size - 1;
    let mut slots = vec![0u32; size];
    for (name, service, action) in names {
        let h = hash::no_case_hash(name);
        let tag = (h >> (64 - (32 - position_bits))) as u32;
        let position = ((service << action_bits) | action) as u32;
        let mut at = h as usize & mask;
        while slots[at] != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = tag << position_bits | (position + 1);
    }
    (
        slots.iter().flat_map(|s| s.to_le_bytes()).collect(),
        action_bits,
        position_bits,
    )
}

/// The catalogue's strings, each once, in one text (`catalog_text.txt`);
/// records hold (offset, length) pairs into it, never pointers: a pointer
/// in a static is a relocation the loader applies at every start, and
/// 67,000 of them wrote 2 MB of pages before `main`.
#[derive(Default)]
struct Text {
    buf: String,
    seen: std::collections::HashMap<String, (usize, usize)>,
}

impl Text {
    /// `s` as the arguments `at, len` of a record constructor.
    fn put(&mut self, s: &str) -> String {
        let (at, len) = *self.seen.entry(s.to_string()).or_insert_with(|| {
            self.buf.push_str(s);
            (self.buf.len() - s.len(), s.len())
        });
        assert!(u32::try_from(at + len).is_ok(), "catalogue text under 4 GB");
        format!("{at}, {len}")
    }
}

/// A `ConditionKey` literal. `ArrayOf<T>` is a multi-valued `T`; a name
/// with a placeholder (`${TagKey}`, `<key>`) is a template, and one ending
/// in `/tag-key` a tag key written as plain text (as `glob::is_template`
/// and `KeyShape` say; a unit test holds the two to the same answer).
fn condition_key(text: &mut Text, name: &str, ty: &str) -> String {
    let (multi, scalar) = match ty.strip_prefix("ArrayOf") {
        Some(s) => (true, s),
        None => (false, ty),
    };
    let value_type = match scalar {
        "String" => "String",
        "ARN" => "Arn",
        "Bool" => "Bool",
        "Date" => "Date",
        "Numeric" => "Numeric",
        "IPAddress" => "IpAddress",
        "Binary" => "Binary",
        other => panic!("catalog: unknown condition key type {other:?}"),
    };
    let template = name.contains("${") || name.contains('<');
    let shape = if template {
        "Template"
    } else if name.ends_with("/tag-key") {
        "TagKey"
    } else {
        "Plain"
    };
    format!(
        "k({}, KeyType::{value_type}, {multi}, KeyShape::{shape})",
        text.put(name)
    )
}
