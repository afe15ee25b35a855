//! The profile check: did the provider profile load, and can its client secret be found. A profile
//! that cannot be used stops the network checks, which need its URLs.

use std::time::Duration;

use rc_onboard_core::{ClientSecretSource, Profile, ProfileError};

use crate::check::{self, Check};

/// The profile line.
pub(crate) fn check_profile(profile: &Result<Profile, ProfileError>) -> Check {
    let profile = match profile {
        Ok(profile) => profile,
        Err(error) => return profile_failure(error),
    };
    let secret = match &profile.ringcentral.client_secret {
        ClientSecretSource::Inline(_) => "client secret in the profile".to_owned(),
        ClientSecretSource::None => {
            "no client secret in the profile (the OS keyring's is used)".to_owned()
        }
        ClientSecretSource::Env(var) => match profile.client_secret() {
            Ok(_) => format!("client secret from ${var}"),
            Err(error) => return profile_failure(&error),
        },
    };
    Check::pass(
        check::PROFILE,
        format!(
            "{} from {}: client ID {}, {secret}",
            profile.provider.name,
            profile.origin.display(),
            profile.ringcentral.client_id
        ),
        Duration::ZERO,
    )
}

fn profile_failure(error: &ProfileError) -> Check {
    Check::fail(
        check::PROFILE,
        error.to_string(),
        format!(
            "Correct {} as the message says, or ask the provider for a current profile; the network \
             checks need a valid profile.",
            error.path().display()
        ),
        Duration::ZERO,
    )
}

/// Who to contact about the intake: the provider, with its support address when the profile has one.
pub(crate) fn provider_contact(profile: &Profile) -> String {
    let provider = &profile.provider;
    match (&provider.support_email, &provider.support_url) {
        (Some(email), _) => format!("{} ({email})", provider.name),
        (None, Some(url)) => format!("{} ({url})", provider.name),
        (None, None) => format!("{}'s support", provider.name),
    }
}
