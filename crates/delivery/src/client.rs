//! The intake HTTP client: one POST of a sealed body ([`IntakeClient::post_once`]) and the retrying
//! delivery loop ([`IntakeClient::deliver`]). Hardened against a hostile or broken intake: rustls with
//! the platform's roots, HTTPS only (plain HTTP only to loopback), no redirects (the request carries a
//! bearer code), connect and request timeouts, and a cap on the response size. With
//! [`ClientOptions::spki_sha256`] set, every connection (submission and code check) must also present
//! the pinned key, or the handshake is abandoned before any request is sent (see [`crate::pinning`]).

use std::time::{Duration, Instant, SystemTime};

use rc_onboard_core::capped_body::CappedBody;
use rc_onboard_core::error::ErrorKind;
use rc_onboard_core::profile::Profile;
use rc_onboard_core::retry_after::parse_retry_after;
use rc_onboard_core::secret::SecretString;
use rc_onboard_core::url_rule::check_url_scheme;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;
use url::Url;

use crate::entry::{is_valid_submission_id, Receipt};
use crate::error::{DeliveryError, DeliveryFailure};
use crate::pinning::{client_config, find_pin_mismatch};
use crate::response::{parse_receipt, refusal_detail};
use crate::retry::RetryPolicy;

/// Header carrying the submission id, the same on every attempt.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// Settings of an [`IntakeClient`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// Time allowed to open the TCP + TLS connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, response body included.
    pub request_timeout: Duration,
    /// Largest response body read; a larger one is an error.
    pub max_response_bytes: usize,
    pub user_agent: String,
    /// SHA-256 of the intake certificate's SubjectPublicKeyInfo, as the profile's `[intake] spki_pin`
    /// (`sha256/<base64>`, see [`crate::spki`]). When set, the leaf certificate must pass normal
    /// WebPKI verification *and* carry this key; otherwise the connection is refused with
    /// [`DeliveryError::PinMismatch`] before anything is sent. It has no effect on `http://` loopback
    /// URLs, which have no TLS.
    pub spki_sha256: Option<[u8; 32]>,
    /// Root certificates (DER) trusted in addition to the platform's, e.g. the CA of an enterprise
    /// TLS-inspecting proxy, or a test CA. A proxy that re-signs traffic cannot satisfy a pin.
    pub extra_roots_der: Vec<Vec<u8>>,
}

impl ClientOptions {
    /// The default settings with the pin of `profile` (`[intake] spki_pin`), if it has one.
    pub fn for_profile(profile: &Profile) -> ClientOptions {
        ClientOptions::default().pinned_for(profile)
    }

    /// These settings with the pin of `profile` when it has one (a pin already set is kept when the
    /// profile has none).
    pub fn pinned_for(mut self, profile: &Profile) -> ClientOptions {
        if let Some(pin) = profile.intake.spki_pin {
            self.spki_sha256 = Some(pin);
        }
        self
    }
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            max_response_bytes: 64 * 1024,
            user_agent: concat!("rc-onboard/", env!("CARGO_PKG_VERSION")).to_owned(),
            spki_sha256: None,
            extra_roots_der: Vec::new(),
        }
    }
}

/// Something that happened during [`IntakeClient::deliver`], for progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryEvent {
    /// Request number `attempt` (1-based) is being sent.
    Attempting { attempt: u32 },
    /// Request number `attempt` failed and the next one starts after `delay`.
    WillRetry {
        attempt: u32,
        kind: ErrorKind,
        message: String,
        delay: Duration,
    },
}

/// The intake's answer about an onboarding code (intake protocol v1, `code-status`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct CodeCheck {
    pub valid: bool,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    /// `unknown`, `expired` or `used` when not valid.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Sends sealed submissions to an intake. Cheap to clone; holds one connection pool.
#[derive(Debug, Clone)]
pub struct IntakeClient {
    http: reqwest::Client,
    options: ClientOptions,
}

