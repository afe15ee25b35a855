//! Invariants of the provider-profile parser ([`Profile::from_toml_str`]) on arbitrary bytes, shared
//! by the `profile` fuzz target and the corpus replay in `crates/verify/tests/fuzz_corpus.rs`.
//!
//! Beyond "no panic": an accepted profile only ever points at `https://` or loopback `http://`
//! URLs without user names or passwords, keeps its logo inside the profile's folder, has a
//! well-formed client id, colour and name, and never shows an inline client secret through
//! `Debug`; a refused profile gives an error whose text is safe to print to a terminal.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Component, Path};

use url::{Host, Url};

use crate::{ClientSecretSource, Profile, ProfileError};

/// The file name every parse is attributed to.
pub const ORIGIN: &str = "fuzz/provider.toml";

/// Parses `data` (invalid UTF-8 becomes U+FFFD) and checks every invariant; panics on a
/// violation.
pub fn check(data: &[u8]) -> Result<Profile, ProfileError> {
    let text = String::from_utf8_lossy(data);
    let origin = Path::new(ORIGIN);
    let parsed = Profile::from_toml_str(&text, origin);
    match &parsed {
        Ok(profile) => check_accepted(profile),
        Err(error) => check_refused(error, origin),
    }
    parsed
}

fn check_accepted(profile: &Profile) {
    let rc = &profile.ringcentral;
    let mut urls = vec![
        ("ringcentral.server", &rc.server),
        ("ringcentral.console", &rc.console),
        ("intake.url", &profile.intake.url),
    ];
    if let Some(support) = &profile.provider.support_url {
        urls.push(("provider.support_url", support));
    }
    for (key, url) in urls {
        assert!(
            is_https_or_loopback_http(url),
            "{key} accepted a URL that is neither https nor loopback http: {url}"
        );
        assert!(
            url.username().is_empty() && url.password().is_none(),
            "{key} accepted credentials in the URL: {url}"
        );
    }
    for (key, url) in [
        ("ringcentral.server", &rc.server),
        ("ringcentral.console", &rc.console),
    ] {
        assert!(
            url.query().is_none() && url.fragment().is_none(),
            "{key}: {url}"
        );
    }
    let console = profile.console_create_url();
    assert!(is_https_or_loopback_http(&console), "{console}");
    assert_eq!(console.host_str(), rc.console.host_str());

    assert!(!rc.client_id.is_empty() && rc.client_id.len() <= 128);
    assert!(rc
        .client_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')));
    for permission in &rc.required_permissions {
        assert!(!permission.is_empty() && permission.bytes().all(|b| b.is_ascii_alphanumeric()));
    }

    let provider = &profile.provider;
    assert!(!provider.name.is_empty() && provider.name.chars().count() <= 120);
    assert!(provider.name.chars().all(is_plain), "{:?}", provider.name);
    if let Some(color) = &provider.accent_color {
        assert!(color.len() == 7 && color.starts_with('#'), "{color:?}");
    }
    if let Some(email) = &provider.support_email {
        assert!(
            email.contains('@') && email.chars().all(is_plain),
            "{email:?}"
        );
    }
    if let Some(logo) = &provider.logo {
        let folder = Path::new(ORIGIN).parent().unwrap_or(Path::new(""));
        let inside = logo.strip_prefix(folder).map(|rest| {
            rest.components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        });
        assert_eq!(
            inside,
            Ok(true),
            "logo escapes the profile folder: {logo:?}"
        );
    }
    if let Some(pin) = &profile.intake.spki_pin {
        assert_eq!(pin.len(), 32);
    }

    if let ClientSecretSource::Inline(secret) = &rc.client_secret {
        let value = secret.expose_secret();
        let shown = format!("{profile:?} {profile}");
        if value.len() >= 8 && shown.contains(value) {
            // Only acceptable when another field holds the same text.
            let mut without = profile.clone();
            without.ringcentral.client_secret = ClientSecretSource::None;
            let shown_without = format!("{without:?} {without}");
            assert!(
                shown_without.contains(value),
                "Debug or Display shows the inline client secret"
            );
        }
    }
}

fn check_refused(error: &ProfileError, origin: &Path) {
    assert_eq!(error.path(), origin);
    let text = error.to_string();
    assert!(!text.is_empty());
    assert!(
        text.chars().all(|c| c == '\n' || is_plain(c)),
        "the error is not safe to print: {text:?}"
    );
    if let Some(key) = error.key() {
        assert!(key.chars().all(is_plain), "{key:?}");
    }
}

/// Written independently of the parser: https with a host, or http to 127.0.0.0/8, ::1 or
/// `localhost`.
pub fn is_https_or_loopback_http(url: &Url) -> bool {
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => true,
        ("http", Some(Host::Ipv4(ip))) => ip.octets()[0] == 127,
        ("http", Some(Host::Ipv6(ip))) => ip == Ipv6Addr::LOCALHOST,
        ("http", Some(Host::Domain(name))) => {
            name.eq_ignore_ascii_case("localhost")
                || matches!(name.parse::<IpAddr>(), Ok(IpAddr::V4(ip)) if ip.octets()[0] == Ipv4Addr::LOCALHOST.octets()[0])
                || matches!(name.parse::<IpAddr>(), Ok(IpAddr::V6(ip)) if ip == Ipv6Addr::LOCALHOST)
        }
        _ => false,
    }
}

/// Not a control character, not a zero-width or direction-changing character.
fn is_plain(c: char) -> bool {
    !rc_onboard_core::text::is_unsafe_char(c)
}
