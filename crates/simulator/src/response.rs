//! Building responses the way RingCentral sends them: pretty JSON with
//! `application/json;charset=UTF-8`, OAuth and REST error envelopes, 429 and 503 bodies,
//! and the `X-Rate-Limit-*` headers.

use axum::http::header::{HeaderValue, CACHE_CONTROL, CONTENT_LANGUAGE, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::json::to_pretty;

/// RingCentral's JSON content type, byte for byte.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// A JSON response with RingCentral's formatting and headers.
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> Response {
    let Ok(text) = to_pretty(body) else {
        // The bodies are plain structs of strings and numbers; this cannot happen.
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut response = (status, text).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static("en-US"));
    response
}

/// `{"parameterName", "parameterValue"}` of an OAuth error detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorParameter {
    pub parameter_name: String,
    pub parameter_value: String,
}

/// One entry of `errors`: `{"errorCode", "message", "parameters"?}` (a configured refusal may
/// leave out either of the first two).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ErrorParameter>,
}

/// The OAuth endpoints' error body: `{"error"?, "errors"?, "error_description"?}`, each part
/// left out when absent (RingCentral's captures show all of these shapes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct OAuthErrorBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// An OAuth error body as a response; a 401 also carries RingCentral's `WWW-Authenticate`.
pub(crate) fn oauth_error_response(status: StatusCode, body: &OAuthErrorBody) -> Response {
    let mut response = json(status, body);
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            HeaderName::from_static("www-authenticate"),
            HeaderValue::from_static("Basic realm=\"RingCentral REST API\""),
        );
    }
    response
}

/// An error from the OAuth endpoints (token, revoke):
/// `{"error", "errors":[{"errorCode","message","parameters"?}], "error_description"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub code: &'static str,
    pub message: String,
    pub parameters: Vec<(&'static str, String)>,
}

impl OAuthError {
    pub(crate) fn new(
        status: StatusCode,
        error: &'static str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        OAuthError {
            status,
            error,
            code,
            message: message.into(),
            parameters: Vec::new(),
        }
    }

    pub(crate) fn with_parameter(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.parameters.push((name, value.into()));
        self
    }

    pub(crate) fn body(&self) -> OAuthErrorBody {
        let parameters = self
            .parameters
            .iter()
            .map(|(name, value)| ErrorParameter {
                parameter_name: (*name).to_owned(),
                parameter_value: value.clone(),
            })
            .collect();
        OAuthErrorBody {
            error: Some(self.error.to_owned()),
            errors: vec![ErrorDetail {
                error_code: Some(self.code.to_owned()),
                message: Some(self.message.clone()),
                parameters,
            }],
            error_description: Some(self.message.clone()),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        oauth_error_response(self.status, &self.body())
    }
}

/// The REST API's error body: `{"errorCode","message","errors":[{"errorCode","message"}]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RestErrorBody {
    pub error_code: String,
    pub message: String,
    pub errors: Vec<ErrorDetail>,
}

/// An error from the REST API: `{"errorCode","message","errors":[{"errorCode","message"}]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RestError {
    pub status: StatusCode,
    pub top_code: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl RestError {
    /// An error whose top-level and detail codes are the same.
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        RestError {
            status,
            top_code: code,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn body(&self) -> RestErrorBody {
        RestErrorBody {
            error_code: self.top_code.to_owned(),
            message: self.message.clone(),
            errors: vec![ErrorDetail {
                error_code: Some(self.code.to_owned()),
                message: Some(self.message.clone()),
                parameters: Vec::new(),
            }],
        }
    }
}

impl IntoResponse for RestError {
    fn into_response(self) -> Response {
        json(self.status, &self.body())
    }
}

/// 429 with `Retry-After` and a CMN-301 body.
pub(crate) fn rate_limited(retry_after_s: u64) -> Response {
    let mut response = RestError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "CMN-301",
        "Request rate exceeded",
    )
    .into_response();
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(retry_after_s));
    response
}

/// 503 with the body RingCentral's own mock uses.
pub(crate) fn unavailable() -> Response {
    #[derive(Serialize)]
    struct Unavailable {
        message: &'static str,
        error: &'static str,
        error_description: &'static str,
    }
    json(
        StatusCode::SERVICE_UNAVAILABLE,
        &Unavailable {
            message: "Service Unavailable",
            error: "service_unavailable",
            error_description: "Service Unavailable",
        },
    )
}

/// Marks a token response as not cacheable, as OAuth servers do.
pub(crate) fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        HeaderName::from_static("pragma"),
        HeaderValue::from_static("no-cache"),
    );
    response
}

/// The values of the `X-Rate-Limit-*` headers for one response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RateHeaders {
    pub group: &'static str,
    pub limit: u32,
    pub remaining: u32,
    pub window_s: u32,
}

/// Adds `X-Rate-Limit-Group/Limit/Remaining/Window`.
pub(crate) fn with_rate_headers(mut response: Response, rate: RateHeaders) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        HeaderName::from_static("x-rate-limit-group"),
        HeaderValue::from_static(rate.group),
    );
    headers.insert(
        HeaderName::from_static("x-rate-limit-limit"),
        HeaderValue::from(rate.limit),
    );
    headers.insert(
        HeaderName::from_static("x-rate-limit-remaining"),
        HeaderValue::from(rate.remaining),
    );
    headers.insert(
        HeaderName::from_static("x-rate-limit-window"),
        HeaderValue::from(rate.window_s),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oauth_envelope_has_ringcentral_shape() {
        let error = OAuthError::new(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "OAU-153",
            "Invalid client: xx",
        )
        .with_parameter("client_id", "xx");
        let body: serde_json::Value =
            serde_json::from_str(&to_pretty(&error.body()).unwrap()).unwrap();
        assert_eq!(body["error"], "invalid_client");
        assert_eq!(body["error_description"], "Invalid client: xx");
        assert_eq!(body["errors"][0]["errorCode"], "OAU-153");
        assert_eq!(body["errors"][0]["parameters"][0]["parameterValue"], "xx");
    }

    #[test]
    fn rest_envelope_repeats_the_code() {
        let error = RestError {
            top_code: "TokenInvalid",
            ..RestError::new(
                StatusCode::UNAUTHORIZED,
                "OAU-149",
                "OAuth token is invalid",
            )
        };
        let body: serde_json::Value =
            serde_json::from_str(&to_pretty(&error.body()).unwrap()).unwrap();
        assert_eq!(body["errorCode"], "TokenInvalid");
        assert_eq!(body["errors"][0]["errorCode"], "OAU-149");
        assert_eq!(body["errors"][0]["message"], "OAuth token is invalid");
    }
}
