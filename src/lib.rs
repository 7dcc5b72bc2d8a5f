//! trustlint: a fast, offline, static linter for AWS IAM policies.
//!
//! The pipeline, one module per stage, each knowing only the one before it:
//! [`discover`] → [`source`] + [`json`] (spans) → [`policy`] (normalised model,
//! kind) → [`rules`] (checks) → [`report`] (formats). [`lint`] drives it.

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
