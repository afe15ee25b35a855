//! What can go wrong delivering a submission, and how each failure maps to a stable [`ErrorKind`],
//! whether it is worth retrying, and how long the intake asked us to wait.

use std::time::Duration;

use rc_onboard_core::error::ErrorKind;
use rc_onboard_core::error_chain::format_error_chain;

use crate::pinning::{PinMismatch, TlsSetupError};

/// One failed delivery attempt.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// 401/403: bad, expired or already-used onboarding code.
    #[error("the intake refused the onboarding code (HTTP {status}){}", detail_suffix(.detail))]
    Unauthorized { status: u16, detail: Option<String> },
    /// The onboarding code cannot be sent in an HTTP header (control characters, say).
    #[error("the onboarding code contains characters that cannot be sent")]
    MalformedCode,
    /// 409: the submission id is already stored with a different body.
    #[error("the intake already holds a different submission with this id (HTTP 409){}", detail_suffix(.detail))]
    Conflict { detail: Option<String> },
    /// 400/413/415/422: too large, not JSON, malformed or undecryptable.
    #[error("the intake rejected the submission (HTTP {status}){}", detail_suffix(.detail))]
    Rejected { status: u16, detail: Option<String> },
    /// 429, 503 and other 5xx: try again later.
    #[error("the intake is unavailable (HTTP {status}){}", detail_suffix(.detail))]
    Unavailable {
        status: u16,
        retry_after: Option<Duration>,
        detail: Option<String>,
    },
    /// A status the protocol does not define (a redirect, 404, …). Nothing was stored; kept queued.
    #[error("the intake answered HTTP {status}, which the intake protocol does not define")]
    UnexpectedStatus { status: u16 },
    #[error("could not connect to the intake: {}", format_error_chain(.0))]
    Connect(#[source] reqwest::Error),
    #[error("the intake did not answer in time")]
    Timeout,
    #[error("the connection to the intake failed: {}", format_error_chain(.0))]
    Transport(#[source] reqwest::Error),
    #[error("the intake's answer is larger than {limit} bytes")]
    ResponseTooLarge { limit: usize },
    /// 200/201 without a readable receipt. Retried: a replay returns the stored receipt.
    #[error("the intake accepted the submission but sent no usable receipt: {reason}")]
    BadReceipt { reason: String },
    /// The submission id cannot be sent as a header (ids are plain tokens such as UUIDs).
    #[error("the submission id is not a valid token")]
    InvalidSubmissionId,
    /// The intake URL is not HTTPS (plain HTTP is allowed only to loopback) or is not a URL.
    #[error("refusing to send to this intake URL: {reason}")]
    InsecureUrl { reason: String },
    #[error("could not set up the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    /// The TLS settings for a pinned intake or extra trusted roots could not be built.
    #[error("could not set up TLS for the intake: {0}")]
    TlsSetup(#[source] TlsSetupError),
    /// The intake's certificate passed normal verification but its key is not the one the profile
    /// pins. The TLS handshake was abandoned, so nothing (no code, no body) was sent. Final: both
    /// causes, an interception or a key change at the provider, need a person to act, so it is
    /// reported at once (`intake_rejected`: contact the provider) rather than retried in the
    /// background.
    #[error(transparent)]
    PinMismatch(PinMismatch),
}

fn detail_suffix(detail: &Option<String>) -> String {
    match detail {
        Some(detail) => format!(": {detail}"),
        None => String::new(),
    }
}

impl DeliveryError {
    /// The stable kind shown to the customer and in `--json` output.
    pub fn kind(&self) -> ErrorKind {
        match self {
            DeliveryError::Unauthorized { .. } | DeliveryError::MalformedCode => {
                ErrorKind::IntakeUnauthorized
            }
            DeliveryError::Conflict { .. } => ErrorKind::IntakeConflict,
            DeliveryError::Rejected { .. }
            | DeliveryError::InsecureUrl { .. }
            | DeliveryError::InvalidSubmissionId
            | DeliveryError::PinMismatch(_) => ErrorKind::IntakeRejected,
            DeliveryError::Unavailable { .. }
            | DeliveryError::UnexpectedStatus { .. }
            | DeliveryError::Connect(_)
            | DeliveryError::Timeout
            | DeliveryError::Transport(_)
            | DeliveryError::ResponseTooLarge { .. }
            | DeliveryError::BadReceipt { .. }
            | DeliveryError::Client(_)
            | DeliveryError::TlsSetup(_) => ErrorKind::IntakeUnavailable,
        }
    }

    /// Whether sending the same body again later may succeed. Refusals are final.
    pub fn is_retryable(&self) -> bool {
        self.kind() == ErrorKind::IntakeUnavailable
    }

    /// The wait the intake asked for with `Retry-After`, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            DeliveryError::Unavailable { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status the intake answered, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            DeliveryError::Unauthorized { status, .. }
            | DeliveryError::Rejected { status, .. }
            | DeliveryError::Unavailable { status, .. }
            | DeliveryError::UnexpectedStatus { status } => Some(*status),
            DeliveryError::Conflict { .. } => Some(409),
            _ => None,
        }
    }
}

