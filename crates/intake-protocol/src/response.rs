//! Response bodies: the receipt of a stored submission, the error body of every refusal, and the
//! answer of the code-status endpoint.

use serde::{Deserialize, Serialize};

/// Body of 201 (stored now) and 200 (replay of a stored submission): proof of delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Server-assigned id of the stored submission; the same on every replay.
    pub receipt_id: String,
    /// When the server first stored the submission (RFC 3339, UTC).
    pub received_at: String,
}

/// Body of every error response: `{"error":{"code":"…","message":"…"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The `error` object of an [`ErrorBody`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable machine-readable code, one of [`ErrorCode`]'s strings; clients must also accept
    /// codes they do not know and act on the HTTP status.
    pub code: String,
    /// Human-readable explanation in English; never contains a secret.
    pub message: String,
}

impl ErrorBody {
    /// An error body with a known code.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code: code.as_str().to_owned(),
                message: message.into(),
            },
        }
    }

    /// The code, when it is one this version knows.
    pub fn known_code(&self) -> Option<ErrorCode> {
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == self.error.code)
    }
}

/// The error codes of protocol v1, each with its HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 401: no bearer code, or a code the server does not know.
    CodeInvalid,
    /// 401: the code's time to live has passed.
    CodeExpired,
    /// 401: the code was consumed by another submission.
    CodeUsed,
    /// 404: no such endpoint.
    NotFound,
    /// 405: the endpoint does not take this method.
    MethodNotAllowed,
    /// 409: the submission id is stored with a different body (or another code).
    SubmissionConflict,
    /// 413: body over 64 KiB.
    BodyTooLarge,
    /// 415: `Content-Type` is not `application/json`.
    UnsupportedMediaType,
    /// 422: not JSON, or not the v1 shape, or a field value is wrong.
    MalformedBody,
    /// 422: `version` is not 1.
    UnsupportedVersion,
    /// 422: `sealed_credential.suite` is not the v1 suite.
    UnsupportedSuite,
    /// 422: `sealed_credential.key_id` names no key the server holds.
    UnknownKeyId,
    /// 422: the envelope does not open with the named key and this submission id.
    Undecryptable,
    /// 422: `Idempotency-Key` missing or different from the body's `submission_id`.
    IdempotencyKeyMismatch,
    /// 422: the submission's `ringcentral.account_id` or `extension_id` differs from what the
    /// intake verified itself.
    IdentityMismatch,
    /// 422: the intake verified the credential itself at submission time and RingCentral
    /// refused it.
    CredentialNotVerified,
    /// 429: too many requests (for example failed code attempts); see `Retry-After`.
    RateLimited,
    /// 500: the server failed; retry later.
    Internal,
    /// 503: temporarily unavailable; see `Retry-After`.
    Unavailable,
    /// 501: this intake does not verify credentials (started without verification).
    VerificationNotOffered,
}

impl ErrorCode {
    /// Every code, for lookups.
    pub const ALL: [ErrorCode; 20] = [
        Self::CodeInvalid,
        Self::CodeExpired,
        Self::CodeUsed,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::SubmissionConflict,
        Self::BodyTooLarge,
        Self::UnsupportedMediaType,
        Self::MalformedBody,
        Self::UnsupportedVersion,
        Self::UnsupportedSuite,
        Self::UnknownKeyId,
        Self::Undecryptable,
        Self::IdempotencyKeyMismatch,
        Self::IdentityMismatch,
        Self::CredentialNotVerified,
        Self::RateLimited,
        Self::Internal,
        Self::Unavailable,
        Self::VerificationNotOffered,
    ];

    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CodeInvalid => "code_invalid",
            Self::CodeExpired => "code_expired",
            Self::CodeUsed => "code_used",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::SubmissionConflict => "submission_conflict",
            Self::BodyTooLarge => "body_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MalformedBody => "malformed_body",
            Self::UnsupportedVersion => "unsupported_version",
            Self::UnsupportedSuite => "unsupported_suite",
            Self::UnknownKeyId => "unknown_key_id",
            Self::Undecryptable => "undecryptable",
            Self::IdempotencyKeyMismatch => "idempotency_key_mismatch",
            Self::IdentityMismatch => "identity_mismatch",
            Self::CredentialNotVerified => "credential_not_verified",
            Self::RateLimited => "rate_limited",
            Self::Internal => "internal_error",
            Self::Unavailable => "unavailable",
            Self::VerificationNotOffered => "verification_not_offered",
        }
    }

    /// The HTTP status that carries this code.
    pub fn http_status(self) -> u16 {
        match self {
            Self::CodeInvalid | Self::CodeExpired | Self::CodeUsed => 401,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::SubmissionConflict => 409,
            Self::BodyTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::MalformedBody
            | Self::UnsupportedVersion
            | Self::UnsupportedSuite
            | Self::UnknownKeyId
            | Self::Undecryptable
            | Self::IdempotencyKeyMismatch
            | Self::IdentityMismatch
            | Self::CredentialNotVerified => 422,
            Self::RateLimited => 429,
            Self::Internal => 500,
            Self::VerificationNotOffered => 501,
            Self::Unavailable => 503,
        }
    }
}

/// Answer of `GET {intake.url}/code-status`:
/// `{"valid":true,"customer":"…","expires_at":"…"}` or `{"valid":false,"reason":"…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeStatus {
    /// Whether a submission with this code would be accepted now.
    pub valid: bool,
    /// The customer the code was issued to (only when valid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// When the code expires, RFC 3339 UTC (only when valid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Why it is not valid (only when not valid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<CodeInvalidReason>,
}

impl CodeStatus {
    /// A valid code.
    pub fn valid(customer: impl Into<String>, expires_at: impl Into<String>) -> Self {
        Self {
            valid: true,
            customer: Some(customer.into()),
            expires_at: Some(expires_at.into()),
            reason: None,
        }
    }

    /// A code that would be refused.
    pub fn invalid(reason: CodeInvalidReason) -> Self {
        Self {
            valid: false,
            customer: None,
            expires_at: None,
            reason: Some(reason),
        }
    }
}

/// Why a code is not valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeInvalidReason {
    /// The server never issued it (or it was mistyped).
    Unknown,
    /// Its time to live has passed.
    Expired,
    /// A submission already consumed it.
    Used,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorBody::new(ErrorCode::CodeUsed, "already used");
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"error":{"code":"code_used","message":"already used"}}"#
        );
        assert_eq!(body.known_code(), Some(ErrorCode::CodeUsed));
    }

    #[test]
    fn code_status_omits_absent_fields() {
        let json = serde_json::to_string(&CodeStatus::invalid(CodeInvalidReason::Expired)).unwrap();
        assert_eq!(json, r#"{"valid":false,"reason":"expired"}"#);
        let json =
            serde_json::to_string(&CodeStatus::valid("Acme", "2026-12-05T10:00:00Z")).unwrap();
        assert_eq!(
            json,
            r#"{"valid":true,"customer":"Acme","expires_at":"2026-12-05T10:00:00Z"}"#
        );
    }

    #[test]
    fn every_code_has_a_distinct_string() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code:?}");
            assert!((400..600).contains(&code.http_status()));
        }
    }
}
