//! Running a check's JSONPaths over the normalised policy.
//!
//! jsonpath-rust parses every JSONPath and stays the reference for what a
//! query means. Running it is another matter: it writes the path of every
//! node it visits as a string, filters included, which made declarative
//! checks a tenth of the linter's time. So the queries checks are made of —
//! names, wildcards, indices, unions of them, and filters built from `&&`,
//! `||`, `!`, existence tests and comparisons with literals or singular
//! queries — run here on the normalised tree ([`Node`]), keeping paths as
//! steps in an arena. A query that uses anything else (`..`, slices,
//! functions) runs in jsonpath-rust, on the `serde_json::Value` the tree
//! stands for. The results are the same nodes in the same order, which
//! `tests::the_plan_selects_what_jsonpath_rust_selects` checks on every
//! fixture.

use std::borrow::Cow;

use jsonpath_rust::parser::model::{
    Comparable, Comparison, Filter, FilterAtom, JpQuery, Literal, Segment, Selector, SingularQuery,
    SingularQuerySegment, Test,
};
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::query::js_path_process;
use serde_json::Value;

use super::node::Node;
use super::normalised::{Step, parse_path};

/// `path` parsed, once per process: the built-in checks use 21 paths 36
/// times (`$.Resource[*]`, the `Allow` statements' actions), and parsing
/// (pest, about 700 instructions a character) was most of compiling the
/// checks, itself a third of a one-file run.
fn parsed(path: &str) -> Result<JpQuery, String> {
    type Seen = std::sync::Mutex<std::collections::HashMap<String, JpQuery>>;
    static PARSED: std::sync::LazyLock<Seen> = std::sync::LazyLock::new(Seen::default);
    if let Some(q) = PARSED.lock().ok().and_then(|seen| seen.get(path).cloned()) {
        return Ok(q);
    }
    let q = parse_json_path(path).map_err(|e| format!("invalid JSONPath `{path}`: {e}"))?;
    if let Ok(mut seen) = PARSED.lock() {
        seen.insert(path.to_string(), q.clone());
    }
    Ok(q)
}

/// A compiled JSONPath.
pub struct Query {
    jp: JpQuery,
    /// The query as trustlint runs it itself, when it can.
    plan: Option<Vec<Seg>>,
}

/// A segment: one selector, or a union (`['Action','NotAction']`).
enum Seg {
    One(Sel),
    Many(Vec<Sel>),
}

enum Sel {
    Name(String),
    Wildcard,
    Index(i64),
    Filter(Cond),
}

/// A filter expression.
enum Cond {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    /// A parenthesised expression, possibly negated.
    Group(Box<Cond>, bool),
    /// An existence test from `@` (or from `$` when `absolute`), possibly negated.
    Exists {
        absolute: bool,
        segments: Vec<Seg>,
        not: bool,
    },
    /// `@ == 'a'`, or `@ == 'a' || @ == 'b' ...`: the node is one of
    /// these strings (TL201's `Action[?@ == '*' || @ == '*:*']`, asked of
    /// every action), without a call per test.
    OneOf(Vec<String>),
    Compare(Op, Operand, Operand),
    /// `==` (or `!=` when `ne`) between a singular query and a string
    /// literal, the filters checks are made of (`@.Effect == 'Allow'`,
    /// `@ == '*'`): the general comparison's number tests cannot apply.
    StrEq {
        absolute: bool,
        steps: Vec<SingularStep>,
        literal: String,
        ne: bool,
    },
}

#[derive(Clone, Copy)]
enum Op {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

enum Operand {
    /// The literal as jsonpath-rust converts it.
    Literal(Node<'static>),
    /// A singular query from `@`, or from `$` when `absolute`.
    Query { absolute: bool, steps: Vec<SingularStep> },
}

enum SingularStep {
    Name(String),
    Index(i64),
}

/// Where a node's path is in a [`Selection`]'s arena.
type PathId = u32;
const ROOT: PathId = PathId::MAX;

/// The nodes a query selected, with their paths. One can be reused from
/// query to query ([`Query::nodes_where_into`]): a file's declarative checks
/// ran twenty queries, each allocating its lists afresh, a sixth of all the
/// allocations of a run.
pub struct Selection<'a> {
    /// Each step with the path it extends.
    arena: Vec<(PathId, Step<'a>)>,
    pub hits: Vec<(&'a Node<'a>, PathId)>,
    /// The node lists a [`descend`] works in.
    scratch: Scratch<'a>,
}

impl Default for Selection<'_> {
    fn default() -> Self {
        Selection::new()
    }
}

impl<'a> Selection<'a> {
    /// Empty, with room for a typical policy's statements and actions:
    /// growing from empty was a tenth of the engine's time.
    pub fn new() -> Self {
        Selection {
            arena: Vec::with_capacity(64),
            hits: Vec::with_capacity(64),
            scratch: (Vec::with_capacity(64), Vec::with_capacity(64)),
        }
    }

