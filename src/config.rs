//! Run settings and the one place `trustlint.toml` is read. The CLI and the
//! file both fill [`Settings`]; rules and the driver only read it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::bindings;
use crate::diagnostic::Severity;
use crate::json::Span;
use crate::policy::arn::is_account_id;
use crate::rules::Registry;
use crate::source::SourceFile;

/// The configuration file's name, looked for from the working directory upward.
pub const FILE_NAME: &str = "trustlint.toml";

/// A rule's level for this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// The lowest severity that makes the exit code 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    #[default]
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    fn parse(s: &str) -> Option<FailOn> {
        match s {
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "info" => Some(FailOn::Info),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Rule levels set by the user, keyed by rule code. Absent: the default.
    pub levels: HashMap<String, Level>,
    /// When set, only these codes run.
    pub select: Option<Vec<String>>,
    /// "Now" for time-window rules, in seconds since the Unix epoch.
    pub now: Option<i64>,
    pub accounts: Accounts,
    /// Globs of files a directory walk lints (empty: `**/*.json`).
    pub include: Vec<String>,
    /// Globs of files never linted.
    pub exclude: Vec<String>,
    pub fail_on: Option<FailOn>,
    pub max_file_size: Option<u64>,
    pub suppressions: Vec<Suppression>,
    /// The configuration file read, if any (suppression findings point into it).
    pub file: Option<Arc<SourceFile>>,
    /// The absolute folder holding the configuration: paths in it are relative to it.
    pub root: Option<PathBuf>,
    /// Which files belong to which role, user or group (the manifest).
    pub bindings: Vec<bindings::Binding>,
    /// Folders of user rule packs (`--rules`, then `rule-dirs`).
    pub rule_dirs: Vec<PathBuf>,
}

/// Accounts the configuration knows about.
#[derive(Clone, Debug, Default)]
pub struct Accounts {
    /// Accounts this repository describes.
    pub own: Vec<String>,
    /// Known third parties: (name, 12-digit account ID).
    pub third_party: Vec<(String, String)>,
}

/// An `[[ignore]]` entry: findings it matches are not reported.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// The rule's code.
    pub code: String,
    /// Files it applies to, relative to the configuration's folder.
    pub path: Option<globset::GlobMatcher>,
    pub sid: Option<String>,
    /// A JSON pointer: the finding's token is this node or inside it.
    pub pointer: Option<String>,
    pub reason: String,
    /// Where the entry is in the configuration file.
    pub span: Span,
}

impl Settings {
    pub fn is_enabled(&self, code: &str) -> bool {
        if let Some(select) = &self.select
            && !select.iter().any(|c| c == code)
        {
            return false;
        }
        // With no levels set (most runs), nothing more to ask.
        self.levels.is_empty() || self.level(code) != Some(Level::Off)
    }

    /// The user's level for the rule `code`, if set. Asked for every rule
    /// of every file: a few levels (a `[rules]` table names a handful) are
    /// compared with the code in turn, which costs less than hashing it
    /// (SipHash was 3% of a lint of AWS's managed policies with one rule
    /// turned off).
    fn level(&self, code: &str) -> Option<Level> {
        if self.levels.len() <= 16 {
            self.levels.iter().find(|(k, _)| k.as_str() == code).map(|(_, l)| *l)
        } else {
            self.levels.get(code).copied()
        }
    }

    /// "Now" in seconds since the epoch: `--now`, else the system clock.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
    }

    /// The severity a finding is reported at: the user's level for the rule if
    /// set, else what the rule chose.
    pub fn severity(&self, code: &str, chosen: Severity) -> Severity {
        if self.levels.is_empty() {
            return chosen;
        }
        match self.level(code) {
            Some(Level::On(s)) => s,
            _ => chosen,
        }
    }
}

impl Accounts {
    /// Does the configuration list any account? TL116 runs only then.
    pub fn is_configured(&self) -> bool {
        !self.own.is_empty() || !self.third_party.is_empty()
    }

    pub fn is_own(&self, account: &str) -> bool {
        self.own.iter().any(|a| a == account)
    }

