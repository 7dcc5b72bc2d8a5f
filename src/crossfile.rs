//! Checks across files. Cross-account access needs two documents to agree: the
//! role's trust policy must name the caller, and the caller's identity policy
//! must allow `sts:AssumeRole` on the role. The bindings say which file is
//! whose; this module reads every bound file (linted in this run or not, so a
//! pre-commit run over one side still sees the other), reduces it to what the
//! TL3xx rules need, and runs them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::bindings::{Binding, FileSource, Kind};
use crate::config::Settings;
use crate::diagnostic::{self, Finding};
use crate::json::Span;
use crate::policy::{AwsPrincipal, Policy, wildcard};
use crate::rules::{Registry, Rule, new_finding};
use crate::source::SourceFile;

/// A string of a policy and its token.
#[derive(Clone, Debug)]
pub struct Item {
    pub value: String,
    pub span: Span,
}

/// A statement reduced to what the cross-file rules read.
#[derive(Clone, Debug)]
pub struct Stmt {
    pub allow: bool,
    /// Unconditional: a Deny with a condition does not always deny.
    pub conditional: bool,
    /// The token that makes the statement cover `sts:AssumeRole`, if any.
    pub assume: Option<Span>,
    pub resources: Vec<Item>,
    /// `NotResource`: covers every resource but those listed.
    pub not_resource: bool,
    /// `AWS` principal values (and `"*"`).
    pub principals: Vec<Item>,
    /// The `Principal` element's value, for labels.
    pub principal_span: Option<Span>,
}

/// A bound policy file.
#[derive(Debug)]
pub struct Doc {
    pub file: Arc<SourceFile>,
    pub statements: Vec<Stmt>,
    /// The `Statement` key, for labels about the whole document.
    pub anchor: Span,
}

