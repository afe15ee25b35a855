//! The REST endpoints read with the access token: `GET /restapi/v1.0/account/~/extension/~`
//! (who am I), `GET /restapi/v1.0/account/~/business-address` (company),
//! `GET /restapi/v1.0/account/~` (account info) and `GET /restapi/v1.0/account/~/call-log`.
//! Bearer authentication, app permissions (403 CMN-401: `ReadAccounts` only when enforced,
//! `ReadCallLog` always), the caller's user permissions and the 503 fault.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{RawQuery, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::call_log::{self, READ_CALL_LOG};
use crate::faults::Endpoint;
use crate::identity::{account_body, business_address_body, extension_body};
use crate::model::User;
use crate::response::{self, with_rate_headers, RestError};
use crate::state::{RateGroup, Session, Shared};

/// The app permission every identity endpoint needs.
const READ_ACCOUNTS: &str = "ReadAccounts";

/// `GET /restapi/v1.0/account/~/extension/~`.
pub(crate) async fn extension(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    identity_call(&shared, Endpoint::Extension, &headers, |base, user| {
        response::json(StatusCode::OK, &extension_body(base, user))
    })
}

/// `GET /restapi/v1.0/account/~/business-address`.
pub(crate) async fn business_address(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    identity_call(
        &shared,
        Endpoint::BusinessAddress,
        &headers,
        |base, user| response::json(StatusCode::OK, &business_address_body(base, user)),
    )
}

/// `GET /restapi/v1.0/account/~`.
pub(crate) async fn account(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    identity_call(&shared, Endpoint::Account, &headers, |base, user| {
        response::json(StatusCode::OK, &account_body(base, user))
    })
}

/// `GET /restapi/v1.0/account/~/call-log` (Heavy group; app permission `ReadCallLog`).
pub(crate) async fn call_log(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    rest_call(
        &shared,
        Endpoint::CallLog,
        RateGroup::Heavy,
        &headers,
        Some(READ_CALL_LOG),
        |base, caller| call_log::page(base, caller, &query),
    )
}

/// Anything else under `/restapi`.
pub(crate) async fn unknown_resource() -> Response {
    RestError::new(StatusCode::NOT_FOUND, "CMN-120", "Invalid URI").into_response()
}

/// The user a REST request is made for, and the user permissions that user's role lacks.
pub(crate) struct Caller {
    pub user: User,
    pub denied_permissions: BTreeSet<String>,
}

/// An identity endpoint: Light group, `ReadAccounts` checked only when enforced.
fn identity_call(
    shared: &Shared,
    endpoint: Endpoint,
    headers: &HeaderMap,
    respond: impl FnOnce(&str, &User) -> Response,
) -> Response {
    let enforce = shared.faults.borrow().enforce_read_accounts;
    rest_call(
        shared,
        endpoint,
        RateGroup::Light,
        headers,
        enforce.then_some(READ_ACCOUNTS),
        |base, caller| Ok(respond(base, &caller.user)),
    )
}

fn rest_call(
    shared: &Shared,
    endpoint: Endpoint,
    group: RateGroup,
    headers: &HeaderMap,
    app_permission: Option<&str>,
    respond: impl FnOnce(&str, &Caller) -> Result<Response, RestError>,
) -> Response {
    shared.count(endpoint);
    let rate = shared.rate_headers(group);
    let response = if shared
        .faults
        .send_if_modified(|faults| faults.take_unavailable())
    {
        response::unavailable()
    } else {
        authorize(shared, headers, app_permission)
            .and_then(|caller| respond(&shared.base_url, &caller))
            .unwrap_or_else(IntoResponse::into_response)
    };
    with_rate_headers(response, rate)
}

/// The user behind the request's bearer token.
fn authorize(
    shared: &Shared,
    headers: &HeaderMap,
    app_permission: Option<&str>,
) -> Result<Caller, RestError> {
    let header = headers.get(AUTHORIZATION).ok_or_else(|| {
        RestError::new(
            StatusCode::UNAUTHORIZED,
            "AGW-401",
            "Authorization header is not specified",
        )
    })?;
    let token = header
        .to_str()
        .ok()
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or_else(token_invalid)?;
    let mut tables = shared.tables();
    let session: Session = tables
        .sessions
        .get(token)
        .cloned()
        .ok_or_else(token_invalid)?;
    if session.access_expires <= Instant::now() {
        tables.sessions.remove(token);
        return Err(RestError {
            top_code: "TokenExpired",
            ..RestError::new(StatusCode::UNAUTHORIZED, "OAU-128", "Access token expired")
        });
    }
    if let Some(permission) = app_permission {
        if !session.scope.iter().any(|p| p == permission) {
            return Err(RestError::new(
                StatusCode::FORBIDDEN,
                "CMN-401",
                format!(
                    "In order to call this API endpoint, application needs to have [{permission}] permission"
                ),
            ));
        }
    }
    let user = tables
        .users
        .get(&session.extension_id)
        .cloned()
        .ok_or_else(|| {
            RestError::new(
                StatusCode::NOT_FOUND,
                "CMN-102",
                "Resource for parameter [extensionId] is not found",
            )
        })?;
    let denied_permissions = tables
        .denied_permissions
        .get(&user.extension_id)
        .cloned()
        .unwrap_or_default();
    Ok(Caller {
        user,
        denied_permissions,
    })
}

fn token_invalid() -> RestError {
    RestError {
        top_code: "TokenInvalid",
        ..RestError::new(
            StatusCode::UNAUTHORIZED,
            "OAU-149",
            "OAuth token is invalid",
        )
    }
}