    /// The configured third party owning `account`.
    pub fn third_party(&self, account: &str) -> Option<&str> {
        self.third_party
            .iter()
            .find(|(_, id)| id == account)
            .map(|(name, _)| name.as_str())
    }
}

/// A problem in the configuration file, with its place in the TOML.
#[derive(Debug)]
pub struct ConfigError {
    pub file: Arc<SourceFile>,
    pub span: Option<Span>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.span {
            Some(s) => {
                let p = self.file.position(s.start as usize);
                write!(f, "{}:{}:{}: {}", self.file.name, p.line, p.column, self.message)
            }
            None => write!(f, "{}: {}", self.file.name, self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileConfig {
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    max_file_size: Option<u64>,
    /// Rule code or name → off | info | warning | error.
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    accounts: Option<AccountsSection>,
    #[serde(default)]
    ignore: Vec<Spanned<IgnoreEntry>>,
    /// Folders of user rule files (declarative checks), relative to this file.
    #[serde(default)]
    rule_dirs: Vec<Spanned<String>>,
    /// The manifest: which files belong to which role, user or group.
    #[serde(default)]
    role: Vec<Spanned<BindingEntry>>,
    #[serde(default)]
    user: Vec<Spanned<BindingEntry>>,
    #[serde(default)]
    group: Vec<Spanned<BindingEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BindingEntry {
    arn: Spanned<String>,
    trust: Option<Spanned<String>>,
    #[serde(default)]
    policies: Vec<Spanned<String>>,
    #[serde(default)]
    groups: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AccountsSection {
    #[serde(default)]
    own: Vec<Spanned<String>>,
    /// Vendor name → account ID.
    #[serde(default)]
    third_party: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreEntry {
    rule: Spanned<String>,
    path: Option<Spanned<String>>,
    sid: Option<String>,
    pointer: Option<Spanned<String>>,
    reason: Spanned<String>,
}

/// The nearest `trustlint.toml` at or above `dir`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// Read a configuration file into `settings`. Unknown keys and bad values are
/// errors with their location.
pub fn load(path: &Path, display: String, settings: &mut Settings) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: Arc::new(SourceFile::new(display.clone(), path.to_path_buf(), String::new())),
        span: None,
        message: format!("cannot read the configuration: {e}"),
    })?;
    load_str(text, display, path, settings)
}

/// [`load`] for configuration text already in memory (tests).
pub fn load_str(text: String, display: String, path: &Path, settings: &mut Settings) -> Result<(), ConfigError> {
    load_with(text, display, path, settings, &bindings::Disk)
}

/// [`load_str`] with the manifest's files looked up in `files` (rule examples
/// keep theirs in memory).
pub fn load_with(
    text: String,
    display: String,
    path: &Path,
    settings: &mut Settings,
    files: &dyn bindings::FileSource,
) -> Result<(), ConfigError> {
    let file = Arc::new(SourceFile::new(display, path.to_path_buf(), text));
    let error = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
        file: file.clone(),
        span: span.map(|r| Span::new(r.start, r.end)),
        message,
    };
    let parsed: FileConfig = toml::from_str(&file.text).map_err(|e| error(e.span(), e.message().to_string()))?;
    // User rule packs first: `[rules]` and `[[ignore]]` may name their rules.
    let base = path.parent().unwrap_or(Path::new("."));
    for d in &parsed.rule_dirs {
        let dir = base.join(d.get_ref());
        if !dir.is_dir() {
            return Err(error(Some(d.span()), format!("no such folder: {}", d.get_ref())));
        }
        settings.rule_dirs.push(dir);
    }
    if !settings.rule_dirs.is_empty() {
        Registry::install(Registry::with_packs(&settings.rule_dirs)?);
    }
    let registry = Registry::current();

    for g in parsed.include.iter().chain(&parsed.exclude) {
        globset::Glob::new(g.get_ref()).map_err(|e| error(Some(g.span()), format!("invalid glob: {e}")))?;
    }
    settings.include = parsed.include.into_iter().map(Spanned::into_inner).collect();
    settings.exclude = parsed.exclude.into_iter().map(Spanned::into_inner).collect();
    if let Some(f) = parsed.fail_on {
        let v = FailOn::parse(f.get_ref())
            .ok_or_else(|| error(Some(f.span()), "`fail-on` is one of error, warning, info, never".into()))?;
        settings.fail_on = Some(v);
    }
    settings.max_file_size = parsed.max_file_size;

    // Keys of [rules] have no span of their own in serde; find them in the text.
    for (key, level) in &parsed.rules {
        let rule = registry.get(key).ok_or_else(|| {
            let at = file.text.find(key.as_str()).map(|i| i..i + key.len());
            error(at, format!("no rule `{key}`; `trustlint rules` lists them"))
        })?;
        let level = match level.get_ref().as_str() {
            "off" => Level::Off,
            s => Level::On(Severity::parse(s).ok_or_else(|| {
                error(
                    Some(level.span()),
                    "a rule's level is one of off, info, warning, error".into(),
                )
            })?),
        };
        settings.levels.insert(rule.code().to_string(), level);
    }

    if let Some(accounts) = parsed.accounts {
        for id in &accounts.own {
            if !is_account_id(id.get_ref()) {
                return Err(error(
                    Some(id.span()),
                    format!("`{}` is not a 12-digit AWS account ID", id.get_ref()),
                ));
            }
            settings.accounts.own.push(id.get_ref().clone());
        }
        for (name, id) in &accounts.third_party {
            if !is_account_id(id.get_ref()) {
                return Err(error(
                    Some(id.span()),
                    format!(
                        "`{}` (third party {name}) is not a 12-digit AWS account ID",
                        id.get_ref()
                    ),
                ));
            }
            settings.accounts.third_party.push((name.clone(), id.get_ref().clone()));
        }
    }

    for entry in &parsed.ignore {
        let span = entry.span();
        let e = entry.get_ref();
        let rule = registry
            .get(e.rule.get_ref())
            .ok_or_else(|| error(Some(e.rule.span()), format!("no rule `{}`", e.rule.get_ref())))?;
        if e.reason.get_ref().trim().is_empty() {
            return Err(error(
                Some(e.reason.span()),
                "say why the finding is accepted: `reason` cannot be empty".into(),
            ));
        }
        let path = match &e.path {
            Some(p) => Some(
                globset::Glob::new(p.get_ref())
                    .map_err(|err| error(Some(p.span()), format!("invalid glob: {err}")))?
                    .compile_matcher(),
            ),
            None => None,
        };
        if let Some(p) = &e.pointer
            && !(p.get_ref().is_empty() || p.get_ref().starts_with('/'))
        {
            return Err(error(
                Some(p.span()),
                "a JSON pointer starts with `/`, e.g. \"/Statement/0/Principal\"".into(),
            ));
        }
        settings.suppressions.push(Suppression {
            code: rule.code().to_string(),
            path,
            sid: e.sid.clone(),
            pointer: e.pointer.as_ref().map(|p| p.get_ref().clone()),
            reason: e.reason.get_ref().clone(),
            span: Span::new(span.start, span.end),
        });
    }

    settings.root = path
        .parent()
        .map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p })
        .and_then(|p| std::path::absolute(p).ok());
    if let Some(root) = settings.root.clone() {
        let manifest = [
            (bindings::Kind::Role, &parsed.role),
            (bindings::Kind::User, &parsed.user),
            (bindings::Kind::Group, &parsed.group),
        ];
        for (kind, entries) in manifest {
            for entry in entries {
                let b = binding(kind, entry, &root, files, &error)?;
                settings.bindings.push(b);
            }
        }
        check_references(&parsed.user, &settings.bindings, &error)?;
    }
    settings.file = Some(file);
    Ok(())
}

