//! Error responses: status, `{"error":{"code","message"}}` body, `Retry-After` where retrying
//! helps, and `Cache-Control: no-store` on everything.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rc_onboard_intake_protocol::{ErrorBody, ErrorCode};

use crate::store::StoreError;

/// A refusal, ready to become a response.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after_secs: Option<u64>,
}

impl ApiError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(code.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code: code.as_str(),
            message: message.into(),
            retry_after_secs: None,
        }
    }

    pub(crate) fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_secs = Some(seconds.max(1));
        self
    }

    /// A status injected by [`crate::Faults`], with the code that status normally carries.
    pub(crate) fn injected(status: u16) -> Self {
        let code = ErrorCode::ALL
            .into_iter()
            .find(|code| code.http_status() == status)
            .unwrap_or(if status >= 500 {
                ErrorCode::Unavailable
            } else {
                ErrorCode::MalformedBody
            });
        let error = Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
            code: code.as_str(),
            message: format!("injected fault: {status}"),
            retry_after_secs: None,
        };
        if matches!(status, 429 | 503) {
            error.retry_after(1)
        } else {
            error
        }
    }

    pub(crate) fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unavailable, message).retry_after(1)
    }

    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    pub(crate) fn code(&self) -> &'static str {
        self.code
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        if error.is_busy() {
            tracing::warn!(%error, "database busy");
            return Self::unavailable("the database is busy; retry shortly");
        }
        tracing::error!(%error, "database failure");
        Self::new(
            ErrorCode::Internal,
            "the server could not store the submission",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: rc_onboard_intake_protocol::ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(seconds) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON success response with `Cache-Control: no-store`.
pub(crate) fn json_ok<T: serde::Serialize>(status: StatusCode, value: T) -> Response {
    let mut response = (status, Json(value)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
