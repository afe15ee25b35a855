//! The HTTP surface: routes, shared state, and running database work off the async threads.

mod bearer;
mod body;
mod code_status;
mod error;
mod submit;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use rc_onboard_intake_protocol::{ErrorCode, PrivateKey};

use crate::auth_limiter::AuthFailureLimiter;
use crate::faults::{AttemptRecorder, FaultState};
use crate::store::{Store, StoreError};
use error::ApiError;

/// Path of the submissions endpoint.
pub const SUBMISSIONS_PATH: &str = "/v1/submissions";
/// Path of the code-status endpoint.
pub const CODE_STATUS_PATH: &str = "/v1/submissions/code-status";

/// Everything a request handler needs.
pub(crate) struct AppState {
    pub(crate) store: Arc<Store>,
    pub(crate) db: crate::store::DbThread,
    pub(crate) key: PrivateKey,
    pub(crate) key_id: String,
    pub(crate) faults: FaultState,
    pub(crate) attempts: AttemptRecorder,
    pub(crate) limiter: AuthFailureLimiter,
    pub(crate) trusted_proxies: crate::client_addr::TrustedProxies,
}

/// The router of intake protocol v1.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(SUBMISSIONS_PATH, post(submit::handle))
        .route(CODE_STATUS_PATH, get(code_status::handle))
        .fallback(|| async { ApiError::new(ErrorCode::NotFound, "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                ErrorCode::MethodNotAllowed,
                "use POST for submissions and GET for code-status",
            )
        })
        .with_state(state)
}

/// Runs blocking database work on the store's own thread.
pub(crate) async fn on_store<T, F>(app: &AppState, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
{
    match app.db.run(work).await {
        Some(result) => result.map_err(ApiError::from),
        None => {
            tracing::error!("database thread stopped");
            Err(ApiError::new(ErrorCode::Internal, "the server failed"))
        }
    }
}
