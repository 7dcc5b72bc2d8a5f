//! Which files to lint: the paths named on the command line, directories
//! walked with `.gitignore` honoured, filtered by include/exclude globs.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Directories never walked into: version control, dependencies, build output.
const SKIPPED_DIRS: [&str; 3] = [".git", "node_modules", "target"];

pub const DEFAULT_INCLUDE: &str = "**/*.json";

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line: always linted, and every problem reported.
    pub explicit: bool,
    /// A regular file when discovered (the walk's directory entry, or the
    /// named path's metadata). Anything else (a FIFO, a device) is reported
    /// or skipped without being opened.
    pub regular: bool,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Candidate>,
    /// Problems met while walking (unreadable directory, symlink loop): reported, not fatal.
    pub errors: Vec<String>,
}

pub struct Filters {
    include: GlobSet,
    exclude: GlobSet,
    /// The configuration's folder (absolute): globs also match paths relative to it.
    root: Option<PathBuf>,
    /// Apply `exclude` to files named on the command line too (pre-commit).
    force_exclude: bool,
}

impl Filters {
    /// Empty `include` means the default, `**/*.json`.
    pub fn new(
        include: &[String],
        exclude: &[String],
        root: Option<PathBuf>,
        force_exclude: bool,
    ) -> Result<Filters, String> {
        let default = [DEFAULT_INCLUDE.to_string()];
        let include = if include.is_empty() { &default[..] } else { include };
        Ok(Filters {
            include: build(include)?,
            exclude: build(exclude)?,
            root,
            force_exclude,
        })
    }

    /// The path relative to the configuration's folder, when there is one
    /// and the path is below it: the second form the globs are matched
    /// against, after the path relative to the walked root.
    fn config_relative(&self, path: &Path) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let abs = std::path::absolute(path).ok()?;
        abs.strip_prefix(root).ok().map(normalise)
    }

    /// Does a file found by walking get linted? (Its forms are not gathered
    /// in a list: this runs for every file of the walk, which no other work
    /// overlaps.)
    pub fn admits(&self, path: &Path, walk_relative: &Path) -> bool {
        let config_relative = self.config_relative(path);
        let forms = || std::iter::once(walk_relative).chain(config_relative.as_deref());
        forms().any(|f| self.include.is_match(f)) && (self.exclude.is_empty() || !forms().any(|f| self.is_excluded(f)))
    }

    /// Is a file named on the command line left out (only with `force_exclude`)?
    pub fn drops_explicit(&self, path: &Path) -> bool {
        if !self.force_exclude {
            return false;
        }
        let config_relative = self.config_relative(path);
        [Some(normalise(path)), config_relative]
            .iter()
            .flatten()
            .any(|f| self.is_excluded(f))
    }

    fn is_excluded(&self, relative: &Path) -> bool {
        self.exclude.is_match(relative)
            || relative
                .ancestors()
                .skip(1)
                .any(|a| !a.as_os_str().is_empty() && self.exclude.is_match(a))
    }
}

fn build(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| format!("invalid glob `{p}`: {e}"))?;
        b.add(glob);
    }
    b.build().map_err(|e| e.to_string())
}

/// A file found: (path, named explicitly, regular file, known to be
/// [`is_normal`]).
type Found = (PathBuf, bool, bool, bool);

/// Find the files to lint under `paths`. A path that does not exist is an
/// error (the user asked for it); problems inside a walk are collected.
pub fn discover(paths: &[PathBuf], filters: &Filters, follow_links: bool) -> Result<Discovery, String> {
    // (path, named explicitly, regular file, known normal); sorted and
    // deduplicated at the end.
    let mut found: Vec<Found> = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        // A named path that cannot be read is reported; the others are still linted.
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(format!("{}: {}", root.display(), io_reason(&e)));
                continue;
            }
        };
        if !meta.is_dir() {
            if !filters.drops_explicit(root) {
                found.push((normalise(root), true, meta.is_file(), false));
            }
            continue;
        }
        // Below a normal root, a walked path is the root and names read from
        // directories (never `.`, `..` or empty): normal too, with no check
        // per file.
        let root_normal = is_normal(root);
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .parents(true)
            .ignore(false)
            .follow_links(follow_links)
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.depth() > 0
                    && e.file_name().to_str().is_some_and(|n| SKIPPED_DIRS.contains(&n)))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let rel = below_root(e.path(), root, e.depth());
                    if filters.admits(e.path(), rel) {
                        let path = if root_normal {
                            e.path().to_path_buf()
                        } else {
                            normalise(e.path())
                        };
                        found.push((path, false, true, root_normal));
                    }
                }
                Err(err) => errors.push(err.to_string()),
            }
        }
    }
    Ok(Discovery {
        files: sorted(found),
        errors,
    })
}

