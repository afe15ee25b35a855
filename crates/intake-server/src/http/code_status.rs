//! `GET /v1/submissions/code-status`: whether the bearer code would be accepted now.
//!
//! 200 for every answer about a presented code (`{"valid":true,…}` or
//! `{"valid":false,"reason":…}`), 401 when no bearer code is presented at all, 429 while the
//! address is throttled for failed attempts, 503 while unavailable.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rc_onboard_intake_protocol::{CodeInvalidReason, CodeStatus};

use super::bearer::{presented_code, Presented};
use super::error::{json_ok, ApiError};
use super::gate::{check_throttle, missing_code};
use super::AppState;
use crate::clock;
use crate::store::CodeState;

pub(crate) async fn handle(
    State(app): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    match status(&app, peer, &headers).await {
        Ok(status) => json_ok(StatusCode::OK, status),
        Err(error) => error.into_response(),
    }
}

async fn status(
    app: &Arc<AppState>,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<CodeStatus, ApiError> {
    let client = app.trusted_proxies.client_ip(peer.ip(), headers);
    if app.faults.is_down() {
        return Err(ApiError::unavailable(
            "the intake is temporarily unavailable",
        ));
    }
    check_throttle(app, client)?;
    let hash = match presented_code(headers) {
        Presented::Missing => return Err(missing_code()),
        Presented::Malformed => {
            app.limiter.record_failure(client);
            return Ok(CodeStatus::invalid(CodeInvalidReason::Unknown));
        }
        Presented::Code(hash) => hash,
    };
    let now = clock::now_ms();
    let state = app.storage.code_state(hash, now).await?;
    Ok(match state {
        CodeState::Unknown => {
            app.limiter.record_failure(client);
            CodeStatus::invalid(CodeInvalidReason::Unknown)
        }
        CodeState::Expired => CodeStatus::invalid(CodeInvalidReason::Expired),
        CodeState::Used => CodeStatus::invalid(CodeInvalidReason::Used),
        CodeState::Valid {
            customer,
            expires_at_ms,
        } => CodeStatus::valid(customer, clock::rfc3339_ms(expires_at_ms)),
    })
}
