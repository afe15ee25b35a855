//! `POST /restapi/oauth/token` (JWT bearer grant) and `POST /restapi/oauth/revoke`: client
//! authentication, the credential checks in the order the platform applies them, sessions, the
//! token-endpoint faults (hang, 503, 429, configured refusals) and the enforced Auth-group rate
//! limit per (user, app).
//!
//! Error codes for outcomes no public source documents (bad signature, wrong issuer, expired,
//! not permitted for this client) are plausible picks outside the codes the verification
//! engine maps specially, so each lands on the `invalid_grant` → `rejected` path.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine as _;
use serde::Serialize;

use crate::auth_limit::{Admission, AuthKey};
use crate::faults::{Endpoint, TokenRefusal};
use crate::form::Form;
use crate::jwt::{random_b64, AssertionError};
use crate::model::{AllowedApps, App};
use crate::response::{
    self, no_store, oauth_error_response, with_rate_headers, ErrorDetail, OAuthError,
    OAuthErrorBody, RateHeaders,
};
use crate::state::{now_unix, RateGroup, Session, Shared, Tables};

/// The JWT bearer grant type.
pub(crate) const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

const DEFAULT_ACCESS_TTL: i64 = 3600;
const MIN_ACCESS_TTL: i64 = 600;
const DEFAULT_REFRESH_TTL: i64 = 604_800;

/// `POST /restapi/oauth/token`.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    shared.count(Endpoint::Token);
    let enforced = shared.faults.borrow().auth_rate_limit.is_some();
    // With the Auth limit enforced, only requests counted for a (user, app) carry its headers.
    let mut rate = (!enforced).then(|| shared.rate_headers(RateGroup::Auth));
    if wait_while_hung(&shared).await == Wake::ShuttingDown {
        return with_optional_rate_headers(response::unavailable(), rate);
    }
    let response = match take_token_fault(&shared) {
        Some(TokenFault::Unavailable) => response::unavailable(),
        Some(TokenFault::RateLimited(seconds)) => {
            if let Some(rate) = rate.as_mut() {
                rate.remaining = 0;
            }
            response::rate_limited(seconds)
        }
        Some(TokenFault::Refused(refusal)) => refusal_response(&refusal),
        None => {
            let form = Form::parse(&body);
            let mut tables = shared.tables();
            match exchange(&shared, &mut tables, &headers, &form, &mut rate) {
                Ok(success) => no_store(response::json(StatusCode::OK, &success)),
                Err(Refusal::OAuth(error)) => error.into_response(),
                Err(Refusal::RateLimited { retry_after_s }) => {
                    response::rate_limited(retry_after_s)
                }
            }
        }
    };
    with_optional_rate_headers(response, rate)
}

/// `POST /restapi/oauth/revoke`.
pub(crate) async fn revoke(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    shared.count(Endpoint::Revoke);
    let enforced = shared.faults.borrow().auth_rate_limit.is_some();
    let mut rate = (!enforced).then(|| shared.rate_headers(RateGroup::Auth));
    let unavailable = shared
        .faults
        .send_if_modified(|faults| faults.take_unavailable());
    let response = if unavailable {
        response::unavailable()
    } else {
        let form = Form::parse(&body);
        let query = Form::parse(query.unwrap_or_default().as_bytes());
        let token = form.non_blank("token").or_else(|| query.non_blank("token"));
        let mut tables = shared.tables();
        match end_session(&shared, &mut tables, &headers, token, &mut rate) {
            Ok(()) => StatusCode::OK.into_response(),
            Err(Refusal::OAuth(error)) => error.into_response(),
            Err(Refusal::RateLimited { retry_after_s }) => response::rate_limited(retry_after_s),
        }
    };
    with_optional_rate_headers(response, rate)
}

/// Why the token or revoke endpoint did not do what was asked.
#[derive(Debug)]
enum Refusal {
    OAuth(OAuthError),
    /// The enforced Auth limit of the request's (user, app) is used up.
    RateLimited {
        retry_after_s: u64,
    },
}

impl From<OAuthError> for Refusal {
    fn from(error: OAuthError) -> Self {
        Refusal::OAuth(error)
    }
}

