//! `POST /v1/submissions`: authenticate the code, check media type, size and shape, open the
//! envelope to prove it is for us, then record it exactly once.
//!
//! Checks run in this order, the first failure answering: injected faults (503/…), throttling
//! (429), code presence and existence (401 `code_invalid`), `Content-Type` (415), size (413),
//! `Idempotency-Key` presence (422), body shape and values (422), `Idempotency-Key` = body
//! `submission_id` (422), key id (422), opening the envelope (422), then in one transaction:
//! with `--verify-profile` and a usable code, the intake's own verification of the credential
//! (remembered from `POST /v1/verifications` or run now; 422 when it fails or names another
//! account or extension than the body), then in one transaction: replay (200) or conflict (409)
//! of a stored submission id, code expired or used (401), store and consume the code (201).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rc_onboard_intake_protocol::{credential_fingerprint, open, ErrorCode, IntakeRequest};
use sha2::{Digest, Sha256};

use super::error::{json_ok, ApiError};
use super::gate::{
    admit, envelope_key, expired_code, request_error, undecryptable, unknown_code, used_code,
    Admitted,
};
use super::verify::{run_verification, Asker};
use super::AppState;
use crate::clock;
use crate::codes::CodeHash;
use crate::faults::AttemptLog;
use crate::storage::SubmissionRecord;
use crate::store::{CodeState, RecordOutcome};
use crate::verification::{CheckResult, IntakeVerifier, VerifiedIdentity};

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
    let Admitted {
        code_hash,
        code_state,
        body,
    } = admit(app, peer, headers, body).await?;

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
    let private_key = envelope_key(app, &sealed.key_id)?;
    let (fingerprint, verified_facts) = {
        let credential =
            open(private_key, sealed, &request.submission_id).map_err(undecryptable)?;
        // A used or expired code stores nothing new (the transaction below answers a replay or
        // 401), so only a usable code is worth a verification.
        let mut verified_facts = None;
        if let (Some(verifier), CodeState::Valid { customer, .. }) = (&app.verifier, &code_state) {
            let asker = Asker {
                customer,
                client: &request.client,
            };
            let verified = intake_identity(app, verifier, code_hash, &credential, asker).await?;
            let claimed = &request.ringcentral;
            if claimed.account_id != verified.account_id
                || claimed.extension_id != verified.extension_id
            {
                return Err(ApiError::new(
                    ErrorCode::IdentityMismatch,
                    "ringcentral.account_id or extension_id differs from the identity the intake \
                     verified for this credential",
                ));
            }
            let facts = serde_json::to_string(&verified.facts).map_err(|error| {
                tracing::error!(%error, "cannot encode verified facts");
                ApiError::new(
                    ErrorCode::Internal,
                    "the server could not store the submission",
                )
            })?;
            verified_facts = Some(facts);
        }
        (credential_fingerprint(&credential), verified_facts)
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
                verified_facts,
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
        RecordOutcome::CodeExpired => Err(expired_code()),
        RecordOutcome::CodeUsed => Err(used_code()),
    }
}

/// The identity the intake verified for `credential` under `code`: remembered from a
/// verification of the last hour (no second token exchange), or verified now.
async fn intake_identity(
    app: &AppState,
    verifier: &IntakeVerifier,
    code: CodeHash,
    credential: &[u8],
    asker: Asker<'_>,
) -> Result<VerifiedIdentity, ApiError> {
    if let Some(identity) = app.verified.recall(code, credential) {
        return Ok(identity);
    }
    match run_verification(app, verifier, code, credential, asker).await? {
        CheckResult::Success(success) => Ok(VerifiedIdentity::from_success(&success)),
        CheckResult::Failure(failure) => Err(ApiError::new(
            ErrorCode::CredentialNotVerified,
            format!(
                "the intake could not verify the credential ({}): {}",
                failure.error.kind, failure.error.message
            ),
        )),
    }
}