/// A delivery call that ended without a receipt: the last error and how many requests were made.
#[derive(Debug, thiserror::Error)]
#[error("{error} (after {attempts} attempt(s))")]
pub struct DeliveryFailure {
    pub attempts: u32,
    #[source]
    pub error: DeliveryError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_retryability_follow_the_protocol() {
        let cases = [
            (
                DeliveryError::Unauthorized {
                    status: 401,
                    detail: None,
                },
                "intake_unauthorized",
                false,
            ),
            (DeliveryError::MalformedCode, "intake_unauthorized", false),
            (
                DeliveryError::Conflict { detail: None },
                "intake_conflict",
                false,
            ),
            (
                DeliveryError::Rejected {
                    status: 413,
                    detail: None,
                },
                "intake_rejected",
                false,
            ),
            (
                DeliveryError::Rejected {
                    status: 422,
                    detail: None,
                },
                "intake_rejected",
                false,
            ),
            (
                DeliveryError::Unavailable {
                    status: 503,
                    retry_after: None,
                    detail: None,
                },
                "intake_unavailable",
                true,
            ),
            (DeliveryError::Timeout, "intake_unavailable", true),
            (
                DeliveryError::UnexpectedStatus { status: 404 },
                "intake_unavailable",
                true,
            ),
            (
                DeliveryError::BadReceipt { reason: "x".into() },
                "intake_unavailable",
                true,
            ),
            (
                DeliveryError::InsecureUrl { reason: "x".into() },
                "intake_rejected",
                false,
            ),
            (
                DeliveryError::PinMismatch(PinMismatch {
                    expected: [0; 32],
                    presented: Some([1; 32]),
                }),
                "intake_rejected",
                false,
            ),
        ];
        for (error, kind, retryable) in cases {
            assert_eq!(error.kind().as_str(), kind, "{error}");
            assert_eq!(error.is_retryable(), retryable, "{error}");
        }
    }

    #[test]
    fn retry_after_is_reported_only_for_unavailable() {
        let wait = Duration::from_secs(2);
        let error = DeliveryError::Unavailable {
            status: 429,
            retry_after: Some(wait),
            detail: None,
        };
        assert_eq!(error.retry_after(), Some(wait));
        assert_eq!(error.status(), Some(429));
        assert_eq!(DeliveryError::Timeout.retry_after(), None);
    }

    #[test]
    fn detail_is_appended_to_the_message() {
        let error = DeliveryError::Rejected {
            status: 422,
            detail: Some("bad envelope".into()),
        };
        assert_eq!(
            error.to_string(),
            "the intake rejected the submission (HTTP 422): bad envelope"
        );
    }
}
