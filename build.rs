//! Builds the rule index: every `rules/<CODE>.toml` is compiled into the
//! binary, and every `src/rules/tlNNN_<name>.rs` that defines `pub fn check`
//! is registered as that code's check. Adding a rule touches only its data
//! file, its fixtures and (if it needs logic) its one Rust module.

//!
//! It also inflates the IAM catalogue (`data/catalog/catalog.bin`) into
//! `OUT_DIR`, so the binary embeds it plain: the repository keeps the small
//! compressed file, and a run reads services without inflating them.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir);
    inflate_catalog(root, out_dir);
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
    // test suite still reads the TOML files themselves.
    let json_dir = out_dir.join("rules");
    fs::create_dir_all(&json_dir).expect("create OUT_DIR/rules");
    out.push_str("pub(crate) const RULE_FILES: &[(&str, &str)] = &[\n");
    for p in &tomls {
        let name = p.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
        let text = fs::read_to_string(p).expect("readable rule file");
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("rules/{name}: {e}"));
        let json = json_dir.join(name).with_extension("json");
        fs::write(
            &json,
            serde_json::to_string(&value).expect("TOML values are JSON values"),
        )
        .expect("write rule JSON");
        writeln!(out, "    ({name:?}, include_str!({:?})),", json.display().to_string()).expect("write to String");
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

/// `data/catalog/catalog.bin` (format `TLCAT\x01`, see
/// `scripts/gen-catalog/gen.py`) rewritten as `TLCAT\x02`: the same header
/// with every chunk stored plain (its compressed length field equal to its
/// plain length, offsets into the new blob).
fn inflate_catalog(root: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed=data/catalog/catalog.bin");
    let bytes = fs::read(root.join("data/catalog/catalog.bin")).expect("data/catalog/catalog.bin is readable");
    let rest = bytes
        .strip_prefix(b"TLCAT\x01")
        .expect("catalog.bin starts with TLCAT\\x01");
    let (len, rest) = rest.split_at(4);
    let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
    let (head, blob) = rest.split_at(len);
    let head = std::str::from_utf8(head).expect("catalog header is UTF-8");
    let mut plain = Vec::new();
    let mut header = String::new();
    for line in head.lines() {
        let mut f: Vec<String> = line.split('\t').map(str::to_string).collect();
        // Where a chunk's offset, compressed length and plain length are.
        let at = match f.first().map(String::as_str) {
            Some("globals") => Some(1),
            Some("svc") => Some(3),
            _ => None,
        };
        if let Some(at) = at {
            let n = |i: usize| -> usize { f[i].parse().expect("catalog header: numeric field") };
            let (offset, clen, ulen) = (n(at), n(at + 1), n(at + 2));
            let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&blob[offset..offset + clen], ulen)
                .expect("catalog chunk inflates");
            assert_eq!(text.len(), ulen, "catalog chunk length");
            f[at] = plain.len().to_string();
            f[at + 1] = ulen.to_string();
            plain.extend_from_slice(&text);
        }
        header.push_str(&f.join("\t"));
        header.push('\n');
    }
    let mut out = b"TLCAT\x02".to_vec();
    out.extend_from_slice(&u32::try_from(header.len()).expect("small header").to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&plain);
    let dest = out_dir.join("catalog.plain");
    fs::write(dest, out).expect("write the plain catalogue");
}
