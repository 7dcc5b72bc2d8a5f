//! Time windows: the bounds that `aws:CurrentTime` / `aws:EpochTime`
//! conditions put on when a statement applies.

use super::{OperatorBase, Statement, Text, date};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// `DateGreaterThan(Equals)`: from.
    Start,
    /// `DateLessThan(Equals)`: until.
    End,
    /// `DateEquals`: one instant only.
    At,
}

/// One bound: a condition value and the instant it names.
#[derive(Clone, Copy, Debug)]
pub struct Bound<'a> {
    pub side: Side,
    /// `...Equals`: the instant itself is inside the window.
    pub inclusive: bool,
    /// The condition operator, for labels.
    pub operator: Text<'a>,
    pub value: Text<'a>,
    /// Seconds since the Unix epoch.
    pub time: i64,
    /// Which condition entry it came from: values of one entry OR together,
    /// entries AND together.
    pub entry: usize,
}

/// The effective window of a statement.
#[derive(Clone, Copy, Debug, Default)]
pub struct Window<'a> {
    /// The latest of the entries' earliest starts.
    pub start: Option<Bound<'a>>,
    /// The earliest of the entries' latest ends (single instants included).
    pub end: Option<Bound<'a>>,
}

/// Read a statement's window exactly: within one condition entry, values OR
/// (the most permissive wins); across entries, AND (the tightest wins).
pub fn window<'a>(stmt: &Statement<'a>) -> Window<'a> {
    let all = bounds(stmt);
    let entries = all.iter().map(|b| b.entry).max().map_or(0, |m| m + 1);
    let mut w = Window::default();
    for e in 0..entries {
        let of = || all.iter().filter(move |b| b.entry == e);
        if let Some(s) = of().filter(|b| b.side == Side::Start).min_by_key(|b| b.time)
            && w.start.is_none_or(|cur| s.time > cur.time)
        {
            w.start = Some(*s);
        }
        if let Some(x) = of().filter(|b| b.side != Side::Start).max_by_key(|b| b.time)
            && w.end.is_none_or(|cur| x.time < cur.time)
        {
            w.end = Some(*x);
        }
    }
    w
}

/// Every bound on the statement's time keys whose value parses as a date.
/// Values that do not parse are TL015's business and are left out here.
pub fn bounds<'a>(stmt: &Statement<'a>) -> Vec<Bound<'a>> {
    let Some(cond) = &stmt.condition else { return Vec::new() };
    let mut out = Vec::new();
    let mut index = 0;
    for key in ["aws:currenttime", "aws:epochtime"] {
        for (block, entry) in cond.entries_for(key) {
            index += 1;
            let Some(op) = block.operator else { continue };
            let (side, inclusive) = match op.base {
                OperatorBase::DateGreaterThan | OperatorBase::NumericGreaterThan => (Side::Start, false),
                OperatorBase::DateGreaterThanEquals | OperatorBase::NumericGreaterThanEquals => (Side::Start, true),
                OperatorBase::DateLessThan | OperatorBase::NumericLessThan => (Side::End, false),
                OperatorBase::DateLessThanEquals | OperatorBase::NumericLessThanEquals => (Side::End, true),
                OperatorBase::DateEquals | OperatorBase::NumericEquals => (Side::At, true),
                _ => continue,
            };
            for v in &entry.values {
                if let Some(time) = date::parse(v.value) {
                    out.push(Bound {
                        side,
                        inclusive,
                        operator: block.operator_text,
                        value: *v,
                        time,
                        entry: index - 1,
                    });
                }
            }
        }
    }
    out
}

/// Does the statement stop applying at some point (an end or a single instant)?
pub fn has_end(stmt: &Statement<'_>) -> bool {
    let Some(cond) = &stmt.condition else { return false };
    let ending = |b: OperatorBase| {
        matches!(
            b,
            OperatorBase::DateLessThan
                | OperatorBase::DateLessThanEquals
                | OperatorBase::NumericLessThan
                | OperatorBase::NumericLessThanEquals
                | OperatorBase::DateEquals
        )
    };
    ["aws:currenttime", "aws:epochtime"].iter().any(|k| {
        cond.entries_for(k)
            .any(|(b, _)| b.operator.is_some_and(|o| ending(o.base)))
    })
}
