//! The REST endpoints the onboarding flow reads with the access token:
//! `GET /restapi/v1.0/account/~/extension/~` (who am I), `GET /restapi/v1.0/account/~/business-address`
//! (company) and `GET /restapi/v1.0/account/~` (account info). Bearer authentication, the
//! optional `ReadAccounts` enforcement (403 CMN-401) and the 503 fault.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::faults::Endpoint;
use crate::json::Json;
use crate::model::User;
use crate::response::{self, with_rate_headers, RestError};
use crate::state::{RateGroup, Session, Shared};

/// The app permission every identity endpoint needs.
const READ_ACCOUNTS: &str = "ReadAccounts";

/// `GET /restapi/v1.0/account/~/extension/~`.
pub(crate) async fn extension(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    rest_call(&shared, Endpoint::Extension, &headers, extension_body)
}

/// `GET /restapi/v1.0/account/~/business-address`.
pub(crate) async fn business_address(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    rest_call(
        &shared,
        Endpoint::BusinessAddress,
        &headers,
        business_address_body,
    )
}

/// `GET /restapi/v1.0/account/~`.
pub(crate) async fn account(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    rest_call(&shared, Endpoint::Account, &headers, account_body)
}

/// Anything else under `/restapi`.
pub(crate) async fn unknown_resource() -> Response {
    RestError::new(StatusCode::NOT_FOUND, "CMN-120", "Invalid URI").into_response()
}

fn rest_call(
    shared: &Shared,
    endpoint: Endpoint,
    headers: &HeaderMap,
    body: fn(&str, &User) -> Json,
) -> Response {
    shared.count(endpoint);
    let rate = shared.rate_headers(RateGroup::Light);
    let response = if shared
        .faults
        .send_if_modified(|faults| faults.take_unavailable())
    {
        response::unavailable()
    } else {
        match authorize(shared, headers) {
            Ok(user) => response::json(StatusCode::OK, &body(&shared.base_url, &user)),
            Err(error) => error.into_response(),
        }
    };
    with_rate_headers(response, rate)
}

/// The user behind the request's bearer token.
fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<User, RestError> {
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
    let enforce = shared.faults.borrow().enforce_read_accounts;
    if enforce && !session.scope.iter().any(|p| p == READ_ACCOUNTS) {
        return Err(RestError::new(
            StatusCode::FORBIDDEN,
            "CMN-401",
            format!(
                "In order to call this API endpoint, application needs to have [{READ_ACCOUNTS}] permission"
            ),
        ));
    }
    tables
        .users
        .get(&session.extension_id)
        .cloned()
        .ok_or_else(|| {
            RestError::new(
                StatusCode::NOT_FOUND,
                "CMN-102",
                "Resource for parameter [extensionId] is not found",
            )
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

fn account_uri(base: &str, user: &User) -> String {
    format!("{base}/restapi/v1.0/account/{}", user.account_id)
}

fn extension_body(base: &str, user: &User) -> Json {
    let account_uri = account_uri(base, user);
    let extension_uri = format!("{account_uri}/extension/{}", user.extension_id);
    let (first, last) = user
        .name
        .split_once(' ')
        .unwrap_or((user.name.as_str(), ""));
    let mut contact = vec![
        ("firstName", Json::from(first)),
        ("lastName", Json::from(last)),
    ];
    if let Some(company) = &user.company {
        contact.push(("company", Json::from(company.as_str())));
    }
    if let Some(email) = &user.email {
        contact.push(("email", Json::from(email.as_str())));
    }
    contact.push(("businessPhone", Json::from("+16505550100")));
    contact.push(("emailAsLoginName", Json::from(user.email.is_some())));
    Json::obj([
        ("uri", Json::from(extension_uri.as_str())),
        ("id", Json::from(user.extension_id)),
        (
            "extensionNumber",
            Json::from(user.extension_number.as_str()),
        ),
        ("contact", Json::obj(contact)),
        ("name", Json::from(user.name.as_str())),
        ("type", Json::from("User")),
        (
            "status",
            Json::from(if user.enabled { "Enabled" } else { "Disabled" }),
        ),
        ("setupWizardState", Json::from("Completed")),
        (
            "permissions",
            Json::obj([
                ("admin", Json::obj([("enabled", Json::from(true))])),
                (
                    "internationalCalling",
                    Json::obj([("enabled", Json::from(false))]),
                ),
            ]),
        ),
        (
            "profileImage",
            Json::obj([("uri", Json::from(format!("{extension_uri}/profile-image")))]),
        ),
        (
            "account",
            Json::obj([
                ("uri", Json::from(account_uri)),
                ("id", Json::from(user.account_id.to_string())),
            ]),
        ),
        ("hidden", Json::from(false)),
    ])
}

fn business_address_body(base: &str, user: &User) -> Json {
    let mut fields = vec![
        (
            "uri",
            Json::from(format!("{}/business-address", account_uri(base, user))),
        ),
        (
            "businessAddress",
            Json::obj([
                ("country", Json::from("US")),
                ("state", Json::from("CA")),
                ("city", Json::from("San Francisco")),
                ("street", Json::from("2 Market Street")),
                ("zip", Json::from("94105")),
            ]),
        ),
    ];
    if let Some(company) = &user.company {
        fields.push(("company", Json::from(company.as_str())));
    }
    if let Some(email) = &user.email {
        fields.push(("email", Json::from(email.as_str())));
    }
    fields.push(("mainSiteName", Json::from("Main Site")));
    Json::obj(fields)
}

fn account_body(base: &str, user: &User) -> Json {
    let account_uri = account_uri(base, user);
    Json::obj([
        ("uri", Json::from(account_uri.as_str())),
        ("id", Json::from(user.account_id)),
        (
            "serviceInfo",
            Json::obj([
                ("uri", Json::from(format!("{account_uri}/service-info"))),
                (
                    "brand",
                    Json::obj([
                        ("id", Json::from("1210")),
                        ("name", Json::from("RingCentral")),
                    ]),
                ),
                (
                    "servicePlan",
                    Json::obj([
                        ("id", Json::from("18716")),
                        ("name", Json::from("RingEX Standard")),
                        ("edition", Json::from("Standard")),
                    ]),
                ),
            ]),
        ),
        (
            "operator",
            Json::obj([
                (
                    "uri",
                    Json::from(format!("{account_uri}/extension/{}", user.extension_id)),
                ),
                ("id", Json::from(user.extension_id)),
                (
                    "extensionNumber",
                    Json::from(user.extension_number.as_str()),
                ),
            ]),
        ),
        ("mainNumber", Json::from("+16505550100")),
        ("status", Json::from("Confirmed")),
        ("setupWizardState", Json::from("Completed")),
    ])
}
