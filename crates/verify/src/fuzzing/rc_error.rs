//! Invariants of reading a refused RingCentral answer, shared by the `rc_error` fuzz target and
//! the corpus replay in `crates/verify/tests/fuzz_corpus.rs`: the crate-private error envelope
//! parser (`ErrorBody` in `ringcentral/wire.rs`), the status/error/code classifiers
//! [`token_failure`] and [`api_failure`], and [`parse_retry_after`].
//!
//! Input layout: bytes 0–1 the HTTP status (big-endian), byte 2 the length `n` (mod 48) of the
//! `Retry-After` value that follows, then the body.

use time::OffsetDateTime;

use crate::ringcentral::wire::ErrorBody;
use crate::ringcentral::{api_failure, parse_retry_after, token_failure, MAX_RETRY_AFTER_S};
use crate::ErrorKind;

/// The fixed clock for HTTP dates in `Retry-After`.
pub const NOW: i64 = 1_780_000_000;
/// The longest `Retry-After` value an input carries.
pub const MAX_RETRY_AFTER_LEN: usize = 48;

/// A refused answer decoded from fuzz input.
pub struct Refusal<'a> {
    /// HTTP status.
    pub status: u16,
    /// The `Retry-After` header value (invalid UTF-8 replaced).
    pub retry_after: String,
    /// The response body.
    pub body: &'a [u8],
}

/// Splits fuzz input into status, `Retry-After` and body.
pub fn split(data: &[u8]) -> Refusal<'_> {
    let status = match data {
        [hi, lo, ..] => u16::from_be_bytes([*hi, *lo]),
        [only] => u16::from(*only),
        [] => 400,
    };
    let rest = data.get(2..).unwrap_or_default();
    let (len, rest) = match rest.split_first() {
        Some((len, rest)) => (usize::from(*len) % MAX_RETRY_AFTER_LEN, rest),
        None => (0, rest),
    };
    let len = len.min(rest.len());
    let (header, body) = rest.split_at(len);
    Refusal {
        status,
        retry_after: String::from_utf8_lossy(header).into_owned(),
        body,
    }
}

/// What the classifiers made of one refusal.
pub struct Classified {
    /// Kind for the token endpoint.
    pub token_kind: ErrorKind,
    /// Kind for a REST call.
    pub api_kind: ErrorKind,
    /// The RingCentral code picked from the body.
    pub code: Option<String>,
}

/// Parses and classifies `data`; panics on a violated invariant.
pub fn check(data: &[u8]) -> Classified {
    let refusal = split(data);
    let status = refusal.status;
    let body = ErrorBody::parse(refusal.body);
    let code = body.code();
    let _ = body.description();
    if let Some(code) = &code {
        let offered = body
            .errors
            .iter()
            .filter_map(|e| e.error_code.as_ref())
            .chain(body.error_code.as_ref());
        assert!(
            offered.into_iter().any(|c| c == code),
            "code {code:?} is not one the body carried"
        );
    }

    let token_kind = token_failure(
        status,
        body.error.as_deref(),
        code.as_deref(),
        body.is_envelope(),
    );
    assert!(
        matches!(
            token_kind,
            ErrorKind::AppNotEnabled
                | ErrorKind::ClientAuthFailed
                | ErrorKind::UserDisabled
                | ErrorKind::Rejected
                | ErrorKind::RateLimited
                | ErrorKind::Unavailable
                | ErrorKind::Unexpected
        ),
        "token endpoint mapped to {token_kind:?}"
    );
    let api_kind = api_failure(status, code.as_deref());
    assert!(
        matches!(
            api_kind,
            ErrorKind::MissingPermissions
                | ErrorKind::RateLimited
                | ErrorKind::Unavailable
                | ErrorKind::Unexpected
        ),
        "REST call mapped to {api_kind:?}"
    );
    if api_kind == ErrorKind::MissingPermissions {
        assert_eq!(status, 403);
    }
    let expected_by_status = match status {
        429 => Some(ErrorKind::RateLimited),
        408 | 500..=599 => Some(ErrorKind::Unavailable),
        _ => None,
    };
    if let Some(kind) = expected_by_status {
        assert_eq!(token_kind, kind, "status {status} decides the kind");
        assert_eq!(api_kind, kind, "status {status} decides the kind");
    }
    if token_kind == ErrorKind::Rejected {
        assert!(
            (400..500).contains(&status),
            "rejected with status {status}"
        );
    }

    let now = OffsetDateTime::from_unix_timestamp(NOW).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    if let Some(seconds) = parse_retry_after(&refusal.retry_after, now) {
        assert!(seconds <= MAX_RETRY_AFTER_S, "Retry-After {seconds} s");
    }
    Classified {
        token_kind,
        api_kind,
        code,
    }
}
