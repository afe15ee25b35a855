//! Maps RingCentral's HTTP status, OAuth `error` and `OAU-`/`CMN-` codes to stable [`ErrorKind`]s,
//! and reads RingCentral's rate-limit model (`Retry-After`, else `X-Rate-Limit-Window`, else 60 s).

use std::time::SystemTime;

use rc_onboard_core::retry_after;
use time::OffsetDateTime;

use crate::error::ErrorKind;

/// Seconds to wait after a 429 that names no wait: RingCentral's penalty window, which restarts
/// when a request arrives during it, so never less.
pub const DEFAULT_RETRY_AFTER_S: u64 = 60;
/// Longest wait we pass on, whatever the server says.
pub const MAX_RETRY_AFTER_S: u64 = 3600;

const APP_NOT_ENABLED_CODES: [&str; 3] = ["OAU-251", "OAU-112", "OAU-125"];
const CLIENT_AUTH_CODES: [&str; 6] = [
    "OAU-153", "OAU-146", "OAU-123", "OAU-134", "OAU-156", "OAU-165",
];
const USER_DISABLED_CODES: [&str; 6] = [
    "OAU-141", "OAU-142", "OAU-236", "OAU-222", "OAU-232", "OAU-136",
];

/// Kind for a failed `POST /restapi/oauth/token`. `from_ringcentral` says whether the body is
/// RingCentral's error envelope (an `error`, `errorCode` or `errors`): every 4xx of that
/// shape that the code lists do not place elsewhere is a rejection of the credential, whatever its
/// status and `error`; [`ErrorKind::Unexpected`] is left for answers that are not RingCentral's.
pub fn token_failure(
    status: u16,
    error: Option<&str>,
    code: Option<&str>,
    from_ringcentral: bool,
) -> ErrorKind {
    if let Some(kind) = common_failure(status) {
        return kind;
    }
    if let Some(code) = code {
        let code = code.trim().to_ascii_uppercase();
        if APP_NOT_ENABLED_CODES.contains(&code.as_str()) {
            return ErrorKind::AppNotEnabled;
        }
        if CLIENT_AUTH_CODES.contains(&code.as_str()) {
            return ErrorKind::ClientAuthFailed;
        }
        if USER_DISABLED_CODES.contains(&code.as_str()) {
            return ErrorKind::UserDisabled;
        }
    }
    match error.map(str::trim) {
        Some("unauthorized_client") => ErrorKind::AppNotEnabled,
        Some("invalid_client") => ErrorKind::ClientAuthFailed,
        _ if (400..500).contains(&status) && from_ringcentral => ErrorKind::Rejected,
        _ => ErrorKind::Unexpected,
    }
}

/// Kind for a failed REST call made with the access token (identity, company).
pub fn api_failure(status: u16, code: Option<&str>) -> ErrorKind {
    if let Some(kind) = common_failure(status) {
        return kind;
    }
    match code.map(str::trim) {
        Some("CMN-401") if status == 403 => ErrorKind::MissingPermissions,
        _ => ErrorKind::Unexpected,
    }
}

/// Kind for a failed permission probe (a GET the provider's calls need): a 403 means the user's
/// role lacks a permission (CMN-408), whatever else it says.
pub fn probe_failure(status: u16, code: Option<&str>) -> ErrorKind {
    match status {
        403 => ErrorKind::UserPermissionMissing,
        _ => api_failure(status, code),
    }
}

/// The permission RingCentral names in a CMN-408 text ("user needs to have [ReadCallLog]
/// permission"): the first bracketed word, when it looks like a permission name.
pub fn permission_named_in(text: &str) -> Option<String> {
    let (_, rest) = text.split_once('[')?;
    let (name, _) = rest.split_once(']')?;
    let name = name.trim();
    let plausible = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    plausible.then(|| name.to_owned())
}

/// Kind for a failed `POST /restapi/oauth/revoke`.
pub fn revoke_failure(status: u16) -> ErrorKind {
    common_failure(status).unwrap_or(ErrorKind::Unexpected)
}

fn common_failure(status: u16) -> Option<ErrorKind> {
    match status {
        429 => Some(ErrorKind::RateLimited),
        408 | 500..=599 => Some(ErrorKind::Unavailable),
        _ => None,
    }
}

