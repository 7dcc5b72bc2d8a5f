//! Declarative checks: a rule file's `[check]` says with JSONPath (RFC 9535,
//! as jsonpath-rust reads it; see `query`) which nodes of the *normalised* policy to
//! flag. Normalised means the shapes authors need not handle: `Statement` is
//! always a list; `Action`, `Resource`, principal values and condition values
//! always lists of strings; `"Principal": "*"` reads as `{"AWS": ["*"]}`;
//! condition keys are lower-case; each statement has a derived `Narrows`.
//! A selected node's origin (the span of the token it came from) is found
//! from its path when a finding needs it, so a match points at the exact JSON
//! token of the original file. `unless` and `when` read only the enclosing
//! statement, so they are decided once per statement.

mod node;
mod normalised;
mod query;

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize;

use crate::diagnostic::Severity;
use node::Node;
pub use normalised::Normalised;
use normalised::{Origin, Step};
use query::Query;

use crate::json::Span;
use crate::policy::Statement;
use crate::rules::Ctx;

/// `[check]` (one check) or `[[check]]` (several, e.g. one per shape).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Checks {
    One(Box<CheckSpec>),
    Many(Vec<CheckSpec>),
}

impl Checks {
    pub fn into_vec(self) -> Vec<CheckSpec> {
        match self {
            Checks::One(c) => vec![*c],
            Checks::Many(v) => v,
        }
    }
}

/// The `[check]` table of a rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    /// JSONPath over the normalised policy selecting the nodes to flag.
    pub select: String,
    /// Predicates on the selected value; all must hold.
    #[serde(default, rename = "where")]
    pub predicates: Vec<PredicateSpec>,
    /// JSONPaths evaluated with `$` = the enclosing statement; any match silences.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Conditions on the enclosing statement that must all hold: some node
    /// under `path` (relative to the statement) passes the test.
    #[serde(default)]
    pub when: Vec<WhenSpec>,
    /// Point at the member's key (`"NotAction"`) instead of its value.
    #[serde(default)]
    pub point: Point,
    /// The severity of this check's findings, when it differs from the rule's.
    pub severity: Option<Severity>,
    /// At most one finding per statement: the first selected node that passes.
    #[serde(default)]
    pub first: bool,
    /// Templates: `{value}`, `{key}`, `{positive_key}` (`NotAction` → `Action`),
    /// `{sid}`, `{statement}`, `{secondary}` (the value of the first secondary
    /// label's node).
    pub message: String,
    #[serde(default)]
    pub label: String,
    /// Label text by `{key}`, when it differs per element.
    #[serde(default, rename = "label-by-key")]
    pub label_by_key: HashMap<String, String>,
    pub note: Option<String>,
    pub help: Option<String>,
    /// Secondary labels: a JSONPath relative to the statement, and its text.
    #[serde(default)]
    pub secondary: Vec<SecondarySpec>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Point {
    #[default]
    Value,
    Key,
}

/// Exactly one test, optionally negated.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredicateSpec {
    /// IAM-style wildcard (`*`, `?`), case-insensitive.
    pub matches: Option<String>,
    pub regex: Option<String>,
    pub equals: Option<String>,
    #[serde(rename = "in")]
    pub in_list: Option<Vec<String>>,
    /// The value (an object or list) is empty.
    pub empty: Option<bool>,
    /// The value is an action pattern that covers this action, or one of
    /// these actions (IAM wildcards).
    pub covers: Option<OneOrMany>,
    /// The value is a resource that covers everything of its kind (`*`,
    /// `arn:aws:iam::123456789012:role/*`; not one bucket's objects).
    pub broad: Option<bool>,
    #[serde(default)]
    pub not: bool,
}

/// A string, or a list of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

