//! TL104 external-id-operator: an `sts:ExternalId` condition written so that
//! the ID becomes optional or guessable.

use crate::policy::wildcard::has_wildcard;
use crate::policy::{ConditionBlock, ConditionEntry, OperatorBase, SetQualifier};
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        for (block, entry) in cond.entries_for("sts:externalid") {
            let Some(problem) = problem(block, entry, stmt.is_allow()) else { continue };
            let op = block.operator_text.value;
            let f = ctx
                .finding(block.operator_text.span, format!("`{op}` makes the external ID {}", problem.what))
                .label(problem.label)
                .secondary(entry.key.span, "the external ID")
                .note("the external ID only protects against the confused deputy when the role can be assumed with exactly that ID and no other")
                .help(problem.help);
            ctx.report(f);
        }
    }
}

struct Problem {
    what: &'static str,
    label: String,
    help: &'static str,
}

const EXACT: &str = "write \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<the exact ID>\"}} in the Allow statement";

fn problem(block: &ConditionBlock<'_>, entry: &ConditionEntry<'_>, allow: bool) -> Option<Problem> {
    let op = block.operator?;
    if !allow {
        // `Deny` + `StringNotEquals` (IfExists or not) is a working guard: it
        // denies every other ID and, when absent, no ID. Only a positive test
        // is inverted: it denies the callers that present the right ID.
        return op.requires_match().then(|| Problem {
            what: "useless",
            label: "in a Deny, this denies only the callers that present the right ID".into(),
            help: "require the ID in the Allow statement, or deny every other ID with \"StringNotEquals\" in the Deny",
        });
    }
    if op.base == OperatorBase::Null {
        return Some(Problem {
            what: "guessable",
            label: "`Null` only tests that some external ID is present: any value passes".into(),
            help: EXACT,
        });
    }
    if op.if_exists {
        return Some(Problem {
            what: "optional",
            label: "`...IfExists` passes when the caller sends no external ID at all".into(),
            help: EXACT,
        });
    }
    if op.base.is_negated() {
        return Some(Problem {
            what: "optional",
            label: "a negated operator passes for every other ID, and for none".into(),
            help: EXACT,
        });
    }
    if let Some(q) = op.qualifier {
        let label = match q {
            SetQualifier::ForAllValues => "`ForAllValues:` passes when no external ID is sent (an empty set)",
            SetQualifier::ForAnyValue => "the external ID is a single value; a set operator only muddles the test",
        };
        return Some(Problem {
            what: if q == SetQualifier::ForAllValues { "optional" } else { "unreliable" },
            label: label.into(),
            help: EXACT,
        });
    }
    let like = matches!(op.base, OperatorBase::StringLike | OperatorBase::ArnLike);
    if like && entry.values.iter().any(|v| has_wildcard(v.value)) {
        return Some(Problem {
            what: "guessable",
            label: "a wildcard lets the caller present any ID that fits the pattern".into(),
            help: EXACT,
        });
    }
    None
}
