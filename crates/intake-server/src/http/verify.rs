//! `POST /v1/verifications`: the intake verifies a credential for a client that holds no
//! RingCentral client secret, and answers with exactly what `rc-onboard check --json` prints.
//!
//! Order: 501 when this intake does not verify; the common gate (faults, throttling, code,
//! `Content-Type`, size); expired or used code (401); body shape and values (422); key id and
//! envelope, sealed with aad `verify:` + verification id (422); the code's allowance (429); the
//! verification itself, RingCentral unreachable being 503 and every other outcome a 200.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rc_onboard_intake_protocol::{
    open_verification, ClientInfo, ErrorCode, VerificationAnswer, VerificationRequest,
};
use rc_onboard_verify::{ErrorKind, SecretString};

use super::error::{json_ok, ApiError};
use super::gate::{
    admit, envelope_key, expired_code, request_error, undecryptable, used_code, Admitted,
};
use super::AppState;
use crate::clock;
use crate::codes::CodeHash;
use crate::store::{CodeState, VerificationAttempt};
use crate::verification::{CheckResult, IntakeVerifier, VerifiedIdentity};

/// Retry-After when RingCentral did not say how long to wait.
const UNAVAILABLE_RETRY_AFTER_S: u64 = 5;

pub(crate) async fn handle(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match verify(&app, peer, &headers, body).await {
        Ok(answer) => {
            tracing::info!(
                verification_id = %answer.verification_id,
                result = answer.result.kind_label(),
                "verification answered"
            );
            json_ok(StatusCode::OK, answer)
        }
        Err(error) => {
            tracing::info!(
                status = error.status().as_u16(),
                code = error.code(),
                "verification refused"
            );
            error.into_response()
        }
    }
}

async fn verify(
    app: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<VerificationAnswer<CheckResult>, ApiError> {
    let Some(verifier) = &app.verifier else {
        return Err(ApiError::new(
            ErrorCode::VerificationNotOffered,
            "this intake does not verify credentials; the app must verify them itself",
        ));
    };
    let Admitted {
        code_hash,
        code_state,
        body,
    } = admit(app, peer, headers, body).await?;
    let customer = match code_state {
        CodeState::Expired => return Err(expired_code()),
        CodeState::Used => return Err(used_code()),
        CodeState::Unknown => String::new(),
        CodeState::Valid { customer, .. } => customer,
    };
    let request = VerificationRequest::from_json(&body).map_err(request_error)?;
    let sealed = &request.sealed_credential;
    let private_key = envelope_key(app, &sealed.key_id)?;
    let credential =
        open_verification(private_key, sealed, &request.verification_id).map_err(undecryptable)?;
    let asker = Asker {
        customer: &customer,
        client: &request.client,
    };
    let result = run_verification(app, verifier, code_hash, &credential, asker).await?;
    Ok(VerificationAnswer {
        verification_id: request.verification_id,
        result,
    })
}

/// Verifies an opened credential for `code`: takes one from the code's allowance (429 when none
/// is left), runs the verification, counts it, answers 503 when RingCentral is unreachable, and
/// remembers a success for the submission that follows. Every verification run is recorded
/// for `rc-intake attempts`.
pub(crate) async fn run_verification(
    app: &AppState,
    verifier: &IntakeVerifier,
    code: CodeHash,
    credential: &[u8],
    asker: Asker<'_>,
) -> Result<CheckResult, ApiError> {
    let jwt = std::str::from_utf8(credential).map_err(|_| {
        ApiError::new(
            ErrorCode::MalformedBody,
            "the sealed credential is not UTF-8 text",
        )
    })?;
    app.verification_allowance.take(code).map_err(|wait| {
        ApiError::new(
            ErrorCode::RateLimited,
            "this onboarding code has used its verification allowance; wait and try again",
        )
        .retry_after(wait.as_secs())
    })?;

    let result = verifier.verify(&SecretString::from(jwt)).await;
    app.metrics.count_verification(result.kind_label());
    record_attempt(app, &result, asker).await;
    match &result {
        CheckResult::Failure(failure) if failure.error.kind == ErrorKind::Unavailable => Err(
            ApiError::unavailable("RingCentral cannot be reached; retry shortly").retry_after(
                failure
                    .error
                    .retry_after_s
                    .unwrap_or(UNAVAILABLE_RETRY_AFTER_S),
            ),
        ),
        CheckResult::Success(success) => {
            app.verified
                .remember(code, credential, VerifiedIdentity::from_success(success));
            Ok(result)
        }
        CheckResult::Failure(_) => Ok(result),
    }
}

/// Who asked for a verification: the code's customer and the client.
#[derive(Clone, Copy)]
pub(crate) struct Asker<'a> {
    pub(crate) customer: &'a str,
    pub(crate) client: &'a ClientInfo,
}

/// Stores the attempt for support; a failure to store it is logged, not answered.
async fn record_attempt(app: &AppState, result: &CheckResult, asker: Asker<'_>) {
    let details = match result {
        CheckResult::Success(_) => None,
        CheckResult::Failure(failure) => failure.error.ringcentral.as_ref(),
    };
    let attempt = VerificationAttempt {
        at: clock::rfc3339_ms(clock::now_ms()),
        customer: asker.customer.to_owned(),
        outcome: result.kind_label().to_owned(),
        ringcentral_status: details.map(|d| d.status),
        ringcentral_code: details.and_then(|d| d.code.clone()),
        ringcentral_request_id: details.and_then(|d| d.request_id.clone()),
        client_app: asker.client.app.clone(),
        client_version: asker.client.version.clone(),
        client_os: asker.client.os.clone(),
    };
    if let Err(error) = app.storage.record_attempt(attempt).await {
        tracing::error!(%error, "cannot record the verification attempt");
    }
}
