//! Bundled facts about AWS that rules consult: vendor accounts and the service
//! principals that act for many customers. Kept in `data/*.toml` (with the
//! public source of every entry), compiled in (as JSON, see `data_json!`), parsed once on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VendorFile {
    vendor: Vec<Vendor>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vendor {
    name: String,
    accounts: Vec<String>,
    #[allow(dead_code)] // provenance, for people reading the data
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceFile {
    service: Vec<Service>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Service {
    principal: String,
    #[allow(dead_code)] // provenance, for people reading the data
    source: String,
}

/// The vendor that owns `account`, from the bundled list.
pub fn vendor(account: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let file: VendorFile =
            serde_json::from_str(data_json!("vendor-accounts")).expect("data/vendor-accounts.toml is checked by tests");
        file.vendor
            .into_iter()
            .flat_map(|v| v.accounts.into_iter().map(move |a| (a, v.name.clone())))
            .collect()
    })
    .get(account)
    .map(String::as_str)
}

/// Does the service behind this principal assume roles for many customers, so
/// that AWS's confused-deputy guidance asks for `aws:SourceAccount`/`aws:SourceArn`?
pub fn acts_for_other_accounts(service_principal: &str) -> bool {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        let file: ServiceFile = serde_json::from_str(data_json!("confused-deputy-services"))
            .expect("data/confused-deputy-services.toml is checked by tests");
        file.service.into_iter().map(|s| s.principal).collect()
    })
    .iter()
    .any(|p| p.eq_ignore_ascii_case(service_principal))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VENDOR_ACCOUNTS: &str = include_str!("../data/vendor-accounts.toml");
    const CONFUSED_DEPUTY_SERVICES: &str = include_str!("../data/confused-deputy-services.toml");

    #[test]
    fn data_files_load() {
        let vendors: VendorFile = toml::from_str(VENDOR_ACCOUNTS).expect("vendor list parses");
        for v in &vendors.vendor {
            for a in &v.accounts {
                assert!(crate::policy::arn::is_account_id(a), "{}: {a}", v.name);
            }
            assert!(v.source.starts_with("https://"), "{}", v.name);
        }
        let services: ServiceFile = toml::from_str(CONFUSED_DEPUTY_SERVICES).expect("service list parses");
        assert!(!services.service.is_empty());
        for s in &services.service {
            assert_eq!(s.principal, s.principal.to_ascii_lowercase());
            assert!(s.source.starts_with("https://"), "{}", s.principal);
        }
        assert!(!acts_for_other_accounts("lambda.amazonaws.com"));
    }
}