    fn clear(&mut self) {
        self.arena.clear();
        self.hits.clear();
    }

    /// The path of a hit from the root the query ran on.
    pub fn path(&self, mut id: PathId) -> Vec<Step<'a>> {
        let mut steps = Vec::new();
        while let Some((parent, step)) = self.arena.get(id as usize) {
            steps.push(step.clone());
            id = *parent;
        }
        steps.reverse();
        steps
    }

    /// Record `step` under `parent`; its id.
    fn push(&mut self, parent: PathId, step: Step<'a>) -> PathId {
        self.arena.push((parent, step));
        (self.arena.len() - 1) as PathId
    }
}

impl Query {
    pub fn new(path: &str) -> Result<Query, String> {
        let jp = parsed(path)?;
        let plan = plan(&jp.segments);
        Ok(Query { jp, plan })
    }

    /// Does trustlint run this query itself (else jsonpath-rust does)?
    #[cfg(test)]
    pub fn is_planned(&self) -> bool {
        self.plan.is_some()
    }

    /// The nodes the query selects under `root`, in jsonpath-rust's order.
    pub fn nodes<'a>(&self, root: &'a Node<'a>) -> Selection<'a> {
        self.nodes_where(root, &|_| true)
    }

    /// [`Query::nodes`] that pass `keep`, a check's test of each hit: a
    /// check selects every action of a policy and keeps a few, so the rest
    /// are dropped as they are found, not recorded first.
    pub fn nodes_where<'a>(&self, root: &'a Node<'a>, keep: &dyn Fn(&Node<'_>) -> bool) -> Selection<'a> {
        let mut sel = Selection::new();
        self.nodes_where_into(root, keep, &mut sel);
        sel
    }

    /// [`Query::nodes_where`] into `sel`, whose lists are reused.
    pub fn nodes_where_into<'a>(&self, root: &'a Node<'a>, keep: &dyn Fn(&Node<'_>) -> bool, sel: &mut Selection<'a>) {
        sel.clear();
        match &self.plan {
            Some(segments) => select(segments, root, keep, sel),
            None => {
                let mut found = self.nodes_by_jsonpath_rust(root);
                found.hits.retain(|(n, _)| keep(n));
                sel.arena.append(&mut found.arena);
                sel.hits.append(&mut found.hits);
            }
        }
    }

    /// [`Query::nodes`], by jsonpath-rust, on the `serde_json::Value` the
    /// tree stands for; each hit is found again in the tree by its path.
    pub fn nodes_by_jsonpath_rust<'a>(&self, root: &'a Node<'a>) -> Selection<'a> {
        let mut sel = Selection {
            arena: Vec::new(),
            hits: Vec::new(),
            scratch: (Vec::new(), Vec::new()),
        };
        let json = root.to_json();
        for hit in js_path_process(&self.jp, &json).unwrap_or_default() {
            let Some(steps) = parse_path(&hit.path) else { continue };
            let Some(node) = walk(root, &steps) else { continue };
            let mut id = ROOT;
            for step in steps {
                id = sel.push(id, step);
            }
            sel.hits.push((node, id));
        }
        sel
    }

    /// [`Query::nodes_where`], statement by statement when the query starts
    /// `$.Statement[*]` or `$.Statement[?...]`: a statement its filter passes
    /// is searched only if `gate` (given its index) accepts it, so a check
    /// whose `unless` or `when` rejects most statements does not walk their
    /// actions. The hits of one statement come in the order `nodes_where`
    /// gives them. Any other query runs as `nodes_where`, `gate` uncalled.
    #[cfg(test)]
    pub fn nodes_gated<'a>(
        &self,
        root: &'a Node<'a>,
        keep: &dyn Fn(&Node<'_>) -> bool,
        gate: &mut dyn FnMut(usize, &'a Node<'a>) -> bool,
    ) -> Selection<'a> {
        let mut sel = Selection::new();
        self.nodes_gated_into(root, keep, gate, &mut sel);
        sel
    }

    /// [`Query::nodes_gated`] into `sel`, whose lists are reused.
    pub fn nodes_gated_into<'a>(
        &self,
        root: &'a Node<'a>,
        keep: &dyn Fn(&Node<'_>) -> bool,
        gate: &mut dyn FnMut(usize, &'a Node<'a>) -> bool,
        sel: &mut Selection<'a>,
    ) {
        let Some(segments) = &self.plan else {
            return self.nodes_where_into(root, keep, sel);
        };
        let (Some(Seg::One(Sel::Name(name))), Some(Seg::One(each @ (Sel::Wildcard | Sel::Filter(_))))) =
            (segments.first(), segments.get(1))
        else {
            return self.nodes_where_into(root, keep, sel);
        };
        let Some((key, Node::Array(statements))) = root.member(name) else {
            return self.nodes_where_into(root, keep, sel);
        };
        let rest = &segments[2..];
        sel.clear();
        let list = sel.push(ROOT, Step::Key(Cow::Borrowed(key)));
        let mut scratch = std::mem::take(&mut sel.scratch);
        for (i, statement) in statements.iter().enumerate() {
            if let Sel::Filter(c) = each
                && !holds(c, statement, root)
            {
                continue;
            }
            if !gate(i, statement) {
                continue;
            }
            let id = sel.push(list, Step::Index(i));
            descend(rest, (statement, id), root, keep, sel, &mut scratch);
        }
        sel.scratch = scratch;
    }

    /// Is the query `$.Statement[*].Action[*]` (or with a filter on the
    /// statements): the items of each statement's `Action` list?
    pub fn is_statement_actions(&self) -> bool {
        matches!(
            self.plan.as_deref(),
            Some([
                Seg::One(Sel::Name(statement)),
                Seg::One(Sel::Wildcard | Sel::Filter(_)),
                Seg::One(Sel::Name(action)),
                Seg::One(Sel::Wildcard),
            ]) if statement == "Statement" && action == "Action"
        )
    }

    /// Does the query select a node under `root` that passes `test`?
    pub fn any<'a>(&self, root: &'a Node<'a>, test: &dyn Fn(&Node<'_>) -> bool) -> bool {
        match &self.plan {
            Some(segments) => exists(segments, root, root, test),
            None => self.nodes_by_jsonpath_rust(root).hits.iter().any(|(n, _)| test(n)),
        }
    }
}

