//! The request body of `POST {intake.url}`: the sealed credential and the facts the client
//! verified, with parsing and validation shared by every server implementation.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::b64;
use crate::constants::{PROTOCOL_VERSION, SUITE};
use crate::keys::is_valid_key_id;

/// The JSON body of a submission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeRequest {
    /// Always [`PROTOCOL_VERSION`] (1).
    pub version: u32,
    /// UUID (version 4, hyphenated), the same on every retry; also the `Idempotency-Key` header
    /// and the HPKE aad.
    pub submission_id: String,
    /// The HPKE envelope of the credential.
    pub sealed_credential: SealedCredential,
    /// What the client verified with RingCentral.
    pub ringcentral: RingCentralFacts,
    /// Which client sent it.
    pub client: ClientInfo,
}

/// The HPKE envelope of the normalised JWT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedCredential {
    /// Always [`SUITE`].
    pub suite: String,
    /// The profile's `[intake] key_id`: which recipient key sealed it.
    pub key_id: String,
    /// The HPKE encapsulated key (32 bytes), base64url without padding.
    pub enc: String,
    /// The AEAD ciphertext including its 16-byte tag, base64url without padding.
    pub ciphertext: String,
}

/// Facts the client established with RingCentral before sealing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RingCentralFacts {
    /// RingCentral platform server URL the credential was exchanged at.
    pub server: String,
    /// The provider app's client ID.
    pub client_id: String,
    /// RingCentral account id of the credential's owner.
    pub account_id: String,
    /// RingCentral extension id of the credential's owner.
    pub extension_id: String,
    /// Permissions (scopes) the token exchange granted.
    pub permissions: Vec<String>,
    /// When the JWT credential expires (RFC 3339), or `null` when it does not.
    pub credential_expires_at: Option<String>,
    /// When the client verified the credential (RFC 3339).
    pub validated_at: String,
}

/// The sending client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInfo {
    /// Application name, `rc-onboard` for this client.
    pub app: String,
    /// Application version.
    pub version: String,
    /// Operating system (for example `linux`, `macos`, `windows`).
    pub os: String,
}

/// Why a body is not an acceptable v1 request (submission or verification). Each maps to HTTP
/// 422.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// Not JSON, or JSON of the wrong shape.
    #[error("body is not a valid intake v1 request: {0}")]
    Json(#[from] serde_json::Error),
    /// `version` is not 1.
    #[error("version {0} is not supported (this server speaks version {PROTOCOL_VERSION})")]
    UnsupportedVersion(u64),
    /// `sealed_credential.suite` is not [`SUITE`].
    #[error("suite {0:?} is not supported (expected {SUITE:?})")]
    UnsupportedSuite(String),
    /// A field has the right type but an unacceptable value.
    #[error("{field}: {reason}")]
    InvalidField {
        /// Dotted path of the field.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

#[derive(Deserialize)]
struct VersionProbe {
    version: u64,
}

impl IntakeRequest {
    /// Parses and validates a body: first the version (so a future version is reported as such
    /// and not as a shape mismatch), then the v1 shape, then [`IntakeRequest::validate`].
    /// Unknown fields are ignored.
    pub fn from_json(body: &[u8]) -> Result<Self, RequestError> {
        parse_v1(body, Self::validate)
    }

    /// The JSON body to send. Serialise once and send the same bytes on every retry.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }

    /// Checks values the types cannot: version, submission id, suite, key id, encodings and
    /// lengths of `enc` and `ciphertext`, RFC 3339 timestamps, non-empty identifiers.
    pub fn validate(&self) -> Result<(), RequestError> {
        check_version(self.version)?;
        check_request_id("submission_id", &self.submission_id)?;
        self.sealed_credential.validate()?;
        let rc = &self.ringcentral;
        for (field, value) in [
            ("ringcentral.server", &rc.server),
            ("ringcentral.client_id", &rc.client_id),
            ("ringcentral.account_id", &rc.account_id),
            ("ringcentral.extension_id", &rc.extension_id),
            ("client.app", &self.client.app),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(field, "must not be empty"));
            }
        }
        check_rfc3339("ringcentral.validated_at", &rc.validated_at)?;
        if let Some(expires_at) = &rc.credential_expires_at {
            check_rfc3339("ringcentral.credential_expires_at", expires_at)?;
        }
        Ok(())
    }
}

impl SealedCredential {
    /// Checks the suite, the key id, and the encodings and lengths of `enc` and `ciphertext`.
    pub fn validate(&self) -> Result<(), RequestError> {
        if self.suite != SUITE {
            return Err(RequestError::UnsupportedSuite(self.suite.clone()));
        }
        if !is_valid_key_id(&self.key_id) {
            return Err(invalid(
                "sealed_credential.key_id",
                "must be 1 to 64 characters from A-Z a-z 0-9 . _ -",
            ));
        }
        let enc = b64::decode(&self.enc)
            .map_err(|e| invalid("sealed_credential.enc", &b64::describe(&e)))?;
        if enc.len() != 32 {
            return Err(invalid(
                "sealed_credential.enc",
                &format!("must be 32 bytes, got {}", enc.len()),
            ));
        }
        let ciphertext = b64::decode(&self.ciphertext)
            .map_err(|e| invalid("sealed_credential.ciphertext", &b64::describe(&e)))?;
        if ciphertext.len() <= 16 {
            return Err(invalid(
                "sealed_credential.ciphertext",
                "must be longer than the 16-byte AEAD tag",
            ));
        }
        Ok(())
    }
}

