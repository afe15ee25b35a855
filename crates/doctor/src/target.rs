//! The three places rc-onboard talks to — the RingCentral server, the RingCentral developer console
//! and the provider's intake — and the check names of each one's network steps.

use url::{Host, Url};

use crate::check::{self, CheckName};

/// Which endpoint of the profile is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    RingCentral,
    Console,
    Intake,
}

/// The check names of one endpoint's steps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepNames {
    pub dns: CheckName,
    pub tcp: CheckName,
    pub tls: CheckName,
    pub http: CheckName,
}

impl Target {
    pub(crate) fn steps(self) -> StepNames {
        match self {
            Target::RingCentral => StepNames {
                dns: check::RINGCENTRAL_DNS,
                tcp: check::RINGCENTRAL_TCP,
                tls: check::RINGCENTRAL_TLS,
                http: check::RINGCENTRAL_HTTP,
            },
            Target::Console => StepNames {
                dns: check::CONSOLE_DNS,
                tcp: check::CONSOLE_TCP,
                tls: check::CONSOLE_TLS,
                http: check::CONSOLE_HTTP,
            },
            Target::Intake => StepNames {
                dns: check::INTAKE_DNS,
                tcp: check::INTAKE_TCP,
                tls: check::INTAKE_TLS,
                http: check::INTAKE_HTTP,
            },
        }
    }

    /// The profile key holding this endpoint's URL.
    pub(crate) fn profile_key(self) -> &'static str {
        match self {
            Target::RingCentral => "ringcentral.server",
            Target::Console => "ringcentral.console",
            Target::Intake => "intake.url",
        }
    }
}

/// One endpoint to check: its URL and where to connect.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub target: Target,
    pub url: Url,
    /// Host name or address as the resolver and TLS want it (IPv6 without brackets).
    pub host: String,
    pub port: u16,
    /// Who to contact when this endpoint is broken on their side.
    pub operator: String,
}

impl Endpoint {
    /// `None` when the URL has no host or no known port (a validated profile always has both).
    pub(crate) fn new(target: Target, url: &Url, operator: String) -> Option<Endpoint> {
        let host = match url.host()? {
            Host::Domain(name) => name.to_owned(),
            Host::Ipv4(ip) => ip.to_string(),
            Host::Ipv6(ip) => ip.to_string(),
        };
        Some(Endpoint {
            target,
            port: url.port_or_known_default()?,
            url: url.clone(),
            host,
            operator,
        })
    }

    pub(crate) fn is_https(&self) -> bool {
        self.url.scheme() == "https"
    }

    /// `host:port` as a person would write it.
    pub(crate) fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_know_host_port_and_scheme() {
        let url = Url::parse("https://platform.ringcentral.com").unwrap();
        let endpoint = Endpoint::new(Target::RingCentral, &url, "RingCentral".into()).unwrap();
        assert_eq!(endpoint.authority(), "platform.ringcentral.com:443");
        assert!(endpoint.is_https());
        let url = Url::parse("http://[::1]:8080/intake").unwrap();
        let endpoint = Endpoint::new(Target::Intake, &url, "Acme".into()).unwrap();
        assert_eq!(endpoint.host, "::1");
        assert_eq!(endpoint.authority(), "[::1]:8080");
        assert!(!endpoint.is_https());
        assert_eq!(endpoint.target.steps().tls.id, "intake.tls");
    }
}
