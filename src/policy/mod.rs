//! The normalised policy model: `Statement` object-or-array, string-or-array
//! values and the condition block all read into one shape, spans kept on every
//! piece. Rules read this model, never the raw tree, except for grammar checks.
//!
//! The model is lenient where a rule is strict: a mis-cased element (`"effect"`)
//! is read as the element it was meant to be, so TL005 reports the casing once
//! and the other rules still see the statement as AWS users meant it. Values of
//! the wrong JSON type are left out here; TL009 reports them.

pub mod arn;
pub mod condition;
pub mod date;
pub mod ip;
pub mod wildcard;
pub mod window;

pub use arn::{Arn, AwsPrincipal};
pub use condition::{Condition, ConditionBlock, ConditionEntry, Operator, OperatorBase, SetQualifier};

use crate::catalog::{Expansion, catalog, no_case_hash};
use crate::json::{Kind, Member, Span, Value};
use crate::suggest;

/// What a document is, which decides which rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyKind {
    /// A role's trust policy (`AssumeRolePolicyDocument`): Principal + `sts:AssumeRole*`.
    Trust,
    /// A resource-based policy: Principal with other actions (bucket, key, queue policies).
    Resource,
    /// An identity (permission) policy: no Principal.
    Identity,
}

impl PolicyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Trust => "trust",
            PolicyKind::Resource => "resource",
            PolicyKind::Identity => "identity",
        }
    }
}

/// A string with the span of its JSON token (quotes included).
#[derive(Clone, Copy, Debug)]
pub struct Text<'a> {
    pub value: &'a str,
    pub span: Span,
}

/// An element whose value is a string or an array of strings
/// (`Action`/`NotAction`, `Resource`/`NotResource`).
#[derive(Debug)]
pub struct ListElement<'a> {
    /// `NotAction` / `NotResource`.
    pub negated: bool,
    pub member: &'a Member<'a>,
    /// The string items; items of other types are left out (TL009).
    pub items: Vec<Text<'a>>,
}

impl ListElement<'_> {
    pub fn key_span(&self) -> Span {
        self.member.key_span
    }
}

#[derive(Debug)]
pub struct PrincipalElement<'a> {
    /// `NotPrincipal`.
    pub negated: bool,
    pub member: &'a Member<'a>,
    pub value: PrincipalValue<'a>,
}

