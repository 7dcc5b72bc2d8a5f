//! TL025 private-ip-condition: `aws:SourceIp` with only private ranges (never
//! seen on requests through public endpoints); host bits set in a CIDR.

use crate::diagnostic::Severity;
use crate::policy::ip::{Cidr, is_private};
use crate::policy::OperatorBase;
use crate::rules::Ctx;

pub fn check(ctx: &mut Ctx<'_, '_>) {
    for stmt in &ctx.policy.statements {
        let Some(cond) = &stmt.condition else { continue };
        for (block, entry) in cond.entries_for("aws:sourceip") {
            let ip_op = block
                .operator
                .is_some_and(|o| matches!(o.base, OperatorBase::IpAddress | OperatorBase::NotIpAddress));
            if !ip_op {
                continue;
            }
            let parsed: Vec<(Cidr, &crate::policy::Text<'_>)> =
                entry.values.iter().filter_map(|v| Cidr::parse(v.value).map(|c| (c, v))).collect();
            if !parsed.is_empty() && parsed.len() == entry.values.len() && parsed.iter().all(|(c, _)| is_private(*c)) {
                let f = ctx
                    .finding(entry.key.span, "`aws:SourceIp` lists only private addresses")
                    .label("private ranges never appear here")
                    .secondary(parsed[0].1.span, "a private range")
                    .note("aws:SourceIp holds the public address a request comes from; requests from a VPC through an endpoint carry aws:VpcSourceIp instead, so this condition never matches (in a Deny, it never denies)")
                    .help("for traffic through VPC endpoints use \"aws:VpcSourceIp\" (with aws:SourceVpc or aws:SourceVpce); for the internet, list your public egress addresses");
                ctx.report(f);
            }
            for (c, v) in parsed.iter().filter(|(c, _)| c.has_host_bits()) {
                let f = ctx
                    .finding(v.span, format!("the CIDR block \"{}\" has host bits set", v.value))
                    .label(format!("the network is {}/{}", network(*c), c.prefix))
                    .severity(Severity::Info)
                    .note("AWS uses only the network part; writing an address inside it suggests a different range was meant")
                    .help(format!("write \"{}/{}\"", network(*c), c.prefix));
                ctx.report(f);
            }
        }
    }
}

fn network(c: Cidr) -> String {
    match c.addr {
        std::net::IpAddr::V4(v) => {
            let mask = if c.prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(c.prefix)) };
            std::net::Ipv4Addr::from(u32::from(v) & mask).to_string()
        }
        std::net::IpAddr::V6(v) => {
            let mask = if c.prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(c.prefix)) };
            std::net::Ipv6Addr::from(u128::from(v) & mask).to_string()
        }
    }
}
