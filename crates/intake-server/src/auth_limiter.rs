//! Throttling of failed code attempts per client address, so onboarding codes cannot be
//! guessed at speed (they carry 160 random bits; this keeps logs and load sane too).
//!
//! After `max_failures` unknown or malformed codes from one IP address within `window`, every
//! request from that address is answered 429 until the window ends. Behind a reverse proxy all
//! clients share the proxy's address; size the limit for that or enforce it at the proxy.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed code attempts allowed per address per window.
pub const MAX_FAILURES_PER_WINDOW: u32 = 20;
/// Length of the counting window.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(60);

const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Counts failed code attempts per address.
#[derive(Debug)]
pub(crate) struct AuthFailureLimiter {
    max_failures: u32,
    window: Duration,
    windows: Mutex<HashMap<IpAddr, Window>>,
}

impl AuthFailureLimiter {
    pub(crate) fn new(max_failures: u32, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(retry_after)` while `ip` is over its limit.
    pub(crate) fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        let windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        match windows.get(&ip) {
            Some(w) if w.failures >= self.max_failures => {
                let elapsed = w.started.elapsed();
                if elapsed < self.window {
                    Err(self.window - elapsed)
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    /// Counts one failed attempt from `ip`.
    pub(crate) fn record_failure(&self, ip: IpAddr) {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if windows.len() > PRUNE_ABOVE {
            let window = self.window;
            windows.retain(|_, w| now.duration_since(w.started) < window);
        }
        let entry = windows.entry(ip).or_insert(Window {
            started: now,
            failures: 0,
        });
        if now.duration_since(entry.started) >= self.window {
            *entry = Window {
                started: now,
                failures: 0,
            };
        }
        entry.failures = entry.failures.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn blocks_after_the_limit_and_only_that_address() {
        let limiter = AuthFailureLimiter::new(3, Duration::from_secs(60));
        let a = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        let b = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3));
        for _ in 0..3 {
            assert!(limiter.check(a).is_ok());
            limiter.record_failure(a);
        }
        let retry_after = limiter.check(a).unwrap_err();
        assert!(retry_after <= Duration::from_secs(60));
        assert!(limiter.check(b).is_ok());
    }

    #[test]
    fn a_finished_window_unblocks() {
        let limiter = AuthFailureLimiter::new(1, Duration::ZERO);
        let a = IpAddr::V4(Ipv4Addr::LOCALHOST);
        limiter.record_failure(a);
        assert!(limiter.check(a).is_ok());
    }
}