#[derive(Debug)]
pub enum PrincipalValue<'a> {
    /// `"Principal": "*"`: anyone.
    Any(Text<'a>),
    /// `{"AWS": ..., "Service": ..., "Federated": ..., "CanonicalUser": ...}`.
    Map(Vec<PrincipalEntry<'a>>),
    /// A string other than `"*"`, or another JSON type (TL008/TL009 report it).
    Invalid,
}

#[derive(Debug)]
pub struct PrincipalEntry<'a> {
    /// The principal type as written (`AWS`, `Service`, ...), with its span.
    pub kind_key: Text<'a>,
    pub kind: PrincipalType,
    pub values: Vec<Text<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalType {
    Aws,
    Service,
    Federated,
    CanonicalUser,
    Unknown,
}

impl PrincipalType {
    pub const NAMES: [&'static str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

    /// The type's name as AWS spells it (`None` for an unknown type).
    pub fn name(self) -> Option<&'static str> {
        match self {
            PrincipalType::Aws => Some("AWS"),
            PrincipalType::Service => Some("Service"),
            PrincipalType::Federated => Some("Federated"),
            PrincipalType::CanonicalUser => Some("CanonicalUser"),
            PrincipalType::Unknown => None,
        }
    }

    /// Principal type keys are matched case-insensitively here so a mis-cased
    /// `"aws"` is still understood; TL008 reports the casing.
    pub fn from_key(key: &str) -> PrincipalType {
        if key.eq_ignore_ascii_case("AWS") {
            PrincipalType::Aws
        } else if key.eq_ignore_ascii_case("Service") {
            PrincipalType::Service
        } else if key.eq_ignore_ascii_case("Federated") {
            PrincipalType::Federated
        } else if key.eq_ignore_ascii_case("CanonicalUser") {
            PrincipalType::CanonicalUser
        } else {
            PrincipalType::Unknown
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
    /// Missing, mis-spelt or of the wrong type (TL004).
    Invalid,
}

#[derive(Debug)]
pub struct Statement<'a> {
    /// The statement object.
    pub node: &'a Value<'a>,
    /// Position in the `Statement` array (0 when it is a single object).
    pub index: usize,
    pub sid: Option<Text<'a>>,
    pub effect: Effect,
    pub effect_member: Option<&'a Member<'a>>,
    pub principal: Option<PrincipalElement<'a>>,
    pub action: Option<ListElement<'a>>,
    pub resource: Option<ListElement<'a>>,
    pub condition: Option<Condition<'a>>,
    /// The member standing for each of [`STATEMENT_ELEMENTS`], as
    /// [`element`] finds it (see [`Statement::element`]).
    elements: [Option<&'a Member<'a>>; 9],
    /// The action items by service prefix, built on first use for long lists
    /// (see [`Statement::action_covering`]).
    action_index: std::cell::OnceCell<ActionIndex<'a>>,
    /// What each action item names in the catalogue, worked out on first use
    /// (see [`Statement::expansions`]).
    expansions: std::cell::OnceCell<Vec<Option<Expansion>>>,
    /// See [`Statement::item_keys`].
    item_keys: std::cell::OnceCell<Vec<ItemKey>>,
}

/// An action item's [`no_case_hash`] and whether it has a wildcard.
#[derive(Clone, Copy, Debug)]
pub struct ItemKey {
    pub hash: u64,
    pub wildcard: bool,
}

/// Positions of a statement's action items, by lower-case service prefix;
/// items whose prefix is a wildcard (`*`, `s3*:Get*`) or missing are in
/// `other`. Rules ask "does this statement allow iam:PassRole?" dozens of
/// times per statement, and AWS managed policies list a thousand actions.
#[derive(Debug, Default)]
struct ActionIndex<'a> {
    /// Keys borrow the policy's text unless it had upper-case letters.
    by_service: foldhash::HashMap<std::borrow::Cow<'a, str>, Vec<u32>>,
    other: Vec<u32>,
}

/// Below this many items a plain scan is as fast as the index.
const INDEX_FROM: usize = 16;

impl<'a> ActionIndex<'a> {
    fn of(items: &[Text<'a>]) -> ActionIndex<'a> {
        let mut index = ActionIndex::default();
        for (i, a) in items.iter().enumerate() {
            match literal_service(a.value) {
                Some(svc) => index.by_service.entry(ascii_lower(svc)).or_default().push(i as u32),
                None => index.other.push(i as u32),
            }
        }
        index
    }
}

/// `s` in ASCII lower case, borrowed when it already is.
pub(crate) fn ascii_lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The one service an action item names (`s3` of `s3:Get*`); `None` when it
/// could name any (`*`, `*:Get*`, `s3*:Get*`) or has no prefix.
pub fn literal_service(item: &str) -> Option<&str> {
    // One pass up to the colon: prefixes are a few bytes, and this runs for
    // every action item of every statement, for several rules.
    for (i, &b) in item.as_bytes().iter().enumerate() {
        match b {
            b':' => return Some(&item[..i]),
            b'*' | b'?' => return None,
            _ => {}
        }
    }
    None
}

/// `service:rest` split at the first colon. A byte scan: these strings are
/// short, split for every action of every statement, and `split_once`
/// sets up a searcher each time.
pub fn split_colon(s: &str) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == b':')?;
    Some((&s[..i], &s[i + 1..]))
}

/// The services of a rule's fixed list of actions, a bit each, to ask many
/// statements about those actions cheaply: one pass over a statement's
/// prefixes tells which of the services it may name, and an action of a
/// service it does not name needs no matching against its items. Most
/// statements name none of a rule's services.
#[derive(Debug, Default)]
pub struct ServiceBits {
    /// Lower-case service prefixes; at most 64.
    services: Vec<String>,
}

impl ServiceBits {
    /// The bit of `action`'s service, adding the service if it is new.
    ///
    /// # Panics
    /// Past 64 services: the lists are trustlint's data, checked by tests.
    pub fn add(&mut self, action: &str) -> u64 {
        let svc = split_colon(action).map_or(action, |(s, _)| s).to_ascii_lowercase();
        let bit = match self.services.iter().position(|s| *s == svc) {
            Some(bit) => bit,
            None => {
                assert!(self.services.len() < 64, "a bit per service");
                self.services.push(svc);
                self.services.len() - 1
            }
        };
        1 << bit
    }

    /// Which of the services the statements' actions may name; every bit
    /// when one could name any service: a `NotAction`, or an item whose
    /// service is a wildcard (`*`, `*:Get*`) or missing. A long list is
    /// read through its index by service, which the lookups that follow
    /// use anyway.
    pub fn named_by(&self, statements: &[&Statement<'_>]) -> u64 {
        let mut named = 0u64;
        for s in statements {
            let Some(list) = &s.action else { continue };
            if list.negated {
                return u64::MAX;
            }
            if list.items.len() >= INDEX_FROM {
                let index = s.actions_by_service();
                if !index.other.is_empty() {
                    return u64::MAX;
                }
                for (bit, svc) in self.services.iter().enumerate() {
                    if index.by_service.contains_key(svc.as_str()) {
                        named |= 1 << bit;
                    }
                }
                continue;
            }
            for a in &list.items {
                let Some(svc) = literal_service(a.value) else {
                    return u64::MAX;
                };
                if let Some(bit) = self.services.iter().position(|s| s.eq_ignore_ascii_case(svc)) {
                    named |= 1 << bit;
                }
            }
        }
        named
    }
}

impl<'a> Statement<'a> {
    pub fn is_allow(&self) -> bool {
        self.effect == Effect::Allow
    }

    /// The statement's members, in document order.
    pub fn members(&self) -> &'a [Member<'a>] {
        self.node.as_object().unwrap_or(&[])
    }

    /// [`crate::catalog::Catalog::expand`] of each item of the `Action` or
    /// `NotAction` list, in the same order: looked up once for the rules
    /// that judge actions against the catalogue (TL018, TL020, TL203), which
    /// each looked up every item of every statement.
    pub fn expansions(&self) -> &[Option<Expansion>] {
        self.expansions.get_or_init(|| {
            // Shared by the rules that read it: timed apart from the first to ask.
            crate::timing::time("expand actions (IAM catalogue)", || {
                let items = self.action.as_ref().map_or(&[][..], |a| &a.items);
                let keyed = items.iter().zip(self.item_keys());
                catalog().expand_all(keyed.map(|(a, k)| (a.value, (!k.wildcard).then_some(k.hash))))
            })
        })
    }

    /// Each item of the `Action` or `NotAction` list hashed (ignoring
    /// case) and scanned for wildcards once, for the catalogue lookups and
    /// TL209, which each did both for every item.
    pub fn item_keys(&self) -> &[ItemKey] {
        self.item_keys.get_or_init(|| {
            let items = self.action.as_ref().map_or(&[][..], |a| &a.items);
            items
                .iter()
                .map(|a| ItemKey {
                    hash: no_case_hash(a.value),
                    wildcard: wildcard::has_wildcard(a.value),
                })
                .collect()
        })
    }

    /// The allowed/denied action strings (empty for `NotAction`).
    pub fn actions(&self) -> &[Text<'a>] {
        match &self.action {
            Some(a) if !a.negated => &a.items,
            _ => &[],
        }
    }

    /// All principal values of the given type (empty for `NotPrincipal`).
    pub fn principals(&self, kind: PrincipalType) -> impl Iterator<Item = &Text<'a>> {
        let entries: &[PrincipalEntry<'a>] = match &self.principal {
            Some(PrincipalElement {
                negated: false,
                value: PrincipalValue::Map(m),
                ..
            }) => m,
            _ => &[],
        };
        entries
            .iter()
            .filter(move |e| e.kind == kind)
            .flat_map(|e| e.values.iter())
    }

    /// The token that makes this statement cover `action` (an exact name or a
    /// matching wildcard, case-insensitive; for `NotAction`, its key when the
    /// action is not excluded). `None` if the statement does not cover it.
    pub fn action_covering(&self, action: &str) -> Option<Span> {
        let list = self.action.as_ref()?;
        match (list.negated, self.item_matching(action)) {
            (false, Some(i)) => Some(list.items[i].span),
            (true, None) => Some(list.key_span()),
            _ => None,
        }
    }

    /// The items of the `Action`/`NotAction` list by service, indexed on
    /// first use.
    fn actions_by_service(&self) -> &ActionIndex<'a> {
        self.action_index
            .get_or_init(|| ActionIndex::of(self.action.as_ref().map_or(&[], |l| &l.items)))
    }

    /// The first item of the `Action` or `NotAction` list (whichever it
    /// has) that matches `action` (an exact name or a matching wildcard,
    /// case-insensitive), by its position in the list.
    pub fn item_matching(&self, action: &str) -> Option<usize> {
        let list = self.action.as_ref()?;
        // An item without a wildcard matches only the same name, ignoring
        // case, which has the same hash: most items are told apart by a
        // compare of hashes (a service's items share their first bytes).
        let keys = self.item_keys();
        let h = no_case_hash(action);
        let matching = |i: usize| match (list.items.get(i), keys.get(i)) {
            (Some(item), Some(k)) if !k.wildcard => k.hash == h && item.value.eq_ignore_ascii_case(action),
            (Some(item), _) => wildcard::matches(item.value, action, true),
            _ => false,
        };
        let service = || literal_service(action).filter(|svc| svc.len() <= 64);
        match (list.items.len() >= INDEX_FROM).then(service).flatten() {
            Some(svc) => {
                let index = self.actions_by_service();
                let mut buf = [0u8; 64];
                buf[..svc.len()].copy_from_slice(svc.as_bytes());
                buf[..svc.len()].make_ascii_lowercase();
                let lower = std::str::from_utf8(&buf[..svc.len()]).unwrap_or(svc);
                // The first matching item in document order: the first of
                // the service's own items and of the wildcard-prefixed ones.
                let first = |ids: &[u32]| ids.iter().copied().find(|&i| matching(i as usize));
                let own = index.by_service.get(lower).and_then(|ids| first(ids));
                let other = first(&index.other);
                own.into_iter().chain(other).min().map(|i| i as usize)
            }
            _ => (0..list.items.len()).find(|&i| matching(i)),
        }
    }

    /// The `*` action token of an unconditional Allow of every action on
    /// every resource (AdministratorAccess); TL201's finding, which the other
    /// wildcard rules leave to it.
    pub fn full_admin(&self) -> Option<Span> {
        let unconditional = self.condition.as_ref().is_none_or(|c| c.blocks.is_empty());
        let resources = self.resource.as_ref().filter(|r| !r.negated)?;
        if !self.is_allow() || !unconditional || !resources.items.iter().any(|r| r.value == "*") {
            return None;
        }
        self.actions()
            .iter()
            .find(|a| a.value == "*" || a.value == "*:*")
            .map(|a| a.span)
    }

    /// The `"*"` of a `Resource` list (not `NotResource`), if it has one.
    pub fn star_resource(&self) -> Option<&Text<'a>> {
        let list = self.resource.as_ref().filter(|r| !r.negated)?;
        list.items.iter().find(|i| i.value == "*")
    }

    /// Whether the statement applies to broad resources: a `NotResource`, or
    /// a `Resource` with an item [`is_broad_resource`] accepts.
    pub fn on_broad_resources(&self) -> bool {
        self.resource
            .as_ref()
            .is_some_and(|r| r.negated || r.items.iter().any(|i| is_broad_resource(i.value)))
    }

    /// An Allow that covers `action`: the token that allows it.
    pub fn allows(&self, action: &str) -> Option<Span> {
        if self.is_allow() {
            self.action_covering(action)
        } else {
            None
        }
    }

    /// `AWS` principal values with what they name.
    pub fn aws_principals(&self) -> impl Iterator<Item = (&Text<'a>, AwsPrincipal<'a>)> {
        let any = match &self.principal {
            Some(PrincipalElement {
                negated: false,
                value: PrincipalValue::Any(t),
                ..
            }) => Some((t, AwsPrincipal::Anyone)),
            _ => None,
        };
        any.into_iter().chain(
            self.principals(PrincipalType::Aws)
                .map(|t| (t, AwsPrincipal::classify(t.value))),
        )
    }

    /// Does the statement's condition pin `key` down? See [`Condition::narrows`].
    pub fn narrows(&self, key: &str) -> bool {
        self.condition.as_ref().is_some_and(|c| c.narrows(key))
    }

    /// The values a narrowing condition allows for `key` (empty if none narrows it).
    pub fn narrowed_values(&self, key: &str) -> Vec<Text<'a>> {
        let Some(c) = &self.condition else { return Vec::new() };
        c.entries_for(key)
            .filter(|(b, e)| condition::narrowing(b, e))
            .flat_map(|(_, e)| e.values.iter().copied())
            .collect()
    }

    /// Does an `aws:PrincipalArn` condition admit only roles (and role
    /// sessions), so that no person can be the caller?
    pub fn caller_is_role(&self) -> bool {
        let arns = self.narrowed_values("aws:PrincipalArn");
        !arns.is_empty()
            && arns.iter().all(|a| {
                matches!(
                    AwsPrincipal::classify(a.value),
                    AwsPrincipal::Role { .. } | AwsPrincipal::Session { .. }
                )
            })
    }

    pub fn has_condition_key(&self, key: &str) -> bool {
        self.condition.as_ref().is_some_and(|c| c.has_key(key))
    }

    pub fn requires_mfa(&self) -> bool {
        self.condition.as_ref().is_some_and(Condition::requires_mfa)
    }

    /// A span to point at when the finding is about the statement as a whole:
    /// its `Sid` if it has one, else its opening brace.
    pub fn anchor(&self) -> Span {
        match self.sid {
            Some(sid) => sid.span,
            None => Span {
                start: self.node.span.start,
                end: self.node.span.start + 1,
            },
        }
    }

    /// The statement for messages: `statement "Sid"` or `statement 2`.
    pub fn describe(&self) -> String {
        match self.sid {
            Some(sid) if !sid.value.is_empty() => format!("statement \"{}\"", sid.value),
            _ => format!("statement {}", self.index + 1),
        }
    }
}

