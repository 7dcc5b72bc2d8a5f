//! Bounded property tests of the parser and the whole lint pipeline, on stable,
//! in CI (the open-ended search is the cargo-fuzz crate in `fuzz/`).
//!
//! - `damaged_policies_never_panic`: JSON-ish text from a grammar of policy
//!   fragments, sometimes damaged (a dropped quote, a trailing comma, a curly
//!   quote, a cut) → `lint_bytes` never panics, every finding's spans lie in
//!   its file on char boundaries, and every output format renders.
//! - `arbitrary_bytes_never_panic`: the same for raw bytes.
//! - `serde_json_documents_parse_the_same`: documents serialised by serde_json
//!   (compact and pretty) parse, with the same scalars, keys and shape.
//! - `regression_inputs_never_panic`: every `tests/regressions/*.json` (inputs the
//!   fuzzers or these properties once crashed on) parses and lints without a panic.
//!
//! Each property runs 256 cases of small inputs (override with PROPTEST_CASES).
//! A failure prints the minimal input; save it under `tests/regressions/`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::ValueEnum;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::Config;

use trustlint::config::{Accounts, Settings};
use trustlint::json::{self, Kind, Span};
use trustlint::lint::{self, Outcome};
use trustlint::report::{self, Format, RenderOptions};

/// 2025-06-01T00:00:00Z.
const NOW: i64 = 1_748_736_000;

fn config() -> Config {
    let defaults = Config::default();
    Config {
        // 256 unless PROPTEST_CASES says otherwise (Config::default reads it).
        cases: match std::env::var_os("PROPTEST_CASES") {
            Some(_) => defaults.cases,
            None => 256,
        },
        // Failures print their minimal input; no proptest-regressions/ files.
        failure_persistence: None,
        ..defaults
    }
}

// ---------------------------------------------------------------- checks

fn settings() -> [Settings; 2] {
    [
        Settings {
            now: Some(NOW),
            ..Settings::default()
        },
        Settings {
            now: Some(NOW),
            accounts: Accounts {
                own: vec!["111122223333".to_owned()],
                third_party: vec![("Vendor".to_owned(), "464622532012".to_owned())],
            },
            ..Settings::default()
        },
    ]
}

static SARIF_TURN: AtomicUsize = AtomicUsize::new(0);

/// Lints `bytes` as a named file, then as a discovered one with accounts
/// configured; checks the findings' spans and renders every output format.
fn lint_and_render(bytes: &[u8]) {
    let path = PathBuf::from("prop/policy.json");
    for (i, settings) in settings().iter().enumerate() {
        let explicit = i == 0;
        let report = lint::lint_bytes(
            "prop/policy.json".to_owned(),
            path.clone(),
            bytes.to_vec(),
            explicit,
            settings,
        );
        for f in &report.findings {
            f.check_spans().unwrap_or_else(|e| panic!("{e}"));
        }
        let mut outcome = Outcome {
            files: usize::from(report.read),
            policies: usize::from(report.is_policy),
            findings: report.findings,
            ..Outcome::default()
        };
        lint::finish(&mut outcome, settings, std::slice::from_ref(&path), false);
        for &format in Format::value_variants() {
            // SARIF carries every rule's metadata: ~7 ms a render in a debug build,
            // so it renders for one input in 16 (the fuzz target renders it always).
            if format == Format::Sarif && !SARIF_TURN.fetch_add(1, Ordering::Relaxed).is_multiple_of(16) {
                continue;
            }
            let mut out = Vec::new();
            report::write(format, &outcome, RenderOptions::default(), &mut out).expect("writing to a Vec");
            let out = String::from_utf8(out).expect("output is UTF-8");
            if matches!(format, Format::Json | Format::Sarif) {
                serde_json::from_str::<serde_json::Value>(&out).expect("a JSON format prints JSON");
            }
        }
    }
}

// ---------------------------------------------------- a policy grammar

fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

fn object(members: Vec<(String, String)>) -> String {
    let body: Vec<String> = members.into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", body.join(", "))
}

