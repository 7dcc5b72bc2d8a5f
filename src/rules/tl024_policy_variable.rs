//! TL024 policy-variable: a malformed `${...}`, a variable where IAM does not
//! substitute one, or any variable in a policy whose Version disables them.

use crate::policy::Text;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    // A file whose text has no `${` (nor a `\u` escape, which could spell
    // one) has no variable: two searches of the text, not one per value.
    let text = ctx.file.text.as_bytes();
    if memchr::memmem::find(text, b"${").is_none() && memchr::memmem::find(text, b"\\u").is_none() {
        return;
    }
    let policy = ctx.policy;
    let legacy = policy.version.and_then(|v| v.value.as_str()) != Some("2012-10-17");
    // Walked in place, not gathered into lists first: a policy of ten
    // thousand actions made lists of as many entries.
    for stmt in &policy.statements {
        let resources = stmt.resource.iter().flat_map(|r| r.items.iter());
        let values = stmt
            .condition
            .iter()
            .flat_map(|c| c.blocks.iter().flat_map(|b| &b.entries).flat_map(|e| e.values.iter()));
        for t in resources.chain(values) {
            if let Some(problem) = malformed(t.value) {
                report(ctx, t, format!("malformed policy variable in \"{}\": {problem}", t.value), "write variables as ${aws:username}");
            } else if legacy && has_variable(t.value) {
                let f = ctx
                    .finding(t.span, format!("\"{}\" uses a policy variable, but the policy's Version is not 2012-10-17", t.value))
                    .label("compared as literal text")
                    .note("policy variables are substituted only in policies with \"Version\": \"2012-10-17\"; here the value matches only the literal `${...}` text")
                    .help("write \"Version\": \"2012-10-17\"");
                ctx.report(f);
            }
        }
        let actions = stmt.action.iter().flat_map(|a| a.items.iter().map(|t| (t, "Action")));
        let principals = stmt
            .principal
            .iter()
            .filter_map(|p| match &p.value {
                crate::policy::PrincipalValue::Map(entries) => Some(entries),
                _ => None,
            })
            .flatten()
            .flat_map(|e| e.values.iter().map(|t| (t, "Principal")));
        for (t, element) in actions.chain(principals) {
            if has_variable(t.value) {
                report(
                    ctx,
                    t,
                    format!("a policy variable in `{element}` (\"{}\") is not substituted", t.value),
                    "variables work only in Resource and in condition values",
                );
            }
        }
    }
}

fn report(ctx: &mut Ctx<'_, '_>, t: &Text<'_>, message: String, help: &'static str) {
    let f = ctx
        .finding(t.span, message)
        .label("not a valid policy variable here")
        .note("AWS rejects a malformed variable; a variable where IAM does not substitute is compared as literal text")
        .help(help);
    ctx.report(f);
}

/// Whether `v` has a `${`: a byte search, where `str::contains` sets up a
/// substring search for every value of every policy.
fn has_variable(v: &str) -> bool {
    let b = v.as_bytes();
    memchr::memchr_iter(b'$', b).any(|i| b.get(i + 1) == Some(&b'{'))
}

/// What is wrong with the `${...}` in `v`, if anything.
fn malformed(v: &str) -> Option<&'static str> {
    if !has_variable(v) {
        return None;
    }
    let mut rest = v;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else { return Some("`${` is never closed") };
        // `${aws:username, 'guest'}`: a variable with a default value.
        let name = match after[..end].split_once(',') {
            Some((n, default)) => {
                let d = default.trim();
                if !(d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'')) {
                    return Some("a default value is written `, 'value'`");
                }
                n
            }
            None => &after[..end],
        };
        if name.is_empty() {
            return Some("`${}` is empty");
        }
        if name.contains(char::is_whitespace) {
            return Some("a variable name has white space");
        }
        if name.contains("${") {
            return Some("variables cannot nest");
        }
        rest = &after[end + 1..];
    }
    None
}
