//! `rc-onboard://start?code=CODE` links: installers and provider e-mails open the assistant at
//! Welcome with the onboarding code filled in.

use url::Url;

/// The link scheme registered with the desktop.
pub const SCHEME: &str = "rc-onboard";

/// Refuses a launch where an argument is an `rc-onboard:` link but not the only argument: the
/// desktop registration passes a clicked link as one argument (`"%1"` on Windows), so anything
/// next to it was injected by the link itself (`rc-onboard://start?code=x" --profile evil.toml`).
/// Runs before the command line is parsed and before any window exists.
pub fn check_launch_arguments(
    arguments: impl IntoIterator<Item = std::ffi::OsString>,
) -> Result<(), String> {
    let arguments: Vec<std::ffi::OsString> = arguments.into_iter().collect();
    let has_link = arguments.iter().any(|argument| {
        let text = argument.to_string_lossy();
        let text = text.trim_start().trim_start_matches(['"', '\'']);
        text.get(..SCHEME.len() + 1)
            .is_some_and(|start| start.eq_ignore_ascii_case(&format!("{SCHEME}:")))
    });
    if has_link && arguments.len() != 1 {
        return Err(format!(
            "an {SCHEME}: link must be the only argument; refusing to start with {} other arguments next to it",
            arguments.len() - 1
        ));
    }
    Ok(())
}

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
    fn a_link_must_be_the_only_argument() {
        let arguments = |list: &[&str]| {
            list.iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
        };
        assert!(check_launch_arguments(arguments(&["rc-onboard://start?code=A"])).is_ok());
        assert!(check_launch_arguments(arguments(&["--profile", "a.toml", "check"])).is_ok());
        assert!(check_launch_arguments(arguments(&[])).is_ok());
        for injected in [
            &["rc-onboard://start?code=A", "--profile", "evil.toml"][..],
            &["--data-dir", "/tmp/x", "rc-onboard://start?code=A"],
            &["RC-ONBOARD://start?code=A", "check"],
            &["\"rc-onboard://start?code=A", "x"],
        ] {
            let problem = check_launch_arguments(arguments(injected)).unwrap_err();
            assert!(problem.contains("only argument"), "{problem}");
        }
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