/// The node at `steps` under `root`.
fn walk<'a>(root: &'a Node<'a>, steps: &[Step<'_>]) -> Option<&'a Node<'a>> {
    let mut at = root;
    for s in steps {
        at = match (s, at) {
            (Step::Key(k), Node::Object(_)) => at.get(k)?,
            (Step::Index(i), Node::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(at)
}

fn plan(segments: &[Segment]) -> Option<Vec<Seg>> {
    segments
        .iter()
        .map(|s| match s {
            Segment::Descendant(_) => None,
            Segment::Selector(sel) => selector(sel).map(Seg::One),
            Segment::Selectors(sels) => sels.iter().map(selector).collect::<Option<_>>().map(Seg::Many),
        })
        .collect()
}

fn selector(s: &Selector) -> Option<Sel> {
    Some(match s {
        Selector::Name(n) => Sel::Name(n.clone()),
        Selector::Wildcard => Sel::Wildcard,
        Selector::Index(i) => Sel::Index(*i),
        Selector::Slice(..) => return None,
        Selector::Filter(f) => Sel::Filter(condition(f)?),
    })
}

fn condition(f: &Filter) -> Option<Cond> {
    Some(one_of(general(f)?))
}

/// `cond` as a [`Cond::OneOf`] when it is string equality of `@` itself
/// with one literal or a disjunction of them.
fn one_of(cond: Cond) -> Cond {
    // The parts of a disjunction are already made `OneOf` where they can be.
    let literals = |c: &Cond| match c {
        Cond::StrEq {
            absolute: false,
            steps,
            literal,
            ne: false,
        } if steps.is_empty() => Some(vec![literal.clone()]),
        Cond::OneOf(ls) => Some(ls.clone()),
        _ => None,
    };
    let strings = match &cond {
        Cond::Or(cs) => cs
            .iter()
            .map(literals)
            .collect::<Option<Vec<_>>>()
            .map(|ls| ls.concat()),
        c => literals(c),
    };
    match strings {
        Some(ls) if !matches!(cond, Cond::OneOf(_)) => Cond::OneOf(ls),
        _ => cond,
    }
}

fn general(f: &Filter) -> Option<Cond> {
    Some(match f {
        Filter::Or(fs) => Cond::Or(fs.iter().map(condition).collect::<Option<_>>()?),
        Filter::And(fs) => Cond::And(fs.iter().map(condition).collect::<Option<_>>()?),
        Filter::Atom(FilterAtom::Filter { expr, not }) => Cond::Group(Box::new(condition(expr)?), *not),
        Filter::Atom(FilterAtom::Test { expr, not }) => match &**expr {
            // jsonpath-rust applies a filter that comes first in a relative
            // query (`@[?...]`) to `@` itself, not to its children: leave
            // that to it.
            Test::RelQuery(segments) if segments.first().is_some_and(starts_with_filter) => return None,
            Test::RelQuery(segments) => Cond::Exists {
                absolute: false,
                segments: plan(segments)?,
                not: *not,
            },
            Test::AbsQuery(q) => Cond::Exists {
                absolute: true,
                segments: plan(&q.segments)?,
                not: *not,
            },
            Test::Function(_) => return None,
        },
        Filter::Atom(FilterAtom::Comparison(c)) => {
            let op = match **c {
                Comparison::Eq(..) => Op::Eq,
                Comparison::Ne(..) => Op::Ne,
                Comparison::Lt(..) => Op::Lt,
                Comparison::Lte(..) => Op::Lte,
                Comparison::Gt(..) => Op::Gt,
                Comparison::Gte(..) => Op::Gte,
            };
            let (l, r) = c.vals();
            match (op, operand(l)?, operand(r)?) {
                (Op::Eq | Op::Ne, Operand::Query { absolute, steps }, Operand::Literal(Node::String(literal)))
                | (Op::Eq | Op::Ne, Operand::Literal(Node::String(literal)), Operand::Query { absolute, steps }) => {
                    Cond::StrEq {
                        absolute,
                        steps,
                        literal: literal.to_owned(),
                        ne: matches!(op, Op::Ne),
                    }
                }
                (op, l, r) => Cond::Compare(op, l, r),
            }
        }
    })
}

fn starts_with_filter(s: &Segment) -> bool {
    match s {
        Segment::Selector(sel) => matches!(sel, Selector::Filter(_)),
        Segment::Selectors(sels) => sels.iter().any(|s| matches!(s, Selector::Filter(_))),
        Segment::Descendant(_) => true,
    }
}

fn operand(c: &Comparable) -> Option<Operand> {
    let singular = |steps: &[SingularQuerySegment]| {
        steps
            .iter()
            .map(|s| match s {
                SingularQuerySegment::Name(n) => SingularStep::Name(n.clone()),
                SingularQuerySegment::Index(i) => SingularStep::Index(*i),
            })
            .collect()
    };
    Some(match c {
        Comparable::Literal(l) => Operand::Literal(Node::from_json(&match l {
            Literal::Int(i) => Value::from(*i),
            Literal::Float(f) => Value::from(*f),
            Literal::String(s) => Value::from(s.as_str()),
            Literal::Bool(b) => Value::from(*b),
            Literal::Null => Value::Null,
        })),
        Comparable::SingularQuery(SingularQuery::Current(steps)) => Operand::Query {
            absolute: false,
            steps: singular(steps),
        },
        Comparable::SingularQuery(SingularQuery::Root(steps)) => Operand::Query {
            absolute: true,
            steps: singular(steps),
        },
        Comparable::Function(_) => return None,
    })
}

/// An index into an array of `len` elements, from the end when negative.
fn index(len: usize, i: i64) -> Option<usize> {
    if i >= 0 {
        usize::try_from(i).ok().filter(|&i| i < len)
    } else {
        len.checked_sub(usize::try_from(i.unsigned_abs()).ok()?)
    }
}

/// Call `f` on each node `sel` selects under `node`, in order, until it
/// returns `true`; whether it did.
fn visit<'a>(
    sel: &Sel,
    node: &'a Node<'a>,
    root: &'a Node<'a>,
    f: &mut dyn FnMut(&'a Node<'a>, Step<'a>) -> bool,
) -> bool {
    let key = |k: &'a str| Step::Key(Cow::Borrowed(k));
    match (sel, node) {
        (Sel::Name(n), Node::Object(_)) => node.member(n).is_some_and(|(k, v)| f(v, key(k))),
        (Sel::Wildcard, Node::Array(a)) => a.iter().enumerate().any(|(i, v)| f(v, Step::Index(i))),
        (Sel::Wildcard, Node::Object(m)) => m.iter().any(|(k, v)| f(v, key(k))),
        (Sel::Index(i), Node::Array(a)) => index(a.len(), *i).is_some_and(|i| f(&a[i], Step::Index(i))),
        (Sel::Filter(Cond::OneOf(strings)), Node::Array(a)) => a
            .iter()
            .enumerate()
            .any(|(i, v)| is_one_of(strings, v) && f(v, Step::Index(i))),
        (Sel::Filter(c), Node::Array(a)) => a
            .iter()
            .enumerate()
            .any(|(i, v)| holds(c, v, root) && f(v, Step::Index(i))),
        (Sel::Filter(c), Node::Object(m)) => m.iter().any(|(k, v)| holds(c, v, root) && f(v, key(k))),
        _ => false,
    }
}

/// Run the segments one after the other over the node list, as
/// jsonpath-rust does: a union applies each of its selectors to the whole
/// list in turn.
fn select<'a>(segments: &[Seg], root: &'a Node<'a>, keep: &dyn Fn(&Node<'_>) -> bool, sel: &mut Selection<'a>) {
    let mut scratch = std::mem::take(&mut sel.scratch);
    descend(segments, (root, ROOT), root, keep, sel, &mut scratch);
    sel.scratch = scratch;
}

/// Two node lists a [`descend`] works in, kept from one call to the next.
type Scratch<'a> = (Vec<(&'a Node<'a>, PathId)>, Vec<(&'a Node<'a>, PathId)>);

/// [`select`] from `start` (a node and its path), its hits appended to `sel`.
fn descend<'a>(
    segments: &[Seg],
    start: (&'a Node<'a>, PathId),
    root: &'a Node<'a>,
    keep: &dyn Fn(&Node<'_>) -> bool,
    sel: &mut Selection<'a>,
    (current, next): &mut Scratch<'a>,
) {
    if segments.is_empty() {
        if keep(start.0) {
            sel.hits.push(start); // `$` itself
        }
        return;
    }
    current.clear();
    current.push(start);
    for (n, segment) in segments.iter().enumerate() {
        let selectors = match segment {
            Seg::One(s) => std::slice::from_ref(s),
            Seg::Many(ss) => ss.as_slice(),
        };
        let last = n + 1 == segments.len();
        next.clear();
        for s in selectors {
            for &(node, id) in current.iter() {
                visit(s, node, root, &mut |v, step| {
                    if !last || keep(v) {
                        let child = sel.push(id, step);
                        if last {
                            sel.hits.push((v, child));
                        } else {
                            next.push((v, child));
                        }
                    }
                    false
                });
            }
        }
        std::mem::swap(current, next);
    }
}

/// Do the segments select a node under `node` that passes `test`? Depth
/// first, stopping at the first.
fn exists<'a>(segments: &[Seg], node: &'a Node<'a>, root: &'a Node<'a>, test: &dyn Fn(&Node<'_>) -> bool) -> bool {
    let Some((segment, rest)) = segments.split_first() else {
        return test(node);
    };
    let selectors = match segment {
        Seg::One(s) => std::slice::from_ref(s),
        Seg::Many(ss) => ss.as_slice(),
    };
    selectors
        .iter()
        .any(|s| visit(s, node, root, &mut |v, _| exists(rest, v, root, test)))
}