// No deny_unknown_fields here or in WhenSpec: serde does not support it
// with `flatten`; PredicateSpec still rejects unknown keys.
#[derive(Debug, Deserialize)]
pub struct SecondarySpec {
    pub path: String,
    pub label: String,
    #[serde(default)]
    pub point: Point,
    /// Label the first node under `path` that passes this test.
    #[serde(default, flatten)]
    pub test: Option<PredicateSpec>,
}

#[derive(Debug, Deserialize)]
pub struct WhenSpec {
    pub path: String,
    /// Require that *no* node under `path` passes the test (default: some does).
    #[serde(default)]
    pub none: bool,
    #[serde(flatten)]
    pub test: PredicateSpec,
}

/// A check compiled once per run: JSONPaths parsed, globs and regexes built.
pub struct Compiled {
    pub spec: CheckSpec,
    select: Query,
    unless: Vec<Query>,
    predicates: Vec<Test>,
    when: Vec<When>,
    secondary: Vec<(Query, Option<Test>)>,
    /// Decide `unless`/`when` before searching a statement, not once it
    /// has a hit: when every `when` is answered by the statement's index of
    /// its actions, which costs less than walking its items (sts:AssumeRole
    /// on `Resource[*]`: −10M instructions on AWS's managed policies). A
    /// `when` that scans the statement's items (`$.Resource[*]`, broad)
    /// costs more asked of every statement than of the few with a hit.
    gate_first: bool,
    /// The actions of the one `where` test, `covers`, when the check
    /// selects a statement's `Action` items (`$.Statement[...].Action[*]`):
    /// a statement none of whose items covers one of them has no hit, and
    /// the statement's index of its actions says so without trying each
    /// item (iam:PassRole against a thousand actions, statement after
    /// statement).
    select_covers: Option<Vec<String>>,
}

/// A `[[check.when]]`, compiled.
struct When {
    query: Query,
    test: Test,
    none: bool,
    /// `Some(negated)` for a `covers` test over the statement's own action
    /// list (`$.Action[*]`, or `$.NotAction[*]` when negated): answered by
    /// the statement's index of its actions by service
    /// ([`Statement::item_matching`]), not by trying every item against the
    /// test. AWS managed statements list a thousand actions.
    action_list: Option<bool>,
}

impl When {
    fn new(spec: &WhenSpec) -> Result<When, String> {
        let test = test(&spec.test)?;
        let action_list = match (spec.path.as_str(), &test) {
            ("$.Action[*]", Test::Covers(_, false)) => Some(false),
            ("$.NotAction[*]", Test::Covers(_, false)) => Some(true),
            _ => None,
        };
        Ok(When {
            query: Query::new(&spec.path)?,
            test,
            none: spec.none,
            action_list,
        })
    }

    /// Does the statement (`sv`, from `model`) pass?
    fn passes(&self, sv: &Node<'_>, model: Option<&Statement<'_>>) -> bool {
        let found = match (self.action_list, &self.test, model) {
            (Some(negated), Test::Covers(actions, false), Some(m)) => list_covers(m, negated, actions),
            _ => self.query.any(sv, &|n| self.test.holds(n)),
        };
        found != self.none
    }
}

/// Does `m`'s `Action` list (`NotAction` when `negated`) have an item that
/// covers one of `actions`? Asked of the statement's index of its actions
/// by service, not of each item.
fn list_covers(m: &Statement<'_>, negated: bool, actions: &[String]) -> bool {
    m.action.as_ref().is_some_and(|l| l.negated == negated) && actions.iter().any(|a| m.item_matching(a).is_some())
}

enum Test {
    Glob(globset::GlobMatcher, bool),
    Regex(regex::Regex, bool),
    Equals(String, bool),
    In(Vec<String>, bool),
    Empty(bool, bool),
    /// Covers any of these actions.
    Covers(Vec<String>, bool),
    Broad(bool, bool),
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled").field("select", &self.spec.select).finish()
    }
}

