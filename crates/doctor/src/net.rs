//! The first two network steps of an endpoint: DNS resolution and a TCP connection, each timed and
//! bounded by the doctor's timeout.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use tokio::net::TcpStream;

use crate::check::Check;
use crate::target::Endpoint;
use crate::text::{count, list_some};

/// Addresses shown in a DNS line before "and N more".
const ADDRESSES_SHOWN: usize = 4;

/// Resolves the endpoint's host; the addresses when it worked.
pub(crate) async fn resolve(
    endpoint: &Endpoint,
    timeout: Duration,
) -> (Check, Option<Vec<SocketAddr>>) {
    let name = endpoint.target.steps().dns;
    let started = Instant::now();
    if let Ok(ip) = endpoint.host.parse::<IpAddr>() {
        let detail = format!("{} is an IP address; nothing to resolve", endpoint.host);
        let addresses = vec![SocketAddr::new(ip, endpoint.port)];
        return (
            Check::pass(name, detail, started.elapsed()),
            Some(addresses),
        );
    }
    let lookup = tokio::net::lookup_host((endpoint.host.as_str(), endpoint.port));
    let outcome = tokio::time::timeout(timeout, lookup).await;
    let elapsed = started.elapsed();
    let key = endpoint.target.profile_key();
    let host = &endpoint.host;
    match outcome {
        Ok(Ok(found)) => {
            let mut addresses: Vec<SocketAddr> = Vec::new();
            for address in found {
                if !addresses.contains(&address) {
                    addresses.push(address);
                }
            }
            if addresses.is_empty() {
                let check = Check::fail(
                    name,
                    format!("{host} resolved to no addresses"),
                    dns_fix(host, key),
                    elapsed,
                );
                return (check, None);
            }
            let ips: Vec<IpAddr> = addresses.iter().map(SocketAddr::ip).collect();
            let detail = format!(
                "{host} → {}: {}",
                count(ips.len(), "address", "addresses"),
                list_some(&ips, ADDRESSES_SHOWN)
            );
            (Check::pass(name, detail, elapsed), Some(addresses))
        }
        Ok(Err(error)) => {
            let check = Check::fail(
                name,
                format!("{host} could not be resolved: {error}"),
                dns_fix(host, key),
                elapsed,
            );
            (check, None)
        }
        Err(_) => {
            let check = Check::fail(
                name,
                format!("no DNS answer for {host} within {} s", timeout.as_secs()),
                "The DNS server did not answer. Check this computer's network connection and DNS \
                 settings, then run the doctor again.",
                elapsed,
            );
            (check, None)
        }
    }
}

fn dns_fix(host: &str, key: &str) -> String {
    format!(
        "Check the host name in the profile (`{key}`) and this computer's network connection and DNS \
         settings; on a company network, ask IT whether {host} is blocked or needs a proxy."
    )
}

/// Opens a TCP connection to the first address that accepts one; the stream when it worked.
pub(crate) async fn connect(
    endpoint: &Endpoint,
    addresses: &[SocketAddr],
    timeout: Duration,
) -> (Check, Option<TcpStream>) {
    let name = endpoint.target.steps().tcp;
    let started = Instant::now();
    let attempt = async {
        let mut refusals: Vec<(SocketAddr, io::Error)> = Vec::new();
        for address in addresses {
            match TcpStream::connect(address).await {
                Ok(stream) => return Ok((stream, *address)),
                Err(error) => refusals.push((*address, error)),
            }
        }
        Err(refusals)
    };
    let outcome = tokio::time::timeout(timeout, attempt).await;
    let elapsed = started.elapsed();
    let authority = endpoint.authority();
    match outcome {
        Ok(Ok((stream, address))) => {
            let check = Check::pass(name, format!("connected to {address}"), elapsed);
            (check, Some(stream))
        }
        Ok(Err(refusals)) => {
            let reasons: Vec<String> = refusals
                .iter()
                .map(|(address, error)| format!("{address}: {error}"))
                .collect();
            let detail = format!(
                "could not connect to {authority} ({})",
                list_some(&reasons, ADDRESSES_SHOWN)
            );
            let fix = format!(
                "Nothing accepts connections at {authority}. Check `{}` in the profile and that the \
                 server is running; on a company network, ask IT whether outbound connections to port \
                 {} are allowed or need a proxy.",
                endpoint.target.profile_key(),
                endpoint.port
            );
            (Check::fail(name, detail, fix, elapsed), None)
        }
        Err(_) => {
            let detail = format!(
                "no TCP connection to {authority} within {} s",
                timeout.as_secs()
            );
            let fix = format!(
                "The connection attempt got no answer: a firewall may be silently dropping it, or the \
                 server is down. Ask IT whether outbound connections to {authority} are allowed; if \
                 they are, contact {}.",
                endpoint.operator
            );
            (Check::fail(name, detail, fix, elapsed), None)
        }
    }
}