fn is_one_of(strings: &[String], node: &Node<'_>) -> bool {
    matches!(node, Node::String(s) if strings.iter().any(|l| l.len() == s.len() && l.as_bytes() == s.as_bytes()))
}

fn holds<'a>(c: &Cond, node: &'a Node<'a>, root: &'a Node<'a>) -> bool {
    match c {
        Cond::OneOf(strings) => is_one_of(strings, node),
        Cond::Or(cs) => cs.iter().any(|c| holds(c, node, root)),
        Cond::And(cs) => cs.iter().all(|c| holds(c, node, root)),
        Cond::Group(c, not) => holds(c, node, root) != *not,
        Cond::Exists {
            absolute,
            segments,
            not,
        } => exists(segments, if *absolute { root } else { node }, root, &|_| true) != *not,
        Cond::StrEq {
            absolute,
            steps,
            literal,
            ne,
        } => (singular(*absolute, steps, node, root).and_then(Node::as_str) == Some(literal.as_str())) != *ne,
        Cond::Compare(op, l, r) => {
            let (l, r) = (value(l, node, root), value(r, node, root));
            match op {
                Op::Eq => equal(l, r),
                Op::Ne => !equal(l, r),
                Op::Lt => less(l, r),
                Op::Gt => less(r, l),
                Op::Lte => less(l, r) || equal(l, r),
                Op::Gte => less(r, l) || equal(l, r),
            }
        }
    }
}