#[derive(Debug)]
pub struct Policy<'a> {
    pub root: &'a Value<'a>,
    pub version: Option<&'a Member<'a>>,
    pub statement_member: Option<&'a Member<'a>>,
    pub statements: Vec<Statement<'a>>,
    pub kind: PolicyKind,
}

/// Elements of a policy document's top level.
pub const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
/// Elements of a statement.
pub const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Is `k` one of [`POLICY_ELEMENTS`] or [`STATEMENT_ELEMENTS`]? A `match`:
/// asked of every key of every statement several times (inlined there).
#[inline(always)]
fn is_element_name(k: &str) -> bool {
    matches!(
        k,
        "Version"
            | "Id"
            | "Statement"
            | "Sid"
            | "Effect"
            | "Principal"
            | "NotPrincipal"
            | "Action"
            | "NotAction"
            | "Resource"
            | "NotResource"
            | "Condition"
    )
}

/// The member that stands for element `name`: the last with exactly that key
/// (most JSON parsers, Jackson included, keep the last of duplicate keys;
/// TL002 reports them), else one differing only in case, else an unknown key
/// whose nearest element is `name` (`Actions`). TL005 reports the last two.
pub fn element<'a>(members: &'a [Member<'a>], name: &str) -> Option<&'a Member<'a>> {
    if let Some(m) = members
        .iter()
        .rev()
        .find(|m| crate::swar::same_bytes(m.key.as_bytes(), name.as_bytes()))
    {
        return Some(m);
    }
    // The usual absent element (`Condition`, `NotAction`) among keys that
    // are all element names, each spelt right: no other can stand for it
    // (no two names differ only in case), so the searches below are spared.
    if members.iter().all(|m| is_element_name(m.key)) {
        return None;
    }
    members
        .iter()
        .rev()
        .find(|m| m.key.eq_ignore_ascii_case(name))
        .or_else(|| {
            let candidates = POLICY_ELEMENTS.iter().chain(STATEMENT_ELEMENTS.iter()).copied();
            members
                .iter()
                .rev()
                .find(|m| !is_element_name(m.key) && suggest::did_you_mean(m.key, candidates.clone()) == Some(name))
        })
}