/// Checks that the request id in `field` is a hyphenated UUID.
pub(crate) fn check_request_id(field: &'static str, id: &str) -> Result<(), RequestError> {
    if is_submission_id(id) {
        Ok(())
    } else {
        Err(invalid(
            field,
            "must be a hyphenated UUID (8-4-4-4-12 hex digits)",
        ))
    }
}

/// Parses a v1 body: first the version (so a future version is reported as such and not as a
/// shape mismatch), then the v1 shape, then `validate`. Unknown fields are ignored.
pub(crate) fn parse_v1<T: DeserializeOwned>(
    body: &[u8],
    validate: fn(&T) -> Result<(), RequestError>,
) -> Result<T, RequestError> {
    let probe: VersionProbe = serde_json::from_slice(body)?;
    if probe.version != u64::from(PROTOCOL_VERSION) {
        return Err(RequestError::UnsupportedVersion(probe.version));
    }
    let request: T = serde_json::from_slice(body)?;
    validate(&request)?;
    Ok(request)
}

/// Checks that a request's `version` is [`PROTOCOL_VERSION`].
pub(crate) fn check_version(version: u32) -> Result<(), RequestError> {
    if version == PROTOCOL_VERSION {
        Ok(())
    } else {
        Err(RequestError::UnsupportedVersion(u64::from(version)))
    }
}

/// Whether `text` is a hyphenated UUID: 36 characters, hex digits in groups 8-4-4-4-12
/// (either case).
pub fn is_submission_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn invalid(field: &'static str, reason: &str) -> RequestError {
    RequestError::InvalidField {
        field,
        reason: reason.to_owned(),
    }
}

fn check_rfc3339(field: &'static str, value: &str) -> Result<(), RequestError> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map(|_| ())
        .map_err(|e| invalid(field, &format!("not an RFC 3339 timestamp: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> IntakeRequest {
        IntakeRequest {
            version: 1,
            submission_id: "9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3c4".into(),
            sealed_credential: SealedCredential {
                suite: SUITE.into(),
                key_id: "2026-11".into(),
                enc: b64::encode(&[1u8; 32]),
                ciphertext: b64::encode(&[2u8; 40]),
            },
            ringcentral: RingCentralFacts {
                server: "https://platform.ringcentral.com".into(),
                client_id: "abc".into(),
                account_id: "37439510".into(),
                extension_id: "101".into(),
                permissions: vec!["ReadAccounts".into()],
                credential_expires_at: None,
                validated_at: "2026-11-28T10:00:00Z".into(),
            },
            client: ClientInfo {
                app: "rc-onboard".into(),
                version: "0.1.0".into(),
                os: "linux".into(),
            },
        }
    }

    #[test]
    fn round_trips_and_writes_null_expiry() {
        let request = sample();
        let json = request.to_json().unwrap();
        let text = String::from_utf8(json.clone()).unwrap();
        assert!(text.contains("\"credential_expires_at\":null"), "{text}");
        assert_eq!(IntakeRequest::from_json(&json).unwrap(), request);
    }

    #[test]
    fn reports_version_before_shape() {
        let err = IntakeRequest::from_json(br#"{"version":2,"other":"shape"}"#).unwrap_err();
        assert!(matches!(err, RequestError::UnsupportedVersion(2)), "{err}");
    }

    #[test]
    fn rejects_bad_values() {
        let mut request = sample();
        request.submission_id = "not-a-uuid".into();
        assert!(matches!(
            request.validate(),
            Err(RequestError::InvalidField {
                field: "submission_id",
                ..
            })
        ));

        let mut request = sample();
        request.sealed_credential.suite =
            "DHKEM(P-256, HKDF-SHA256)/HKDF-SHA256/AES-128-GCM".into();
        assert!(matches!(
            request.validate(),
            Err(RequestError::UnsupportedSuite(_))
        ));

        let mut request = sample();
        request.sealed_credential.enc = b64::encode(&[1u8; 31]);
        assert!(matches!(
            request.validate(),
            Err(RequestError::InvalidField {
                field: "sealed_credential.enc",
                ..
            })
        ));

        let mut request = sample();
        request.ringcentral.validated_at = "yesterday".into();
        assert!(matches!(
            request.validate(),
            Err(RequestError::InvalidField {
                field: "ringcentral.validated_at",
                ..
            })
        ));
    }

    #[test]
    fn accepts_only_hyphenated_uuids() {
        assert!(is_submission_id("9B2F6C1E-3F4A-4C5B-8D6E-7F8091A2B3C4"));
        assert!(!is_submission_id("9b2f6c1e3f4a4c5b8d6e7f8091a2b3c4"));
        assert!(!is_submission_id("9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3cg"));
    }
}
