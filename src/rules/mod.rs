//! The rule registry and the context a check runs in.
//!
//! Every rule is a data file `rules/<CODE>.toml` (code, name, severity,
//! summary, docs, examples) compiled into the binary, plus, when it needs
//! logic, one module `src/rules/tlNNN_<name>.rs` with `pub fn check(ctx)`.
//! `build.rs` lists both, so nothing here names a rule by hand.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock};

use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::diagnostic::{Finding, Severity};
use crate::json::Span;
use crate::policy::{Policy, PolicyKind};
use crate::source::SourceFile;

pub type CheckFn = fn(&mut Ctx<'_, '_>);
/// A check across files: it sees the bound repository, not one policy.
pub type RepositoryCheckFn = fn(&mut crate::crossfile::RepoCtx<'_>);

pub mod checks {
    use super::{CheckFn, RepositoryCheckFn, RuleFile};
    include!(concat!(env!("OUT_DIR"), "/rule_index.rs"));
}

/// A built-in rule file as `build.rs` stores it: JSON, in three parts.
pub(crate) struct RuleFile {
    /// `TL001.toml`
    pub file: &'static str,
    /// Everything but the docs and the examples.
    pub head: &'static str,
    pub docs: &'static str,
    pub examples: &'static str,
}

/// Rule data that only some runs read (a rule's docs and examples, for
/// `explain`, `rules` and SARIF): a built-in rule keeps it as JSON text,
/// parsed on first use. Parsing every rule's docs was a quarter of a
/// one-file run's instructions. A rule file read at run time holds the value itself.
pub struct Deferred<T> {
    value: OnceLock<T>,
    json: &'static str,
}

impl<T> Deferred<T> {
    fn later(json: &'static str) -> Self {
        Deferred {
            value: OnceLock::new(),
            json,
        }
    }

    /// A required part absent from a file; the loader reports it.
    fn missing() -> Self {
        Deferred::later("")
    }

    fn is_missing(&self) -> bool {
        self.json.is_empty() && self.value.get().is_none()
    }
}

impl<T: serde::de::DeserializeOwned> std::ops::Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.get_or_init(|| {
            serde_json::from_str(self.json)
                .unwrap_or_else(|e| panic!("built-in rule files are checked by the test suite: {e}"))
        })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Deferred {
            value: OnceLock::from(T::deserialize(d)?),
            json: "",
        })
    }
}

impl<T: Serialize + serde::de::DeserializeOwned> Serialize for Deferred<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<T: Default> Default for Deferred<T> {
    fn default() -> Self {
        Deferred {
            value: OnceLock::from(T::default()),
            json: "",
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.value.get() {
            Some(v) => v.fmt(f),
            None => f.write_str("(not parsed yet)"),
        }
    }
}

/// A rule's data file.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleMeta {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: String,
    /// The policy kinds the check runs on; all kinds when absent.
    #[serde(default)]
    pub applies_to: Vec<PolicyKind>,
    /// Required; `build.rs` stores a built-in rule's apart (see [`Deferred`]).
    #[serde(default = "Deferred::missing")]
    pub docs: Deferred<Docs>,
    #[serde(default, rename = "example")]
    pub examples: Deferred<Vec<Example>>,
    /// A declarative check (JSONPath over the normalised policy); see rules/README.md.
    #[serde(default, skip_serializing)]
    pub check: Option<crate::declarative::Checks>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// What the rule looks for, in a paragraph.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// How to fix it.
    pub fix: String,
}

/// A policy in the docs that is also a test: `bad` examples must give at
/// least one finding of the rule, `good` ones none.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub title: String,
    pub kind: ExampleKind,
    pub policy: String,
    /// A `trustlint.toml` to lint the example with (for rules that read it).
    #[serde(default)]
    pub config: Option<String>,
    /// Other files beside the example (cross-file rules), by name.
    #[serde(default)]
    pub files: std::collections::BTreeMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    Bad,
    Good,
}

