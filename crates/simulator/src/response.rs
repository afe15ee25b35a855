//! Building responses the way RingCentral sends them: pretty JSON with
//! `application/json;charset=UTF-8`, OAuth and REST error envelopes, 429 and 503 bodies,
//! and the `X-Rate-Limit-*` headers.

use axum::http::header::{HeaderValue, CACHE_CONTROL, CONTENT_LANGUAGE, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::json::Json;

/// RingCentral's JSON content type, byte for byte.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// A JSON response with RingCentral's formatting and headers.
pub(crate) fn json(status: StatusCode, body: &Json) -> Response {
    let mut response = (status, body.to_pretty()).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static("en-US"));
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

    pub(crate) fn body(&self) -> Json {
        let mut detail = vec![
            ("errorCode", Json::from(self.code)),
            ("message", Json::from(self.message.as_str())),
        ];
        if !self.parameters.is_empty() {
            let parameters = self.parameters.iter().map(|(name, value)| {
                Json::obj([
                    ("parameterName", Json::from(*name)),
                    ("parameterValue", Json::from(value.as_str())),
                ])
            });
            detail.push(("parameters", Json::arr(parameters)));
        }
        Json::obj([
            ("error", Json::from(self.error)),
            ("errors", Json::arr([Json::obj(detail)])),
            ("error_description", Json::from(self.message.as_str())),
        ])
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = json(self.status, &self.body());
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                HeaderName::from_static("www-authenticate"),
                HeaderValue::from_static("Basic realm=\"RingCentral REST API\""),
            );
        }
        response
    }
}

/// An error from the REST API: `{"errorCode","message","errors":[{"errorCode","message",…}]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RestError {
    pub status: StatusCode,
    pub top_code: &'static str,
    pub code: &'static str,
    pub message: String,
    pub extra: Vec<(&'static str, String)>,
}

impl RestError {
    /// An error whose top-level and detail codes are the same.
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        RestError {
            status,
            top_code: code,
            code,
            message: message.into(),
            extra: Vec::new(),
        }
    }

    pub(crate) fn body(&self) -> Json {
        let mut detail = vec![
            ("errorCode", Json::from(self.code)),
            ("message", Json::from(self.message.as_str())),
        ];
        detail.extend(self.extra.iter().map(|(k, v)| (*k, Json::from(v.as_str()))));
        Json::obj([
            ("errorCode", Json::from(self.top_code)),
            ("message", Json::from(self.message.as_str())),
            ("errors", Json::arr([Json::obj(detail)])),
        ])
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
    json(
        StatusCode::SERVICE_UNAVAILABLE,
        &Json::obj([
            ("message", Json::from("Service Unavailable")),
            ("error", Json::from("service_unavailable")),
            ("error_description", Json::from("Service Unavailable")),
        ]),
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
        let body: serde_json::Value = serde_json::from_str(&error.body().to_pretty()).unwrap();
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
        let body: serde_json::Value = serde_json::from_str(&error.body().to_pretty()).unwrap();
        assert_eq!(body["errorCode"], "TokenInvalid");
        assert_eq!(body["errors"][0]["errorCode"], "OAU-149");
        assert_eq!(body["errors"][0]["message"], "OAuth token is invalid");
    }
}
