//! Fault injection settings (latency, 429, 503, hang, configurable token refusals, the enforced
//! Auth-group rate limit, permission enforcement) and per-endpoint request counters, both
//! readable and settable at runtime through the handle.

use std::time::Duration;

/// Faults the simulator injects. Read with `SimHandle::faults`, change with `SimHandle::set_faults`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Delay added before answering every request (any endpoint, console included).
    pub latency: Duration,
    /// The next token requests answer 429 with `Retry-After`; cleared once used up.
    pub rate_limit: Option<RateLimitFault>,
    /// The next N RingCentral API requests (token, revoke, REST) answer 503.
    pub unavailable: u32,
    /// Token requests never answer until this is set back to `false`.
    pub hang: bool,
    /// The REST endpoints answer 403 CMN-401 when the token's app lacks `ReadAccounts`
    /// (off by default).
    pub enforce_read_accounts: bool,
    /// The next token requests answer with this refusal instead of being processed; cleared
    /// once used up.
    pub token_refusal: Option<TokenRefusal>,
    /// Enforce RingCentral's Auth rate-limit group per (user, app) on the token and revoke
    /// endpoints (off by default: test suites exchange the same user's credentials quickly).
    pub auth_rate_limit: Option<AuthRateLimit>,
}

/// A token-endpoint refusal with any status and body: `{"error"?, "errors"?:[{"errorCode"?,
/// "message"?}], "error_description"?}`, each part sent only when set (`errors` when
/// `error_code` or `message` is). A 401 also carries `WWW-Authenticate`, as RingCentral's do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRefusal {
    /// How many token requests are still refused.
    pub requests: u32,
    /// The HTTP status (an invalid code answers 500).
    pub status: u16,
    /// `error`, the RFC 6749 code.
    pub error: Option<String>,
    /// `error_description`.
    pub error_description: Option<String>,
    /// `errors[0].errorCode`, RingCentral's code (e.g. `OAU-140`).
    pub error_code: Option<String>,
    /// `errors[0].message`.
    pub message: Option<String>,
}

impl TokenRefusal {
    /// The usual envelope for the next token request: `error`, `errors[0]` with `code` and
    /// `message`, and `error_description` = `message`.
    pub fn new(status: u16, error: &str, code: &str, message: &str) -> Self {
        TokenRefusal {
            requests: 1,
            status,
            error: Some(error.to_owned()),
            error_description: Some(message.to_owned()),
            error_code: Some(code.to_owned()),
            message: Some(message.to_owned()),
        }
    }

    /// A body with `errors` only (no `error`, no `error_description`).
    pub fn errors_only(status: u16, code: &str, message: &str) -> Self {
        TokenRefusal {
            error: None,
            error_description: None,
            ..TokenRefusal::new(status, "", code, message)
        }
    }

    /// 401 `invalid_grant` OAU-140 "Invalid resource owner credentials." (documented as 401).
    pub fn invalid_resource_owner() -> Self {
        TokenRefusal::new(
            401,
            "invalid_grant",
            "OAU-140",
            "Invalid resource owner credentials.",
        )
    }

    /// The same refusal for the next `requests` token requests.
    pub fn times(self, requests: u32) -> Self {
        TokenRefusal { requests, ..self }
    }
}

/// RingCentral's Auth rate-limit group as enforced per (user, app): `requests` token or revoke
/// requests per `window`; the next one answers 429 and starts a `penalty`, which every request
/// arriving during it restarts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthRateLimit {
    /// Requests allowed per window (`X-Rate-Limit-Limit`).
    pub requests: u32,
    /// The counting window (`X-Rate-Limit-Window`).
    pub window: Duration,
    /// How long a limited (user, app) is refused (`Retry-After`).
    pub penalty: Duration,
}

impl AuthRateLimit {
    /// RingCentral's default for the Auth group: 5 requests a minute, 60 s penalty.
    pub const RINGCENTRAL: AuthRateLimit = AuthRateLimit {
        requests: 5,
        window: Duration::from_secs(60),
        penalty: Duration::from_secs(60),
    };
}

impl Default for AuthRateLimit {
    fn default() -> Self {
        AuthRateLimit::RINGCENTRAL
    }
}

/// "The next `requests` token requests answer 429 with `Retry-After: retry_after_s`".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitFault {
    /// How many token requests are still rate limited.
    pub requests: u32,
    /// Seconds sent in the `Retry-After` header.
    pub retry_after_s: u64,
}