/// IAM wildcards as a glob: `*` and `?` keep their meaning; glob syntax
/// characters IAM does not have are escaped.
fn iam_glob(pattern: &str) -> Result<globset::GlobMatcher, String> {
    let escaped: String = pattern
        .chars()
        .map(|c| match c {
            '[' | ']' | '{' | '}' | '\\' | '!' => format!("[{c}]"),
            c => c.to_string(),
        })
        .collect();
    globset::GlobBuilder::new(&escaped)
        .case_insensitive(true)
        .literal_separator(false)
        .backslash_escape(false)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("invalid pattern `{pattern}`: {e}"))
}

impl Compiled {
    pub fn new(spec: CheckSpec) -> Result<Compiled, String> {
        let mut predicates = Vec::new();
        for p in &spec.predicates {
            predicates.push(test(p)?);
        }
        let when = spec.when.iter().map(When::new).collect::<Result<_, _>>()?;
        let mut secondary = Vec::new();
        for sp in &spec.secondary {
            // `flatten` gives an empty predicate when the table names none.
            let t = match &sp.test {
                Some(t) if t.is_set() => Some(test(t)?),
                _ => None,
            };
            secondary.push((Query::new(&sp.path)?, t));
        }
        let when: Vec<When> = when;
        let gate_first = !when.is_empty() && when.iter().all(|w| w.action_list.is_some());
        let select = Query::new(&spec.select)?;
        let select_covers = match predicates.as_slice() {
            [Test::Covers(actions, false)] if select.is_statement_actions() => Some(actions.clone()),
            _ => None,
        };
        Ok(Compiled {
            gate_first,
            select_covers,
            select,
            unless: spec.unless.iter().map(|u| Query::new(u)).collect::<Result<_, _>>()?,
            secondary,
            when,
            predicates,
            spec,
        })
    }

    fn holds(&self, v: &Node<'_>) -> bool {
        self.predicates.iter().all(|t| t.holds(v))
    }

    /// `unless` and `when` on the enclosing statement (`None` outside any),
    /// which `model` is in the policy's model.
    fn statement_passes<'a>(&self, stmt: Option<&'a Node<'a>>, model: Option<&Statement<'_>>) -> bool {
        let silenced = stmt.is_some_and(|sv| self.unless.iter().any(|u| u.any(sv, &|_| true)));
        let wanted = self.when.iter().all(|w| stmt.is_some_and(|sv| w.passes(sv, model)));
        !silenced && wanted
    }
}

impl PredicateSpec {
    fn is_set(&self) -> bool {
        self.matches.is_some()
            || self.regex.is_some()
            || self.equals.is_some()
            || self.in_list.is_some()
            || self.empty.is_some()
            || self.covers.is_some()
            || self.broad.is_some()
    }
}