/// One `[[role]]`/`[[user]]`/`[[group]]` entry, its files checked to exist.
fn binding(
    kind: bindings::Kind,
    entry: &Spanned<BindingEntry>,
    root: &Path,
    files: &dyn bindings::FileSource,
    error: &impl Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
) -> Result<bindings::Binding, ConfigError> {
    let e = entry.get_ref();
    let what = kind.as_str();
    if !bindings::valid_arn(e.arn.get_ref(), kind) {
        return Err(error(
            Some(e.arn.span()),
            format!(
                "`{}` is not an IAM {what} ARN (arn:aws:iam::123456789012:{what}/NAME)",
                e.arn.get_ref()
            ),
        ));
    }
    let trust = match (&e.trust, kind) {
        (Some(t), bindings::Kind::Role) => Some(existing(t, root, files, error)?),
        (Some(t), _) => {
            return Err(error(
                Some(t.span()),
                format!("a {what} has no trust policy; only roles do"),
            ));
        }
        (None, bindings::Kind::Role) => {
            return Err(error(
                Some(entry.span()),
                "a [[role]] needs `trust`, the file of its trust policy".into(),
            ));
        }
        (None, _) => None,
    };
    let mut policies = Vec::new();
    for p in &e.policies {
        policies.extend(expand(p, root, files, error)?);
    }
    if kind != bindings::Kind::User && !e.groups.is_empty() {
        return Err(error(
            Some(e.groups[0].span()),
            format!("a {what} cannot belong to groups; only users do"),
        ));
    }
    for g in &e.groups {
        if !bindings::valid_arn(g.get_ref(), bindings::Kind::Group) {
            return Err(error(
                Some(g.span()),
                format!("`{}` is not an IAM group ARN", g.get_ref()),
            ));
        }
    }
    Ok(bindings::Binding {
        kind,
        arn: e.arn.get_ref().clone(),
        trust,
        policies,
        groups: e.groups.iter().map(|g| g.get_ref().clone()).collect(),
        origin: Span::new(entry.span().start, entry.span().end),
    })
}