/// Is this document a policy at all (a top-level object with a `Statement` key)?
/// Case is ignored so that a mis-cased `"statement"` is linted, not skipped.
pub fn is_policy(doc: &Value<'_>) -> bool {
    doc.as_object()
        .is_some_and(|m| m.iter().any(|m| m.key.eq_ignore_ascii_case("Statement")))
}

impl<'a> Policy<'a> {
    /// Read a policy document; `None` if it is not one (see [`is_policy`]).
    pub fn from_document(root: &'a Value<'a>) -> Option<Policy<'a>> {
        let members = root.as_object()?;
        let statement_member = element(members, "Statement")?;
        let version = element(members, "Version");
        let mut statements = Vec::new();
        match &statement_member.value.kind {
            Kind::Object(_) => statements.extend(Statement::read(&statement_member.value, 0)),
            Kind::Array(items) => {
                statements.reserve_exact(items.len());
                for (i, item) in items.iter().enumerate() {
                    statements.extend(Statement::read(item, i));
                }
            }
            _ => {}
        }
        let kind = classify(&statements);
        Some(Policy {
            root,
            version,
            statement_member: Some(statement_member),
            statements,
            kind,
        })
    }

    pub fn members(&self) -> &'a [Member<'a>] {
        self.root.as_object().unwrap_or(&[])
    }
}