fn test(p: &PredicateSpec) -> Result<Test, String> {
    let set = [
        p.matches.is_some(),
        p.regex.is_some(),
        p.equals.is_some(),
        p.in_list.is_some(),
        p.empty.is_some(),
        p.covers.is_some(),
        p.broad.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if set != 1 {
        return Err("each predicate needs exactly one of matches, regex, equals, in, empty, covers, broad".into());
    }
    Ok(if let Some(m) = &p.matches {
        Test::Glob(iam_glob(m)?, p.not)
    } else if let Some(r) = &p.regex {
        Test::Regex(
            regex::Regex::new(r).map_err(|e| format!("invalid regex `{r}`: {e}"))?,
            p.not,
        )
    } else if let Some(e) = &p.equals {
        Test::Equals(e.clone(), p.not)
    } else if let Some(l) = &p.in_list {
        Test::In(l.clone(), p.not)
    } else if let Some(e) = p.empty {
        Test::Empty(e, p.not)
    } else if let Some(c) = &p.covers {
        let actions = match c {
            OneOrMany::One(a) => vec![a.clone()],
            OneOrMany::Many(v) if !v.is_empty() => v.clone(),
            OneOrMany::Many(_) => return Err("`covers` needs at least one action".into()),
        };
        Test::Covers(actions, p.not)
    } else {
        Test::Broad(p.broad.unwrap_or(true), p.not)
    })
}

impl Test {
    fn holds(&self, v: &Node<'_>) -> bool {
        let number;
        let text: Option<&str> = match v {
            Node::String(s) => Some(s),
            Node::Bool(b) => Some(if *b { "true" } else { "false" }),
            Node::Number(n) => {
                number = n.to_string();
                Some(&number)
            }
            _ => None,
        };
        match (self, text) {
            (Test::Glob(g, not), Some(s)) => g.is_match(s) != *not,
            (Test::Regex(r, not), Some(s)) => r.is_match(s) != *not,
            (Test::Equals(e, not), Some(s)) => (e == s) != *not,
            (Test::In(l, not), Some(s)) => l.iter().any(|x| x == s) != *not,
            (Test::Covers(actions, not), Some(s)) => {
                actions.iter().any(|a| crate::policy::wildcard::matches(s, a, true)) != *not
            }
            (Test::Broad(want, not), Some(s)) => (crate::policy::is_broad_resource(s) == *want) != *not,
            (Test::Empty(want, not), _) => {
                let empty = match v {
                    Node::Object(m) => m.is_empty(),
                    Node::Array(a) => a.is_empty(),
                    Node::String(s) => s.is_empty(),
                    _ => false,
                };
                (empty == *want) != *not
            }
            _ => false,
        }
    }
}

/// What a template can name.
struct Vars<'v, 's, 'a> {
    value: &'v str,
    key: &'v str,
    secondary: &'v str,
    stmt: Option<&'s Statement<'a>>,
}

/// Fill a message template in one pass, so that a value which itself
/// contains `{key}` or `{sid}` is quoted as it is. Braces that name no
/// variable (JSON in a help text) stay as written.
fn fill(template: &str, vars: &Vars<'_, '_, '_>) -> String {
    let mut out = String::with_capacity(template.len() + vars.value.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name = after.find('}').map_or("", |close| &after[..close]);
        match name {
            "value" => out.push_str(vars.value),
            "key" => out.push_str(vars.key),
            "positive_key" => out.push_str(vars.key.strip_prefix("Not").unwrap_or(vars.key)),
            "sid" => out.push_str(vars.stmt.and_then(|s| s.sid).map_or("", |s| s.value)),
            "statement" => out.push_str(&vars.stmt.map(Statement::describe).unwrap_or_default()),
            "secondary" => out.push_str(vars.secondary),
            _ => {
                out.push('{');
                rest = after;
                continue;
            }
        }
        rest = &after[name.len() + 1..];
    }
    out.push_str(rest);
    out
}

/// A value as a template shows it: a string as it is, anything else as JSON.
fn as_text(value: &Node<'_>) -> String {
    match value {
        Node::String(s) => s.to_string(),
        other => other.to_json().to_string(),
    }
}