fn existing(
    p: &Spanned<String>,
    root: &Path,
    files: &dyn bindings::FileSource,
    error: &impl Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
) -> Result<PathBuf, ConfigError> {
    let path = root.join(p.get_ref());
    if files.is_file(&path) {
        Ok(path)
    } else {
        Err(error(Some(p.span()), format!("no such file: {}", p.get_ref())))
    }
}

/// A policy path, or a glob of them (at least one file must match).
fn expand(
    p: &Spanned<String>,
    root: &Path,
    files: &dyn bindings::FileSource,
    error: &impl Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
) -> Result<Vec<PathBuf>, ConfigError> {
    if !p.get_ref().contains(['*', '?', '[', '{']) {
        return existing(p, root, files, error).map(|f| vec![f]);
    }
    let glob = globset::Glob::new(p.get_ref())
        .map_err(|e| error(Some(p.span()), format!("invalid glob: {e}")))?
        .compile_matcher();
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .hidden(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| e.path().strip_prefix(root).is_ok_and(|r| glob.is_match(r)))
        .map(|e| e.into_path())
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(error(Some(p.span()), format!("no file matches `{}`", p.get_ref())));
    }
    Ok(found)
}

/// Groups a user names must be declared as `[[group]]`.
fn check_references(
    users: &[Spanned<BindingEntry>],
    all: &[bindings::Binding],
    error: &impl Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
) -> Result<(), ConfigError> {
    for u in users {
        for g in &u.get_ref().groups {
            if !all
                .iter()
                .any(|b| b.kind == bindings::Kind::Group && &b.arn == g.get_ref())
            {
                return Err(error(
                    Some(g.span()),
                    format!("no [[group]] with arn = \"{}\" is declared", g.get_ref()),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few levels are looked up by comparison, many by hash: both answer
    /// the same.
    #[test]
    fn levels_read_alike_few_or_many() {
        for n in [0, 1, 3, 16, 17, 40] {
            let mut settings = Settings::default();
            for i in 0..n {
                let level = if i % 2 == 0 {
                    Level::Off
                } else {
                    Level::On(Severity::Info)
                };
                settings.levels.insert(format!("X{i:03}"), level);
            }
            for i in 0..n + 2 {
                let code = format!("X{i:03}");
                let set = i < n;
                assert_eq!(settings.is_enabled(&code), !(set && i % 2 == 0), "{n} levels, {code}");
                let expected = if set && i % 2 == 1 {
                    Severity::Info
                } else {
                    Severity::Error
                };
                assert_eq!(
                    settings.severity(&code, Severity::Error),
                    expected,
                    "{n} levels, {code}"
                );
            }
        }
    }
}
