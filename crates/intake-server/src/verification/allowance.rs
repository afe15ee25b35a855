//! The verification allowance: at most [`ALLOWANCE_PER_CODE`] verifications per onboarding code
//! in any [`ALLOWANCE_WINDOW`] (RingCentral allows only 5 auth requests a minute per user and
//! app). Kept in memory by each instance.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::codes::CodeHash;

/// Verifications one code may ask for in one window.
pub const ALLOWANCE_PER_CODE: usize = 10;
/// The sliding window of the allowance.
pub const ALLOWANCE_WINDOW: Duration = Duration::from_secs(10 * 60);

/// When each code's recent verifications started.
#[derive(Debug)]
pub struct VerificationAllowance {
    per_code: usize,
    window: Duration,
    started: Mutex<HashMap<[u8; 32], VecDeque<Instant>>>,
}

impl Default for VerificationAllowance {
    fn default() -> Self {
        Self::new(ALLOWANCE_PER_CODE, ALLOWANCE_WINDOW)
    }
}

impl VerificationAllowance {
    /// An allowance of `per_code` verifications per `window`.
    pub fn new(per_code: usize, window: Duration) -> Self {
        Self {
            per_code,
            window,
            started: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one verification from `code`'s allowance, or says how long until one is free.
    pub(crate) fn take(&self, code: CodeHash) -> Result<(), Duration> {
        let now = Instant::now();
        let mut started = self
            .started
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        started.retain(|_, times| {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= self.window)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        let times = started.entry(code.0).or_default();
        if times.len() >= self.per_code {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(self.window.saturating_sub(now.duration_since(oldest)));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_in_the_window_waits_and_other_codes_do_not() {
        let allowance = VerificationAllowance::default();
        let code = CodeHash([1; 32]);
        for _ in 0..ALLOWANCE_PER_CODE {
            assert!(allowance.take(code).is_ok());
        }
        let wait = allowance.take(code).unwrap_err();
        assert!(
            wait > Duration::from_secs(590) && wait <= ALLOWANCE_WINDOW,
            "{wait:?}"
        );
        assert!(allowance.take(CodeHash([2; 32])).is_ok());
    }

    #[test]
    fn the_window_slides() {
        let allowance = VerificationAllowance::new(1, Duration::from_millis(20));
        let code = CodeHash([1; 32]);
        assert!(allowance.take(code).is_ok());
        assert!(allowance.take(code).is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(allowance.take(code).is_ok());
    }
}