impl IntakeClient {
    /// Builds the client. Without a pin or extra roots it uses reqwest's rustls set-up; with either,
    /// its own rustls configuration ([`crate::pinning::client_config`]).
    pub fn new(options: ClientOptions) -> Result<IntakeClient, DeliveryError> {
        let builder = reqwest::Client::builder();
        let builder = if options.spki_sha256.is_none() && options.extra_roots_der.is_empty() {
            builder.use_rustls_tls()
        } else {
            let tls = client_config(options.spki_sha256, &options.extra_roots_der)
                .map_err(DeliveryError::TlsSetup)?;
            builder.use_preconfigured_tls(tls)
        };
        let http = builder
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .user_agent(options.user_agent.clone())
            .build()
            .map_err(DeliveryError::Client)?;
        Ok(IntakeClient { http, options })
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// A client with the same settings but pinned to `pin` (or unpinned with `None`); `self` when
    /// that is already its pin. Used for an outbox entry queued under a profile's pin.
    pub fn with_spki_pin(&self, pin: Option<[u8; 32]>) -> Result<IntakeClient, DeliveryError> {
        if self.options.spki_sha256 == pin {
            return Ok(self.clone());
        }
        IntakeClient::new(ClientOptions {
            spki_sha256: pin,
            ..self.options.clone()
        })
    }

    /// One POST of `body` to `url`. 200/201 give the receipt; every other outcome is an error whose
    /// [`DeliveryError::is_retryable`] says whether to try again.
    pub async fn post_once(
        &self,
        url: &str,
        code: &SecretString,
        submission_id: &str,
        body: &[u8],
    ) -> Result<Receipt, DeliveryError> {
        self.post_with_timeout(url, code, submission_id, body, self.options.request_timeout)
            .await
    }

    /// Delivers `body` with retries under `policy`: the same submission id and the same bytes on every
    /// attempt. Stops at the first receipt, at a refusal, after `max_attempts` requests, when the
    /// `max_total` budget would be exceeded, or when the intake asks to wait longer than
    /// `max_retry_after`. `progress` hears about each attempt and each scheduled retry.
    pub async fn deliver(
        &self,
        url: &str,
        code: &SecretString,
        submission_id: &str,
        body: &[u8],
        policy: &RetryPolicy,
        mut progress: impl FnMut(&DeliveryEvent) + Send,
    ) -> Result<Receipt, DeliveryFailure> {
        let deadline = Instant::now() + policy.max_total;
        let max_attempts = policy.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(DeliveryFailure {
                    attempts: attempt - 1,
                    error: DeliveryError::Timeout,
                });
            }
            progress(&DeliveryEvent::Attempting { attempt });
            let timeout = self.options.request_timeout.min(remaining);
            let error = match self
                .post_with_timeout(url, code, submission_id, body, timeout)
                .await
            {
                Ok(receipt) => return Ok(receipt),
                Err(error) => error,
            };
            let asked_too_long = error
                .retry_after()
                .is_some_and(|wait| wait > policy.max_retry_after);
            if !error.is_retryable() || attempt >= max_attempts || asked_too_long {
                return Err(DeliveryFailure {
                    attempts: attempt,
                    error,
                });
            }
            let delay = policy.delay_before_retry(
                attempt - 1,
                error.retry_after(),
                &mut rand::thread_rng(),
            );
            if Instant::now() + delay >= deadline {
                return Err(DeliveryFailure {
                    attempts: attempt,
                    error,
                });
            }
            progress(&DeliveryEvent::WillRetry {
                attempt,
                kind: error.kind(),
                message: error.to_string(),
                delay,
            });
            tracing::info!(submission_id, attempt, delay_ms = delay.as_millis() as u64, error = %error, "intake delivery will retry");
            tokio::time::sleep(delay).await;
        }
    }

    /// Asks the intake whether `code` would be accepted now (`GET {submissions_url}/code-status`,
    /// the code as bearer), so a bad or expired code is reported at Welcome, not at the end.
    pub async fn code_status(
        &self,
        submissions_url: &str,
        code: &SecretString,
    ) -> Result<CodeCheck, DeliveryError> {
        let url = check_intake_url(&format!(
            "{}/code-status",
            submissions_url.trim_end_matches('/')
        ))?;
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, bearer_header(code)?)
            .send()
            .await
            .map_err(classify_transport_error)?;
        let status = response.status();
        let retry_after = retry_after_of(&response);
        let bytes = read_capped(response, self.options.max_response_bytes).await?;
        match status.as_u16() {
            200 => serde_json::from_slice::<CodeCheck>(&bytes).map_err(|_| {
                DeliveryError::UnexpectedStatus {
                    status: status.as_u16(),
                }
            }),
            code => match interpret(status, retry_after, &bytes) {
                Err(error) => Err(error),
                Ok(_) => Err(DeliveryError::UnexpectedStatus { status: code }),
            },
        }
    }

    async fn post_with_timeout(
        &self,
        url: &str,
        code: &SecretString,
        submission_id: &str,
        body: &[u8],
        timeout: Duration,
    ) -> Result<Receipt, DeliveryError> {
        let url = check_intake_url(url)?;
        let headers = request_headers(code, submission_id)?;
        let response = self
            .http
            .post(url)
            .headers(headers)
            .body(body.to_vec())
            .timeout(timeout)
            .send()
            .await
            .map_err(classify_transport_error)?;
        let status = response.status();
        let retry_after = retry_after_of(&response);
        let bytes = read_capped(response, self.options.max_response_bytes).await?;
        interpret(status, retry_after, &bytes)
    }
}

