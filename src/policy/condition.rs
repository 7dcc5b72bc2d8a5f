//! The `Condition` element: operator → key → values, with the operator parsed
//! into its base, its `IfExists` suffix and its set qualifier.

use super::Text;
use crate::json::{Kind, Member, Span, Value};

/// Base condition operators as AWS spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorBase {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl OperatorBase {
    pub const ALL: [(OperatorBase, &'static str); 27] = [
        (OperatorBase::StringEquals, "StringEquals"),
        (OperatorBase::StringNotEquals, "StringNotEquals"),
        (OperatorBase::StringEqualsIgnoreCase, "StringEqualsIgnoreCase"),
        (OperatorBase::StringNotEqualsIgnoreCase, "StringNotEqualsIgnoreCase"),
        (OperatorBase::StringLike, "StringLike"),
        (OperatorBase::StringNotLike, "StringNotLike"),
        (OperatorBase::NumericEquals, "NumericEquals"),
        (OperatorBase::NumericNotEquals, "NumericNotEquals"),
        (OperatorBase::NumericLessThan, "NumericLessThan"),
        (OperatorBase::NumericLessThanEquals, "NumericLessThanEquals"),
        (OperatorBase::NumericGreaterThan, "NumericGreaterThan"),
        (OperatorBase::NumericGreaterThanEquals, "NumericGreaterThanEquals"),
        (OperatorBase::DateEquals, "DateEquals"),
        (OperatorBase::DateNotEquals, "DateNotEquals"),
        (OperatorBase::DateLessThan, "DateLessThan"),
        (OperatorBase::DateLessThanEquals, "DateLessThanEquals"),
        (OperatorBase::DateGreaterThan, "DateGreaterThan"),
        (OperatorBase::DateGreaterThanEquals, "DateGreaterThanEquals"),
        (OperatorBase::Bool, "Bool"),
        (OperatorBase::BinaryEquals, "BinaryEquals"),
        (OperatorBase::IpAddress, "IpAddress"),
        (OperatorBase::NotIpAddress, "NotIpAddress"),
        (OperatorBase::ArnEquals, "ArnEquals"),
        (OperatorBase::ArnLike, "ArnLike"),
        (OperatorBase::ArnNotEquals, "ArnNotEquals"),
        (OperatorBase::ArnNotLike, "ArnNotLike"),
        (OperatorBase::Null, "Null"),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(b, _)| *b == self)
            .map(|(_, n)| *n)
            .unwrap_or("Null")
    }

    /// Operators that negate: a missing key or a non-matching value passes.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            OperatorBase::StringNotEquals
                | OperatorBase::StringNotEqualsIgnoreCase
                | OperatorBase::StringNotLike
                | OperatorBase::NumericNotEquals
                | OperatorBase::DateNotEquals
                | OperatorBase::NotIpAddress
                | OperatorBase::ArnNotEquals
                | OperatorBase::ArnNotLike
        )
    }

    /// Operators that compare literally, where `*` is just a character.
    /// Not ArnEquals/ArnNotEquals: IAM expands wildcards in them exactly like
    /// ArnLike (IAM JSON policy reference, "ARN condition operators").
    pub fn is_literal_string(self) -> bool {
        matches!(
            self,
            OperatorBase::StringEquals
                | OperatorBase::StringNotEquals
                | OperatorBase::StringEqualsIgnoreCase
                | OperatorBase::StringNotEqualsIgnoreCase
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// A parsed operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub base: OperatorBase,
    pub if_exists: bool,
    pub qualifier: Option<SetQualifier>,
    /// Written exactly as AWS spells it (not only case-insensitively).
    pub exact_case: bool,
}

impl Operator {
    pub fn parse(text: &str) -> Option<Operator> {
        let (qualifier, rest) = if let Some(r) = strip_prefix_ci(text, "ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else if let Some(r) = strip_prefix_ci(text, "ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else {
            (None, text)
        };
        let (rest, if_exists) = match strip_suffix_ci(rest, "IfExists") {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let (base, name) = OperatorBase::ALL.iter().find(|(_, n)| n.eq_ignore_ascii_case(rest))?;
        let exact_case = name == &rest
            && (qualifier.is_none() || text.starts_with("ForAllValues:") || text.starts_with("ForAnyValue:"))
            && (!if_exists || text.ends_with("IfExists"));
        Some(Operator {
            base: *base,
            if_exists,
            qualifier,
            exact_case,
        })
    }
}

impl Operator {
    /// A positive test that fails when the key is absent: not negated, not
    /// `...IfExists`, not `Null`, not `ForAllValues:` (an empty set passes it).
    pub fn requires_match(self) -> bool {
        !self.if_exists
            && !self.base.is_negated()
            && self.base != OperatorBase::Null
            && self.qualifier != Some(SetQualifier::ForAllValues)
    }

    /// The operator's name as AWS spells it, for messages.
    pub fn canonical(self) -> String {
        let q = match self.qualifier {
            Some(SetQualifier::ForAllValues) => "ForAllValues:",
            Some(SetQualifier::ForAnyValue) => "ForAnyValue:",
            None => "",
        };
        let e = if self.if_exists { "IfExists" } else { "" };
        format!("{q}{}{e}", self.base.name())
    }
}

fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn strip_suffix_ci<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..cut])
}

