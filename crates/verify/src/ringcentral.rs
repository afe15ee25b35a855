//! The hardened HTTP client for RingCentral: token exchange, identity, company, the profile's
//! permission probes and revoke.
//!
//! One `reqwest::Client` (rustls) is reused. Every request has a connect and a total timeout, no
//! redirect is ever followed (these requests carry credentials), response bodies are read in chunks
//! and abandoned above a cap, and only `https://` URLs (or `http://` to this machine) are contacted.

mod classify;
pub(crate) mod wire;

use std::fmt;
use std::time::Duration;

use rc_onboard_core::capped_body::CappedBody;
use rc_onboard_core::text::printable;
use rc_onboard_core::url_rule::is_allowed_url;
use reqwest::header::{HeaderMap, ACCEPT, RETRY_AFTER};
use reqwest::redirect::Policy;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use url::Url;
use zeroize::Zeroizing;

pub use classify::{
    api_failure, parse_retry_after, permission_named_in, probe_failure, token_failure,
    DEFAULT_RETRY_AFTER_S, MAX_RETRY_AFTER_S,
};

use crate::error::ErrorKind;
use crate::secret::{SecretString, REDACTED};
use wire::{account_id_from_uri, BusinessAddressBody, ErrorBody, ExtensionBody, TokenBody};

/// The jwt-bearer grant type.
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// The shortest session RingCentral allows; verification needs only a few seconds of it.
pub const ACCESS_TOKEN_TTL_S: u32 = 600;
/// The response header RingCentral uses for its request id.
pub const REQUEST_ID_HEADER: &str = "RCRequestId";
/// The response header with the rate-limit group's window in seconds.
pub const RATE_LIMIT_WINDOW_HEADER: &str = "X-Rate-Limit-Window";

const MAX_DESCRIPTION_CHARS: usize = 300;

/// Timeouts and limits for every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    /// Time allowed to open the connection (and TLS handshake).
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, from connecting to the last byte of the body.
    pub request_timeout: Duration,
    /// Largest response body read; larger ones are abandoned.
    pub max_response_bytes: usize,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            max_response_bytes: 256 * 1024,
        }
    }
}

/// Which RingCentral endpoint a request went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST /restapi/oauth/token`.
    Token,
    /// `GET /restapi/v1.0/account/~/extension/~`.
    Extension,
    /// `GET /restapi/v1.0/account/~/business-address`.
    BusinessAddress,
    /// `POST /restapi/oauth/revoke`.
    Revoke,
    /// A `GET` the profile's `permission_probes` name.
    PermissionProbe,
}

impl Endpoint {
    /// Path below the server URL.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Token => "/restapi/oauth/token",
            Endpoint::Extension => "/restapi/v1.0/account/~/extension/~",
            Endpoint::BusinessAddress => "/restapi/v1.0/account/~/business-address",
            Endpoint::Revoke => "/restapi/oauth/revoke",
            Endpoint::PermissionProbe => "/restapi/v1.0",
        }
    }

    /// The full URL below `server` (which may have a path prefix).
    pub fn url(self, server: &Url) -> Url {
        let mut url = server.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{prefix}{}", self.path()));
        url.set_query(None);
        url.set_fragment(None);
        url
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Endpoint::Token => "the token exchange",
            Endpoint::Extension => "the user lookup",
            Endpoint::BusinessAddress => "the company lookup",
            Endpoint::Revoke => "the session revoke",
            Endpoint::PermissionProbe => "a permission check",
        })
    }
}

/// What RingCentral said, safe to show and to put in a support report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RingCentralDetails {
    /// HTTP status.
    pub status: u16,
    /// OAuth `error`, e.g. `invalid_grant`.
    pub error: Option<String>,
    /// RingCentral code, e.g. `OAU-251`.
    pub code: Option<String>,
    /// The `RCRequestId` header.
    pub request_id: Option<String>,
    /// RingCentral's own text (`error_description`, else `errors[0].message`), printable, at most
    /// 300 characters, with any credential removed.
    #[serde(default)]
    pub message: Option<String>,
}