/// An operand's value; `None` when a query selects nothing.
fn value<'v>(o: &'v Operand, node: &'v Node<'v>, root: &'v Node<'v>) -> Option<&'v Node<'v>> {
    match o {
        Operand::Literal(v) => Some(v),
        Operand::Query { absolute, steps } => singular(*absolute, steps, node, root),
    }
}

/// The node a singular query selects from `@` (`node`), or from `$` when
/// `absolute`; `None` when it selects nothing.
fn singular<'v>(
    absolute: bool,
    steps: &[SingularStep],
    node: &'v Node<'v>,
    root: &'v Node<'v>,
) -> Option<&'v Node<'v>> {
    let mut at = if absolute { root } else { node };
    for s in steps {
        at = match (s, at) {
            (SingularStep::Name(n), Node::Object(_)) => at.get(n)?,
            (SingularStep::Index(i), Node::Array(a)) => &a[index(a.len(), *i)?],
            _ => return None,
        };
    }
    Some(at)
}

/// `==` as jsonpath-rust has it: two nothings are equal; numbers compare
/// as f64 within an epsilon.
fn equal(l: Option<&Node<'_>>, r: Option<&Node<'_>>) -> bool {
    match (l, r) {
        (Some(l), Some(r)) => match (l.as_f64(), r.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() < f64::EPSILON,
            _ => l == r,
        },
        (None, None) => true,
        _ => false,
    }
}