/// In `Path` order, each path once (explicit if it was named once). Each
/// path gets a byte key that sorts as `Path` does, made once, instead of
/// splitting both paths into components at every comparison: a repository of
/// long paths spent most of its walk comparing them.
fn sorted(found: Vec<Found>) -> Vec<Candidate> {
    let mut keyed: Vec<(Vec<u8>, PathBuf, bool, bool)> = found
        .into_iter()
        .map(|(p, e, r, normal)| (order_key(&p, normal || is_normal(&p)), p, e, r))
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut files: Vec<Candidate> = Vec::with_capacity(keyed.len());
    let mut last: Option<Vec<u8>> = None;
    for (key, path, explicit, regular) in keyed {
        match files.last_mut() {
            Some(prev) if last.as_ref() == Some(&key) => {
                prev.explicit |= explicit;
                prev.regular &= regular;
            }
            _ => files.push(Candidate {
                path,
                explicit,
                regular,
            }),
        }
        last = Some(key);
    }
    files
}

/// Bytes that compare as `Path`s do: component by component, each a tag
/// in `Component`'s order and, for a name, its bytes; a 0 byte (which no
/// name holds) ends each, so a name sorts before its extensions (`a` <
/// `a-b`, where plain bytes would put `a-b/x` before `a/x`).
/// `normal`: [`is_normal`] holds for `path`.
fn order_key(path: &Path, normal: bool) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    // A walk's path (see `is_normal`): its components are the names
    // between its slashes, read without `Components`.
    if let Some(s) = path.to_str().filter(|_| normal) {
        let names = match s.strip_prefix('/') {
            Some(rest) => {
                key.extend_from_slice(&[2, 0]);
                rest
            }
            None => s,
        };
        for name in names.as_bytes().split(|&c| c == b'/') {
            if name == b".." {
                key.push(4);
            } else {
                key.push(5);
                key.extend_from_slice(name);
            }
            key.push(0);
        }
        return key;
    }
    key_by_components(path, key)
}

/// [`order_key`] of any path, component by component, appended to `key`.
fn key_by_components(path: &Path, mut key: Vec<u8>) -> Vec<u8> {
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                key.push(1);
                key.extend_from_slice(p.as_os_str().as_encoded_bytes());
            }
            Component::RootDir => key.push(2),
            Component::CurDir => key.push(3),
            Component::ParentDir => key.push(4),
            Component::Normal(n) => {
                key.push(5);
                key.extend_from_slice(n.as_encoded_bytes());
            }
        }
        key.push(0);
    }
    key
}

/// `./a/../b.json` and `b.json` are one file; `..` is kept when it leads outside.
fn normalise(path: &Path) -> PathBuf {
    if is_normal(path) {
        path.to_path_buf()
    } else {
        rebuild(path)
    }
}

/// [`normalise`], component by component.
fn rebuild(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            // `..` cancels a name before it; after another `..` (or at the
            // start) it leads outside, and stays.
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Whether [`normalise`] gives `path` back as it is (the walk's paths, all
/// but always): no `.` or empty segment (`//`, a trailing `/`), and `..`
/// only before the first named one. Rebuilding a path component by
/// component was a sixth of the walk.
fn is_normal(path: &Path) -> bool {
    let Some(s) = path.to_str() else { return false };
    if s.is_empty() || s.contains('\\') {
        return false;
    }
    let mut named = false;
    // Split as bytes: `str::split` searched for each `/` with a call.
    for segment in s.strip_prefix('/').unwrap_or(s).as_bytes().split(|&c| c == b'/') {
        match segment {
            b"" | b"." => return false,
            b".." if named => return false,
            b".." => {}
            _ => named = true,
        }
    }
    true
}

/// The path of a walked entry `depth` levels below the walk's root,
/// relative to the root: its last `depth` names. The walker joins names to
/// the root with `/`; anything else is left to `Path::strip_prefix`.
fn below_root<'p>(path: &'p Path, root: &Path, depth: usize) -> &'p Path {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let mut seen = 0;
        let cut = bytes.iter().rposition(|&b| {
            seen += usize::from(b == b'/');
            seen == depth
        });
        if let Some(cut) = cut
            && depth > 0
            && bytes[..=cut].starts_with(root.as_os_str().as_bytes())
        {
            return Path::new(std::ffi::OsStr::from_bytes(&bytes[cut + 1..]));
        }
    }
    path.strip_prefix(root).unwrap_or(path)
}