impl fmt::Display for RingCentralDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(error) = &self.error {
            write!(f, " {error}")?;
        }
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request ID {id}")?;
        }
        Ok(())
    }
}

/// A failed RingCentral request. Display never includes a credential.
#[derive(Debug, thiserror::Error)]
pub enum RingCentralError {
    /// The HTTP client could not be built.
    #[error("could not set up the HTTP client: {0}")]
    Setup(#[source] reqwest::Error),
    /// The URL is neither https nor loopback http; nothing was sent.
    #[error("refused to send credentials to {url}: only https:// (or http:// to this machine) is allowed")]
    InsecureUrl {
        /// The refused URL (no credentials in it).
        url: String,
    },
    /// The request did not finish in time.
    #[error("RingCentral did not answer {endpoint} within {} s", .timeout.as_secs_f32())]
    Timeout {
        /// Where.
        endpoint: Endpoint,
        /// The limit that was hit.
        timeout: Duration,
    },
    /// Connecting or transferring failed.
    #[error("could not reach RingCentral for {endpoint}: {source}")]
    Transport {
        /// Where.
        endpoint: Endpoint,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The body was larger than allowed; reading stopped.
    #[error("RingCentral's answer to {endpoint} is larger than {limit} bytes; reading stopped")]
    TooLarge {
        /// Where.
        endpoint: Endpoint,
        /// The cap.
        limit: usize,
        /// Status and headers of the oversized answer.
        details: RingCentralDetails,
    },
    /// The server answered with a redirect, which is never followed.
    #[error("RingCentral answered {endpoint} with a redirect ({details}); redirects are not followed for requests that carry credentials")]
    Redirect {
        /// Where.
        endpoint: Endpoint,
        /// Status and headers.
        details: RingCentralDetails,
    },
    /// RingCentral refused the request.
    #[error("RingCentral refused {endpoint}: {kind} ({details})")]
    Refused {
        /// Where.
        endpoint: Endpoint,
        /// The stable kind.
        kind: ErrorKind,
        /// Status, error, code, request id.
        details: RingCentralDetails,
        /// Seconds to wait, for rate limiting (and 5xx with `Retry-After`).
        retry_after_s: Option<u64>,
    },
    /// A 2xx answer we could not use.
    #[error("RingCentral's answer to {endpoint} could not be used: {problem} ({details})")]
    BadResponse {
        /// Where.
        endpoint: Endpoint,
        /// Status and headers.
        details: RingCentralDetails,
        /// What was wrong.
        problem: &'static str,
    },
}

impl RingCentralError {
    /// The stable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            RingCentralError::Refused { kind, .. } => *kind,
            RingCentralError::Timeout { .. } | RingCentralError::Transport { .. } => {
                ErrorKind::Unavailable
            }
            RingCentralError::Setup(_)
            | RingCentralError::InsecureUrl { .. }
            | RingCentralError::TooLarge { .. }
            | RingCentralError::Redirect { .. }
            | RingCentralError::BadResponse { .. } => ErrorKind::Unexpected,
        }
    }

    /// What RingCentral said, when it answered.
    pub fn details(&self) -> Option<&RingCentralDetails> {
        match self {
            RingCentralError::TooLarge { details, .. }
            | RingCentralError::Redirect { details, .. }
            | RingCentralError::Refused { details, .. }
            | RingCentralError::BadResponse { details, .. } => Some(details),
            _ => None,
        }
    }

    /// Seconds to wait before trying again.
    pub fn retry_after_s(&self) -> Option<u64> {
        match self {
            RingCentralError::Refused { retry_after_s, .. } => *retry_after_s,
            _ => None,
        }
    }

    /// The server's description of the refusal (credentials removed): [`RingCentralDetails::message`].
    pub fn description(&self) -> Option<&str> {
        match self {
            RingCentralError::Refused { details, .. } => details.message.as_deref(),
            _ => None,
        }
    }