/// Seconds from a `Retry-After` value (read by [`rc_onboard_core::retry_after::parse_retry_after`]:
/// delay-seconds or an HTTP-date), capped at [`MAX_RETRY_AFTER_S`].
pub fn parse_retry_after(value: &str, now: OffsetDateTime) -> Option<u64> {
    let wait = retry_after::parse_retry_after(value, SystemTime::from(now))?;
    Some(wait.as_secs().min(MAX_RETRY_AFTER_S))
}

/// The `retry_after_s` to report for a failure of `kind`. For rate limiting: `Retry-After` when
/// RingCentral sends one, else `X-Rate-Limit-Window`, else [`DEFAULT_RETRY_AFTER_S`]. For 5xx:
/// `Retry-After` only.
pub fn retry_after_for(
    kind: ErrorKind,
    retry_after: Option<&str>,
    rate_limit_window: Option<&str>,
    now: OffsetDateTime,
) -> Option<u64> {
    let parsed = retry_after.and_then(|value| parse_retry_after(value, now));
    match kind {
        ErrorKind::RateLimited => Some(
            parsed
                .or_else(|| rate_limit_window.and_then(parse_window))
                .unwrap_or(DEFAULT_RETRY_AFTER_S),
        ),
        ErrorKind::Unavailable => parsed,
        _ => None,
    }
}