fn array(items: Vec<String>) -> String {
    format!("[{}]", items.join(", "))
}

/// One quoted token or a (short) array of them.
fn one_or_many(token: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop_oneof![
        3 => token.clone(),
        2 => vec(token, 0..4).prop_map(array),
    ]
    .boxed()
}

const KEYS: &[&str] = &[
    "Version",
    "Statement",
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "AWS",
    "Service",
    "Federated",
    "CanonicalUser",
    "statement",
    "effect",
    "Id",
    "",
    "é",
];

const PRINCIPALS: &[&str] = &[
    "*",
    "111122223333",
    "123456789012",
    "464622532012",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::123456789012:root",
    "arn:aws:iam::464622532012:root",
    "arn:aws:iam::123456789012:role/deploy",
    "arn:aws:iam::123456789012:user/alice",
    "arn:aws:sts::123456789012:assumed-role/r/s",
    "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    "arn:aws:iam::123456789012:saml-provider/Okta",
    "arn:aws-cn:iam::123456789012:root",
    "arn:aws:iam::*:root",
    "arn:aws:iam:::root",
    "AROAEXAMPLEID1234567",
    "AIDAEXAMPLEID1234567",
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "rolesanywhere.amazonaws.com",
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "www.amazon.com",
    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
];

const ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
    "sts:*",
    "sts:Assume*",
    "*",
    "sts:assumerole",
    "s3:GetObject",
    "s3:*",
    "iam:PassRole",
    "rolesanywhere:CreateSession",
    "sts:",
    ":",
];

const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "StringEqualsIgnoreCase",
    "StringEqualsIfExists",
    "ArnLike",
    "ArnEquals",
    "Bool",
    "BoolIfExists",
    "Null",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "NumericLessThan",
    "NumericGreaterThan",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
    "IpAddress",
    "stringequals",
    "Foo",
];

const CONDITION_KEYS: &[&str] = &[
    "sts:ExternalId",
    "sts:externalid",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceIp",
    "aws:PrincipalOrgID",
    "aws:PrincipalArn",
    "token.actions.githubusercontent.com:sub",
    "token.actions.githubusercontent.com:aud",
    "accounts.google.com:aud",
    "cognito-identity.amazonaws.com:aud",
    "SAML:aud",
    "saml:aud",
];

const CONDITION_VALUES: &[&str] = &[
    "true",
    "false",
    "True",
    "2020-01-01T00:00:00Z",
    "2099-12-31T23:59:59Z",
    "2025-06-01",
    "2024-02-30T25:61:61Z",
    "2024-01-01T00:00:00+05:30",
    "1700000000",
    "-1",
    "99999999999999999999999999",
    "0",
    "3600",
    "repo:org/repo:ref:refs/heads/main",
    "repo:org/*",
    "*",
    "sts.amazonaws.com",
    "https://signin.aws.amazon.com/saml",
    "111122223333",
    "arn:aws:sns:us-east-1:123456789012:topic",
    "o-abc123",
    "12345",
    "ExternalId",
    "",
];

fn text_piece() -> BoxedStrategy<String> {
    prop_oneof![
        12 => "[a-zA-Z0-9:*/ ._-]{0,10}",
        4 => select(vec![
            "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\u00e9", "\\u0000", "\\ud83d\\ude00", "\\ud800", "\\udc00x",
            "“", "”", "‘", "’", "\u{a0}", "é", "😀", "\u{2028}", "'",
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// A quoted string that may hold escapes (lone surrogates too) and odd Unicode.
fn odd_string() -> BoxedStrategy<String> {
    vec(text_piece(), 0..4).prop_map(|p| quote(&p.concat())).boxed()
}

fn scalar() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select([KEYS, PRINCIPALS, ACTIONS, OPERATORS, CONDITION_KEYS, CONDITION_VALUES].concat()).prop_map(quote),
        2 => odd_string(),
        2 => select(vec!["true", "false", "null", "0", "-1", "1.5e3", "-0", "123456789012"]).prop_map(str::to_owned),
    ]
    .boxed()
}

fn key() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(KEYS).prop_map(quote),
        1 => select([OPERATORS, CONDITION_KEYS].concat()).prop_map(quote),
        1 => odd_string(),
    ]
    .boxed()
}