/// `Authorization: Bearer <code>`, marked sensitive so it is never logged.
fn bearer_header(code: &SecretString) -> Result<HeaderValue, DeliveryError> {
    let bearer = zeroize::Zeroizing::new(format!("Bearer {}", code.expose_secret()));
    let mut authorization =
        HeaderValue::from_str(&bearer).map_err(|_| DeliveryError::MalformedCode)?;
    authorization.set_sensitive(true);
    Ok(authorization)
}

/// The `Retry-After` of a response (seconds or an HTTP date), if any.
fn retry_after_of(response: &reqwest::Response) -> Option<Duration> {
    response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, SystemTime::now()))
}

fn request_headers(code: &SecretString, submission_id: &str) -> Result<HeaderMap, DeliveryError> {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, bearer_header(code)?);
    if !is_valid_submission_id(submission_id) {
        return Err(DeliveryError::InvalidSubmissionId);
    }
    let key =
        HeaderValue::from_str(submission_id).map_err(|_| DeliveryError::InvalidSubmissionId)?;
    headers.insert(IDEMPOTENCY_KEY, key);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(headers)
}

fn classify_transport_error(error: reqwest::Error) -> DeliveryError {
    if let Some(mismatch) = find_pin_mismatch(&error) {
        DeliveryError::PinMismatch(mismatch)
    } else if error.is_timeout() {
        DeliveryError::Timeout
    } else if error.is_connect() {
        DeliveryError::Connect(error.without_url())
    } else {
        DeliveryError::Transport(error.without_url())
    }
}

async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<zeroize::Zeroizing<Vec<u8>>, DeliveryError> {
    let too_large = |_| DeliveryError::ResponseTooLarge { limit };
    let mut body = CappedBody::new(limit, response.content_length()).map_err(too_large)?;
    while let Some(chunk) = response.chunk().await.map_err(classify_transport_error)? {
        body.push(&chunk).map_err(too_large)?;
    }
    Ok(body.finish())
}