/// `<` as jsonpath-rust has it: numbers, or strings; anything else is false.
fn less(l: Option<&Node<'_>>, r: Option<&Node<'_>>) -> bool {
    let (Some(l), Some(r)) = (l, r) else { return false };
    match (l.as_f64(), r.as_f64(), l.as_str(), r.as_str()) {
        (Some(a), Some(b), _, _) => a < b,
        (_, _, Some(a), Some(b)) => a < b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::declarative::Normalised;
    use crate::policy::Policy;

    #[test]
    fn a_path_is_parsed_once_and_an_error_stays_an_error() {
        let path = "$.Statement[?@.Effect == 'Allow'].Action[*]";
        let first = parsed(path).expect("valid");
        assert_eq!(parsed(path).expect("valid"), first);
        assert_eq!(first, parse_json_path(path).expect("valid"));
        for _ in 0..2 {
            let e = parsed("$.Statement[").expect_err("invalid");
            assert!(e.starts_with("invalid JSONPath `$.Statement[`"), "{e}");
        }
    }

    /// Queries beyond the rules' own, for the parts of the language they do not use.
    const MORE: &[&str] = &[
        "$",
        "$.kind",
        "$.*",
        "$[*]",
        "$[?@ == 'trust']",
        "$.Statement",
        "$.Statement[*]",
        "$.Statement[0]",
        "$.Statement[-1]",
        "$.Statement[7]",
        "$.Statement[-9]",
        "$.Statement[*].*",
        "$.Statement[*].*.*",
        "$.Statement[*].*[*]",
        "$.Statement[*].Condition.*.*[*]",
        "$.Statement[*]['Action','NotAction','Resource'][*]",
        "$.Statement[*]['Action','NotAction'][0,-1]",
        "$.Statement[*]['Principal','NotPrincipal'].*[*]",
        "$.Statement[*][*,'Effect']",
        "$.Statement[?@.Effect == 'Allow']",
        "$.Statement[?@.Effect != 'Allow']",
        "$.Statement[?'Allow' == @.Effect]",
        "$.Statement[?'Deny' != @.Effect]",
        "$.Statement[*].Action[?@ != 's3:GetObject']",
        "$.Statement[*].Action[?@ == 's3:GetObject' || @ == '*']",
        "$.Statement[*].Action[?(@ == 'a' || @ == '*') || @ == 'iam:PassRole']",
        "$.Statement[*].*[?@ == '*' || @ == 'Allow']",
        "$.Statement[*].Condition.*.*[?@ == 'true' || @ == 'false']",
        "$[?@ == 'trust' || @ == 'permission']",
        "$.Statement[?@.Action == '*']",
        "$.Statement[?@.Action[0] != '*']",
        "$.Statement[?$.Version == '2012-10-17']",
        "$.Statement[?@.Sid == '1']",
        "$.Statement[?!@.Principal]",
        "$.Statement[?@.Principal && !@.Condition]",
        "$.Statement[?@.Action[?@ == '*']]",
        "$.Statement[?@.Action[?@ == '*' || @ == 's3:*']].Action[*]",
        "$.Statement[?(@.Effect == 'Deny' || @.Sid)]",
        "$.Statement[?!(@.Effect == 'Allow')]",
        "$.Statement[?@.Sid < 'M']",
        "$.Statement[?@.Sid >= 'A']",
        "$.Statement[?@.Sid > 1]",
        "$.Statement[?@.Sid <= @.Effect]",
        "$.Statement[?@.Nope == @.Nada]",
        "$.Statement[?@.Nope != 'x']",
        "$.Statement[?@.Nope < @.Nada]",
        "$.Statement[?@.Action[0] == 'sts:AssumeRole']",
        "$.Statement[?@.Action[-1] == $.Statement[0].Action[0]]",
        "$.Statement[?$.kind == 'trust'].Principal.*[*]",
        "$.Statement[?$.Version]",
        "$.Statement[?$.Statement[1]].Effect",
        "$.Statement[*].Condition[?@['aws:sourceaccount']]",
        "$.Statement[*].Condition.*[?@[0] == 'true']",
        "$.Statement[*].Narrows[?@ == 'aws:sourceaccount']",
        "$.Statement[?@.Narrows[0]]",
        "$.Statement[*].Action[?@ == 1]",
        "$.Statement[?@.x == null]",
        "$.Statement[?@.Effect == true]",
        "$.Statement[?@.Action.length == 2]",
        "$.Statement[?@]",
        "$.Statement[?@.*]",
        "$.Statement[?@.Condition.*.*]",
        // Not planned: jsonpath-rust runs them.
        "$..Action",
        "$.Statement[0:2]",
        "$.Statement[?length(@.Action) > 1]",
        "$.Statement[*].Principal[?@[?@ == '*']]",
    ];

    fn queries() -> Vec<String> {
        let mut qs: Vec<String> = MORE.iter().map(|s| s.to_string()).collect();
        let mut specs = Vec::new();
        for rule in crate::rules::Registry::builtin().rules() {
            specs.extend(rule.declarative().iter().map(|c| &c.spec));
        }
        let pack: Vec<crate::rules::RuleMeta> = ["ACME001", "ACME002"]
            .iter()
            .map(|c| {
                let text = std::fs::read_to_string(format!("examples/rule-pack/{c}.toml")).expect("pack rule");
                toml::from_str(&text).expect("pack rule parses")
            })
            .collect();
        let pack_specs: Vec<_> = pack
            .into_iter()
            .flat_map(|m| m.check.map(|c| c.into_vec()).unwrap_or_default())
            .collect();
        specs.extend(pack_specs.iter());
        for s in specs {
            qs.push(s.select.clone());
            qs.extend(s.unless.iter().cloned());
            qs.extend(s.when.iter().map(|w| w.path.clone()));
            qs.extend(s.secondary.iter().map(|w| w.path.clone()));
        }
        qs
    }

    fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                json_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }

    fn view<'a>(s: &Selection<'a>) -> Vec<(*const Node<'a>, Vec<Step<'a>>)> {
        s.hits
            .iter()
            .map(|&(v, id)| (v as *const Node<'a>, s.path(id)))
            .collect()
    }

    /// Every query on every normalised policy under `dirs` (and on each of
    /// its statements, as `unless`/`when` run): the same nodes, paths and
    /// order as jsonpath-rust.
    fn compare(dirs: &[&str]) -> usize {
        let queries: Vec<(String, Query)> = queries()
            .into_iter()
            .map(|q| {
                let c = Query::new(&q).unwrap_or_else(|e| panic!("{e}"));
                (q, c)
            })
            .collect();
        let mut files = Vec::new();
        for d in dirs {
            json_files(Path::new(d), &mut files);
        }
        let mut compared = 0;
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else { continue };
            let Ok(doc) = crate::json::parse(&text, crate::json::test_arena()) else {
                continue;
            };
            let Some(policy) = Policy::from_document(&doc) else {
                continue;
            };
            let arena = bumpalo::Bump::new();
            let norm = Normalised::of(&policy, &arena);
            let roots = std::iter::once(norm.value).chain(norm.statements());
            for (r, root) in roots.enumerate() {
                for (text, q) in &queries {
                    let ours = q.nodes(root);
                    let theirs = q.nodes_by_jsonpath_rust(root);
                    assert_eq!(view(&ours), view(&theirs), "{text} on {}", f.display());
                    if r == 0 {
                        // Statement by statement, a gate that lets every
                        // other statement through: the hits of those, each
                        // statement's in jsonpath-rust's order.
                        let mut asked = Vec::new();
                        let gated = q.nodes_gated(root, &|_| true, &mut |i, _| {
                            asked.push(i);
                            i % 2 == 1
                        });
                        let statement = |p: &[Step<'_>]| match p {
                            [Step::Key(k), Step::Index(i), ..] if k == "Statement" => Some(*i),
                            _ => None,
                        };
                        let mut want = view(&theirs);
                        if q.plan.as_ref().is_some_and(|p| p.len() >= 2) && !asked.is_empty() {
                            want.retain(|(_, p)| statement(p).is_some_and(|i| i % 2 == 1));
                            want.sort_by_key(|(_, p)| statement(p));
                        }
                        assert_eq!(view(&gated), want, "gated {text} on {}", f.display());
                    }
                    assert_eq!(
                        q.any(root, &|_| true),
                        !theirs.hits.is_empty(),
                        "{text} on {}",
                        f.display()
                    );
                    compared += 1;
                }
            }
        }
        compared
    }

    #[test]
    fn the_plan_selects_what_jsonpath_rust_selects() {
        assert!(compare(&["tests/fixtures", "examples"]) > 100_000);
    }

    /// The same over the corpus of real policies (1,673 files).
    #[test]
    fn the_plan_selects_what_jsonpath_rust_selects_on_the_corpus() {
        assert!(compare(&["../shared/corpus"]) > 100_000);
    }

    #[test]
    fn the_rules_queries_are_planned() {
        for rule in crate::rules::Registry::builtin().rules() {
            for c in rule.declarative() {
                let s = &c.spec;
                let paths = std::iter::once(&s.select)
                    .chain(&s.unless)
                    .chain(s.when.iter().map(|w| &w.path))
                    .chain(s.secondary.iter().map(|w| &w.path));
                for p in paths {
                    assert!(Query::new(p).expect("valid").is_planned(), "{}: {p}", rule.code());
                }
            }
        }
        for q in ["$..Action", "$.Statement[0:2]", "$.Statement[?length(@.Action) > 1]"] {
            assert!(!Query::new(q).expect("valid").is_planned(), "{q}");
        }
    }
}