/// Any nesting of objects and arrays over the scalars.
fn fragment() -> BoxedStrategy<String> {
    scalar()
        .prop_recursive(6, 40, 4, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..4).prop_map(array),
                vec((key(), inner), 0..4).prop_map(object),
            ]
        })
        .boxed()
}

fn principal() -> BoxedStrategy<String> {
    let value = one_or_many(select(PRINCIPALS).prop_map(quote).boxed());
    let kind = select(vec!["AWS", "Service", "Federated", "CanonicalUser", "aws", "Other"]);
    prop_oneof![
        1 => Just(quote("*")),
        4 => vec((kind.prop_map(quote), value), 0..3).prop_map(object),
        1 => fragment(),
    ]
    .boxed()
}

fn condition() -> BoxedStrategy<String> {
    let value = prop_oneof![
        4 => select(CONDITION_VALUES).prop_map(quote),
        1 => select(vec!["true", "false", "3600", "null", "[]", "{}"]).prop_map(str::to_owned),
    ]
    .boxed();
    let block = vec((select(CONDITION_KEYS).prop_map(quote), one_or_many(value)), 0..3).prop_map(object);
    prop_oneof![
        5 => vec((select(OPERATORS).prop_map(quote), block), 0..3).prop_map(object),
        1 => fragment(),
    ]
    .boxed()
}

fn statement() -> BoxedStrategy<String> {
    let effect = prop_oneof![
        6 => Just("Allow"),
        2 => Just("Deny"),
        1 => select(vec!["allow", "", "Permit"]),
    ]
    .prop_map(quote);
    let action = prop_oneof![
        3 => Just("sts:AssumeRole"),
        2 => select(ACTIONS),
    ]
    .prop_map(quote)
    .boxed();
    let actions = one_or_many(action);
    let resource = one_or_many(
        select(vec!["*", "arn:aws:s3:::bucket/*", "arn:aws:iam::*:role/x", ""])
            .prop_map(quote)
            .boxed(),
    );
    (
        proptest::option::of(select(vec!["Trust", "", "AllowGitHub"]).prop_map(quote)),
        proptest::option::weighted(0.9, effect),
        proptest::option::weighted(0.7, principal()),
        proptest::option::weighted(0.1, principal()),
        proptest::option::weighted(0.8, actions.clone()),
        proptest::option::weighted(0.1, actions),
        proptest::option::weighted(0.3, resource),
        proptest::option::weighted(0.6, condition()),
        vec((key(), fragment()), 0..2),
    )
        .prop_map(
            |(sid, effect, principal, not_principal, action, not_action, resource, cond, extra)| {
                let named = [
                    ("Sid", sid),
                    ("Effect", effect),
                    ("Principal", principal),
                    ("NotPrincipal", not_principal),
                    ("Action", action),
                    ("NotAction", not_action),
                    ("Resource", resource),
                    ("Condition", cond),
                ];
                let mut members: Vec<(String, String)> = named
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (quote(k), v)))
                    .collect();
                members.extend(extra);
                object(members)
            },
        )
        .boxed()
}

fn policy() -> BoxedStrategy<String> {
    let statements = prop_oneof![
        6 => vec(statement(), 1..4).prop_map(array),
        1 => Just("[]".to_owned()),
        1 => statement(),
        1 => fragment(),
    ];
    let version = select(vec!["2012-10-17", "2008-10-17", "2012-10-18"]).prop_map(quote);
    (
        proptest::option::weighted(0.8, version),
        statements,
        vec((key(), fragment()), 0..2),
    )
        .prop_map(|(version, statements, extra)| {
            let mut members = Vec::new();
            members.extend(version.map(|v| (quote("Version"), v)));
            members.push((quote("Statement"), statements));
            members.extend(extra);
            object(members)
        })
        .boxed()
}

