//! `rc-onboard://start?code=CODE` links: installers and provider e-mails open the assistant at
//! Welcome with the onboarding code filled in.

use url::Url;

/// The link scheme registered with the desktop.
pub const SCHEME: &str = "rc-onboard";

/// The onboarding code in a start link, or why the link is not one.
pub fn code_from_link(link: &str) -> Result<String, String> {
    let url = Url::parse(link.trim()).map_err(|_| {
        "that is not an rc-onboard link (expected rc-onboard://start?code=CODE)".to_owned()
    })?;
    if url.scheme() != SCHEME || url.host_str() != Some("start") {
        return Err(format!(
            "unsupported link {}://{}: only {SCHEME}://start?code=CODE is understood",
            url.scheme(),
            url.host_str().unwrap_or("")
        ));
    }
    url.query_pairs()
        .find(|(name, _)| name == "code")
        .map(|(_, value)| value.trim().to_owned())
        .filter(|code| !code.is_empty())
        .ok_or_else(|| "the link has no onboarding code (expected ?code=CODE)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_code_of_a_start_link() {
        assert_eq!(
            code_from_link("rc-onboard://start?code=ABCD-1234").unwrap(),
            "ABCD-1234"
        );
        assert_eq!(
            code_from_link(" rc-onboard://start?x=1&code=a%20b ").unwrap(),
            "a b"
        );
    }

    #[test]
    fn refuses_other_links() {
        assert!(code_from_link("https://start?code=x").is_err());
        assert!(code_from_link("rc-onboard://other?code=x").is_err());
        assert!(code_from_link("rc-onboard://start")
            .unwrap_err()
            .contains("no onboarding code"));
        assert!(code_from_link("rc-onboard://start?code=").is_err());
        assert!(code_from_link("not a link").is_err());
    }
}