/// The name users see: relative to the working directory when the file is
/// below it, with forward slashes.
pub fn display_name(path: &Path, cwd: Option<&Path>) -> String {
    let shown = match cwd {
        Some(cwd) if path.is_absolute() => path.strip_prefix(cwd).unwrap_or(path),
        _ => path,
    };
    let s = shown.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(40) => "too many levels of symbolic links (a link loop)".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    const TRICKY: &[&str] = &[
        "",
        ".",
        "..",
        "/",
        "//",
        "a",
        "a/",
        "a//b",
        "./a",
        "a/.",
        "a/./b",
        "../a",
        "../../a/b.json",
        "a/..",
        "a/../b",
        "../a/../b",
        "/a/b",
        "/../a",
        "//a/b",
        "a/b/",
        ".../a",
        "a/..b/c",
        "a\\..\\b",
        "../shared/corpus/aws-managed/X.json",
        "a/.hidden/b.json",
    ];

    #[test]
    fn normalise_takes_the_short_cut_only_when_nothing_changes() {
        for p in TRICKY {
            let p = Path::new(p);
            assert_eq!(super::normalise(p).as_os_str(), super::rebuild(p).as_os_str(), "{p:?}");
        }
    }

    #[test]
    fn parent_steps_cancel_names_and_otherwise_stay() {
        for (path, normal) in [
            ("../../a/b.json", "../../a/b.json"),
            ("../a/../../b", "../../b"),
            ("a/b/../../c", "c"),
            ("a/../..", ".."),
            ("./a/./b/", "a/b"),
            ("a/..", "."),
        ] {
            assert_eq!(super::rebuild(Path::new(path)), Path::new(normal), "{path}");
            assert_eq!(super::normalise(Path::new(path)), Path::new(normal), "{path}");
        }
    }

    #[test]
    fn below_root_is_strip_prefix_for_walked_paths() {
        for (root, names) in [
            ("../shared/corpus", vec!["aws-managed", "X.json"]),
            ("a/", vec!["b.json"]),
            (".", vec!["x", "y", "z.json"]),
            ("/abs//dir", vec!["f.json"]),
            ("r", vec!["a b", "ü.json"]),
        ] {
            let mut path = PathBuf::from(root);
            for n in &names {
                path.push(n);
            }
            let root = Path::new(root);
            assert_eq!(
                super::below_root(&path, root, names.len()),
                path.strip_prefix(root).expect("below the root"),
                "{path:?}"
            );
        }
    }

    /// `Path` order (by component: `a/x` before `a-b/x`, which byte order
    /// would swap), each path once, explicit if it was named once, regular
    /// only if every sighting said so.
    #[test]
    fn sorted_is_path_order_without_duplicates() {
        let found: Vec<super::Found> = [
            ("a-b/x", false, true, true),
            ("a/x", false, true, true),
            ("a/x", true, false, false),
            ("a/x", false, true, false),
            ("/r", false, true, true),
        ]
        .into_iter()
        .map(|(p, e, r, n)| (PathBuf::from(p), e, r, n))
        .collect();
        let mut expected: Vec<PathBuf> = found.iter().map(|(p, ..)| p.clone()).collect();
        expected.sort();
        expected.dedup();
        let got = super::sorted(found);
        assert_eq!(got.iter().map(|c| c.path.clone()).collect::<Vec<_>>(), expected);
        assert_eq!(got.iter().map(|c| c.explicit).collect::<Vec<_>>(), [false, true, false]);
        assert_eq!(got.iter().map(|c| c.regular).collect::<Vec<_>>(), [true, false, true]);
    }

    #[test]
    fn order_key_sorts_as_path_does() {
        let names = [
            "/", "/a", "a", "a-b", "a.b", "a/b", "a-b/x", "a/x", "../x", "..", "./a", "b", "a b", "aé", "a/b/c", "ab",
        ];
        for x in names {
            for y in names {
                let (x, y) = (std::path::Path::new(x), std::path::Path::new(y));
                let key = |p: &std::path::Path| super::order_key(p, super::is_normal(p));
                assert_eq!(key(x).cmp(&key(y)), x.cmp(y), "{x:?} {y:?}");
            }
            // The byte path for a walk's paths is the component path's key.
            let p = std::path::Path::new(x);
            assert_eq!(
                super::order_key(p, super::is_normal(p)),
                super::key_by_components(p, Vec::new()),
                "{x:?}"
            );
        }
    }
}