/// A fault that answers a token request instead of the exchange.
enum TokenFault {
    Unavailable,
    RateLimited(u64),
    Refused(TokenRefusal),
}

/// Consumes the first pending token fault: 503, then 429, then a configured refusal.
fn take_token_fault(shared: &Shared) -> Option<TokenFault> {
    let mut taken = None;
    shared.faults.send_if_modified(|faults| {
        taken = if faults.take_unavailable() {
            Some(TokenFault::Unavailable)
        } else if let Some(seconds) = faults.take_rate_limit() {
            Some(TokenFault::RateLimited(seconds))
        } else {
            faults.take_token_refusal().map(TokenFault::Refused)
        };
        taken.is_some()
    });
    taken
}

/// The response a configured `TokenRefusal` asks for.
fn refusal_response(refusal: &TokenRefusal) -> Response {
    let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let has_detail = refusal.error_code.is_some() || refusal.message.is_some();
    let body = OAuthErrorBody {
        error: refusal.error.clone(),
        errors: has_detail
            .then(|| ErrorDetail {
                error_code: refusal.error_code.clone(),
                message: refusal.message.clone(),
                parameters: Vec::new(),
            })
            .into_iter()
            .collect(),
        error_description: refusal.error_description.clone(),
    };
    oauth_error_response(status, &body)
}

fn with_optional_rate_headers(response: Response, rate: Option<RateHeaders>) -> Response {
    match rate {
        Some(rate) => with_rate_headers(response, rate),
        None => response,
    }
}

