//! What is still decoded at run time: an action's resource-type fields,
//! kept as text in the generated tables (`tables.rs`) because few rules ask
//! and most actions are never asked about.

use super::{ActionResource, Names};

/// `s` split at every `sep` byte (an ASCII separator): cheaper than
/// `str::split` on these short fields.
fn split(s: &'static str, sep: u8) -> impl Iterator<Item = &'static str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(sep, r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

fn list(field: Option<&'static str>) -> Names {
    Names::new(field.unwrap_or(""))
}

/// An action's resource-type fields (tab-separated, each
/// `<name>[*][=<keys>]`, `*` = required).
pub(crate) fn parse_resources(fields: &'static str) -> Vec<ActionResource> {
    if fields.is_empty() {
        return Vec::new();
    }
    split(fields, b'\t')
        .map(|r| {
            let (head, keys) = r.split_once('=').unwrap_or((r, ""));
            let (name, required) = match head.strip_suffix('*') {
                Some(n) => (n, true),
                None => (head, false),
            };
            ActionResource {
                name,
                required,
                condition_keys: list(Some(keys)),
            }
        })
        .collect()
}
