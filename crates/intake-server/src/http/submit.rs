//! `POST /v1/submissions`: authenticate the code, check media type, size and shape, open the
//! envelope to prove it is for us, then record it exactly once.
//!
//! Checks run in this order, the first failure answering: injected faults (503/…), throttling
//! (429), code presence and existence (401 `code_invalid`), `Content-Type` (415), size (413),
//! `Idempotency-Key` presence (422), body shape and values (422), `Idempotency-Key` = body
//! `submission_id` (422), key id (422), opening the envelope (422), then in one transaction:
//! replay (200) or conflict (409) of a stored submission id, code expired or used (401),
//! store and consume the code (201).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rc_onboard_intake_protocol::{
    credential_fingerprint, open, ErrorCode, IntakeRequest, RequestError, MAX_BODY_BYTES,
};
use sha2::{Digest, Sha256};

use super::bearer::{presented_code, Presented};
use super::body::{is_json, read_limited, BodyError};
use super::error::{json_ok, ApiError};
use super::AppState;
use crate::clock;
use crate::faults::AttemptLog;
use crate::storage::SubmissionRecord;
use crate::store::{CodeState, RecordOutcome};

const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub(crate) async fn handle(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let idempotency_key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let response = match submit(&app, peer, &headers, body).await {
        Ok((status, receipt)) => {
            tracing::info!(
                status = status.as_u16(),
                submission_id = idempotency_key.as_deref().unwrap_or(""),
                receipt_id = %receipt.receipt_id,
                "submission accepted"
            );
            json_ok(status, receipt)
        }
        Err(error) => {
            tracing::info!(
                status = error.status().as_u16(),
                code = error.code(),
                submission_id = idempotency_key.as_deref().unwrap_or(""),
                "submission refused"
            );
            error.into_response()
        }
    };
    app.attempts.record(AttemptLog {
        idempotency_key,
        status: response.status().as_u16(),
    });
    response
}

async fn submit(
    app: &Arc<AppState>,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<(StatusCode, rc_onboard_intake_protocol::Receipt), ApiError> {
    let client = app.trusted_proxies.client_ip(peer.ip(), headers);
    if let Some(status) = app.faults.take_for_submission() {
        return Err(ApiError::injected(status));
    }
    if let Err(wait) = app.limiter.check(client) {
        return Err(
            ApiError::new(ErrorCode::RateLimited, "too many failed code attempts")
                .retry_after(wait.as_secs()),
        );
    }

    let code_hash = match presented_code(headers) {
        Presented::Missing => {
            return Err(ApiError::new(
                ErrorCode::CodeInvalid,
                "send the onboarding code as Authorization: Bearer <code>",
            ))
        }
        Presented::Malformed => {
            app.limiter.record_failure(client);
            return Err(unknown_code());
        }
        Presented::Code(hash) => hash,
    };
    let now = clock::now_ms();
    let state = app.storage.code_state(code_hash, now).await?;
    if state == CodeState::Unknown {
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

    let Some(idempotency_key) = headers.get(IDEMPOTENCY_KEY).and_then(|v| v.to_str().ok()) else {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyMismatch,
            "the Idempotency-Key header (the submission_id) is required",
        ));
    };
    let request = IntakeRequest::from_json(&body).map_err(request_error)?;
    if idempotency_key != request.submission_id {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyMismatch,
            "the Idempotency-Key header differs from the body's submission_id",
        ));
    }
    let sealed = &request.sealed_credential;
    let Some(private_key) = app.keys.private_key(&sealed.key_id) else {
        return Err(ApiError::new(
            ErrorCode::UnknownKeyId,
            format!(
                "key_id {:?} is not a key of this intake (it holds {:?}); update the profile",
                sealed.key_id,
                app.keys.key_ids()
            ),
        ));
    };
    let fingerprint = {
        let credential = open(private_key, sealed, &request.submission_id).map_err(|error| {
            ApiError::new(
                ErrorCode::Undecryptable,
                format!("the envelope does not open: {error}"),
            )
        })?;
        credential_fingerprint(&credential)
    };

    let body_sha256: [u8; 32] = Sha256::digest(&body).into();
    let now = clock::now_ms();
    let IntakeRequest {
        submission_id,
        sealed_credential,
        ringcentral,
        ..
    } = request;
    let outcome = app
        .storage
        .record(
            SubmissionRecord {
                submission_id,
                code_hash,
                body: body.to_vec(),
                body_sha256,
                key_id: sealed_credential.key_id,
                account_id: ringcentral.account_id,
                extension_id: ringcentral.extension_id,
                credential_fingerprint: fingerprint,
            },
            now,
        )
        .await?;
    match outcome {
        RecordOutcome::Stored(receipt) => Ok((StatusCode::CREATED, receipt)),
        RecordOutcome::Replayed(receipt) => Ok((StatusCode::OK, receipt)),
        RecordOutcome::Conflict => Err(ApiError::new(
            ErrorCode::SubmissionConflict,
            "this submission_id is already stored with a different body or code",
        )),
        RecordOutcome::CodeUnknown => Err(unknown_code()),
        RecordOutcome::CodeExpired => Err(ApiError::new(
            ErrorCode::CodeExpired,
            "the onboarding code has expired; ask the provider for a new one",
        )),
        RecordOutcome::CodeUsed => Err(ApiError::new(
            ErrorCode::CodeUsed,
            "the onboarding code was already used; ask the provider for a new one",
        )),
    }
}

fn unknown_code() -> ApiError {
    ApiError::new(
        ErrorCode::CodeInvalid,
        "the onboarding code is not valid; check it or ask the provider for a new one",
    )
}

fn request_error(error: RequestError) -> ApiError {
    let code = match &error {
        RequestError::Json(_) | RequestError::InvalidField { .. } => ErrorCode::MalformedBody,
        RequestError::UnsupportedVersion(_) => ErrorCode::UnsupportedVersion,
        RequestError::UnsupportedSuite(_) => ErrorCode::UnsupportedSuite,
    };
    ApiError::new(code, error.to_string())
}