/// Counts a request of (user, app) against the enforced Auth limit, if it is on; records the
/// headers to send.
fn admit(shared: &Shared, key: AuthKey, rate: &mut Option<RateHeaders>) -> Result<(), Refusal> {
    let Some(limit) = shared.faults.borrow().auth_rate_limit else {
        return Ok(());
    };
    let admission = shared.auth_limiter.admit(key, &limit, Instant::now());
    *rate = Some(admission.headers(&limit));
    match admission {
        Admission::Admitted { .. } => Ok(()),
        Admission::Limited { retry_after_s } => Err(Refusal::RateLimited { retry_after_s }),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wake {
    Answer,
    ShuttingDown,
}

/// Holds the request while the `hang` fault is set.
async fn wait_while_hung(shared: &Shared) -> Wake {
    let mut faults = shared.faults.subscribe();
    let mut shutdown = shared.shutdown.subscribe();
    tokio::select! {
        _ = faults.wait_for(|f| !f.hang) => Wake::Answer,
        _ = shutdown.wait_for(|stopping| *stopping) => Wake::ShuttingDown,
    }
}

fn exchange(
    shared: &Shared,
    tables: &mut Tables,
    headers: &HeaderMap,
    form: &Form,
    rate: &mut Option<RateHeaders>,
) -> Result<TokenBody, Refusal> {
    let app = authenticate_client(tables, headers)?;
    match form.non_blank("grant_type") {
        None => return Err(missing_parameter("grant_type").into()),
        Some(JWT_BEARER) if app.jwt_grant => {}
        Some(_) => return Err(unauthorized_grant().into()),
    }
    let assertion = form
        .non_blank("assertion")
        .ok_or_else(|| missing_parameter("assertion"))?;
    let claims = shared.signer.verify(assertion).map_err(assertion_error)?;
    admit(
        shared,
        AuthKey {
            extension_id: claims.sub.clone(),
            client_id: app.client_id.clone(),
        },
        rate,
    )?;
    if claims.iss != shared.base_url || claims.aud != shared.token_url() {
        return Err(Refusal::OAuth(invalid_grant(
            "OAU-303",
            "Invalid assertion: issuer or audience does not match this environment",
        )));
    }
    let credential = tables
        .credentials
        .get(&claims.jti)
        .ok_or_else(|| invalid_grant("OAU-213", "Token not found"))?;
    if credential.revoked {
        return Err(invalid_grant("OAU-211", "Token revoked").into());
    }
    if credential.exp <= now_unix() {
        return Err(invalid_grant("OAU-304", "Assertion has expired").into());
    }
    let permitted = match &credential.allowed {
        AllowedApps::Org => app.org_app,
        AllowedApps::Only(client_ids) => client_ids.contains(&app.client_id),
    };
    if !permitted {
        return Err(invalid_grant(
            "OAU-305",
            format!(
                "Client application is not permitted to use this credential: [{}]",
                app.client_id
            ),
        )
        .with_parameter("client_id", app.client_id.clone())
        .into());
    }
    let owner = credential.owner_extension_id;
    let user = tables
        .users
        .get(&owner)
        .ok_or_else(|| invalid_grant("OAU-232", "Extension not found"))?;
    if !user.enabled {
        return Err(invalid_grant("OAU-236", "Extension is disabled or frozen").into());
    }
    Ok(open_session(tables, &app, owner, form))
}

/// The token endpoint's success body, in RingCentral's order.
#[derive(Serialize)]
struct TokenBody {
    access_token: String,
    token_type: &'static str,
    expires_in: i64,
    refresh_token: String,
    refresh_token_expires_in: i64,
    scope: String,
    owner_id: String,
    endpoint_id: String,
    session_id: String,
}

fn open_session(tables: &mut Tables, app: &App, owner: u64, form: &Form) -> TokenBody {
    let access_ttl = ttl(form, "access_token_ttl", DEFAULT_ACCESS_TTL).max(MIN_ACCESS_TTL);
    let refresh_ttl = ttl(form, "refresh_token_ttl", DEFAULT_REFRESH_TTL);
    let scope: Vec<String> = match form.non_blank("scope") {
        Some(requested) => {
            let requested: Vec<&str> = requested.split_whitespace().collect();
            app.permissions
                .iter()
                .filter(|p| requested.contains(&p.as_str()))
                .cloned()
                .collect()
        }
        None => app.permissions.clone(),
    };
    let access_token = opaque_token();
    let refresh_token = opaque_token();
    let endpoint_id = form
        .non_blank("endpoint_id")
        .map_or_else(|| random_b64(16), str::to_owned);
    let session_id = uuid::Uuid::new_v4().to_string();
    let body = TokenBody {
        access_token: access_token.clone(),
        token_type: "bearer",
        expires_in: access_ttl,
        refresh_token: refresh_token.clone(),
        refresh_token_expires_in: refresh_ttl,
        scope: scope.join(" "),
        owner_id: owner.to_string(),
        endpoint_id,
        session_id,
    };
    let lifetime = Duration::from_secs(access_ttl.unsigned_abs());
    tables.sessions.insert(
        access_token,
        Session {
            client_id: app.client_id.clone(),
            extension_id: owner,
            scope,
            access_expires: Instant::now() + lifetime,
            refresh_token,
        },
    );
    body
}

/// A TTL form field, capped at (and defaulting to) `default`.
fn ttl(form: &Form, key: &str, default: i64) -> i64 {
    form.non_blank(key)
        .and_then(|v| v.parse::<i64>().ok())
        .map_or(default, |v| v.min(default))
}

/// An opaque token in RingCentral's style (base64 of a short prefix and random bytes).
fn opaque_token() -> String {
    let mut bytes = b"SIM01P01|".to_vec();
    let random = random_b64(24);
    bytes.extend_from_slice(random.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn end_session(
    shared: &Shared,
    tables: &mut Tables,
    headers: &HeaderMap,
    token: Option<&str>,
    rate: &mut Option<RateHeaders>,
) -> Result<(), Refusal> {
    let app = authenticate_client(tables, headers)?;
    let token = token.ok_or_else(|| missing_parameter("token"))?;
    let access_token = if tables.sessions.contains_key(token) {
        Some(token.to_owned())
    } else {
        tables
            .sessions
            .iter()
            .find(|(_, session)| session.refresh_token == token)
            .map(|(access, _)| access.clone())
    };
    if let Some(access_token) = access_token {
        let Some(session) = tables.sessions.get(&access_token) else {
            return Ok(());
        };
        admit(
            shared,
            AuthKey {
                extension_id: session.extension_id.to_string(),
                client_id: app.client_id.clone(),
            },
            rate,
        )?;
        if session.client_id != app.client_id {
            return Err(Refusal::OAuth(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "OAU-164",
                "Invalid client application is used for token revocation",
            )));
        }
        tables.sessions.remove(&access_token);
    }
    // RFC 7009: an unknown token is answered like a revoked one.
    Ok(())
}

/// HTTP Basic client authentication against the app table.
fn authenticate_client(tables: &Tables, headers: &HeaderMap) -> Result<App, OAuthError> {
    let value = headers.get(AUTHORIZATION).ok_or_else(|| {
        OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "OAU-123",
            "Client authentication is required",
        )
    })?;
    let (client_id, client_secret) = parse_basic(value).ok_or_else(|| {
        OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "OAU-123",
            "Invalid Authorization header value",
        )
    })?;
    let record = tables.apps.get(&client_id).ok_or_else(|| {
        OAuthError::new(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "OAU-153",
            format!("Invalid client: {client_id}"),
        )
        .with_parameter("client_id", client_id.clone())
    })?;
    if record.app.client_secret != client_secret {
        return Err(OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "OAU-146",
            "Invalid client credentials",
        ));
    }
    Ok(record.app.clone())
}

