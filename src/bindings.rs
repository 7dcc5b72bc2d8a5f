//! Bindings: which policy file belongs to which role, user or group. A policy
//! file alone does not say whose it is; bindings do, mirroring IAM's model.
//! Today they come from the manifest sections of `trustlint.toml`
//! (`[[role]]`, `[[user]]`, `[[group]]`, read in `config.rs`). The interface
//! is the data: every source — later CloudFormation templates, Terraform,
//! `aws iam create-role ... file://F` lines in scripts — adds [`Binding`]s to
//! `Settings::bindings`, and the cross-file checks read only those.

use std::path::PathBuf;

use crate::json::Span;
use crate::policy::Arn;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Role,
    User,
    Group,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::User => "user",
            Kind::Group => "group",
        }
    }
}

/// One IAM identity and the files that define it.
#[derive(Clone, Debug)]
pub struct Binding {
    pub kind: Kind,
    pub arn: String,
    /// A role's trust policy (its AssumeRolePolicyDocument).
    pub trust: Option<PathBuf>,
    /// Identity (permission) policies attached to it.
    pub policies: Vec<PathBuf>,
    /// For users: the ARNs of the groups it belongs to.
    pub groups: Vec<String>,
    /// Where the binding was declared (in the manifest), for messages.
    pub origin: Span,
}

impl Binding {
    pub fn account(&self) -> &str {
        Arn::parse(&self.arn).map_or("", |a| a.account)
    }

    /// The name after `role/`, `user/` or `group/`, path included.
    pub fn name(&self) -> &str {
        let resource = Arn::parse(&self.arn).map_or("", |a| a.resource);
        resource.split_once('/').map_or(resource, |(_, n)| n)
    }

    /// The last path segment of the name: `AuditReader` of `role/audit/AuditReader`.
    pub fn short_name(&self) -> &str {
        self.name().rsplit('/').next().unwrap_or("")
    }
}

/// Is `arn` a well-formed IAM ARN of this kind: `arn:PARTITION:iam::ACCOUNT:KIND/NAME`?
pub fn valid_arn(arn: &str, kind: Kind) -> bool {
    let Some(a) = Arn::parse(arn) else { return false };
    let partition_ok = matches!(a.partition, "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b");
    let prefix = format!("{}/", kind.as_str());
    partition_ok
        && a.service == "iam"
        && a.region.is_empty()
        && crate::policy::arn::is_account_id(a.account)
        && a.resource
            .strip_prefix(&prefix)
            .is_some_and(|n| !n.is_empty() && !n.contains('*'))
}

/// Where bound files are read from: the disk, or memory (rule examples, which
/// must not write anything to disk to run).
pub trait FileSource: Sync {
    fn read(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>>;
    fn is_file(&self, path: &std::path::Path) -> bool;
}

pub struct Disk;

impl FileSource for Disk {
    fn read(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn is_file(&self, path: &std::path::Path) -> bool {
        path.is_file()
    }
}

/// Files held in memory, by path.
pub struct Memory(pub std::collections::HashMap<PathBuf, String>);

impl FileSource for Memory {
    fn read(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        self.0
            .get(path)
            .map(|t| t.as_bytes().to_vec())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }

    fn is_file(&self, path: &std::path::Path) -> bool {
        self.0.contains_key(path)
    }
}
