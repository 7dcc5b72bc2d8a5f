//! False-positive guards over real policies in ../shared/corpus/.
//!
//! The AWS managed policies are documents AWS accepted, so the grammar and
//! catalogue rules (TL001–TL012, TL014, TL015, TL018) must find nothing in
//! them except where a policy really is wrong; each such finding is listed
//! here with the reason.

use std::collections::BTreeMap;
use std::path::PathBuf;

use trustlint::config::Settings;
use trustlint::lint::{self, Options};

const GRAMMAR_AND_CATALOGUE: [&str; 15] = [
    "TL001", "TL002", "TL003", "TL004", "TL005", "TL006", "TL007", "TL008", "TL009", "TL010", "TL011", "TL012",
    "TL014", "TL015", "TL018",
];

/// Findings that are right: (code, file name, why).
const EXPECTED: &[(&str, &str, &str)] = &[
    (
        "TL011",
        "AmazonDevOpsGuruOrganizationsAccess.json",
        "`arn:aws:organizations::*:` has an empty resource part: it names no resource",
    ),
    (
        "TL018",
        "AmazonApplicationWizardFullaccess.json",
        "`ssm:RemoveTagsToResource` does not exist (the action is ssm:RemoveTagsFromResource)",
    ),
    (
        "TL018",
        "AmazonLaunchWizardFullaccess.json",
        "`s3:ListBuckets`, `s3:ListObjects`, `s3:ListObjectsV2` are API names, not IAM actions (s3:ListAllMyBuckets, s3:ListBucket)",
    ),
    (
        "TL018",
        "MemoryDBServiceRolePolicy.json",
        "`memorydb:ReplicateMultiRegionClusterData` is in no published reference (a service-linked role's private action)",
    ),
    (
        "TL018",
        "SecurityAgentWebAppAPIPolicy.json",
        "16 `securityagent:` names from the service's preview that the current reference renamed",
    ),
];

fn corpus(dir: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")).join(dir)
}

#[test]
fn aws_managed_policies_are_clean_for_grammar_and_catalogue_rules() {
    let dir = corpus("aws-managed");
    let options = Options {
        paths: vec![dir.clone()],
        settings: Settings {
            select: Some(GRAMMAR_AND_CATALOGUE.iter().map(|s| s.to_string()).collect()),
            now: Some(1_767_225_600),
            ..Settings::default()
        },
        ..Options::default()
    };
    let outcome = lint::run(&options).expect("the corpus lints");
    assert_eq!(outcome.files, 1523, "the corpus holds 1,523 AWS managed policies");
    let mut unexpected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &outcome.findings {
        let name = f.file.path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let retired = f.severity == trustlint::diagnostic::Severity::Info && f.code == "TL018";
        if retired || EXPECTED.iter().any(|(c, n, _)| *c == f.code && *n == name) {
            continue;
        }
        unexpected
            .entry(f.code.to_string())
            .or_default()
            .push(format!("{name}:{}: {}", f.start().line, f.message));
    }
    let report: Vec<String> = unexpected
        .iter()
        .map(|(code, v)| {
            format!(
                "{code} ({}):\n  {}",
                v.len(),
                v.iter().take(15).cloned().collect::<Vec<_>>().join("\n  ")
            )
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected findings on AWS managed policies:\n{}",
        report.join("\n")
    );
}