/// The whole `Condition` element.
#[derive(Debug)]
pub struct Condition<'a> {
    pub member: &'a Member<'a>,
    pub blocks: Vec<ConditionBlock<'a>>,
}

/// One operator and its keys: `"StringEquals": {"sts:ExternalId": "..."}`.
#[derive(Debug)]
pub struct ConditionBlock<'a> {
    pub operator_text: Text<'a>,
    /// `None` for an operator AWS does not know (TL014).
    pub operator: Option<Operator>,
    pub member: &'a Member<'a>,
    pub entries: Vec<ConditionEntry<'a>>,
}

/// One key and its values; values OR together.
#[derive(Debug)]
pub struct ConditionEntry<'a> {
    pub key: Text<'a>,
    /// Condition keys are case-insensitive; compare this.
    pub key_lower: String,
    pub member: &'a Member<'a>,
    /// String, number and boolean values as text (JSON `true` reads as "true").
    pub values: Vec<Text<'a>>,
}

impl<'a> Condition<'a> {
    pub(super) fn read(member: &'a Member<'a>) -> Condition<'a> {
        let blocks = member
            .value
            .as_object()
            .unwrap_or(&[])
            .iter()
            .map(|op| ConditionBlock {
                operator_text: Text {
                    value: op.key,
                    span: op.key_span,
                },
                operator: Operator::parse(op.key),
                member: op,
                entries: op
                    .value
                    .as_object()
                    .unwrap_or(&[])
                    .iter()
                    .map(|k| ConditionEntry {
                        key: Text {
                            value: k.key,
                            span: k.key_span,
                        },
                        key_lower: k.key.to_ascii_lowercase(),
                        member: k,
                        values: scalars(&k.value),
                    })
                    .collect(),
            })
            .collect();
        Condition { member, blocks }
    }

    /// Every (operator, entry) pair whose key equals `key` (case-insensitive).
    pub fn entries_for<'c>(
        &'c self,
        key: &'c str,
    ) -> impl Iterator<Item = (&'c ConditionBlock<'a>, &'c ConditionEntry<'a>)> {
        self.blocks.iter().flat_map(move |b| {
            b.entries
                .iter()
                .filter(move |e| e.key_lower.eq_ignore_ascii_case(key))
                .map(move |e| (b, e))
        })
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.entries_for(key).next().is_some()
    }

    /// Every (operator, entry) whose key starts with `prefix` (case-insensitive),
    /// for tag keys such as `aws:PrincipalTag/team`.
    pub fn entries_with_prefix<'c>(
        &'c self,
        prefix: &'c str,
    ) -> impl Iterator<Item = (&'c ConditionBlock<'a>, &'c ConditionEntry<'a>)> {
        self.blocks.iter().flat_map(move |b| {
            b.entries
                .iter()
                .filter(move |e| e.key_lower.starts_with(&prefix.to_ascii_lowercase()))
                .map(move |e| (b, e))
        })
    }

    /// Does this condition pin `key` down: a positive string or ARN test that
    /// fails when the key is absent, with a value that is not just `*`?
    pub fn narrows(&self, key: &str) -> bool {
        self.entries_for(key).any(|(b, e)| narrowing(b, e))
    }

    /// [`Condition::narrows`] for any key (lower-cased) that `pred` accepts.
    pub fn narrows_where(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.blocks
            .iter()
            .any(|b| b.entries.iter().any(|e| pred(&e.key_lower) && narrowing(b, e)))
    }

    /// [`Condition::narrows`] for any key starting with `prefix`.
    pub fn narrows_prefix(&self, prefix: &str) -> bool {
        self.entries_with_prefix(prefix).any(|(b, e)| narrowing(b, e))
    }

    /// Does the condition require MFA: `Bool aws:MultiFactorAuthPresent true`,
    /// `NumericLessThan(Equals) aws:MultiFactorAuthAge`, or
    /// `Null aws:MultiFactorAuthAge false` (the age exists only after MFA)?
    pub fn requires_mfa(&self) -> bool {
        let present = self.entries_for("aws:multifactorauthpresent").any(|(b, e)| {
            b.operator
                .is_some_and(|o| o.base == OperatorBase::Bool && o.requires_match())
                && !e.values.is_empty()
                && e.values.iter().all(|v| v.value.eq_ignore_ascii_case("true"))
        });
        let age = self.entries_for("aws:multifactorauthage").any(|(b, e)| {
            b.operator.is_some_and(|o| match o.base {
                OperatorBase::NumericLessThan | OperatorBase::NumericLessThanEquals => o.requires_match(),
                OperatorBase::Null => e.values.iter().all(|v| v.value.eq_ignore_ascii_case("false")),
                _ => false,
            })
        });
        present || age
    }

    pub fn span(&self) -> Span {
        self.member.key_span
    }
}