pub struct Rule {
    pub meta: RuleMeta,
    pub check: Option<CheckFn>,
    pub repository_check: Option<RepositoryCheckFn>,
    /// The `[check]`s of the rule file: [`Rule::declarative`].
    pub(crate) declarative: Lazy,
    /// Where a user rule was loaded from (`None` for built-in rules).
    pub origin: Option<std::path::PathBuf>,
}

/// A rule's `[check]`s, compiled the first time a policy needs them: most
/// of a one-file run's start-up was compiling every rule's JSONPaths.
pub(crate) type Lazy =
    LazyLock<Vec<crate::declarative::Compiled>, Box<dyn FnOnce() -> Vec<crate::declarative::Compiled> + Send>>;

/// The built-in checks `specs` of rule `code`, to compile on first use.
fn compile_later(code: String, specs: Vec<crate::declarative::CheckSpec>) -> Lazy {
    LazyLock::new(Box::new(move || {
        specs
            .into_iter()
            .map(|spec| {
                crate::declarative::Compiled::new(spec)
                    .unwrap_or_else(|e| panic!("{code}: built-in checks compile, as the test suite checks: {e}"))
            })
            .collect()
    }))
}

/// Checks compiled already (a user rule's, so that its mistakes are
/// reported when its file is loaded).
pub(crate) fn compiled(checks: Vec<crate::declarative::Compiled>) -> Lazy {
    LazyLock::new(Box::new(move || checks))
}

impl Rule {
    pub fn code(&self) -> &str {
        &self.meta.code
    }

    /// The rule's `[check]`s, compiled (once, on first use for a built-in
    /// rule; a user rule's are compiled when its file is loaded, so that
    /// its mistakes are reported at once).
    pub fn declarative(&self) -> &[crate::declarative::Compiled] {
        &self.declarative
    }

    pub fn applies_to(&self, kind: PolicyKind) -> bool {
        self.meta.applies_to.is_empty() || self.meta.applies_to.contains(&kind)
    }
}

static ACTIVE: OnceLock<&'static Registry> = OnceLock::new();

fn pack_error(path: &std::path::Path, span: Option<Span>, message: String) -> crate::config::ConfigError {
    crate::config::ConfigError {
        file: std::sync::Arc::new(SourceFile::new(
            path.display().to_string(),
            path.to_path_buf(),
            String::new(),
        )),
        span,
        message,
    }
}

pub struct Registry {
    rules: Vec<Rule>,
    by_key: HashMap<String, usize>,
}

