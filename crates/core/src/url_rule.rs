//! The URL rule for anything rc-onboard contacts or shows as a link: `https://`, or `http://` only
//! to a loopback host (127.0.0.0/8, `::1` or `localhost`), where no network sees the traffic.
//! The profile parser, the RingCentral client, the intake client and the doctor all use it.

use std::net::{IpAddr, Ipv6Addr};

use url::{Host, Url};

/// Why a URL breaks the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlRuleError {
    /// `http://` to a host other than this machine.
    #[error("plain http is allowed only to this computer (loopback); use https")]
    PlainHttpOffLoopback,
    /// Neither `https` nor `http`.
    #[error("unsupported scheme {scheme:?}; use https")]
    UnsupportedScheme {
        /// The URL's scheme.
        scheme: String,
    },
    /// An `https://` URL without a host.
    #[error("the URL has no host")]
    NoHost,
}

/// Whether `url` may be used: https with a host, or http to a loopback host.
pub fn is_allowed_url(url: &Url) -> bool {
    check_url_scheme(url).is_ok()
}

/// [`is_allowed_url`], saying why a URL is refused.
pub fn check_url_scheme(url: &Url) -> Result<(), UrlRuleError> {
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "https" => Err(UrlRuleError::NoHost),
        "http" if is_loopback_url(url) => Ok(()),
        "http" => Err(UrlRuleError::PlainHttpOffLoopback),
        other => Err(UrlRuleError::UnsupportedScheme {
            scheme: other.to_owned(),
        }),
    }
}

/// Whether `url` points at this machine (127.0.0.0/8, ::1 or localhost).
pub fn is_loopback_url(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip == Ipv6Addr::LOCALHOST,
        Some(Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name
                    .parse::<IpAddr>()
                    .map(|ip| ip.is_loopback())
                    .unwrap_or(false)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn https_anywhere_and_http_only_on_loopback() {
        for ok in [
            "https://intake.example/v1/submissions",
            "https://platform.ringcentral.com",
            "http://127.0.0.1:8080/v1/submissions",
            "http://127.8.9.10/x",
            "http://[::1]:9000/x",
            "http://localhost:3000/x",
            "http://LOCALHOST/x",
        ] {
            assert!(is_allowed_url(&url(ok)), "{ok}");
        }
        for bad in [
            "http://intake.example/v1",
            "http://10.0.0.1/x",
            "http://192.168.1.1",
            "http://localhost.evil.example/x",
            "http://[::2]/x",
        ] {
            assert_eq!(
                check_url_scheme(&url(bad)),
                Err(UrlRuleError::PlainHttpOffLoopback),
                "{bad}"
            );
        }
        for bad in ["ftp://intake.example/x", "file:///etc/passwd", "data:,x"] {
            assert!(
                matches!(
                    check_url_scheme(&url(bad)),
                    Err(UrlRuleError::UnsupportedScheme { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_url(&url("http://127.0.0.1/")));
        assert!(is_loopback_url(&url("https://localhost/")));
        assert!(is_loopback_url(&url("http://[::1]/")));
        assert!(!is_loopback_url(&url("http://128.0.0.1/")));
        assert!(!is_loopback_url(&url("file:///tmp/x")));
    }
}
