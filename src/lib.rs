//! trustlint: a fast, offline, static linter for AWS IAM policies.
//!
//! The pipeline, one module per stage, each knowing only the one before it:
//! [`discover`] → [`source`] + [`json`] (spans) → [`policy`] (normalised model,
//! kind) → [`rules`] (checks) → [`report`] (formats). [`lint`] drives it.

/// A bundled `data/<name>.toml`, as JSON text: `build.rs` converts it, since
/// serde_json reads it about ten times faster than the TOML reader, and the
/// data files are read at the start of every run that needs them. Tests
/// check the TOML files themselves.
macro_rules! data_json {
    ($name:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/data/", $name, ".json"))
    };
}

pub mod baseline;
pub mod bindings;
pub mod catalog;
pub mod config;
pub mod crossfile;
pub mod declarative;
pub mod diagnostic;
pub mod discover;
pub mod explain;
pub mod facts;
pub mod json;
pub mod lint;
pub mod policy;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;
pub(crate) mod swar;
pub mod timing;