impl Registry {
    /// The rules of this run: the built-in ones, plus user rule packs if
    /// [`Registry::install`] was called.
    pub fn current() -> &'static Registry {
        ACTIVE.get().copied().unwrap_or_else(Registry::builtin)
    }

    /// Make `registry` the one [`Registry::current`] returns, for the rest of
    /// the process. Only the first call takes effect.
    pub fn install(registry: Registry) -> &'static Registry {
        ACTIVE.get_or_init(|| Box::leak(Box::new(registry)))
    }

    /// The built-in rules and the rule packs in `dirs` (each `*.toml` a rule).
    pub fn with_packs(dirs: &[std::path::PathBuf]) -> Result<Registry, crate::config::ConfigError> {
        let mut registry = Registry::from_files(checks::RULE_FILES, checks::CHECKS, checks::REPOSITORY_CHECKS)
            .unwrap_or_else(|e| panic!("built-in rule files are checked by the test suite: {e}"));
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .map_err(|e| pack_error(dir, None, format!("cannot read the rule folder: {e}")))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            for path in files {
                registry.add_user_rule(&path)?;
            }
        }
        Ok(registry)
    }

    fn add_user_rule(&mut self, path: &std::path::Path) -> Result<(), crate::config::ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| pack_error(path, None, format!("cannot read: {e}")))?;
        let file = std::sync::Arc::new(SourceFile::new(path.display().to_string(), path.to_path_buf(), text));
        let err = |span: Option<std::ops::Range<usize>>, message: String| crate::config::ConfigError {
            file: file.clone(),
            span: span.map(|r| Span::new(r.start, r.end)),
            message,
        };
        let meta: RuleMeta = toml::from_str(&file.text).map_err(|e| err(e.span(), e.message().to_string()))?;
        if meta.docs.is_missing() {
            // Where and how the TOML reader reports any other missing field.
            return Err(err(Some(0..0), "missing field `docs`".into()));
        }
        let at = |needle: &str| file.text.find(needle).map(|i| i..i + needle.len());
        if meta.code.to_ascii_uppercase().starts_with("TL") {
            return Err(err(
                at(&meta.code),
                format!(
                    "`{}`: codes starting with TL are trustlint's own; choose another prefix (e.g. ACME001)",
                    meta.code
                ),
            ));
        }
        for key in [&meta.code, &meta.name] {
            if self.by_key.contains_key(key) {
                return Err(err(at(key), format!("`{key}` is already used by another rule")));
            }
        }
        let mut meta = meta;
        let Some(spec) = meta.check.take() else {
            return Err(err(None, "a user rule needs a [check]".into()));
        };
        let compiled = spec
            .into_vec()
            .into_iter()
            .map(|c| {
                crate::declarative::Compiled::new(c).map_err(|m| {
                    // Point at the expression the message quotes, if it is in the file.
                    let quoted = m.split('`').nth(1).unwrap_or("");
                    err(at(quoted).filter(|_| !quoted.is_empty()).or_else(|| at("check]")), m)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let index = self.rules.len();
        self.by_key.insert(meta.code.clone(), index);
        self.by_key.insert(meta.name.clone(), index);
        self.rules.push(Rule {
            meta,
            check: None,
            repository_check: None,
            declarative: self::compiled(compiled),
            origin: Some(path.to_path_buf()),
        });
        Ok(())
    }

    /// The built-in rules, parsed once per process.
    pub fn builtin() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(|| {
            Registry::from_files(checks::RULE_FILES, checks::CHECKS, checks::REPOSITORY_CHECKS)
                .unwrap_or_else(|e| panic!("built-in rule files are checked by the test suite: {e}"))
        })
    }

    fn from_files(
        files: &[RuleFile],
        checks: &[(&str, CheckFn)],
        repository_checks: &[(&str, RepositoryCheckFn)],
    ) -> Result<Registry, String> {
        let mut rules = Vec::with_capacity(files.len());
        let mut by_key = HashMap::new();
        for &RuleFile {
            file,
            head,
            docs,
            examples,
        } in files
        {
            let mut meta: RuleMeta = serde_json::from_str(head).map_err(|e| format!("rules/{file}: {e}"))?;
            meta.docs = Deferred::later(docs);
            meta.examples = Deferred::later(examples);
            let declarative = meta
                .check
                .take()
                .map(crate::declarative::Checks::into_vec)
                .unwrap_or_default();
            if format!("{}.toml", meta.code) != *file {
                return Err(format!("rules/{file}: code {} does not match the file name", meta.code));
            }
            let check = checks.iter().find(|(c, _)| *c == meta.code).map(|(_, f)| *f);
            let repository_check = repository_checks.iter().find(|(c, _)| *c == meta.code).map(|(_, f)| *f);
            for key in [meta.code.clone(), meta.name.clone()] {
                if by_key.insert(key.clone(), rules.len()).is_some() {
                    return Err(format!("rules/{file}: `{key}` is used by two rules"));
                }
            }
            if !declarative.is_empty() && check.is_some() {
                return Err(format!("rules/{file}: a rule has a [check] or a Rust module, not both"));
            }
            let declarative = compile_later(meta.code.clone(), declarative);
            rules.push(Rule {
                meta,
                check,
                repository_check,
                declarative,
                origin: None,
            });
        }
        for code in checks.iter().map(|c| c.0).chain(repository_checks.iter().map(|c| c.0)) {
            if !by_key.contains_key(code) {
                return Err(format!(
                    "a check module exists for {code} but rules/{code}.toml does not"
                ));
            }
        }
        Ok(Registry { rules, by_key })
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// A rule by code (`TL004`, any case) or name (`invalid-effect`).
    pub fn get(&self, code_or_name: &str) -> Option<&Rule> {
        let idx = self
            .by_key
            .get(code_or_name)
            .or_else(|| self.by_key.get(&code_or_name.to_ascii_uppercase()))
            .or_else(|| self.by_key.get(&code_or_name.to_ascii_lowercase()))?;
        self.rules.get(*idx)
    }

    /// The rule with this code. Codes named in Rust are checked against the
    /// registry by the test suite, so a miss is a programming error.
    pub fn rule(&self, code: &str) -> &Rule {
        self.get(code)
            .unwrap_or_else(|| panic!("rule {code} has no rules/{code}.toml"))
    }
}

/// What a check sees: one parsed policy, its kind, the run's settings, and a
/// place to put findings.
pub struct Ctx<'r, 'a> {
    pub file: &'r Arc<SourceFile>,
    pub policy: &'r Policy<'a>,
    pub settings: &'r Settings,
    rule: &'static Rule,
    findings: &'r mut Vec<Finding>,
}

impl<'r, 'a> Ctx<'r, 'a> {
    pub fn new(
        file: &'r Arc<SourceFile>,
        policy: &'r Policy<'a>,
        settings: &'r Settings,
        rule: &'static Rule,
        findings: &'r mut Vec<Finding>,
    ) -> Self {
        Ctx {
            file,
            policy,
            settings,
            rule,
            findings,
        }
    }

    /// A new finding of this rule at `span`, at the rule's default severity.
    pub fn finding(&self, span: Span, message: impl Into<String>) -> Finding {
        new_finding(self.rule, self.file, span, message)
    }

    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    pub fn kind(&self) -> PolicyKind {
        self.policy.kind
    }

    /// The source text of a span, for messages.
    pub fn snippet(&self, span: Span) -> &str {
        self.file.text.get(span.range()).unwrap_or("")
    }
}

/// A finding of `rule`, for stages that run outside a [`Ctx`] (parse errors).
pub fn new_finding(rule: &'static Rule, file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Finding {
    Finding {
        code: &rule.meta.code,
        name: &rule.meta.name,
        severity: rule.meta.severity,
        start: file.position(span.start as usize),
        end: file.position(span.end as usize),
        file: file.clone(),
        span,
        message: crate::diagnostic::clip(Cow::Owned(message.into())).into_owned(),
        label: Cow::Borrowed(""),
        labels: Vec::new(),
        note: None,
        help: None,
        pointer: None,
        sid: None,
        fingerprint: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_loads_and_codes_are_unique() {
        let r = Registry::builtin();
        assert!(r.rules().len() >= 9);
        for rule in r.rules() {
            let m = &rule.meta;
            assert!(m.code.starts_with("TL") && m.code.len() == 5, "{}", m.code);
            assert_eq!(r.get(&m.name).map(|x| x.code()), Some(rule.code()));
            assert!(
                !m.summary.ends_with('.'),
                "{}: the summary is one line without a period",
                m.code
            );
            // The docs and examples are parsed on first use: parse them all here.
            assert!(
                !m.docs.what.is_empty() && !m.docs.why.is_empty() && !m.docs.fix.is_empty(),
                "{}: docs need what, why and fix",
                m.code
            );
            assert!(
                m.examples.iter().any(|e| e.kind == ExampleKind::Bad)
                    && m.examples.iter().any(|e| e.kind == ExampleKind::Good),
                "{}: docs need a bad and a good example",
                m.code
            );
        }
        assert_eq!(r.get("tl004").map(|x| x.meta.name.as_str()), Some("invalid-effect"));
    }

    /// Built-in `[check]`s are compiled on first use, so a mistake in one
    /// would surface only in a run that needs it: compile them all here.
    #[test]
    fn every_built_in_check_compiles() {
        let compiled: usize = Registry::builtin().rules().iter().map(|r| r.declarative().len()).sum();
        // As many as the rule files' `[check]` and `[[check]]` tables.
        let tables: usize = checks::RULE_FILES
            .iter()
            .map(|f| {
                match serde_json::from_str::<serde_json::Value>(f.head)
                    .ok()
                    .and_then(|v| v.get("check").cloned())
                {
                    Some(serde_json::Value::Array(a)) => a.len(),
                    Some(_) => 1,
                    None => 0,
                }
            })
            .sum();
        assert!(tables >= 16 && compiled == tables, "{compiled} of {tables} checks");
    }
}