    /// The endpoint, when a request was made.
    pub fn endpoint(&self) -> Option<Endpoint> {
        match self {
            RingCentralError::Setup(_) | RingCentralError::InsecureUrl { .. } => None,
            RingCentralError::Timeout { endpoint, .. }
            | RingCentralError::Transport { endpoint, .. }
            | RingCentralError::TooLarge { endpoint, .. }
            | RingCentralError::Redirect { endpoint, .. }
            | RingCentralError::Refused { endpoint, .. }
            | RingCentralError::BadResponse { endpoint, .. } => Some(*endpoint),
        }
    }
}

/// A successful token exchange.
#[derive(Debug)]
pub struct TokenGrant {
    /// The access token (a secret).
    pub access_token: SecretString,
    /// Permission names from `scope`; `None` when the answer had no scope.
    pub scope: Option<Vec<String>>,
    /// The extension id that owns the token.
    pub owner_id: Option<String>,
    /// Seconds the token lives.
    pub expires_in: Option<i64>,
    /// `RCRequestId`.
    pub request_id: Option<String>,
}

/// The user behind the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionInfo {
    /// Extension id.
    pub extension_id: String,
    /// Account id (from `account.id`, else from `uri`).
    pub account_id: Option<String>,
    /// Short extension number, e.g. "101".
    pub extension_number: Option<String>,
    /// Display name (from `name`, else contact first + last name).
    pub name: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Company from the contact record.
    pub contact_company: Option<String>,
    /// `RCRequestId`.
    pub request_id: Option<String>,
}

/// The account's business address record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessAddress {
    /// Company name.
    pub company: Option<String>,
    /// Account id from `uri`.
    pub account_id: Option<String>,
    /// `RCRequestId`.
    pub request_id: Option<String>,
}

/// A response read within the limits.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Zeroizing<Vec<u8>>,
}

impl Answer {
    fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }

    fn details(&self, error: &ErrorBody, message: Option<String>) -> RingCentralDetails {
        RingCentralDetails {
            status: self.status,
            error: error.error.as_deref().map(|e| printable(e, 80)),
            code: error.code().map(|c| printable(&c, 40)),
            request_id: self.request_id(),
            message,
        }
    }

    fn plain_details(&self) -> RingCentralDetails {
        self.details(&ErrorBody::default(), None)
    }

    fn header(&self, name: impl reqwest::header::AsHeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| printable(v, 100))
        .filter(|v| !v.is_empty())
}

/// The RingCentral HTTP client.
#[derive(Debug, Clone)]
pub struct RingCentralClient {
    http: reqwest::Client,
    options: HttpOptions,
}

