//! Fault injection settings (latency, 429, 503, hang, permission enforcement) and per-endpoint
//! request counters, both readable and settable at runtime through the handle.

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
        let fault = self.rate_limit.as_mut()?;
        if fault.requests == 0 {
            self.rate_limit = None;
            return None;
        }
        fault.requests -= 1;
        let retry_after = fault.retry_after_s;
        if fault.requests == 0 {
            self.rate_limit = None;
        }
        Some(retry_after)
    }
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
