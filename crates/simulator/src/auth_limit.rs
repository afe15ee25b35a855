//! The enforced Auth rate-limit group: counts token and revoke requests per (user, app) in a
//! fixed window and, once the limit is used up, refuses every request until a penalty has passed
//! without one (each refused request restarts the penalty, as RingCentral's does).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::faults::AuthRateLimit;
use crate::response::RateHeaders;

/// Who a limited request is counted for: the user (extension id, the JWT's `sub`) and the app.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct AuthKey {
    pub extension_id: String,
    pub client_id: String,
}

/// What the limiter decided about one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Let through; `remaining` requests are left in this window.
    Admitted { remaining: u32 },
    /// Refused: 429 with `Retry-After: retry_after_s`.
    Limited { retry_after_s: u64 },
}

impl Admission {
    /// The `X-Rate-Limit-*` values RingCentral sends with this outcome.
    pub(crate) fn headers(self, limit: &AuthRateLimit) -> RateHeaders {
        let remaining = match self {
            Admission::Admitted { remaining } => remaining,
            Admission::Limited { .. } => 0,
        };
        RateHeaders {
            group: "auth",
            limit: limit.requests,
            remaining,
            window_s: whole_seconds(limit.window),
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Usage {
    window_started: Instant,
    used: u32,
    penalty_until: Option<Instant>,
}

impl Usage {
    fn fresh(now: Instant) -> Usage {
        Usage {
            window_started: now,
            used: 0,
            penalty_until: None,
        }
    }
}

/// Per-(user, app) usage of the Auth group.
#[derive(Debug, Default)]
pub(crate) struct AuthLimiter {
    usage: Mutex<HashMap<AuthKey, Usage>>,
}

impl AuthLimiter {
    /// Counts one request of `key` arriving at `now` under `limit`.
    pub(crate) fn admit(&self, key: AuthKey, limit: &AuthRateLimit, now: Instant) -> Admission {
        let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
        let usage = usage.entry(key).or_insert_with(|| Usage::fresh(now));
        if let Some(until) = usage.penalty_until {
            if now < until {
                usage.penalty_until = Some(now + limit.penalty);
                return limited(limit);
            }
            *usage = Usage::fresh(now);
        }
        if now.duration_since(usage.window_started) >= limit.window {
            *usage = Usage::fresh(now);
        }
        if usage.used >= limit.requests {
            usage.penalty_until = Some(now + limit.penalty);
            return limited(limit);
        }
        usage.used += 1;
        Admission::Admitted {
            remaining: limit.requests - usage.used,
        }
    }

    /// Forgets every count and penalty.
    pub(crate) fn reset(&self) {
        self.usage
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

fn limited(limit: &AuthRateLimit) -> Admission {
    Admission::Limited {
        retry_after_s: u64::from(whole_seconds(limit.penalty)),
    }
}

/// `duration` in whole seconds, rounded up (at least 1), as headers carry it.
fn whole_seconds(duration: Duration) -> u32 {
    let seconds = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
    u32::try_from(seconds.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(user: &str) -> AuthKey {
        AuthKey {
            extension_id: user.to_owned(),
            client_id: "app".to_owned(),
        }
    }

    #[test]
    fn sixth_request_in_a_minute_is_limited_and_each_retry_restarts_the_penalty() {
        let limiter = AuthLimiter::default();
        let limit = AuthRateLimit::RINGCENTRAL;
        let start = Instant::now();
        for left in (0..5).rev() {
            assert_eq!(
                limiter.admit(key("1"), &limit, start),
                Admission::Admitted { remaining: left }
            );
        }
        let limited = Admission::Limited { retry_after_s: 60 };
        assert_eq!(limiter.admit(key("1"), &limit, start), limited);
        // Another user of the same app is counted separately.
        assert!(matches!(
            limiter.admit(key("2"), &limit, start),
            Admission::Admitted { remaining: 4 }
        ));
        // 50 s into the penalty: still limited, and the penalty starts again.
        let retry = start + Duration::from_secs(50);
        assert_eq!(limiter.admit(key("1"), &limit, retry), limited);
        let after_first_penalty = start + Duration::from_secs(70);
        assert_eq!(
            limiter.admit(key("1"), &limit, after_first_penalty),
            limited
        );
        // A full penalty without a request: a fresh window.
        let quiet = after_first_penalty + Duration::from_secs(60);
        assert_eq!(
            limiter.admit(key("1"), &limit, quiet),
            Admission::Admitted { remaining: 4 }
        );
        limiter.reset();
        assert_eq!(
            limiter.admit(key("1"), &limit, quiet),
            Admission::Admitted { remaining: 4 }
        );
    }

    #[test]
    fn a_new_window_starts_a_minute_after_the_first_request() {
        let limiter = AuthLimiter::default();
        let limit = AuthRateLimit::RINGCENTRAL;
        let start = Instant::now();
        for _ in 0..5 {
            limiter.admit(key("1"), &limit, start);
        }
        let next_window = start + Duration::from_secs(60);
        assert_eq!(
            limiter.admit(key("1"), &limit, next_window),
            Admission::Admitted { remaining: 4 }
        );
    }

    #[test]
    fn headers_follow_the_limit() {
        let limit = AuthRateLimit::RINGCENTRAL;
        let headers = Admission::Limited { retry_after_s: 60 }.headers(&limit);
        assert_eq!(
            (
                headers.group,
                headers.limit,
                headers.remaining,
                headers.window_s
            ),
            ("auth", 5, 0, 60)
        );
        assert_eq!(whole_seconds(Duration::from_millis(1500)), 2);
        assert_eq!(whole_seconds(Duration::ZERO), 1);
    }
}
