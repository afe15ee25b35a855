//! The HTTP surface: routes and the state every handler shares.

mod bearer;
mod body;
mod code_status;
mod error;
mod gate;
mod ops;
mod submit;
mod verify;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use rc_onboard_intake_protocol::ErrorCode;

pub use ops::{HEALTHZ_PATH, METRICS_PATH, READYZ_PATH};

use crate::auth_limiter::AuthFailureLimiter;
use crate::faults::{AttemptRecorder, FaultState};
use crate::keyring::Keyring;
use crate::metrics::Metrics;
use crate::storage::Storage;
use crate::verification::{IntakeVerifier, VerificationAllowance, VerifiedCredentials};
use error::ApiError;

/// Path of the submissions endpoint.
pub const SUBMISSIONS_PATH: &str = "/v1/submissions";
/// Path of the verification endpoint.
pub const VERIFICATIONS_PATH: &str = "/v1/verifications";
/// Path of the code-status endpoint.
pub const CODE_STATUS_PATH: &str = "/v1/submissions/code-status";

/// Everything a request handler needs.
pub(crate) struct AppState {
    pub(crate) storage: Storage,
    pub(crate) keys: Keyring,
    pub(crate) faults: FaultState,
    pub(crate) attempts: AttemptRecorder,
    pub(crate) limiter: AuthFailureLimiter,
    pub(crate) trusted_proxies: crate::client_addr::TrustedProxies,
    pub(crate) metrics: Metrics,
    /// The verification engine (`--verify-profile`); `None`: verifications answer 501.
    pub(crate) verifier: Option<IntakeVerifier>,
    /// Verifications left to each code.
    pub(crate) verification_allowance: VerificationAllowance,
    /// Successful verifications of the last hour, for the submissions that follow them.
    pub(crate) verified: VerifiedCredentials,
    /// Set when shutdown begins: `/readyz` then answers 503.
    pub(crate) draining: AtomicBool,
}

/// The router of intake protocol v1 and the operations endpoints.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(SUBMISSIONS_PATH, post(submit::handle))
        .route(CODE_STATUS_PATH, get(code_status::handle))
        .route(VERIFICATIONS_PATH, post(verify::handle))
        .route(HEALTHZ_PATH, get(ops::healthz))
        .route(READYZ_PATH, get(ops::readyz))
        .route(METRICS_PATH, get(ops::metrics))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            ops::observe,
        ))
        .fallback(|| async { ApiError::new(ErrorCode::NotFound, "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                ErrorCode::MethodNotAllowed,
                "use POST for submissions and verifications and GET for code-status",
            )
        })
        .with_state(state)
}
