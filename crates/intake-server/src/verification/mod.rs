//! Verification by the intake itself (`rc-intake serve --verify-profile FILE`): the provider
//! profile that names the RingCentral client secret, the same [`Verifier`] the app runs (one
//! token exchange, identity calls, revoke), the per-code allowance, and the verifications
//! remembered for the submission that follows.

mod allowance;
mod memory;

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use rc_onboard_verify::report::{CheckFailure, CheckSuccess};
use rc_onboard_verify::{
    ErrorKind, Profile, ProfileError, SecretString, Verifier, VerifierOptions, VerifyError,
};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

use crate::store::IntakeVerifiedFacts;

pub use allowance::{VerificationAllowance, ALLOWANCE_PER_CODE, ALLOWANCE_WINDOW};
pub use memory::{VerifiedCredentials, VerifiedIdentity, REMEMBER_FOR};

/// Why the verification profile is unusable.
#[derive(Debug, thiserror::Error)]
pub enum VerifyProfileError {
    /// The profile did not load.
    #[error("the verification profile does not load: {0}")]
    Profile(#[from] ProfileError),
    /// The profile names no client secret.
    #[error(
        "the verification profile names no RingCentral client secret; \
         set [ringcentral] client_secret_env (or client_secret)"
    )]
    NoClientSecret,
    /// The verification engine did not start.
    #[error("the verification engine did not start: {0}")]
    Engine(#[source] Box<VerifyError>),
}

/// What the check printed: exactly the object of `rc-onboard check --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CheckResult {
    /// `{"ok":true,…}`.
    Success(CheckSuccess),
    /// `{"ok":false,…}`.
    Failure(CheckFailure),
}

impl VerifiedIdentity {
    /// The identity and facts of a successful check.
    pub fn from_success(success: &CheckSuccess) -> Self {
        Self {
            account_id: success.identity.account_id.clone(),
            extension_id: success.identity.extension_id.clone(),
            facts: IntakeVerifiedFacts {
                permissions: success.permissions.clone(),
                credential_expires_at: success
                    .credential
                    .expires_at
                    .and_then(|at| at.format(&Rfc3339).ok()),
            },
        }
    }
}

impl CheckResult {
    /// `ok`, or the failure's error kind.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Self::Success(_) => "ok",
            Self::Failure(failure) => failure.error.kind.as_str(),
        }
    }

    /// The failure's kind, if it failed.
    pub fn failure_kind(&self) -> Option<ErrorKind> {
        match self {
            Self::Success(_) => None,
            Self::Failure(failure) => Some(failure.error.kind),
        }
    }
}

/// The intake's verification engine with the provider's profile and client secret.
#[derive(Clone)]
pub struct IntakeVerifier {
    inner: Arc<Inner>,
}

struct Inner {
    profile: Profile,
    client_secret: SecretString,
    verifier: Verifier,
}

impl fmt::Debug for IntakeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntakeVerifier")
            .field("client_id", &self.inner.profile.ringcentral.client_id)
            .finish_non_exhaustive()
    }
}

impl IntakeVerifier {
    /// Loads the profile at `path` and resolves its client secret.
    pub fn load(path: &Path) -> Result<Self, VerifyProfileError> {
        Self::new(Profile::load(path)?, VerifierOptions::default())
    }

    /// A verifier for `profile`, whose client secret must resolve.
    pub fn new(profile: Profile, options: VerifierOptions) -> Result<Self, VerifyProfileError> {
        let client_secret = profile
            .client_secret()?
            .ok_or(VerifyProfileError::NoClientSecret)?;
        let verifier =
            Verifier::new(options).map_err(|e| VerifyProfileError::Engine(Box::new(e)))?;
        Ok(Self {
            inner: Arc::new(Inner {
                profile,
                client_secret,
                verifier,
            }),
        })
    }

    /// Verifies `jwt` as the app does (one token exchange), waits for the session's revoke,
    /// and returns what `check --json` prints.
    pub async fn verify(&self, jwt: &SecretString) -> CheckResult {
        let inner = &self.inner;
        match inner
            .verifier
            .verify(&inner.profile, &inner.client_secret, jwt, &|_| {})
            .await
        {
            Ok(verification) => {
                let success = CheckSuccess::from_verification(&verification);
                if let Err(error) = verification.revoke.finish().await {
                    tracing::warn!(kind = %error.kind(), "revoking the verification session failed");
                }
                CheckResult::Success(success)
            }
            Err(error) => CheckResult::Failure(CheckFailure::from_error(&error)),
        }
    }
}