/// Trust: some statement names a principal and an `sts:` trust action, or
/// no statement has a Resource and every action is `*` or an `sts:` one — a
/// trust policy with a wildcard or misspelt action is still a trust policy.
/// Resource: a principal with other actions. Identity: no principal.
fn classify(statements: &[Statement<'_>]) -> PolicyKind {
    let with_principal = || statements.iter().filter(|s| s.principal.is_some());
    if with_principal().next().is_none() {
        return PolicyKind::Identity;
    }
    let trust_action = with_principal().any(|s| s.actions().iter().any(|a| is_trust_action(a.value)));
    let no_resource = statements.iter().all(|s| s.resource.is_none());
    let sts_only = with_principal()
        .flat_map(|s| s.actions())
        .all(|a| a.value == "*" || a.value.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sts:")));
    if trust_action || (no_resource && sts_only) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    }
}

/// A resource that covers everything of its kind: `*`, a resource part made
/// of wildcards only (`arn:aws:s3:::*`), or every resource of a type
/// (`arn:aws:iam::123456789012:role/*`, `arn:aws:lambda:*:*:function:*`). An
/// S3 object pattern of one bucket (`arn:aws:s3:::reports/*`) is not broad.
pub fn is_broad_resource(resource: &str) -> bool {
    if wildcard::is_wildcard_only(resource) {
        return true;
    }
    let Some(arn) = Arn::parse(resource) else { return false };
    if wildcard::is_wildcard_only(arn.resource) {
        return true;
    }
    // Byte scans for the separators: this runs for every resource of every
    // statement, for several rules.
    let r = arn.resource.as_bytes();
    if arn.service.eq_ignore_ascii_case("s3") {
        // S3 ARNs have no type: `bucket/key`. Broad only when the bucket is any.
        let bucket = r
            .iter()
            .position(|&b| b == b'/')
            .map_or(arn.resource, |i| &arn.resource[..i]);
        return wildcard::is_wildcard_only(bucket);
    }
    r.iter()
        .position(|&b| b == b'/' || b == b':')
        .is_some_and(|i| wildcard::is_wildcard_only(&arn.resource[i + 1..]))
}

/// The actions that only make sense in a trust policy.
pub const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

pub fn is_trust_action(action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    lower.starts_with("sts:assumerole") || TRUST_ACTIONS.iter().any(|t| t.eq_ignore_ascii_case(action))
}

impl<'a> Statement<'a> {
    fn read(node: &'a Value<'a>, index: usize) -> Option<Statement<'a>> {
        let members = node.as_object()?;
        let elements = statement_elements(members);
        let at = |e: El| elements[e as usize];
        let sid = at(El::Sid).and_then(|m| text(&m.value));
        let effect_member = at(El::Effect);
        let effect = match effect_member.and_then(|m| m.value.as_str()) {
            Some("Allow") => Effect::Allow,
            Some("Deny") => Effect::Deny,
            _ => Effect::Invalid,
        };
        // The positive element wins if both are there; TL006 reports both.
        let pick = |name: El, negated: El| at(name).map(|m| (m, false)).or_else(|| at(negated).map(|m| (m, true)));
        let principal = pick(El::Principal, El::NotPrincipal).map(|(m, negated)| PrincipalElement {
            negated,
            member: m,
            value: PrincipalValue::read(&m.value),
        });
        let action = pick(El::Action, El::NotAction).map(|(m, negated)| ListElement {
            negated,
            member: m,
            items: strings(&m.value),
        });
        let resource = pick(El::Resource, El::NotResource).map(|(m, negated)| ListElement {
            negated,
            member: m,
            items: strings(&m.value),
        });
        let condition = at(El::Condition).map(Condition::read);
        Some(Statement {
            node,
            index,
            sid,
            effect,
            effect_member,
            principal,
            action,
            resource,
            condition,
            elements,
            action_index: std::cell::OnceCell::new(),
            expansions: std::cell::OnceCell::new(),
            item_keys: std::cell::OnceCell::new(),
        })
    }

    /// The member standing for element `e`: [`element`] of the statement's
    /// members, worked out once when the statement was read.
    pub fn element(&self, e: El) -> Option<&'a Member<'a>> {
        self.elements[e as usize]
    }
}

