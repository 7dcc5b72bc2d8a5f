//! IP addresses and CIDR blocks as `aws:SourceIp` values.

use std::net::IpAddr;

/// An address and prefix length; a bare address is a /32 or /128.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse().ok().filter(|&n: &u8| n <= max)?,
            None => max,
        };
        Some(Cidr { addr, prefix })
    }

    fn bits(self) -> (u128, u32) {
        match self.addr {
            IpAddr::V4(v) => (u128::from(u32::from(v)), 32),
            IpAddr::V6(v) => (u128::from(v), 128),
        }
    }

    fn mask(prefix: u8, width: u32) -> u128 {
        if prefix == 0 {
            0
        } else {
            (u128::MAX << (width - u32::from(prefix))) & (u128::MAX >> (128 - width))
        }
    }

    /// Is every address of `self` inside `other`?
    pub fn within(self, other: Cidr) -> bool {
        let ((a, w), (b, ow)) = (self.bits(), other.bits());
        w == ow && self.prefix >= other.prefix && (a & Self::mask(other.prefix, w)) == (b & Self::mask(other.prefix, w))
    }

    /// Bits set below the prefix (`10.0.0.1/24`).
    pub fn has_host_bits(self) -> bool {
        let (a, w) = self.bits();
        a & !Self::mask(self.prefix, w) & (u128::MAX >> (128 - w)) != 0
    }
}

/// Private, loopback and link-local ranges: never the source of a request
/// that reaches AWS through a public endpoint.
pub const PRIVATE: [&str; 7] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "fc00::/7",
    "fe80::/10",
];

pub fn is_private(c: Cidr) -> bool {
    PRIVATE.iter().filter_map(|p| Cidr::parse(p)).any(|p| c.within(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        let c = |s| Cidr::parse(s).expect("parses");
        assert!(c("10.1.2.0/24").within(c("10.0.0.0/8")));
        assert!(!c("11.0.0.0/24").within(c("10.0.0.0/8")));
        assert!(c("203.0.113.7").within(c("203.0.113.0/24")));
        assert!(c("10.0.0.1/24").has_host_bits() && !c("10.0.0.0/24").has_host_bits());
        assert!(is_private(c("192.168.1.0/24")) && !is_private(c("8.8.8.8")));
        assert!(is_private(c("fd00::1/64")));
        assert!(Cidr::parse("10.0.0.0/33").is_none() && Cidr::parse("bogus").is_none());
    }
}