/// `X-Rate-Limit-Window`: whole seconds, capped at [`MAX_RETRY_AFTER_S`]; zero or junk is `None`.
fn parse_window(value: &str) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds = value.parse::<u64>().unwrap_or(MAX_RETRY_AFTER_S);
    (seconds > 0).then_some(seconds.min(MAX_RETRY_AFTER_S))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_endpoint_mapping_follows_the_contract() {
        use ErrorKind::*;
        let cases: &[(u16, Option<&str>, Option<&str>, ErrorKind)] = &[
            (
                400,
                Some("unauthorized_client"),
                Some("OAU-251"),
                AppNotEnabled,
            ),
            (400, Some("unauthorized_client"), None, AppNotEnabled),
            (403, None, Some("OAU-112"), AppNotEnabled),
            (401, None, Some("OAU-125"), AppNotEnabled),
            (
                400,
                Some("invalid_client"),
                Some("OAU-153"),
                ClientAuthFailed,
            ),
            (
                401,
                Some("invalid_client"),
                Some("OAU-146"),
                ClientAuthFailed,
            ),
            (401, None, Some("OAU-123"), ClientAuthFailed),
            (401, None, Some("OAU-134"), ClientAuthFailed),
            (401, None, Some("OAU-156"), ClientAuthFailed),
            (400, None, Some("OAU-165"), ClientAuthFailed),
            (401, Some("invalid_client"), None, ClientAuthFailed),
            (401, None, Some("OAU-141"), UserDisabled),
            (401, None, Some("OAU-142"), UserDisabled),
            (400, Some("invalid_grant"), Some("OAU-236"), UserDisabled),
            (400, None, Some("OAU-222"), UserDisabled),
            (400, None, Some("OAU-232"), UserDisabled),
            (401, None, Some("oau-136"), UserDisabled),
            (400, Some("invalid_grant"), None, Rejected),
            (400, Some("invalid_grant"), Some("OAU-211"), Rejected),
            // Every other RingCentral 4xx is a rejection of the credential, never "try again".
            (400, Some("invalid_request"), Some("OAU-111"), Rejected),
            (401, Some("invalid_grant"), Some("OAU-140"), Rejected),
            (401, None, Some("OAU-213"), Rejected),
            (400, Some("access_denied"), None, Rejected),
            (400, Some("invalid_request"), None, Rejected),
            (400, None, Some("OAU-999"), Rejected),
            (403, None, None, Rejected),
            (429, None, Some("CMN-301"), RateLimited),
            (429, Some("invalid_grant"), None, RateLimited),
            (503, Some("service_unavailable"), None, Unavailable),
            (500, None, None, Unavailable),
            (502, None, None, Unavailable),
            (408, None, None, Unavailable),
            (404, None, None, Rejected),
            (200, None, None, Unexpected),
        ];
        for (status, error, code, kind) in cases {
            assert_eq!(
                token_failure(*status, *error, *code, true),
                *kind,
                "{status} {error:?} {code:?}"
            );
        }
    }

    #[test]
    fn answers_that_are_not_ringcentral_s_are_unexpected() {
        use ErrorKind::*;
        assert_eq!(token_failure(400, None, None, false), Unexpected);
        assert_eq!(token_failure(404, None, None, false), Unexpected);
        assert_eq!(token_failure(401, None, None, false), Unexpected);
        // Status alone still decides rate limiting and unavailability.
        assert_eq!(token_failure(429, None, None, false), RateLimited);
        assert_eq!(token_failure(502, None, None, false), Unavailable);
        // The code lists decide whatever the envelope looks like.
        assert_eq!(
            token_failure(400, None, Some("OAU-251"), false),
            AppNotEnabled
        );
        // No token refusal is ever offered as "try again".
        for status in 400..500u16 {
            if status == 408 || status == 429 {
                continue;
            }
            let kind = token_failure(status, Some("whatever"), None, true);
            assert!(!kind.is_temporary(), "{status}");
            assert_ne!(kind.fix_step(), rc_onboard_core::error::FixStep::Retry);
        }
    }

    #[test]
    fn probe_mapping_and_permission_names() {
        assert_eq!(
            probe_failure(403, Some("CMN-408")),
            ErrorKind::UserPermissionMissing
        );
        assert_eq!(probe_failure(403, None), ErrorKind::UserPermissionMissing);
        assert_eq!(probe_failure(429, None), ErrorKind::RateLimited);
        assert_eq!(probe_failure(404, None), ErrorKind::Unexpected);
        assert_eq!(
            permission_named_in(
                "In order to call this API endpoint, user needs to have [ReadCallLog] permission for requested resource."
            )
            .as_deref(),
            Some("ReadCallLog")
        );
        assert_eq!(permission_named_in("no brackets"), None);
        assert_eq!(permission_named_in("[not a name!]"), None);
        assert_eq!(permission_named_in("[]"), None);
    }

    #[test]
    fn api_mapping() {
        assert_eq!(
            api_failure(403, Some("CMN-401")),
            ErrorKind::MissingPermissions
        );
        assert_eq!(api_failure(403, Some("CMN-408")), ErrorKind::Unexpected);
        assert_eq!(api_failure(401, Some("OAU-149")), ErrorKind::Unexpected);
        assert_eq!(api_failure(429, None), ErrorKind::RateLimited);
        assert_eq!(api_failure(503, None), ErrorKind::Unavailable);
        assert_eq!(revoke_failure(400), ErrorKind::Unexpected);
        assert_eq!(revoke_failure(504), ErrorKind::Unavailable);
    }

    #[test]
    fn retry_after_values() {
        let now = OffsetDateTime::from_unix_timestamp(1_445_412_480).unwrap(); // 2015-10-21 07:28:00 UTC
        assert_eq!(parse_retry_after("120", now), Some(120));
        assert_eq!(parse_retry_after(" 7 ", now), Some(7));
        assert_eq!(parse_retry_after("99999999", now), Some(MAX_RETRY_AFTER_S));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:29:00 GMT", now),
            Some(60)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(0)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        // Overlong numbers are capped like long ones, not ignored.
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(MAX_RETRY_AFTER_S)
        );
        // RingCentral's model: Retry-After, else X-Rate-Limit-Window, else its 60 s penalty.
        let rate = ErrorKind::RateLimited;
        assert_eq!(retry_after_for(rate, None, None, now), Some(60));
        assert_eq!(retry_after_for(rate, Some("junk"), None, now), Some(60));
        assert_eq!(retry_after_for(rate, Some("5"), Some("60"), now), Some(5));
        assert_eq!(retry_after_for(rate, None, Some("60"), now), Some(60));
        assert_eq!(retry_after_for(rate, None, Some(" 90 "), now), Some(90));
        assert_eq!(retry_after_for(rate, None, Some("0"), now), Some(60));
        assert_eq!(retry_after_for(rate, None, Some("x"), now), Some(60));
        assert_eq!(
            retry_after_for(rate, None, Some("99999999999999999999"), now),
            Some(MAX_RETRY_AFTER_S)
        );
        assert_eq!(
            retry_after_for(ErrorKind::Unavailable, Some("5"), None, now),
            Some(5)
        );
        assert_eq!(
            retry_after_for(ErrorKind::Unavailable, None, Some("60"), now),
            None
        );
        assert_eq!(
            retry_after_for(ErrorKind::Rejected, Some("5"), None, now),
            None
        );
    }
}
