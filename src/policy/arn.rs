//! ARNs and the AWS principal forms built on them.

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, borrowed from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Split an ARN into its six parts; `None` if it has fewer.
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        // Most values of a policy are not ARNs: told before any split.
        if !text.starts_with("arn:") {
            return None;
        }
        let ([_, partition, service, region, account, resource], 6) = parts(text) else {
            return None;
        };
        Some(Arn {
            partition,
            service,
            region,
            account,
            resource,
        })
    }
}

/// `text.splitn(6, ':')` into an array, and how many parts it has (the
/// unused ones are empty). By bytes, without a vector: ARNs are split for
/// nearly every value of a policy, and a byte scan beats a `splitn`
/// searcher on such short strings.
pub fn parts(text: &str) -> ([&str; 6], usize) {
    let mut parts = [""; 6];
    let (mut start, mut count) = (0, 1);
    for (i, b) in text.bytes().enumerate() {
        if b == b':' {
            parts[count - 1] = &text[start..i];
            start = i + 1;
            count += 1;
            if count == parts.len() {
                break;
            }
        }
    }
    parts[count - 1] = &text[start..];
    (parts, count)
}

pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// What an `AWS` principal value names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwsPrincipal<'a> {
    /// `"*"`: every AWS principal in every account.
    Anyone,
    /// `arn:aws:iam::ID:root` or a bare 12-digit ID: every principal of the
    /// account whose own policies allow the call. `account` may be a placeholder.
    Root { account: &'a str },
    /// `arn:aws:iam::ID:user/...`: a person or a long-term key.
    User { account: &'a str },
    /// `arn:aws:iam::ID:role/...`.
    Role { account: &'a str },
    /// `arn:aws:sts::ID:assumed-role/...` or `federated-user/...`.
    Session { account: &'a str },
    /// `AROA…`/`AIDA…`: a unique ID, what IAM shows once the principal is deleted.
    UniqueId,
    /// Anything else (malformed, another service's ARN).
    Other,
}

impl<'a> AwsPrincipal<'a> {
    pub fn classify(value: &'a str) -> AwsPrincipal<'a> {
        if value == "*" {
            return AwsPrincipal::Anyone;
        }
        if is_account_id(value) {
            return AwsPrincipal::Root { account: value };
        }
        if is_unique_id(value) {
            return AwsPrincipal::UniqueId;
        }
        let Some(arn) = Arn::parse(value) else {
            return AwsPrincipal::Other;
        };
        let account = arn.account;
        match arn.service {
            "iam" if arn.resource == "root" => AwsPrincipal::Root { account },
            "iam" if arn.resource.starts_with("user/") => AwsPrincipal::User { account },
            "iam" if arn.resource.starts_with("role/") => AwsPrincipal::Role { account },
            "sts" if arn.resource.starts_with("assumed-role/") || arn.resource.starts_with("federated-user/") => {
                AwsPrincipal::Session { account }
            }
            _ => AwsPrincipal::Other,
        }
    }

    /// The account the principal belongs to, as written.
    pub fn account(self) -> Option<&'a str> {
        match self {
            AwsPrincipal::Root { account }
            | AwsPrincipal::User { account }
            | AwsPrincipal::Role { account }
            | AwsPrincipal::Session { account } => Some(account),
            _ => None,
        }
    }

    /// Can a person (a console user, a long-term access key) be behind it?
    pub fn can_be_human(self) -> bool {
        matches!(
            self,
            AwsPrincipal::Anyone | AwsPrincipal::Root { .. } | AwsPrincipal::User { .. }
        )
    }
}

/// IAM unique IDs: a four-letter type prefix and at least 16 more upper-case
/// letters or digits (`AROA` role, `AIDA` user, `AGPA` group, `ANPA`/`ANVA`
/// policies, `AIPA` instance profile).
pub fn is_unique_id(s: &str) -> bool {
    const PREFIXES: [&str; 6] = ["AROA", "AIDA", "AGPA", "ANPA", "ANVA", "AIPA"];
    s.len() >= 20
        && PREFIXES.iter().any(|p| s.starts_with(p))
        && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_principals() {
        use AwsPrincipal::*;
        assert_eq!(AwsPrincipal::classify("*"), Anyone);
        assert_eq!(
            AwsPrincipal::classify("123456789012"),
            Root {
                account: "123456789012"
            }
        );
        assert_eq!(
            AwsPrincipal::classify("arn:aws:iam::TRUSTED-ACCOUNT-ID:root"),
            Root {
                account: "TRUSTED-ACCOUNT-ID"
            }
        );
        assert_eq!(
            AwsPrincipal::classify("arn:aws:iam::111111111111:user/crossAccountUser"),
            User {
                account: "111111111111"
            }
        );
        assert_eq!(
            AwsPrincipal::classify("arn:aws-cn:iam::111111111111:role/path/R"),
            Role {
                account: "111111111111"
            }
        );
        assert_eq!(AwsPrincipal::classify("AROA3XFRBF23ABCDEFGHI"), UniqueId);
        assert_eq!(AwsPrincipal::classify("arn:aws:s3:::bucket"), Other);
        assert!(Root { account: "1" }.can_be_human() && !Role { account: "1" }.can_be_human());
    }
}