/// How many requests reached each endpoint (counted on arrival, whatever the outcome).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// `POST /restapi/oauth/token`
    pub token: u64,
    /// `POST /restapi/oauth/revoke`
    pub revoke: u64,
    /// `GET /restapi/v1.0/account/~/extension/~`
    pub extension: u64,
    /// `GET /restapi/v1.0/account/~/business-address`
    pub business_address: u64,
    /// `GET /restapi/v1.0/account/~`
    pub account: u64,
    /// `GET /restapi/v1.0/account/~/call-log`
    pub call_log: u64,
    /// `GET /console/my-credentials/create`
    pub console_page: u64,
    /// `POST /console/my-credentials`
    pub console_submit: u64,
}

/// The endpoints that are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Token,
    Revoke,
    Extension,
    BusinessAddress,
    Account,
    CallLog,
    ConsolePage,
    ConsoleSubmit,
}

impl Counters {
    pub(crate) fn bump(&mut self, endpoint: Endpoint) {
        let slot = match endpoint {
            Endpoint::Token => &mut self.token,
            Endpoint::Revoke => &mut self.revoke,
            Endpoint::Extension => &mut self.extension,
            Endpoint::BusinessAddress => &mut self.business_address,
            Endpoint::Account => &mut self.account,
            Endpoint::CallLog => &mut self.call_log,
            Endpoint::ConsolePage => &mut self.console_page,
            Endpoint::ConsoleSubmit => &mut self.console_submit,
        };
        *slot += 1;
    }
}

impl Faults {
    /// Consumes one "unavailable" request, if any are left.
    pub(crate) fn take_unavailable(&mut self) -> bool {
        if self.unavailable == 0 {
            return false;
        }
        self.unavailable -= 1;
        true
    }

    /// Consumes one rate-limited token request, returning its `Retry-After` seconds.
    pub(crate) fn take_rate_limit(&mut self) -> Option<u64> {
        take_counted(&mut self.rate_limit, |fault| &mut fault.requests)
            .map(|fault| fault.retry_after_s)
    }

    /// Consumes one refused token request, returning the refusal to send.
    pub(crate) fn take_token_refusal(&mut self) -> Option<TokenRefusal> {
        take_counted(&mut self.token_refusal, |fault| &mut fault.requests)
    }
}

/// Uses up one request of a counted fault, clearing it once none are left.
fn take_counted<T: Clone>(slot: &mut Option<T>, requests: fn(&mut T) -> &mut u32) -> Option<T> {
    let fault = slot.as_mut()?;
    let left = requests(fault);
    if *left == 0 {
        *slot = None;
        return None;
    }
    *left -= 1;
    let taken = fault.clone();
    if *requests(fault) == 0 {
        *slot = None;
    }
    Some(taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_run_out() {
        let mut faults = Faults {
            rate_limit: Some(RateLimitFault {
                requests: 2,
                retry_after_s: 7,
            }),
            unavailable: 1,
            ..Faults::default()
        };
        assert_eq!(faults.take_rate_limit(), Some(7));
        assert_eq!(faults.take_rate_limit(), Some(7));
        assert_eq!(faults.take_rate_limit(), None);
        assert_eq!(faults.rate_limit, None);
        assert!(faults.take_unavailable());
        assert!(!faults.take_unavailable());
    }

    #[test]
    fn token_refusals_run_out() {
        let mut faults = Faults {
            token_refusal: Some(TokenRefusal::invalid_resource_owner().times(2)),
            ..Faults::default()
        };
        let first = faults.take_token_refusal().unwrap();
        assert_eq!(
            (first.status, first.error_code.as_deref()),
            (401, Some("OAU-140"))
        );
        assert!(faults.take_token_refusal().is_some());
        assert_eq!(faults.take_token_refusal(), None);
        assert_eq!(faults.token_refusal, None);
        let bare = TokenRefusal::errors_only(400, "OAU-999", "m");
        assert_eq!((bare.error, bare.error_description), (None, None));
    }

    #[test]
    fn counters_count_each_endpoint() {
        let mut counters = Counters::default();
        counters.bump(Endpoint::Token);
        counters.bump(Endpoint::Token);
        counters.bump(Endpoint::Revoke);
        assert_eq!(
            (counters.token, counters.revoke, counters.extension),
            (2, 1, 0)
        );
    }
}
