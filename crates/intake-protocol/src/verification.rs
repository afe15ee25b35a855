//! Verification through the intake: the request body of `POST {verify_url}`, its HPKE envelope
//! (aad = `verify:` + verification id, so it can never pass for a submission and a submission
//! can never pass for it), the 200 answer, and the default `verify_url` of a profile.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::keys::{PrivateKey, PublicKey};
use crate::request::{
    check_request_id, check_version, parse_v1, ClientInfo, RequestError, SealedCredential,
};
use crate::seal::{open_with_aad, seal_with_aad, OpenError, SealError};

/// Prefix of the aad of a verification envelope: aad = `verify:` + verification id (ASCII).
pub const VERIFICATION_AAD_PREFIX: &str = "verify:";

/// The last path segment of the verification endpoint (`…/v1/verifications`).
pub const VERIFICATIONS_PATH_SEGMENT: &str = "verifications";

/// The JSON body of a verification request: the sealed credential and the sending client. It
/// carries no RingCentral facts: the intake establishes them itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRequest {
    /// Always [`PROTOCOL_VERSION`] (1).
    pub version: u32,
    /// UUID (version 4, hyphenated), fresh for every verification; the envelope's aad is
    /// `verify:` followed by it.
    pub verification_id: String,
    /// The HPKE envelope of the normalised credential, sealed with [`seal_verification`].
    pub sealed_credential: SealedCredential,
    /// Which client asks.
    pub client: ClientInfo,
}

impl VerificationRequest {
    /// Parses and validates a body: the version first, then the v1 shape, then
    /// [`VerificationRequest::validate`]. Unknown fields are ignored.
    pub fn from_json(body: &[u8]) -> Result<Self, RequestError> {
        parse_v1(body, Self::validate)
    }

    /// The JSON body to send.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }

    /// Checks values the types cannot: version, verification id, the envelope's suite, key id,
    /// encodings and lengths, and a non-empty `client.app`.
    pub fn validate(&self) -> Result<(), RequestError> {
        check_version(self.version)?;
        check_request_id("verification_id", &self.verification_id)?;
        self.sealed_credential.validate()?;
        if self.client.app.trim().is_empty() {
            return Err(RequestError::InvalidField {
                field: "client.app",
                reason: "must not be empty".to_owned(),
            });
        }
        Ok(())
    }
}

/// The 200 answer of `POST {verify_url}`: `{"verification_id":"…","result":R}`, where `R` is
/// exactly the object `rc-onboard check --json` prints (success or failure). The protocol does
/// not define `R` itself: client and intake both instantiate it with the verification crate's
/// check report, so there is one definition of that shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationAnswer<R> {
    /// The request's `verification_id`.
    pub verification_id: String,
    /// The check result.
    pub result: R,
}

/// The aad of a verification envelope: the ASCII bytes of `verify:` + `verification_id`.
pub fn verification_aad(verification_id: &str) -> Vec<u8> {
    format!("{VERIFICATION_AAD_PREFIX}{verification_id}").into_bytes()
}

/// Seals `plaintext` (the normalised JWT) to `recipient` for the verification
/// `verification_id`. The result does not open as a submission.
pub fn seal_verification(
    recipient: &PublicKey,
    key_id: &str,
    verification_id: &str,
    plaintext: &[u8],
) -> Result<SealedCredential, SealError> {
    seal_with_aad(
        recipient,
        key_id,
        &verification_aad(verification_id),
        plaintext,
    )
}

/// Opens an envelope sealed by [`seal_verification`] for `verification_id`. A submission
/// envelope does not open here. The caller picks `private` by `sealed.key_id`.
pub fn open_verification(
    private: &PrivateKey,
    sealed: &SealedCredential,
    verification_id: &str,
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    open_with_aad(private, sealed, &verification_aad(verification_id))
}

