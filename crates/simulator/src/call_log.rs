//! `GET /restapi/v1.0/account/~/call-log`: a small page of the account's call log (`perPage`
//! accepted, 1–1000, default 100), or 403 CMN-408 when the caller's role lacks the
//! `ReadCallLog` user permission (the token exchange still succeeds for such a user).

use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use crate::form::Form;
use crate::identity::{account_uri, MAIN_NUMBER};
use crate::response::{self, RestError};
use crate::rest::Caller;

/// The permission the call log needs: as an app permission (scope) and a user permission.
pub(crate) const READ_CALL_LOG: &str = "ReadCallLog";

const DEFAULT_PER_PAGE: usize = 100;
const MAX_PER_PAGE: usize = 1000;

/// One party of a call.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Party<'a> {
    phone_number: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'static str>,
}

/// A call log record (the `Simple` view).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Record<'a> {
    uri: String,
    id: &'static str,
    session_id: &'static str,
    start_time: &'static str,
    duration: u32,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    action: &'static str,
    result: &'static str,
    to: Party<'a>,
    from: Party<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Paging {
    page: u32,
    per_page: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_end: Option<usize>,
}

#[derive(Serialize)]
struct Link {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Navigation {
    first_page: Link,
}

/// The list response: `uri`, `records`, `paging`, `navigation`.
#[derive(Serialize)]
struct CallLogPage<'a> {
    uri: String,
    records: Vec<Record<'a>>,
    paging: Paging,
    navigation: Navigation,
}

/// A fixed demo call: id, session, start, seconds, direction, result, the other party.
type DemoCall = (
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
    &'static str,
    &'static str,
);

const CALLS: [DemoCall; 3] = [
    (
        "Y3KwEtZ8ToBaDv1A",
        "45871240016",
        "2026-11-02T15:04:05.000Z",
        184,
        "Inbound",
        "Accepted",
        "+14155550142",
    ),
    (
        "Y3KwEtZ8ToBaDv1B",
        "45871240017",
        "2026-11-02T16:20:41.000Z",
        0,
        "Inbound",
        "Missed",
        "+14155550199",
    ),
    (
        "Y3KwEtZ8ToBaDv1C",
        "45871240018",
        "2026-11-03T09:12:00.000Z",
        62,
        "Outbound",
        "Call connected",
        "+16505550123",
    ),
];

/// The page for `caller`, or why not.
pub(crate) fn page(base: &str, caller: &Caller, query: &str) -> Result<Response, RestError> {
    if caller.denied_permissions.contains(READ_CALL_LOG) {
        return Err(RestError::new(
            StatusCode::FORBIDDEN,
            "CMN-408",
            format!(
                "In order to call this API endpoint, user needs to have [{READ_CALL_LOG}] permission for requested resource."
            ),
        ));
    }
    let per_page = per_page(&Form::parse(query.as_bytes()))?;
    let list_uri = format!("{}/call-log", account_uri(base, &caller.user));
    let records: Vec<Record<'_>> = CALLS
        .iter()
        .take(per_page)
        .map(
            |&(id, session_id, start_time, duration, direction, result, other)| {
                let user = Party {
                    phone_number: MAIN_NUMBER,
                    name: Some(caller.user.name.as_str()),
                    location: None,
                };
                let other = Party {
                    phone_number: other,
                    name: None,
                    location: Some("San Francisco, CA"),
                };
                let (from, to) = if direction == "Inbound" {
                    (other, user)
                } else {
                    (user, other)
                };
                Record {
                    uri: format!("{list_uri}/{id}"),
                    id,
                    session_id,
                    start_time,
                    duration,
                    kind: "Voice",
                    direction,
                    action: "Phone Call",
                    result,
                    to,
                    from,
                }
            },
        )
        .collect();
    let page_uri = format!("{list_uri}?view=Simple&page=1&perPage={per_page}");
    let last = records.len().checked_sub(1);
    let body = CallLogPage {
        uri: page_uri.clone(),
        paging: Paging {
            page: 1,
            per_page,
            page_start: last.map(|_| 0),
            page_end: last,
        },
        records,
        navigation: Navigation {
            first_page: Link { uri: page_uri },
        },
    };
    Ok(response::json(StatusCode::OK, &body))
}

/// `perPage`: a whole number from 1 to 1000, 100 when absent.
fn per_page(query: &Form) -> Result<usize, RestError> {
    let Some(text) = query.get("perPage") else {
        return Ok(DEFAULT_PER_PAGE);
    };
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_PER_PAGE).contains(n))
        .ok_or_else(|| {
            RestError::new(
                StatusCode::BAD_REQUEST,
                "CMN-101",
                "Parameter [perPage] value is invalid",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_page_is_checked() {
        assert_eq!(per_page(&Form::parse(b"")).unwrap(), 100);
        assert_eq!(per_page(&Form::parse(b"perPage=2")).unwrap(), 2);
        for bad in ["perPage=0", "perPage=1001", "perPage=x", "perPage=-1"] {
            let error = per_page(&Form::parse(bad.as_bytes())).unwrap_err();
            assert_eq!(error.code, "CMN-101", "{bad}");
        }
    }
}
