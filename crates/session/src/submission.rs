//! Turns a verified credential into the intake v1 request: seals the normalised JWT to the
//! provider's public key (once per submission) and attaches what verification established.

use rc_onboard_intake_protocol::{
    seal, ClientInfo, IntakeRequest, PublicKey, RingCentralFacts, SealError, SealedCredential,
    PROTOCOL_VERSION,
};
use rc_onboard_verify::engine::Verification;
use rc_onboard_verify::{Profile, SecretString};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// What verification established, safe to keep, show and send (no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedFacts {
    pub account_id: String,
    pub extension_id: String,
    pub permissions: Vec<String>,
    /// RFC 3339, or `None` when the credential never expires.
    pub credential_expires_at: Option<String>,
    /// RFC 3339.
    pub validated_at: String,
    /// Short SHA-256 fingerprint of the credential.
    pub fingerprint: String,
}

impl VerifiedFacts {
    /// What `verification` established, validated at `validated_at`.
    pub fn from_verification(
        verification: &Verification,
        validated_at: OffsetDateTime,
    ) -> VerifiedFacts {
        VerifiedFacts {
            account_id: verification.identity.account_id.clone(),
            extension_id: verification.identity.extension_id.clone(),
            permissions: verification.permissions.clone(),
            credential_expires_at: verification.expires_at.map(rfc3339),
            validated_at: rfc3339(validated_at),
            fingerprint: verification.credential.fingerprint.clone(),
        }
    }
}

/// A sealed submission, ready to queue and send unchanged on every attempt.
#[derive(Debug, Clone)]
pub struct PreparedSubmission {
    pub submission_id: String,
    pub body: Vec<u8>,
}

/// Why a submission could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum SubmissionError {
    #[error("the credential could not be sealed to the provider's key: {0}")]
    Seal(#[from] SealError),
    #[error("the request could not be encoded: {0}")]
    Encode(#[from] serde_json::Error),
}

/// RFC 3339 for a timestamp, falling back to the Unix seconds if formatting fails.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// The operating system name sent in `client.os`.
pub fn os_name() -> &'static str {
    std::env::consts::OS
}

/// Seals `jwt` for the profile's intake under a fresh submission id and builds the body.
pub fn prepare(
    profile: &Profile,
    facts: &VerifiedFacts,
    jwt: &SecretString,
) -> Result<PreparedSubmission, SubmissionError> {
    let submission_id = uuid::Uuid::new_v4().to_string();
    let recipient = PublicKey::from_bytes(profile.intake.public_key);
    let sealed: SealedCredential = seal(
        &recipient,
        &profile.intake.key_id,
        &submission_id,
        jwt.expose_secret().as_bytes(),
    )?;
    let request = IntakeRequest {
        version: PROTOCOL_VERSION,
        submission_id: submission_id.clone(),
        sealed_credential: sealed,
        ringcentral: RingCentralFacts {
            server: profile.ringcentral.server.to_string(),
            client_id: profile.ringcentral.client_id.clone(),
            account_id: facts.account_id.clone(),
            extension_id: facts.extension_id.clone(),
            permissions: facts.permissions.clone(),
            credential_expires_at: facts.credential_expires_at.clone(),
            validated_at: facts.validated_at.clone(),
        },
        client: ClientInfo {
            app: "rc-onboard".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            os: os_name().to_owned(),
        },
    };
    Ok(PreparedSubmission {
        submission_id,
        body: request.to_json()?,
    })
}

/// The RingCentral facts inside a stored request body (used to resume a queued submission).
pub fn facts_of_body(body: &[u8]) -> Option<RingCentralFacts> {
    IntakeRequest::from_json(body).ok().map(|r| r.ringcentral)
}