impl Doc {
    fn read(path: &Path, name: String, files: &dyn FileSource) -> Result<Doc, String> {
        let bytes = files.read(path).map_err(|e| format!("{name}: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8"))?;
        let file = Arc::new(SourceFile::new(name.clone(), path.to_path_buf(), text));
        let arena = crate::json::Arena::new();
        let doc =
            crate::json::parse(&file.text, &arena).map_err(|e| format!("{name}: not valid JSON ({})", e.message()))?;
        let policy = Policy::from_document(&doc).ok_or_else(|| format!("{name}: not an IAM policy"))?;
        let statements = policy
            .statements
            .iter()
            .map(|s| Stmt {
                allow: s.is_allow(),
                conditional: s.condition.as_ref().is_some_and(|c| !c.blocks.is_empty()),
                assume: s.action_covering("sts:AssumeRole"),
                resources: s
                    .resource
                    .as_ref()
                    .map(|r| {
                        r.items
                            .iter()
                            .map(|t| Item {
                                value: t.value.to_string(),
                                span: t.span,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                not_resource: s.resource.as_ref().is_some_and(|r| r.negated),
                principals: s
                    .aws_principals()
                    .map(|(t, _)| Item {
                        value: t.value.to_string(),
                        span: t.span,
                    })
                    .collect(),
                principal_span: s.principal.as_ref().map(|p| p.member.value.span),
            })
            .collect();
        let anchor = policy
            .statement_member
            .map_or(Span::new(0, 1.min(file.text.len())), |m| m.key_span);
        Ok(Doc {
            file: file.clone(),
            statements,
            anchor,
        })
    }
}

/// The repository's identities with their documents.
pub struct Repository {
    pub bindings: Vec<Binding>,
    /// The positions of the bindings of each ARN, in order: the checks look
    /// up a binding per principal, resource and group, and a scan each time
    /// was quadratic in the bindings of a large repository.
    by_arn: HashMap<String, Vec<usize>>,
    docs: HashMap<PathBuf, Doc>,
    /// The manifest, for labels pointing at a binding.
    pub manifest: Option<Arc<SourceFile>>,
}

impl Repository {
    /// Read every bound file once. Files that cannot be read as policies are
    /// returned as notes (their own lint reports why).
    pub fn load(settings: &Settings, files: &dyn FileSource) -> (Repository, Vec<String>) {
        let mut paths: Vec<&PathBuf> = settings
            .bindings
            .iter()
            .flat_map(|b| b.trust.iter().chain(&b.policies))
            .collect();
        paths.sort();
        paths.dedup();
        let cwd = std::env::current_dir().ok();
        let read: Vec<(PathBuf, Result<Doc, String>)> = paths
            .par_iter()
            .map(|p| {
                let name = crate::discover::display_name(p, cwd.as_deref());
                ((*p).clone(), Doc::read(p, name, files))
            })
            .collect();
        let mut docs = HashMap::new();
        let mut notes = Vec::new();
        for (p, d) in read {
            match d {
                Ok(d) => {
                    docs.insert(p, d);
                }
                Err(e) => notes.push(format!("{e}; cross-file checks skip it")),
            }
        }
        let mut by_arn: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, b) in settings.bindings.iter().enumerate() {
            by_arn.entry(b.arn.clone()).or_default().push(i);
        }
        let repo = Repository {
            bindings: settings.bindings.clone(),
            by_arn,
            docs,
            manifest: settings.file.clone(),
        };
        (repo, notes)
    }

    pub fn roles(&self) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(|b| b.kind == Kind::Role)
    }

    /// Users and roles: the identities that can call `sts:AssumeRole`.
    pub fn callers(&self) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(|b| b.kind != Kind::Group)
    }

    pub fn find(&self, arn: &str) -> Option<&Binding> {
        self.by_arn
            .get(arn)
            .and_then(|at| at.first())
            .map(|&i| &self.bindings[i])
    }

    /// The roles whose ARN `pattern` (an IAM wildcard, case-sensitive) matches,
    /// in binding order: looked up when it has no wildcard, else compared
    /// with every role.
    pub fn roles_matching(&self, pattern: &str) -> Vec<&Binding> {
        if wildcard::has_wildcard(pattern) {
            return self
                .roles()
                .filter(|role| wildcard::matches(pattern, &role.arn, false))
                .collect();
        }
        self.by_arn
            .get(pattern)
            .into_iter()
            .flatten()
            .map(|&i| &self.bindings[i])
            .filter(|b| b.kind == Kind::Role)
            .collect()
    }

    pub fn trust(&self, role: &Binding) -> Option<&Doc> {
        role.trust.as_ref().and_then(|p| self.docs.get(p))
    }

    /// A binding's own policies and those of its groups.
    pub fn effective_policies(&self, b: &Binding) -> Vec<&Doc> {
        let groups = b.groups.iter().filter_map(|g| self.find(g));
        b.policies
            .iter()
            .chain(groups.flat_map(|g| g.policies.iter()))
            .filter_map(|p| self.docs.get(p))
            .collect()
    }

    /// Does any of `b`'s effective policies allow `sts:AssumeRole` on `role_arn`
    /// (no unconditional Deny taking it back)?
    pub fn may_assume(&self, b: &Binding, role_arn: &str) -> bool {
        let policies = self.effective_policies(b);
        let covers = |s: &Stmt| {
            s.assume.is_some()
                && if s.not_resource {
                    !s.resources.iter().any(|r| wildcard::matches(&r.value, role_arn, false))
                } else {
                    s.resources.iter().any(|r| wildcard::matches(&r.value, role_arn, false))
                }
        };
        let stmts = || policies.iter().flat_map(|d| d.statements.iter());
        stmts().any(|s| s.allow && covers(s)) && !stmts().any(|s| !s.allow && !s.conditional && covers(s))
    }

    /// Does `role`'s trust admit `caller`, conditions aside: an Allow naming it,
    /// its account, its role sessions or `*`, and no unconditional Deny doing so?
    pub fn admits(&self, role: &Binding, caller: &Binding) -> bool {
        let Some(trust) = self.trust(role) else { return false };
        let names = |s: &Stmt| s.assume.is_some() && s.principals.iter().any(|p| names_caller(&p.value, caller));
        trust.statements.iter().any(|s| s.allow && names(s))
            && !trust.statements.iter().any(|s| !s.allow && !s.conditional && names(s))
    }
}

/// Does a trust principal value name `caller`?
pub fn names_caller(value: &str, caller: &Binding) -> bool {
    if value == "*" || value == caller.arn {
        return true;
    }
    let account = caller.account();
    match AwsPrincipal::classify(value) {
        AwsPrincipal::Root { account: a } => a == account,
        AwsPrincipal::Session { account: a } if caller.kind == Kind::Role => {
            let session_prefix = format!("assumed-role/{}/", caller.short_name());
            a == account && value.split(':').nth(5).is_some_and(|r| r.starts_with(&session_prefix))
        }
        _ => false,
    }
}

/// What a repository check sees.
pub struct RepoCtx<'r> {
    pub repo: &'r Repository,
    pub settings: &'r Settings,
    rule: &'static Rule,
    findings: &'r mut Vec<Finding>,
}

