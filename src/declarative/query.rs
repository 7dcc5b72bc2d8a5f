//! Running a check's JSONPaths over the normalised policy.

use jsonpath_rust::parser::model::JpQuery;
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::query::js_path_process;
use serde_json::Value;

use super::normalised::{Step, parse_path};

/// A compiled JSONPath.
pub struct Query {
    jp: JpQuery,
}

/// A selected node and its path.
pub struct Hit<'a> {
    pub value: &'a Value,
    path: String,
}

impl<'a> Hit<'a> {
    /// The node's path from the root the query ran on.
    pub fn path(&self) -> Vec<Step<'a>> {
        parse_path(&self.path).unwrap_or_default()
    }
}

impl Query {
    pub fn new(path: &str) -> Result<Query, String> {
        let jp = parse_json_path(path).map_err(|e| format!("invalid JSONPath `{path}`: {e}"))?;
        Ok(Query { jp })
    }

    /// The nodes the query selects under `root`, in the order jsonpath-rust gives them.
    pub fn nodes<'a>(&self, root: &'a Value) -> Vec<Hit<'a>> {
        js_path_process(&self.jp, root)
            .map(|hits| {
                hits.into_iter()
                    .map(|h| Hit {
                        value: h.val,
                        path: h.path,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Does the query select anything under `root`?
    pub fn any(&self, root: &Value) -> bool {
        js_path_process(&self.jp, root).is_ok_and(|r| !r.is_empty())
    }
}
