//! The checks every authenticated `POST` passes first, in protocol order: injected faults,
//! throttling of failed code attempts (429), the bearer code present and known (401
//! `code_invalid`), `Content-Type` (415), size (413); and the refusals both endpoints share.

use std::net::{IpAddr, SocketAddr};

use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use rc_onboard_intake_protocol::{ErrorCode, OpenError, PrivateKey, RequestError, MAX_BODY_BYTES};

use super::bearer::{presented_code, Presented};
use super::body::{is_json, read_limited, BodyError};
use super::error::ApiError;
use super::AppState;
use crate::clock;
use crate::codes::CodeHash;
use crate::store::CodeState;

/// A request that passed the gate: its code (known, perhaps expired or used) and its body.
pub(crate) struct Admitted {
    pub(crate) code_hash: CodeHash,
    pub(crate) code_state: CodeState,
    pub(crate) body: Bytes,
}

/// Runs the common checks and reads the body.
pub(crate) async fn admit(
    app: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<Admitted, ApiError> {
    let client = app.trusted_proxies.client_ip(peer.ip(), headers);
    if let Some(status) = app.faults.take_for_submission() {
        return Err(ApiError::injected(status));
    }
    check_throttle(app, client)?;

    let code_hash = match presented_code(headers) {
        Presented::Missing => return Err(missing_code()),
        Presented::Malformed => {
            app.limiter.record_failure(client);
            return Err(unknown_code());
        }
        Presented::Code(hash) => hash,
    };
    let code_state = app.storage.code_state(code_hash, clock::now_ms()).await?;
    if code_state == CodeState::Unknown {
        app.limiter.record_failure(client);
        return Err(unknown_code());
    }

    if !is_json(headers) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Content-Type must be application/json",
        ));
    }
    let body = read_limited(headers, body, MAX_BODY_BYTES)
        .await
        .map_err(|error| match error {
            BodyError::TooLarge => ApiError::new(
                ErrorCode::BodyTooLarge,
                format!("the body is over {MAX_BODY_BYTES} bytes"),
            ),
            BodyError::Read(reason) => ApiError::new(
                ErrorCode::MalformedBody,
                format!("the body could not be read: {reason}"),
            ),
        })?;
    Ok(Admitted {
        code_hash,
        code_state,
        body,
    })
}

/// 429 while `client` has too many failed code attempts.
pub(crate) fn check_throttle(app: &AppState, client: IpAddr) -> Result<(), ApiError> {
    app.limiter.check(client).map_err(|wait| {
        ApiError::new(ErrorCode::RateLimited, "too many failed code attempts")
            .retry_after(wait.as_secs())
    })
}

/// 401 `code_invalid` for a request without `Authorization: Bearer`.
pub(crate) fn missing_code() -> ApiError {
    ApiError::new(
        ErrorCode::CodeInvalid,
        "send the onboarding code as Authorization: Bearer <code>",
    )
}

/// 401 `code_invalid`.
pub(crate) fn unknown_code() -> ApiError {
    ApiError::new(
        ErrorCode::CodeInvalid,
        "the onboarding code is not valid; check it or ask the provider for a new one",
    )
}

/// 401 `code_expired`.
pub(crate) fn expired_code() -> ApiError {
    ApiError::new(
        ErrorCode::CodeExpired,
        "the onboarding code has expired; ask the provider for a new one",
    )
}

/// 401 `code_used`.
pub(crate) fn used_code() -> ApiError {
    ApiError::new(
        ErrorCode::CodeUsed,
        "the onboarding code was already used; ask the provider for a new one",
    )
}

/// 422 with the code that names what is wrong with the body.
pub(crate) fn request_error(error: RequestError) -> ApiError {
    let code = match &error {
        RequestError::Json(_) | RequestError::InvalidField { .. } => ErrorCode::MalformedBody,
        RequestError::UnsupportedVersion(_) => ErrorCode::UnsupportedVersion,
        RequestError::UnsupportedSuite(_) => ErrorCode::UnsupportedSuite,
    };
    ApiError::new(code, error.to_string())
}

/// The private key named by an envelope's `key_id`, or 422 `unknown_key_id`.
pub(crate) fn envelope_key<'a>(
    app: &'a AppState,
    key_id: &str,
) -> Result<&'a PrivateKey, ApiError> {
    app.keys.private_key(key_id).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownKeyId,
            format!(
                "key_id {key_id:?} is not a key of this intake (it holds {:?}); update the profile",
                app.keys.key_ids()
            ),
        )
    })
}

/// 422 `undecryptable`.
pub(crate) fn undecryptable(error: OpenError) -> ApiError {
    ApiError::new(
        ErrorCode::Undecryptable,
        format!("the envelope does not open: {error}"),
    )
}