/// A statement element: its index in [`STATEMENT_ELEMENTS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum El {
    Sid,
    Effect,
    Principal,
    NotPrincipal,
    Action,
    NotAction,
    Resource,
    NotResource,
    Condition,
}

/// [`element`] of each of [`STATEMENT_ELEMENTS`], in one pass over the
/// members when every key is an element name spelt right (a statement is
/// read by a dozen such lookups).
fn statement_elements<'a>(members: &'a [Member<'a>]) -> [Option<&'a Member<'a>>; 9] {
    let mut found = [None; 9];
    let mut all_named = true;
    for m in members {
        let slot = match m.key {
            "Sid" => El::Sid,
            "Effect" => El::Effect,
            "Principal" => El::Principal,
            "NotPrincipal" => El::NotPrincipal,
            "Action" => El::Action,
            "NotAction" => El::NotAction,
            "Resource" => El::Resource,
            "NotResource" => El::NotResource,
            "Condition" => El::Condition,
            other => {
                all_named &= is_element_name(other);
                continue;
            }
        };
        // The last of duplicate keys, as `element` takes.
        found[slot as usize] = Some(m);
    }
    if !all_named {
        // A mis-cased or misspelt key may stand for an absent element.
        for (slot, name) in found.iter_mut().zip(STATEMENT_ELEMENTS) {
            if slot.is_none() {
                *slot = element(members, name);
            }
        }
    }
    found
}