/// The default `verify_url` of a profile: the submissions `url` with its last path segment
/// replaced by `verifications` (`https://h/v1/submissions` → `https://h/v1/verifications`). A
/// trailing `/` is ignored; a URL without a path gets `/verifications`.
pub fn default_verify_url(submissions_url: &str) -> String {
    let trimmed = submissions_url.trim_end_matches('/');
    let authority_end = trimmed.find("://").map_or(0, |i| i + 3);
    match trimmed[authority_end..].rfind('/') {
        Some(slash) => format!(
            "{}{VERIFICATIONS_PATH_SEGMENT}",
            &trimmed[..authority_end + slash + 1]
        ),
        None => format!("{trimmed}/{VERIFICATIONS_PATH_SEGMENT}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{open, seal, KeyPair, SUITE};

    const ID: &str = "6a0e4b1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
    const JWT: &[u8] = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMDEifQ.c2ln";

    fn sample(pair: &KeyPair) -> VerificationRequest {
        VerificationRequest {
            version: 1,
            verification_id: ID.into(),
            sealed_credential: seal_verification(pair.public_key(), "2026-11", ID, JWT).unwrap(),
            client: ClientInfo {
                app: "rc-onboard".into(),
                version: "0.1.0".into(),
                os: "linux".into(),
            },
        }
    }

    #[test]
    fn round_trips_and_opens() {
        let pair = KeyPair::generate().unwrap();
        let request = sample(&pair);
        assert_eq!(request.sealed_credential.suite, SUITE);
        let json = request.to_json().unwrap();
        let parsed = VerificationRequest::from_json(&json).unwrap();
        assert_eq!(parsed, request);
        let opened = open_verification(pair.private_key(), &parsed.sealed_credential, ID).unwrap();
        assert_eq!(opened.as_slice(), JWT);
    }

    #[test]
    fn a_verification_envelope_never_opens_as_a_submission() {
        let pair = KeyPair::generate().unwrap();
        let sealed = seal_verification(pair.public_key(), "k", ID, JWT).unwrap();
        assert!(matches!(
            open(pair.private_key(), &sealed, ID),
            Err(OpenError::Decrypt(_))
        ));
        // The only submission id that would spell out the whole aad is not a submission id:
        // servers refuse it before they try to open anything.
        let aad = String::from_utf8(verification_aad(ID)).unwrap();
        assert!(!crate::is_submission_id(&aad));
    }

    #[test]
    fn a_submission_envelope_never_opens_as_a_verification() {
        let pair = KeyPair::generate().unwrap();
        let sealed = seal(pair.public_key(), "k", ID, JWT).unwrap();
        assert!(matches!(
            open_verification(pair.private_key(), &sealed, ID),
            Err(OpenError::Decrypt(_))
        ));
    }

    #[test]
    fn another_verification_id_does_not_open() {
        let pair = KeyPair::generate().unwrap();
        let sealed = seal_verification(pair.public_key(), "k", ID, JWT).unwrap();
        assert!(open_verification(
            pair.private_key(),
            &sealed,
            "00000000-0000-4000-8000-000000000000"
        )
        .is_err());
    }

    #[test]
    fn rejects_bad_values() {
        let pair = KeyPair::generate().unwrap();
        let mut request = sample(&pair);
        request.verification_id = "nope".into();
        assert!(matches!(
            request.validate(),
            Err(RequestError::InvalidField {
                field: "verification_id",
                ..
            })
        ));
        let mut request = sample(&pair);
        request.client.app = " ".into();
        assert!(matches!(
            request.validate(),
            Err(RequestError::InvalidField {
                field: "client.app",
                ..
            })
        ));
        let err = VerificationRequest::from_json(br#"{"version":2}"#).unwrap_err();
        assert!(matches!(err, RequestError::UnsupportedVersion(2)), "{err}");
        // A submission body is not a verification body.
        let err = VerificationRequest::from_json(
            br#"{"version":1,"submission_id":"6a0e4b1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d"}"#,
        )
        .unwrap_err();
        assert!(matches!(err, RequestError::Json(_)), "{err}");
    }

    #[test]
    fn answer_has_the_documented_shape() {
        let answer = VerificationAnswer {
            verification_id: ID.to_owned(),
            result: serde_json::json!({"ok": true}),
        };
        assert_eq!(
            serde_json::to_string(&answer).unwrap(),
            format!(r#"{{"verification_id":"{ID}","result":{{"ok":true}}}}"#)
        );
    }

    #[test]
    fn default_verify_url_replaces_the_last_segment() {
        for (url, expected) in [
            (
                "https://intake.acme.example/v1/submissions",
                "https://intake.acme.example/v1/verifications",
            ),
            (
                "https://intake.acme.example/v1/submissions/",
                "https://intake.acme.example/v1/verifications",
            ),
            (
                "http://127.0.0.1:8080/submit",
                "http://127.0.0.1:8080/verifications",
            ),
            (
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080/verifications",
            ),
        ] {
            assert_eq!(default_verify_url(url), expected, "{url}");
        }
    }
}