impl RepoCtx<'_> {
    pub fn finding(&self, file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Finding {
        new_finding(self.rule, file, span, message)
    }

    pub fn report(&mut self, f: Finding) {
        self.findings.push(f);
    }
}

/// Run the cross-file rules. A finding is kept when one of the files it
/// points at was linted in this run (pre-commit: a change to either side).
pub fn run(settings: &Settings, linted: &[PathBuf], files: &dyn FileSource) -> (Vec<Finding>, Vec<String>) {
    if settings.bindings.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let (repo, notes) = Repository::load(settings, files);
    let mut findings = Vec::new();
    for rule in Registry::current().rules() {
        let Some(check) = rule.repository_check else { continue };
        if !settings.is_enabled(rule.code()) {
            continue;
        }
        let mut ctx = RepoCtx {
            repo: &repo,
            settings,
            rule,
            findings: &mut findings,
        };
        check(&mut ctx);
    }
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let linted: HashSet<PathBuf> = linted.iter().map(|p| abs(p)).collect();
    findings.retain(|f| {
        std::iter::once(&f.file)
            .chain(f.labels.iter().map(|l| &l.file))
            .any(|file| linted.contains(&abs(&file.path)))
    });
    for f in &mut findings {
        f.severity = settings.severity(f.code, f.severity);
        let mut parts = vec![f.code.to_string(), token(&f.file, f.span)];
        parts.extend(f.labels.iter().map(|l| token(&l.file, l.span)));
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        f.fingerprint = diagnostic::stable_hash(&parts);
    }
    (findings, notes)
}

fn token(file: &SourceFile, span: Span) -> String {
    file.text.get(span.range()).unwrap_or("").to_string()
}

/// An `sts:AssumeRole` resource too broad to name a target (`*`, any role of
/// an account): TL206's business, not a statement about one role.
pub fn is_broad(resource: &str) -> bool {
    let Some((_, name)) = resource.split_once(":role/") else {
        return true;
    };
    wildcard::is_wildcard_only(name) || name.is_empty() || resource.split(':').nth(4).is_some_and(|a| a.contains('*'))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::Repository;
    use crate::bindings::{Binding, Kind, Memory};
    use crate::config::Settings;
    use crate::json::Span;

    fn binding(kind: Kind, arn: &str) -> Binding {
        Binding {
            kind,
            arn: arn.to_string(),
            trust: None,
            policies: Vec::new(),
            groups: Vec::new(),
            origin: Span::new(0, 0),
        }
    }

    /// Lookups by ARN give what a scan of the bindings in order gives.
    #[test]
    fn bindings_are_found_by_arn_as_a_scan_finds_them() {
        let role = |name: &str| format!("arn:aws:iam::444455556666:role/{name}");
        let settings = Settings {
            bindings: vec![
                binding(Kind::User, &role("Twin")),
                binding(Kind::Role, &role("Deployer")),
                binding(Kind::Role, &role("Twin")),
                binding(Kind::Role, &role("Deployer2")),
                binding(Kind::Group, "arn:aws:iam::444455556666:group/Ops"),
            ],
            ..Settings::default()
        };
        let (repo, notes) = Repository::load(&settings, &Memory(std::collections::HashMap::<PathBuf, String>::new()));
        assert!(notes.is_empty());
        for b in &settings.bindings {
            let found = repo.find(&b.arn).map(std::ptr::from_ref);
            let scanned = repo.bindings.iter().find(|x| x.arn == b.arn).map(std::ptr::from_ref);
            assert_eq!(found, scanned, "{}", b.arn);
        }
        assert!(repo.find(&role("Nobody")).is_none());
        let names =
            |pattern: &str| -> Vec<String> { repo.roles_matching(pattern).iter().map(|b| b.arn.clone()).collect() };
        assert_eq!(
            names(&role("Twin")),
            [role("Twin")],
            "the user of the same ARN is not a role"
        );
        assert_eq!(names(&role("Deployer*")), [role("Deployer"), role("Deployer2")]);
        assert_eq!(names(&role("Deployer?")), [role("Deployer2")]);
        assert!(
            names(&role("deployer")).is_empty(),
            "ARNs are compared case-sensitively"
        );
    }
}