/// The statement a path is in: `[Statement, 3, ...]` → 3.
fn statement_index(path: &[Step<'_>]) -> Option<usize> {
    match path {
        [Step::Key(k), Step::Index(i), ..] if k == "Statement" => Some(*i),
        _ => None,
    }
}

fn span_of(origin: Origin, point: Point) -> Span {
    match point {
        Point::Key => origin.key.unwrap_or(origin.value),
        Point::Value => origin.value,
    }
}

/// Run one compiled check over a policy, reporting through `ctx`.
pub fn run(compiled: &Compiled, norm: &Normalised<'_>, ctx: &mut Ctx<'_, '_>) {
    let spec = &compiled.spec;
    let statements = norm.statements();
    // `unless` and `when` read only the statement: decided once per
    // statement (0 not yet, 1 passes, 2 does not).
    let mut gate: Vec<u8> = Vec::new();
    // With `first`, the statements that already have their finding.
    let mut done: Vec<Option<usize>> = Vec::new();
    let keep = |v: &Node<'_>| compiled.holds(v);
    let mut selected = norm.selection.borrow_mut();
    if compiled.gate_first || compiled.select_covers.is_some() {
        // A statement the gate rejects is not searched at all.
        let mut gate_of = |i: usize, sv: &Node<'_>| {
            if let Some(actions) = &compiled.select_covers
                && !ctx
                    .policy
                    .statements
                    .get(i)
                    .is_some_and(|m| list_covers(m, false, actions))
            {
                return false;
            }
            if !compiled.gate_first {
                return true;
            }
            if gate.is_empty() {
                gate.resize(statements.len(), 0);
            }
            let passes = compiled.statement_passes(Some(sv), ctx.policy.statements.get(i));
            gate[i] = if passes { 1 } else { 2 };
            passes
        };
        compiled
            .select
            .nodes_gated_into(norm.value, &keep, &mut gate_of, &mut selected);
    } else {
        compiled.select.nodes_where_into(norm.value, &keep, &mut selected);
    }
    for &(value, id) in &selected.hits {
        let path = selected.path(id);
        let index = statement_index(&path);
        if spec.first && done.contains(&index) {
            continue;
        }
        let stmt_value = index.and_then(|i| statements.get(i));
        let stmt = index.and_then(|i| ctx.policy.statements.get(i));
        let passes = match index {
            Some(i) if i < statements.len() => {
                if gate.is_empty() {
                    gate.resize(statements.len(), 0);
                }
                if gate[i] == 0 {
                    gate[i] = if compiled.statement_passes(stmt_value, stmt) {
                        1
                    } else {
                        2
                    };
                }
                gate[i] == 1
            }
            _ => compiled.statement_passes(stmt_value, stmt),
        };
        if !passes {
            continue;
        }
        let Some(origin) = normalised::origin(ctx.policy, &path) else {
            continue;
        };
        // The node of each secondary label (the first under its path that
        // passes its test), by `[[check.secondary]]`.
        let mut secondaries: Vec<Option<(&Node<'_>, Option<Origin>)>> = Vec::with_capacity(spec.secondary.len());
        for (q, t) in &compiled.secondary {
            let found = stmt_value.zip(index).and_then(|(sv, i)| {
                let nodes = q.nodes(sv);
                let &(node, id) = nodes.hits.iter().find(|(n, _)| t.as_ref().is_none_or(|t| t.holds(n)))?;
                let mut abs = vec![Step::Key(Cow::Borrowed("Statement")), Step::Index(i)];
                abs.extend(nodes.path(id));
                Some((node, normalised::origin(ctx.policy, &abs)))
            });
            secondaries.push(found);
        }
        let text = as_text(value);
        // The key as written in the file (condition keys are lower-cased in
        // the normalised form), else the path's last name (`Sid`).
        let written = origin
            .key
            .and_then(|k| ctx.file.text.get(k.range()))
            .map(|k| k.trim_matches('"'));
        let key = written.unwrap_or_else(|| match path.last() {
            Some(Step::Key(k)) => k.as_ref(),
            _ => "",
        });
        let secondary = match secondaries.first() {
            Some(Some((node, _))) => as_text(node),
            _ => String::new(),
        };
        let vars = Vars {
            value: &text,
            key,
            secondary: &secondary,
            stmt,
        };
        let label = spec.label_by_key.get(key).unwrap_or(&spec.label);
        let mut f = ctx
            .finding(span_of(origin, spec.point), fill(&spec.message, &vars))
            .label(fill(label, &vars));
        if let Some(severity) = spec.severity {
            f = f.severity(severity);
        }
        if let Some(n) = &spec.note {
            f = f.note(fill(n, &vars));
        }
        if let Some(h) = &spec.help {
            f = f.help(fill(h, &vars));
        }
        for (s, found) in spec.secondary.iter().zip(&secondaries) {
            if let Some((_, Some(o))) = found {
                f = f.secondary(span_of(*o, s.point), fill(&s.label, &vars));
            }
        }
        ctx.report(f);
        if spec.first {
            done.push(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::Settings;
    use crate::diagnostic::Finding;
    use crate::policy::Policy;
    use crate::rules::{Rule, RuleMeta};
    use crate::source::SourceFile;

    const HEAD: &str = "code = \"X001\"\nname = \"x\"\nseverity = \"error\"\nsummary = \"s\"\n\
                        [docs]\nwhat = \"w\"\nwhy = \"y\"\nfix = \"f\"\n";

    /// The findings of a rule made of `checks` (TOML) on `policy`, as
    /// (severity, message, text of the primary span, texts of the secondary spans).
    fn lint(checks: &str, policy: &str) -> Vec<(Severity, String, String, Vec<String>)> {
        let mut meta: RuleMeta = toml::from_str(&format!("{HEAD}{checks}")).expect("rule parses");
        let declarative = meta
            .check
            .take()
            .expect("a check")
            .into_vec()
            .into_iter()
            .map(|c| Compiled::new(c).expect("check compiles"))
            .collect();
        let rule: &'static Rule = Box::leak(Box::new(Rule {
            meta,
            check: None,
            repository_check: None,
            declarative: crate::rules::compiled(declarative),
            origin: None,
        }));
        let file = Arc::new(SourceFile::new("p.json".into(), "p.json".into(), policy.into()));
        let doc = crate::json::parse(&file.text, crate::json::test_arena()).expect("policy parses");
        let policy = Policy::from_document(&doc).expect("a policy");
        let settings = Settings::default();
        let arena = bumpalo::Bump::new();
        let norm = Normalised::of(&policy, &arena);
        let mut findings: Vec<Finding> = Vec::new();
        for compiled in rule.declarative() {
            let mut ctx = Ctx::new(&file, &policy, &settings, rule, &mut findings);
            run(compiled, &norm, &mut ctx);
        }
        let text = |s: Span| file.text[s.range()].to_string();
        findings
            .iter()
            .map(|f| {
                (
                    f.severity,
                    f.message.clone(),
                    text(f.span),
                    f.labels.iter().map(|l| text(l.span)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn when_on_the_action_list_reads_the_index_with_the_same_answers() {
        let spec = |path: &str, covers: &str, none: bool| WhenSpec {
            path: path.into(),
            none,
            test: PredicateSpec {
                covers: Some(OneOrMany::Many(vec![covers.into(), "ec2:RunInstances".into()])),
                ..PredicateSpec::default()
            },
        };
        // Short lists (scanned) and long ones (read through the index), in
        // both elements, with case and wildcards in names and services.
        let filler: Vec<String> = (0..20).map(|i| format!("\"logs:Put{i}\"")).collect();
        let lists = [
            r#"["iam:PassRole"]"#.to_string(),
            r#"["IAM:pass*", "s3:GetObject"]"#.to_string(),
            r#"["s3:*", "ec2:Describe*"]"#.to_string(),
            r#""*""#.to_string(),
            r#"["*:PassRole"]"#.to_string(),
            r#"["ia?:PassRole"]"#.to_string(),
            format!("[{}]", filler.join(",")),
            format!("[{}, \"Iam:PassRole\"]", filler.join(",")),
            format!("[{}, \"EC2:Run*\"]", filler.join(",")),
            format!("[{}, \"i*:Pass*\"]", filler.join(",")),
            format!("[{}, \"PassRole\"]", filler.join(",")),
        ];
        for list in &lists {
            for element in ["Action", "NotAction"] {
                let src = format!(r#"{{"Statement": [{{"Effect": "Allow", "{element}": {list}, "Resource": "*"}}]}}"#);
                let doc = crate::json::parse(&src, crate::json::test_arena()).expect("parses");
                let policy = Policy::from_document(&doc).expect("a policy");
                let arena = bumpalo::Bump::new();
                let norm = Normalised::of(&policy, &arena);
                let (sv, model) = (&norm.statements()[0], &policy.statements[0]);
                for path in ["$.Action[*]", "$.NotAction[*]"] {
                    for none in [false, true] {
                        let indexed = When::new(&spec(path, "iam:PassRole", none)).expect("compiles");
                        assert!(indexed.action_list.is_some(), "{path} is read through the index");
                        let scanned = When {
                            action_list: None,
                            ..When::new(&spec(path, "iam:PassRole", none)).expect("compiles")
                        };
                        assert_eq!(
                            indexed.passes(sv, Some(model)),
                            scanned.passes(sv, Some(model)),
                            "{element}: {list}, when {path} (none: {none})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn covers_prefilter_finds_what_trying_every_item_finds() {
        // The same `covers` check twice: alone (statements are skipped by
        // their action index) and with a second test that always holds
        // (every item tried).
        let check = |extra: &str| {
            format!(
                r#"
[[check]]
select = "$.Statement[*].Action[*]"
message = "{{value}}"
[[check.where]]
covers = ["iam:PassRole", "s3:GetObject"]
{extra}
"#
            )
        };
        let indexed = check("");
        let scanned = check("[[check.where]]\nmatches = \"*\"");
        let compiled = |checks: &str| {
            let mut meta: RuleMeta = toml::from_str(&format!("{HEAD}{checks}")).expect("rule parses");
            let spec = meta.check.take().expect("a check").into_vec().remove(0);
            Compiled::new(spec).expect("check compiles")
        };
        assert!(compiled(&indexed).select_covers.is_some());
        assert!(compiled(&scanned).select_covers.is_none());
        let mut long: Vec<String> = (0..40).map(|i| format!("\"ec2:Action{i}\"")).collect();
        long.push("\"IAM:passrole\"".into());
        long.push("\"s3:Get*\"".into());
        let long = long.join(", ");
        let others: Vec<String> = (0..20).map(|i| format!("\"svc{i}:X\"")).collect();
        let others = others.join(", ");
        let policies = [
            format!(r#"{{"Statement": [{{"Effect": "Allow", "Action": [{long}], "Resource": "*"}}]}}"#),
            format!(
                r#"{{"Statement": [{{"Effect": "Allow", "Action": [{others}, "*:PassRole", "i?m:*"]}}, {{"Effect": "Allow", "NotAction": ["iam:PassRole"]}}]}}"#
            ),
            format!(
                r#"{{"Statement": [{{"Effect": "Allow", "Action": [{others}]}}, {{"Effect": "Deny", "Action": "iam:Pass*"}}]}}"#
            ),
            r#"{"Statement": {"Effect": "Allow", "Action": ["s3:getobject", "s3:GetObjectAcl", 7, "*"]}}"#.to_string(),
            r#"{"Statement": [{"Effect": "Allow", "Action": "iam:*"}, {"Action": []}, {"Effect": "Allow"}]}"#
                .to_string(),
            r#"{"Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:X"]}]}"#.to_string(),
        ];
        for policy in &policies {
            let a = lint(&indexed, policy);
            let b = lint(&scanned, policy);
            assert!(!b.is_empty() || policy.contains("svc0"), "{policy}");
            assert_eq!(a, b, "{policy}");
        }
    }

    #[test]
    fn severity_per_check_and_covers_any() {
        let checks = r#"
[[check]]
select = "$.Statement[*].Action[*]"
severity = "warning"
message = "{value} covers one"
[[check.where]]
covers = ["sts:TagSession", "s3:GetObject"]

[[check]]
select = "$.Statement[*].Action[*]"
message = "{value} covers none"
[[check.where]]
covers = ["sts:TagSession", "s3:GetObject"]
not = true
"#;
        let found = lint(
            checks,
            r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "STS:TAGSESSION", "ec2:*"]}]}"#,
        );
        let got: Vec<_> = found.iter().map(|(s, m, _, _)| (*s, m.as_str())).collect();
        assert_eq!(
            got,
            [
                (Severity::Warning, "s3:Get* covers one"),
                (Severity::Warning, "STS:TAGSESSION covers one"),
                (Severity::Error, "ec2:* covers none"),
            ]
        );
    }

    #[test]
    fn templates_fill_in_one_pass() {
        let checks = r#"
[check]
select = "$.Statement[*].Sid"
message = "{value} in {statement}, {sid}; {unknown} {\"json\": 1} {"
"#;
        let found = lint(checks, r#"{"Statement": [{"Sid": "{statement}", "Effect": "Allow"}]}"#);
        assert_eq!(
            found[0].1,
            "{statement} in statement \"{statement}\", {statement}; {unknown} {\"json\": 1} {"
        );
    }

    #[test]
    fn narrows_is_derived_from_the_condition() {
        let doc = crate::json::parse(
            r#"{"Statement": [{"Effect": "Allow", "Condition": {
                "StringEquals": {"SAML:aud": "a", "aws:SourceAccount": []},
                "StringLike": {"aws:PrincipalArn": "*", "sts:RoleSessionName": "ci-*"},
                "StringEqualsIfExists": {"aws:SourceIp": "x"},
                "ForAllValues:StringEquals": {"aws:TagKeys": ["a"]},
                "ForAnyValue:StringEquals": {"aws:PrincipalOrgPaths": ["o/*"]},
                "StringNotEquals": {"aws:PrincipalOrgID": "o"},
                "ArnLike": {"saml:AUD": "b"}}},
              {"Effect": "Allow"}]}"#,
            crate::json::test_arena(),
        )
        .expect("parses");
        let policy = Policy::from_document(&doc).expect("policy");
        let arena = bumpalo::Bump::new();
        let norm = Normalised::of(&policy, &arena).value.to_json();
        assert_eq!(
            norm["Statement"][0]["Narrows"],
            serde_json::json!(["saml:aud", "sts:rolesessionname", "aws:principalorgpaths"])
        );
        assert_eq!(norm["Statement"][1]["Narrows"], serde_json::json!([]));
    }

    #[test]
    fn principal_types_are_spelt_as_aws_spells_them() {
        let checks = r#"
[check]
select = "$.Statement[*].Principal.Federated[*]"
message = "{key} {value}"
"#;
        let found = lint(
            checks,
            r#"{"Statement": [{"Effect": "Allow", "Principal": {"federated": "a", "AWS": "b", "Federated": ["c", "d"]}}]}"#,
        );
        let got: Vec<_> = found.iter().map(|(_, m, at, _)| (m.as_str(), at.as_str())).collect();
        assert_eq!(got, [(" a", "\"a\""), (" c", "\"c\""), (" d", "\"d\"")]);
    }

    #[test]
    fn first_finding_per_statement_quoting_the_secondary() {
        let checks = r#"
[check]
select = "$.Statement[*].Action[*]"
first = true
message = "{value} on {secondary}"
[[check.where]]
matches = "s3:*"
[[check.secondary]]
path = "$.Resource[*]"
broad = true
label = "on {secondary}"
"#;
        let found = lint(
            checks,
            r#"{"Statement": [
                {"Effect": "Allow", "Action": ["ec2:RunInstances", "s3:Get*", "s3:Put*"], "Resource": ["arn:aws:s3:::b/k", "*", "arn:aws:s3:::*"]},
                {"Effect": "Allow", "Action": ["s3:List*"], "Resource": "arn:aws:s3:::b"}]}"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|(_, m, at, sec)| (m.as_str(), at.as_str(), sec.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("s3:Get* on *", "\"s3:Get*\"", vec!["\"*\"".to_string()]),
                ("s3:List* on ", "\"s3:List*\"", vec![]),
            ]
        );
    }
}
