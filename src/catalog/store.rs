//! What is still decoded at run time: an action's resource-type fields,
//! kept as text in the generated tables (`tables.rs`) because few rules ask
//! and most actions are never asked about. They are split each time they
//! are asked for, into nothing allocated: a cache in each action record
//! made the records mutable statics, twice the size, in pages the loader
//! maps writable.

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
pub(crate) fn resources(fields: &'static str) -> impl Iterator<Item = ActionResource> + use<> {
    split(fields, b'\t').filter(|r| !r.is_empty()).map(|r| {
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
}