/// Deep nesting where the rules look: in Statement, Principal, Condition.
fn deep_policy() -> BoxedStrategy<String> {
    (1..2000usize, 0..3usize)
        .prop_map(|(depth, place)| {
            let deep = format!("{}\"x\"{}", "[".repeat(depth), "]".repeat(depth));
            match place {
                0 => format!("{{\"Statement\": {deep}}}"),
                1 => format!("{{\"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": {{\"AWS\": {deep}}}, \"Action\": \"sts:AssumeRole\"}}]}}"),
                _ => format!("{{\"Statement\": {{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\", \"Condition\": {{\"StringEquals\": {{\"sts:ExternalId\": {deep}}}}}}}}}"),
            }
        })
        .boxed()
}

/// A typo of the kind people make by hand or by pasting.
#[derive(Clone, Debug)]
enum Damage {
    DropQuote(Index),
    TrailingComma(Index),
    Insert(Index, char),
    CurlyQuote(Index),
    Truncate(Index),
    DeleteChar(Index),
    /// Text that is not JSON, inside a string or where a value goes.
    Junk(Index, &'static str),
}

const JUNK: &[&str] = &[
    "\\u12",
    "\\x",
    "\\",
    "\u{1}",
    "\n",
    "\t",
    "012345678901",
    "1e999",
    "True",
    "NaN",
    "-Infinity",
    "Allow",
    "'x'",
    "// c\n",
    "/* c */",
    "\\u",
    ".5",
    "+1",
    "-",
    "1.",
    "\u{0}",
    "\u{200b}",
    "\u{2028}",
];

fn damage() -> impl Strategy<Value = Damage> {
    let punct = select(vec![
        ',', ':', '"', '\'', '{', '}', '[', ']', '“', '”', '\u{a0}', '/', '\\', '\n', '\u{feff}',
    ]);
    prop_oneof![
        3 => any::<Index>().prop_map(Damage::DropQuote),
        3 => any::<Index>().prop_map(Damage::TrailingComma),
        3 => (any::<Index>(), punct).prop_map(|(i, c)| Damage::Insert(i, c)),
        2 => any::<Index>().prop_map(Damage::CurlyQuote),
        1 => any::<Index>().prop_map(Damage::Truncate),
        2 => any::<Index>().prop_map(Damage::DeleteChar),
        3 => (any::<Index>(), select(JUNK)).prop_map(|(i, j)| Damage::Junk(i, j)),
    ]
}

fn apply(text: &mut String, d: &Damage) {
    let offsets = |pred: &dyn Fn(char) -> bool| -> Vec<usize> {
        text.char_indices().filter(|&(_, c)| pred(c)).map(|(i, _)| i).collect()
    };
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    match d {
        Damage::DropQuote(i) => {
            let quotes = offsets(&|c| c == '"');
            if !quotes.is_empty() {
                text.remove(quotes[i.index(quotes.len())]);
            }
        }
        Damage::TrailingComma(i) => {
            let closers = offsets(&|c| c == '}' || c == ']');
            if !closers.is_empty() {
                text.insert(closers[i.index(closers.len())], ',');
            }
        }
        Damage::Insert(i, c) => text.insert(boundaries[i.index(boundaries.len())], *c),
        Damage::Junk(i, junk) => text.insert_str(boundaries[i.index(boundaries.len())], junk),
        Damage::CurlyQuote(i) => {
            let quotes = offsets(&|c| c == '"');
            if !quotes.is_empty() {
                let at = quotes[i.index(quotes.len())];
                text.replace_range(at..at + 1, if i.index(2) == 0 { "“" } else { "”" });
            }
        }
        Damage::Truncate(i) => text.truncate(boundaries[i.index(boundaries.len())]),
        Damage::DeleteChar(i) => {
            if !text.is_empty() {
                text.remove(boundaries[i.index(boundaries.len() - 1)]);
            }
        }
    }
}

fn damaged_policy() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        8 => policy(),
        1 => fragment(),
        1 => deep_policy(),
    ];
    let damages = prop_oneof![
        3 => Just(Vec::new()),
        2 => vec(damage(), 1..4),
    ];
    (text, damages, any::<bool>()).prop_map(|(mut text, damages, bom)| {
        for d in &damages {
            apply(&mut text, d);
        }
        if bom {
            text.insert(0, '\u{feff}');
        }
        text
    })
}

// ------------------------------------------------------ serde_json values

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as J;
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<u64>().prop_map(J::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(J::Number)),
        select(vec![0.0, -0.0, 1e300, -1e-300, 5e-324, 0.1, 1.7976931348623157e308])
            .prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(J::Number)),
        any::<String>().prop_map(J::String),
        "[\\x00-\\x1f\"\\\\/a-z“é😀\u{2028}\u{feff}]{0,8}".prop_map(J::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(J::Array),
            vec((any::<String>(), inner.clone()), 0..6).prop_map(|m| J::Object(m.into_iter().collect())),
            vec((select(KEYS).prop_map(str::to_owned), inner), 0..6).prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

/// trustlint's tree for `text` has the same shape and scalars as `expected`
/// (serialisation writes an object's members in its map's iteration order).
fn assert_same(text: &str, ours: &json::Value<'_>, expected: &serde_json::Value) {
    use serde_json::Value as J;
    let mut stack = vec![(ours, expected)];
    while let Some((a, b)) = stack.pop() {
        let under = &text[a.span.range()];
        match (&a.kind, b) {
            (Kind::Null, J::Null) => assert_eq!(under, "null"),
            (Kind::Bool(x), J::Bool(y)) => assert_eq!(x, y),
            (Kind::String(x), J::String(y)) => {
                assert_eq!(*x, y.as_str());
                let raw = &under[1..under.len() - 1];
                if !raw.contains('\\') {
                    assert_eq!(raw, y.as_str());
                }
            }
            (Kind::Number(n), J::Number(m)) => {
                assert_eq!(under, *n);
                if let Some(u) = m.as_u64() {
                    assert_eq!(n.parse::<u64>().ok(), Some(u), "{n}");
                } else if let Some(i) = m.as_i64() {
                    assert_eq!(n.parse::<i64>().ok(), Some(i), "{n}");
                } else {
                    let f = m.as_f64().expect("a float");
                    assert_eq!(n.parse::<f64>().ok(), Some(f), "{n}");
                }
            }
            (Kind::Array(xs), J::Array(ys)) => {
                assert_eq!(xs.len(), ys.len());
                stack.extend(xs.iter().zip(ys));
            }
            (Kind::Object(members), J::Object(map)) => {
                assert_eq!(members.len(), map.len());
                for (m, (k, v)) in members.iter().zip(map) {
                    assert_eq!(m.key, k.as_str());
                    stack.push((&m.value, v));
                }
            }
            (x, y) => panic!("{x:?} parsed where serde_json wrote {y:?}"),
        }
    }
}

// ------------------------------------------------------------ properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn damaged_policies_never_panic(text in damaged_policy()) {
        lint_and_render(text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        prefix in prop_oneof![
            Just(Vec::new()),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"{\"Statement\": ".to_vec()),
            Just(b"\xFF\xFE{\x00\"\x00S\x00".to_vec()),
        ],
        bytes in vec(any::<u8>(), 0..256),
    ) {
        lint_and_render(&[prefix, bytes].concat());
    }

    #[test]
    fn serde_json_documents_parse_the_same(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        }
        .expect("serialise");
        let arena = json::Arena::new();
        let parsed = json::parse(&text, &arena);
        let ours = parsed.unwrap_or_else(|e| panic!("trustlint rejects {text:?}: {}", e.message()));
        prop_assert_eq!(ours.span, Span::new(0, text.len()));
        assert_same(&text, &ours, &value);
    }
}

#[test]
fn regression_inputs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut failed = Vec::new();
    for file in files
        .iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
    {
        let bytes = std::fs::read(file).expect("read a regression input");
        let run = std::panic::catch_unwind(|| {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = json::parse(text, &json::Arena::new());
            }
            lint_and_render(&bytes);
        });
        if run.is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(failed.is_empty(), "these regression inputs panic: {failed:#?}");
}