impl RingCentralClient {
    /// Builds the client: rustls, no redirects, the given timeouts.
    pub fn new(options: HttpOptions) -> Result<Self, RingCentralError> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .min_tls_version(reqwest::tls::Version::TLS_1_2)
            .redirect(Policy::none())
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .user_agent(concat!("rc-onboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(RingCentralError::Setup)?;
        Ok(Self { http, options })
    }

    /// The limits in force.
    pub fn options(&self) -> HttpOptions {
        self.options
    }

    /// `POST /restapi/oauth/token` with the jwt-bearer grant.
    pub async fn exchange_jwt(
        &self,
        server: &Url,
        client_id: &str,
        client_secret: &SecretString,
        jwt: &SecretString,
    ) -> Result<TokenGrant, RingCentralError> {
        let endpoint = Endpoint::Token;
        let url = allowed(endpoint.url(server))?;
        let ttl = ACCESS_TOKEN_TTL_S.to_string();
        let form = [
            ("grant_type", JWT_BEARER_GRANT),
            ("assertion", jwt.expose_secret()),
            ("access_token_ttl", ttl.as_str()),
        ];
        let request = self
            .http
            .post(url)
            .header(ACCEPT, "application/json")
            .basic_auth(client_id, Some(client_secret.expose_secret()))
            .form(&form);
        let answer = self.send(endpoint, request).await?;
        if !answer.is_success() {
            return Err(
                self.refusal(endpoint, &answer, &[jwt, client_secret], |status, error| {
                    token_failure(
                        status,
                        error.error.as_deref(),
                        error.code().as_deref(),
                        error.is_envelope(),
                    )
                }),
            );
        }
        let body: TokenBody =
            serde_json::from_slice(&answer.body).map_err(|_| RingCentralError::BadResponse {
                endpoint,
                details: answer.plain_details(),
                problem: "the body is not the expected JSON",
            })?;
        let access_token = body.access_token.filter(|t| !t.is_empty()).ok_or_else(|| {
            RingCentralError::BadResponse {
                endpoint,
                details: answer.plain_details(),
                problem: "there is no access_token",
            }
        })?;
        Ok(TokenGrant {
            access_token: SecretString::new(access_token),
            scope: body.scope,
            owner_id: body.owner_id,
            expires_in: body.expires_in,
            request_id: answer.request_id(),
        })
    }

    /// `GET /restapi/v1.0/account/~/extension/~`.
    pub async fn extension(
        &self,
        server: &Url,
        access_token: &SecretString,
    ) -> Result<ExtensionInfo, RingCentralError> {
        let endpoint = Endpoint::Extension;
        let answer = self
            .get(endpoint, endpoint.url(server), access_token, api_failure)
            .await?;
        let body: ExtensionBody =
            serde_json::from_slice(&answer.body).map_err(|_| RingCentralError::BadResponse {
                endpoint,
                details: answer.plain_details(),
                problem: "the body is not the expected JSON",
            })?;
        let extension_id = body.id.clone().filter(|id| !id.is_empty()).ok_or_else(|| {
            RingCentralError::BadResponse {
                endpoint,
                details: answer.plain_details(),
                problem: "there is no extension id",
            }
        })?;
        let contact = body.contact.clone().unwrap_or_default();
        let contact_name = [contact.first_name.as_deref(), contact.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let name = non_empty(body.name.clone()).or_else(|| non_empty(Some(contact_name)));
        let account_id = body
            .account
            .as_ref()
            .and_then(|a| non_empty(a.id.clone()))
            .or_else(|| body.uri.as_deref().and_then(account_id_from_uri));
        Ok(ExtensionInfo {
            extension_id,
            account_id,
            extension_number: non_empty(body.extension_number),
            name,
            email: non_empty(contact.email),
            contact_company: non_empty(contact.company),
            request_id: answer.request_id(),
        })
    }

    /// `GET /restapi/v1.0/account/~/business-address`.
    pub async fn business_address(
        &self,
        server: &Url,
        access_token: &SecretString,
    ) -> Result<BusinessAddress, RingCentralError> {
        let endpoint = Endpoint::BusinessAddress;
        let answer = self
            .get(endpoint, endpoint.url(server), access_token, api_failure)
            .await?;
        let body: BusinessAddressBody =
            serde_json::from_slice(&answer.body).map_err(|_| RingCentralError::BadResponse {
                endpoint,
                details: answer.plain_details(),
                problem: "the body is not the expected JSON",
            })?;
        Ok(BusinessAddress {
            company: non_empty(body.company),
            account_id: body.uri.as_deref().and_then(account_id_from_uri),
            request_id: answer.request_id(),
        })
    }

    /// `GET path_and_query` below `server` (a profile's permission probe). Any 2xx passes; a 403 is
    /// [`ErrorKind::UserPermissionMissing`]. Returns the `RCRequestId`.
    pub async fn probe(
        &self,
        server: &Url,
        path_and_query: &str,
        access_token: &SecretString,
    ) -> Result<Option<String>, RingCentralError> {
        let endpoint = Endpoint::PermissionProbe;
        let url = probe_url(server, path_and_query);
        let answer = self.get(endpoint, url, access_token, probe_failure).await?;
        Ok(answer.request_id())
    }

    /// `POST /restapi/oauth/revoke` for the session of `access_token`. Returns the `RCRequestId`.
    pub async fn revoke(
        &self,
        server: &Url,
        client_id: &str,
        client_secret: &SecretString,
        access_token: &SecretString,
    ) -> Result<Option<String>, RingCentralError> {
        let endpoint = Endpoint::Revoke;
        let url = allowed(endpoint.url(server))?;
        let request = self
            .http
            .post(url)
            .header(ACCEPT, "application/json")
            .basic_auth(client_id, Some(client_secret.expose_secret()))
            .form(&[("token", access_token.expose_secret())]);
        let answer = self.send(endpoint, request).await?;
        if answer.is_success() {
            return Ok(answer.request_id());
        }
        Err(self.refusal(
            endpoint,
            &answer,
            &[access_token, client_secret],
            |status, _| classify::revoke_failure(status),
        ))
    }

    async fn get(
        &self,
        endpoint: Endpoint,
        url: Url,
        access_token: &SecretString,
        classify: fn(u16, Option<&str>) -> ErrorKind,
    ) -> Result<Answer, RingCentralError> {
        let url = allowed(url)?;
        let request = self
            .http
            .get(url)
            .header(ACCEPT, "application/json")
            .bearer_auth(access_token.expose_secret());
        let answer = self.send(endpoint, request).await?;
        if answer.is_success() {
            Ok(answer)
        } else {
            Err(
                self.refusal(endpoint, &answer, &[access_token], |status, error| {
                    classify(status, error.code().as_deref())
                }),
            )
        }
    }

    /// Sends, refuses redirects, and reads the body within the cap.
    async fn send(
        &self,
        endpoint: Endpoint,
        request: reqwest::RequestBuilder,
    ) -> Result<Answer, RingCentralError> {
        let transport = |source: reqwest::Error| self.transport_error(endpoint, source);
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let limit = self.options.max_response_bytes;
        let details = || RingCentralDetails {
            status,
            error: None,
            code: None,
            request_id: request_id(&headers),
            message: None,
        };
        if response.status().is_redirection() {
            return Err(RingCentralError::Redirect {
                endpoint,
                details: details(),
            });
        }
        let too_large = |_| RingCentralError::TooLarge {
            endpoint,
            limit,
            details: details(),
        };
        let mut body = CappedBody::new(limit, response.content_length()).map_err(too_large)?;
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            body.push(&chunk).map_err(too_large)?;
        }
        let body = body.finish();
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    fn transport_error(&self, endpoint: Endpoint, source: reqwest::Error) -> RingCentralError {
        if source.is_timeout() {
            RingCentralError::Timeout {
                endpoint,
                timeout: if source.is_connect() {
                    self.options.connect_timeout
                } else {
                    self.options.request_timeout
                },
            }
        } else {
            RingCentralError::Transport {
                endpoint,
                source: source.without_url(),
            }
        }
    }

    fn refusal(
        &self,
        endpoint: Endpoint,
        answer: &Answer,
        secrets: &[&SecretString],
        classify: impl Fn(u16, &ErrorBody) -> ErrorKind,
    ) -> RingCentralError {
        let error = ErrorBody::parse(&answer.body);
        let kind = classify(answer.status, &error);
        let retry_after_s = classify::retry_after_for(
            kind,
            answer.header(RETRY_AFTER),
            answer.header(RATE_LIMIT_WINDOW_HEADER),
            OffsetDateTime::now_utc(),
        );
        let description = error
            .description()
            .map(|text| printable(&scrub(&text, secrets), MAX_DESCRIPTION_CHARS))
            .filter(|text| !text.trim().is_empty());
        RingCentralError::Refused {
            endpoint,
            kind,
            details: answer.details(&error, description),
            retry_after_s,
        }
    }
}

fn allowed(url: Url) -> Result<Url, RingCentralError> {
    if is_allowed_url(&url) {
        Ok(url)
    } else {
        Err(RingCentralError::InsecureUrl {
            url: printable(url.as_str(), 200),
        })
    }
}

/// `path_and_query` (a profile's probe, e.g. `/restapi/v1.0/account/~/call-log?perPage=1`) below
/// `server`, which may have a path prefix.
fn probe_url(server: &Url, path_and_query: &str) -> Url {
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    let mut url = server.clone();
    let prefix = url.path().trim_end_matches('/').to_owned();
    url.set_path(&format!("{prefix}/{}", path.trim_start_matches('/')));
    url.set_query(query);
    url.set_fragment(None);
    url
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Removes every occurrence of the given secrets from server text.
fn scrub(text: &str, secrets: &[&SecretString]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        let value = secret.expose_secret();
        if value.len() >= 4 && out.contains(value) {
            out = out.replace(value, REDACTED);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_urls_keep_a_path_prefix() {
        let server = Url::parse("https://platform.ringcentral.com").unwrap();
        assert_eq!(
            Endpoint::Token.url(&server).as_str(),
            "https://platform.ringcentral.com/restapi/oauth/token"
        );
        let server = Url::parse("http://127.0.0.1:9000/sim/").unwrap();
        assert_eq!(
            Endpoint::Extension.url(&server).as_str(),
            "http://127.0.0.1:9000/sim/restapi/v1.0/account/~/extension/~"
        );
        assert_eq!(
            Endpoint::BusinessAddress.url(&server).as_str(),
            "http://127.0.0.1:9000/sim/restapi/v1.0/account/~/business-address"
        );
        assert_eq!(
            Endpoint::Revoke.url(&server).as_str(),
            "http://127.0.0.1:9000/sim/restapi/oauth/revoke"
        );
    }

    #[test]
    fn probe_urls_keep_the_prefix_and_the_query() {
        let server = Url::parse("http://127.0.0.1:9000/sim/").unwrap();
        assert_eq!(
            probe_url(&server, "/restapi/v1.0/account/~/call-log?perPage=1").as_str(),
            "http://127.0.0.1:9000/sim/restapi/v1.0/account/~/call-log?perPage=1"
        );
        let server = Url::parse("https://platform.ringcentral.com").unwrap();
        assert_eq!(
            probe_url(&server, "restapi/v1.0/account/~/extension").as_str(),
            "https://platform.ringcentral.com/restapi/v1.0/account/~/extension"
        );
    }

    #[test]
    fn only_https_or_loopback_is_allowed() {
        for ok in [
            "https://platform.ringcentral.com",
            "http://127.0.0.1:1",
            "http://[::1]:2",
            "http://localhost",
        ] {
            assert!(allowed(Url::parse(ok).unwrap()).is_ok(), "{ok}");
        }
        for bad in [
            "http://platform.ringcentral.com",
            "http://192.168.1.1",
            "ftp://x.example",
            "http://localhost.example",
        ] {
            let e = allowed(Url::parse(bad).unwrap()).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Unexpected, "{bad}");
            assert!(e.to_string().contains("only https://"), "{e}");
        }
    }

    #[test]
    fn scrub_and_printable() {
        let jwt = SecretString::from("eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        let text = "Unparseable assertion: eyJhbGciOiJSUzI1NiJ9.e30.c2ln!";
        assert_eq!(scrub(text, &[&jwt]), "Unparseable assertion: [redacted]!");
        // The whole escape sequence is replaced by one U+FFFD.
        assert_eq!(printable("a\u{1b}[31mb\u{202e}", 10), "a\u{fffd}b\u{fffd}");
        assert_eq!(printable("abcdef", 3), "abc…");
    }

    #[test]
    fn details_display() {
        let d = RingCentralDetails {
            status: 400,
            error: Some("unauthorized_client".into()),
            code: Some("OAU-251".into()),
            request_id: Some("abc-123".into()),
            message: Some("Unauthorized for this grant type".into()),
        };
        assert_eq!(
            d.to_string(),
            "HTTP 400 unauthorized_client OAU-251, request ID abc-123"
        );
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"status":400,"error":"unauthorized_client","code":"OAU-251","request_id":"abc-123","message":"Unauthorized for this grant type"})
        );
    }
}
