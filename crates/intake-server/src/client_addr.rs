//! The client address used for per-address limits. Behind a TLS-terminating proxy every request
//! arrives from the proxy's address, so the address the proxy saw is taken from
//! `X-Forwarded-For` — but only when the request comes from a proxy the operator named with
//! `--trust-proxy`; from anyone else the header is ignored (a client could send any value).

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The networks whose requests may name the client address in `X-Forwarded-For`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
}

/// A `--trust-proxy` value that is not an address or CIDR network.
#[derive(Debug, thiserror::Error)]
#[error("--trust-proxy {value:?} is not an IP address or CIDR network such as 10.0.0.0/8")]
pub struct TrustedProxyError {
    value: String,
}

impl TrustedProxies {
    /// Trusts nobody: the peer address is always the client address.
    pub fn none() -> Self {
        Self::default()
    }

    /// Parses `--trust-proxy` values: CIDR networks (`10.0.0.0/8`) or single addresses.
    pub fn parse<S: AsRef<str>>(values: &[S]) -> Result<Self, TrustedProxyError> {
        let networks = values
            .iter()
            .map(|value| {
                let value = value.as_ref().trim();
                value
                    .parse::<IpNet>()
                    .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| TrustedProxyError {
                        value: value.to_owned(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { networks })
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.networks.iter().any(|net| net.contains(&address))
    }

    /// The address of the client behind `peer`: `peer` itself unless `peer` is a trusted
    /// proxy, then the right-most `X-Forwarded-For` entry that is not a trusted proxy (entries
    /// to its left were written by the client and prove nothing). A missing or unreadable header
    /// leaves the peer's address.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut chain: Vec<IpAddr> = Vec::new();
        for value in headers.get_all("x-forwarded-for") {
            let Ok(text) = value.to_str() else {
                return peer;
            };
            for entry in text.split(',') {
                match entry.trim().parse::<IpAddr>() {
                    Ok(address) => chain.push(canonical(address)),
                    Err(_) => return peer,
                }
            }
        }
        chain
            .into_iter()
            .rev()
            .find(|address| !self.trusts(*address))
            .unwrap_or(peer)
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) compare as the IPv4 address they carry.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test address")
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(
                "x-forwarded-for",
                HeaderValue::from_str(value).expect("test header"),
            );
        }
        headers
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let proxies = TrustedProxies::none();
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(proxies.client_ip(ip("10.0.0.5"), &headers), ip("10.0.0.5"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8"]).expect("parses");
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(
            proxies.client_ip(ip("10.0.0.5"), &headers),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_spoof_the_header() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8"]).expect("parses");
        let headers = forwarded(&["198.51.100.1"]);
        assert_eq!(
            proxies.client_ip(ip("203.0.113.9"), &headers),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn entries_the_client_wrote_to_the_left_are_skipped() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8", "192.0.2.1"]).expect("parses");
        // The client sent "1.2.3.4" itself; the edge proxy 192.0.2.1 appended the real address,
        // the inner proxy appended the edge proxy's.
        let headers = forwarded(&["1.2.3.4, 203.0.113.7", "192.0.2.1"]);
        assert_eq!(
            proxies.client_ip(ip("10.1.2.3"), &headers),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn unreadable_or_missing_headers_leave_the_peer() {
        let proxies = TrustedProxies::parse(&["127.0.0.1"]).expect("parses");
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        let headers = forwarded(&["not-an-address"]);
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), &headers),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn mapped_ipv6_peers_match_ipv4_networks() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8"]).expect("parses");
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(
            proxies.client_ip(ip("::ffff:10.0.0.5"), &headers),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn bad_values_are_refused_by_name() {
        let error = TrustedProxies::parse(&["10.0.0.0/33"]).expect_err("refused");
        assert!(error.to_string().contains("10.0.0.0/33"));
        assert!(TrustedProxies::parse(&["proxy.example"]).is_err());
    }
}