/// See [`Condition::narrows`].
pub fn narrowing(block: &ConditionBlock<'_>, entry: &ConditionEntry<'_>) -> bool {
    let Some(op) = block.operator else { return false };
    // ArnEquals expands wildcards exactly as ArnLike does, so `"*"` under
    // either pins nothing.
    let like = matches!(
        op.base,
        OperatorBase::StringLike | OperatorBase::ArnLike | OperatorBase::ArnEquals
    );
    let equals = matches!(
        op.base,
        OperatorBase::StringEquals | OperatorBase::StringEqualsIgnoreCase
    );
    op.requires_match()
        && (like || equals)
        && !entry.values.is_empty()
        && !(like && entry.values.iter().any(|v| super::wildcard::is_wildcard_only(v.value)))
}

fn scalar<'a>(v: &'a Value<'a>) -> Option<Text<'a>> {
    let value: &'a str = match &v.kind {
        Kind::String(s) => s,
        Kind::Number(n) => n,
        Kind::Bool(true) => "true",
        Kind::Bool(false) => "false",
        _ => return None,
    };
    Some(Text { value, span: v.span })
}

fn scalars<'a>(v: &'a Value<'a>) -> Vec<Text<'a>> {
    match &v.kind {
        Kind::Array(items) => items.iter().filter_map(scalar).collect(),
        _ => scalar(v).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operators() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists").expect("known");
        assert_eq!(op.base, OperatorBase::StringLike);
        assert!(op.if_exists && op.exact_case);
        assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
        let op = Operator::parse("stringequals").expect("known");
        assert!(!op.exact_case);
        assert!(Operator::parse("StringEqual").is_none());
        assert_eq!(
            Operator::parse("NullIfExists").map(|o| o.base),
            Some(OperatorBase::Null)
        );
    }
}
