//! Which hosts a profile may name for RingCentral: the documented API and developer-console hosts,
//! by exact name, or this computer (the simulator). A profile pointing `ringcentral.server`
//! anywhere else would have the client secret and the customer's JWT sent there.

use url::{Host, Url};

use crate::url_rule::is_loopback_url;

/// RingCentral's documented REST API hosts: production and the (retiring) sandbox.
pub const RINGCENTRAL_API_HOSTS: &[&str] = &[
    "platform.ringcentral.com",
    "platform.devtest.ringcentral.com",
];

/// RingCentral's developer console host.
pub const RINGCENTRAL_CONSOLE_HOSTS: &[&str] = &["developers.ringcentral.com"];

/// Whether `url` is `https://` to one of `hosts` (exact name, default port, no trailing dot) or
/// points at this computer.
pub fn is_allowed_ringcentral_url(url: &Url, hosts: &[&str]) -> bool {
    if is_loopback_url(url) {
        return true;
    }
    url.scheme() == "https"
        && url.port().is_none()
        && matches!(url.host(), Some(Host::Domain(name)) if hosts.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(text: &str, hosts: &[&str]) -> bool {
        is_allowed_ringcentral_url(&Url::parse(text).unwrap(), hosts)
    }

    #[test]
    fn only_documented_hosts_or_loopback() {
        for ok in [
            "https://platform.ringcentral.com",
            "https://PLATFORM.RingCentral.com/",
            "https://platform.devtest.ringcentral.com",
            "http://127.0.0.1:9000/sim",
            "http://localhost:4000",
            "https://[::1]:8443",
        ] {
            assert!(allowed(ok, RINGCENTRAL_API_HOSTS), "{ok}");
        }
        for bad in [
            "https://platform.ringcentraI.com",
            "https://platform.ringcentral.com.evil.example",
            "https://platform.ringcentral.com.",
            "https://evil.example/platform.ringcentral.com",
            "https://рlatform.ringcentral.com",
            "https://platform.ringcentral.com:8443",
            "https://ringcentral.com",
            "https://developers.ringcentral.com",
            "https://1.2.3.4",
            "http://platform.ringcentral.com",
        ] {
            assert!(!allowed(bad, RINGCENTRAL_API_HOSTS), "{bad}");
        }
        assert!(allowed(
            "https://developers.ringcentral.com",
            RINGCENTRAL_CONSOLE_HOSTS
        ));
        assert!(!allowed(
            "https://platform.ringcentral.com",
            RINGCENTRAL_CONSOLE_HOSTS
        ));
    }
}