/// `Basic base64(client_id:client_secret)` → the pair.
fn parse_basic(value: &HeaderValue) -> Option<(String, String)> {
    let value = value.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let encoded = encoded.trim();
    let decoded = STANDARD
        .decode(encoded)
        .or_else(|_| STANDARD_NO_PAD.decode(encoded))
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    if id.is_empty() {
        return None;
    }
    Some((id.to_owned(), secret.to_owned()))
}

fn missing_parameter(name: &'static str) -> OAuthError {
    OAuthError::new(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "OAU-101",
        format!("Parameter [{name}] is invalid"),
    )
}

fn unauthorized_grant() -> OAuthError {
    OAuthError::new(
        StatusCode::BAD_REQUEST,
        "unauthorized_client",
        "OAU-251",
        "Unauthorized for this grant type",
    )
}

fn invalid_grant(code: &'static str, message: impl Into<String>) -> OAuthError {
    OAuthError::new(StatusCode::BAD_REQUEST, "invalid_grant", code, message)
}

fn assertion_error(error: AssertionError) -> OAuthError {
    match error {
        AssertionError::Unparseable => invalid_grant("OAU-301", "Unparseable assertion"),
        AssertionError::UnsupportedAlgorithm => invalid_grant(
            "OAU-347",
            "An algorithm which is used for assertion signing is not supported for JWT Bearer grant type",
        ),
        AssertionError::BadSignature => invalid_grant("OAU-302", "Invalid assertion signature"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> HeaderValue {
        HeaderValue::from_str(text).unwrap()
    }

    #[test]
    fn basic_auth_is_decoded_strictly() {
        let good = format!("Basic {}", STANDARD.encode("id:se:cret"));
        assert_eq!(
            parse_basic(&header(&good)),
            Some(("id".to_owned(), "se:cret".to_owned()))
        );
        let lower = format!("basic {}", STANDARD_NO_PAD.encode("id:s"));
        assert!(parse_basic(&header(&lower)).is_some());
        assert_eq!(parse_basic(&header("Bearer abc")), None);
        assert_eq!(parse_basic(&header("Basic !!!")), None);
        let no_colon = format!("Basic {}", STANDARD.encode("idsecret"));
        assert_eq!(parse_basic(&header(&no_colon)), None);
    }

    #[test]
    fn ttls_are_capped() {
        let form = Form::parse(b"access_token_ttl=99999&refresh_token_ttl=60");
        assert_eq!(ttl(&form, "access_token_ttl", DEFAULT_ACCESS_TTL), 3600);
        assert_eq!(ttl(&form, "refresh_token_ttl", DEFAULT_REFRESH_TTL), 60);
        let form = Form::parse(b"access_token_ttl=5");
        let access = ttl(&form, "access_token_ttl", DEFAULT_ACCESS_TTL).max(MIN_ACCESS_TTL);
        assert_eq!(access, 600);
    }
}