impl<'a> PrincipalValue<'a> {
    fn read(value: &'a Value<'a>) -> PrincipalValue<'a> {
        match &value.kind {
            Kind::String(s) if *s == "*" => PrincipalValue::Any(Text {
                value: s,
                span: value.span,
            }),
            Kind::Object(members) => PrincipalValue::Map(
                members
                    .iter()
                    .map(|m| PrincipalEntry {
                        kind_key: Text {
                            value: m.key,
                            span: m.key_span,
                        },
                        kind: PrincipalType::from_key(m.key),
                        values: strings(&m.value),
                    })
                    .collect(),
            ),
            _ => PrincipalValue::Invalid,
        }
    }
}

pub fn text<'a>(value: &'a Value<'a>) -> Option<Text<'a>> {
    value.as_str().map(|s| Text {
        value: s,
        span: value.span,
    })
}

/// A string, or the strings of an array; other types are left out.
pub fn strings<'a>(value: &'a Value<'a>) -> Vec<Text<'a>> {
    match &value.kind {
        Kind::String(_) => text(value).into_iter().collect(),
        Kind::Array(items) => {
            // Sized up front (items are strings but for a mistake): grown
            // by doubling, a thousand-action list was copied ten times.
            let mut out = Vec::with_capacity(items.len());
            out.extend(items.iter().filter_map(text));
            out
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `match` names exactly the two lists' elements.
    #[test]
    fn element_names_are_the_lists() {
        let listed: Vec<&str> = POLICY_ELEMENTS
            .iter()
            .chain(STATEMENT_ELEMENTS.iter())
            .copied()
            .collect();
        for k in &listed {
            assert!(is_element_name(k), "{k}");
            assert!(
                !is_element_name(&k.to_lowercase()) && !is_element_name(&format!("{k}s")),
                "{k}"
            );
        }
        assert!(!is_element_name("") && !is_element_name("Actions") && !is_element_name("Effect "));
        assert_eq!(listed.len(), 12);
    }

    /// Broad: wildcards only, as the resource or after the type; an S3
    /// bucket of wildcards. Not broad: one bucket's objects, one named
    /// resource, a non-ARN.
    #[test]
    fn broad_resources() {
        for r in [
            "*",
            "**",
            "arn:aws:s3:::*",
            "arn:aws:s3:::*/key",
            "arn:aws:iam::123456789012:role/*",
            "arn:aws:lambda:*:*:function:*",
            "arn:aws:ec2:*:*:*",
            "arn:aws:logs:us-east-1:1:log-group:*",
        ] {
            assert!(is_broad_resource(r), "{r}");
        }
        for r in [
            "arn:aws:s3:::reports/*",
            "arn:aws:s3:::reports",
            "arn:aws:iam::123456789012:role/app",
            "arn:aws:iam::123456789012:role/app*",
            "arn:aws:sqs:us-east-1:1:queue",
            "bucket",
            "arn:aws:s3",
        ] {
            assert!(!is_broad_resource(r), "{r}");
        }
    }

    /// The one-pass scan is the prefix before the first colon, when it has
    /// no wildcard.
    #[test]
    fn literal_service_is_a_wildcard_free_prefix() {
        fn spec(s: &str) -> Option<&str> {
            split_colon(s)
                .map(|(svc, _)| svc)
                .filter(|svc| !wildcard::has_wildcard(svc))
        }
        for s in [
            "s3:Get*",
            "*",
            "*:Get",
            "s3*:Get",
            "s?:x",
            "iam",
            "",
            ":",
            "a:b:c",
            "s3:*?",
            "ec2-instance-connect:Send",
            "x:y*",
        ] {
            assert_eq!(literal_service(s), spec(s), "{s}");
        }
    }

    /// The one-pass table is `element` of each name, whatever the keys:
    /// every pair of keys from the names, their mis-cased and misspelt
    /// forms, other top-level names and strangers, in both orders and twice.
    #[test]
    fn statement_elements_are_element_of_each_name() {
        let mut keys: Vec<String> = STATEMENT_ELEMENTS.iter().map(|k| (*k).to_string()).collect();
        keys.extend(["action", "Actions", "NOTRESOURCE", "Conditon", "Version", "Foo", ""].map(String::from));
        let mut cases = Vec::new();
        for a in &keys {
            cases.push(vec![a.clone()]);
            for b in &keys {
                cases.push(vec![a.clone(), b.clone()]);
                cases.push(vec![a.clone(), b.clone(), a.clone()]);
            }
        }
        cases.push(STATEMENT_ELEMENTS.iter().map(|k| (*k).to_string()).collect());
        for case in cases {
            let body: Vec<String> = case.iter().enumerate().map(|(i, k)| format!("{k:?}: {i}")).collect();
            let src = format!("{{{}}}", body.join(", "));
            let doc = parse(&src, crate::json::test_arena()).expect("test input parses");
            let members = doc.as_object().expect("an object");
            let table = statement_elements(members);
            for (i, name) in STATEMENT_ELEMENTS.iter().enumerate() {
                let want = element(members, name).map(std::ptr::from_ref);
                assert_eq!(table[i].map(std::ptr::from_ref), want, "{name} in {src}");
            }
        }
    }

    #[test]
    fn service_bits_name_what_a_statement_may_cover() {
        let mut bits = ServiceBits::default();
        let (iam, sts, s3) = (
            bits.add("iam:PassRole"),
            bits.add("STS:AssumeRole"),
            bits.add("s3:GetObject"),
        );
        assert_eq!(bits.add("iam:CreateUser"), iam);
        let named = |statement: &str| {
            let src = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
            let doc = parse(&src, crate::json::test_arena()).expect("test input parses");
            let policy = Policy::from_document(&doc).expect("a policy");
            let refs: Vec<&Statement<'_>> = policy.statements.iter().collect();
            bits.named_by(&refs)
        };
        let allow = |action: &str| format!(r#"{{"Effect": "Allow", "Action": {action}, "Resource": "*"}}"#);
        assert_eq!(
            named(&allow(r#"["IAM:Get*", "sts:AssumeRole", "ec2:Run*"]"#)),
            iam | sts
        );
        assert_eq!(named(&allow(r#""ec2:RunInstances""#)), 0);
        assert_eq!(named(&allow(r#"["s3:Get*", "*:List*"]"#)), u64::MAX);
        assert_eq!(named(&allow(r#""*""#)), u64::MAX);
        assert_eq!(
            named(r#"{"Effect": "Allow", "NotAction": "ec2:*", "Resource": "*"}"#),
            u64::MAX
        );
        // A long list is read through its index, with the same answers.
        let long = |last: &str| {
            let mut items: Vec<String> = (0..INDEX_FROM).map(|i| format!("\"ec2:A{i}\"")).collect();
            items.push(format!("\"{last}\""));
            named(&allow(&format!("[{}]", items.join(","))))
        };
        assert_eq!(long("ec2:B"), 0);
        assert_eq!(long("IAM:Get*"), iam);
        assert_eq!(long("Sts:AssumeRole"), sts);
        assert_eq!(long("*:List*"), u64::MAX);
        assert_eq!(long("ListAll"), u64::MAX);
        assert_ne!(s3, 0);
    }

    #[test]
    fn split_colon_is_split_once() {
        for s in ["s3:GetObject", "s3", "", ":", "a:b:c", "é:x", "*:*", "x:"] {
            assert_eq!(split_colon(s), s.split_once(':'), "{s}");
        }
    }
    use crate::json::parse;

    fn kind_of(src: &str) -> PolicyKind {
        let doc = parse(src, crate::json::test_arena()).expect("test input parses");
        Policy::from_document(&doc).expect("is a policy").kind
    }

    #[test]
    fn classifies() {
        assert_eq!(
            kind_of(r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"1"},"Action":"sts:AssumeRole"}}"#),
            PolicyKind::Trust
        );
        assert_eq!(
            kind_of(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#),
            PolicyKind::Resource
        );
        assert_eq!(
            kind_of(r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
            PolicyKind::Identity
        );
        assert_eq!(
            kind_of(r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*"}]}"#),
            PolicyKind::Trust
        );
    }

    #[test]
    fn lenient_elements() {
        let doc = parse(
            r#"{"Statement":{"effect":"Allow","action":["a:b",1]}}"#,
            crate::json::test_arena(),
        )
        .expect("parses");
        let p = Policy::from_document(&doc).expect("policy");
        let s = &p.statements[0];
        assert_eq!(s.effect, Effect::Allow);
        assert_eq!(s.actions().len(), 1);
    }
}