/// Maps the intake's answer to a receipt or an error (intake protocol v1).
fn interpret(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
) -> Result<Receipt, DeliveryError> {
    let code = status.as_u16();
    match code {
        200 | 201 => parse_receipt(body),
        401 | 403 => Err(DeliveryError::Unauthorized {
            status: code,
            detail: refusal_detail(body),
        }),
        409 => Err(DeliveryError::Conflict {
            detail: refusal_detail(body),
        }),
        400 | 413 | 415 | 422 => Err(DeliveryError::Rejected {
            status: code,
            detail: refusal_detail(body),
        }),
        429 | 500..=599 => Err(DeliveryError::Unavailable {
            status: code,
            retry_after,
            detail: refusal_detail(body),
        }),
        _ => Err(DeliveryError::UnexpectedStatus { status: code }),
    }
}

/// Accepts `https://` URLs, and `http://` only to a loopback host (127.0.0.0/8, `::1`, `localhost`):
/// [`rc_onboard_core::url_rule`].
/// URLs with a user name or password are refused: the only credential travels in `Authorization`.
pub fn check_intake_url(url: &str) -> Result<Url, DeliveryError> {
    let parsed = Url::parse(url).map_err(|error| DeliveryError::InsecureUrl {
        reason: format!("not a URL ({error})"),
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(DeliveryError::InsecureUrl {
            reason: "it contains a user name or password".to_owned(),
        });
    }
    check_url_scheme(&parsed).map_err(|rule| DeliveryError::InsecureUrl {
        reason: rule.to_string(),
    })?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http_is_accepted() {
        for ok in [
            "https://intake.example/v1/submissions",
            "http://127.0.0.1:8080/v1/submissions",
            "http://127.8.9.10/x",
            "http://[::1]:9000/x",
            "http://localhost:3000/x",
            "http://LOCALHOST/x",
        ] {
            assert!(check_intake_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://intake.example/v1",
            "http://10.0.0.1/x",
            "http://localhost.evil.example/x",
            "ftp://intake.example/x",
            "file:///etc/passwd",
            "https://user:pw@intake.example/x",
            "not a url",
            "",
        ] {
            let error = check_intake_url(bad).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::IntakeRejected, "{bad}");
        }
    }

    #[test]
    fn statuses_map_to_the_protocol_outcomes() {
        let body = br#"{"receipt_id":"r-1","received_at":"2025-01-01T00:00:00Z"}"#;
        for status in [200, 201] {
            let receipt = interpret(StatusCode::from_u16(status).unwrap(), None, body).unwrap();
            assert_eq!(receipt.receipt_id, "r-1");
        }
        let kind = |status: u16| {
            interpret(StatusCode::from_u16(status).unwrap(), None, b"{}")
                .unwrap_err()
                .kind()
                .as_str()
        };
        assert_eq!(kind(401), "intake_unauthorized");
        assert_eq!(kind(409), "intake_conflict");
        for status in [400, 413, 415, 422] {
            assert_eq!(kind(status), "intake_rejected", "{status}");
        }
        for status in [429, 500, 502, 503, 504, 404, 302, 307] {
            assert_eq!(kind(status), "intake_unavailable", "{status}");
        }
        let wait = Some(Duration::from_secs(4));
        let error = interpret(StatusCode::SERVICE_UNAVAILABLE, wait, b"").unwrap_err();
        assert_eq!(error.retry_after(), wait);
    }

    #[test]
    fn the_code_header_is_sensitive_and_a_broken_code_is_refused_locally() {
        let headers = request_headers(&SecretString::from("code-1"), "s-1").unwrap();
        let authorization = headers.get(AUTHORIZATION).unwrap();
        assert!(authorization.is_sensitive());
        assert_eq!(authorization.to_str().unwrap(), "Bearer code-1");
        assert!(!format!("{headers:?}").contains("code-1"));
        assert_eq!(headers.get(IDEMPOTENCY_KEY).unwrap(), "s-1");
        let error = request_headers(&SecretString::from("bad\ncode"), "s-1").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::IntakeUnauthorized);
    }
}
