//! When to try again: the in-process retry policy (exponential backoff with full jitter, bounded in
//! attempts and total time, honouring Retry-After up to a cap) and the slower schedule for entries
//! left in the outbox. The `Retry-After` header itself is read by
//! [`rc_onboard_core::retry_after::parse_retry_after`].

use std::time::Duration;

use rand::Rng;

/// How hard one delivery call keeps trying before it gives up and leaves the entry queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Requests made at most, the first included (at least 1).
    pub max_attempts: u32,
    /// Backoff ceiling before the first retry; doubles with each retry.
    pub base_delay: Duration,
    /// Largest backoff ceiling.
    pub max_delay: Duration,
    /// Wall-clock budget for all attempts and waits together; requests are cut off at its end.
    pub max_total: Duration,
    /// Longest server-requested wait (`Retry-After`) honoured in-process; a longer one ends the call.
    pub max_retry_after: Duration,
}

impl RetryPolicy {
    /// `rc-onboard send`: keep trying for about 20 seconds, then queue.
    pub const fn send() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
            max_total: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(10),
        }
    }

    /// `outbox flush` and the GUI's background retry: a short burst per entry.
    pub const fn flush() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(2),
            max_total: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(5),
        }
    }

    /// Upper bound of the random wait before retry number `retry` (0 for the first retry):
    /// `min(max_delay, base_delay * 2^retry)`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 2u32.checked_pow(retry).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max_delay)
    }

    /// Wait before retry number `retry`: a uniformly random duration in `[0, ceiling]` ("full
    /// jitter"), raised to the server's `Retry-After` (capped at `max_retry_after`) when one was sent.
    pub fn delay_before_retry<R: Rng + ?Sized>(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        rng: &mut R,
    ) -> Duration {
        let jittered = random_up_to(self.backoff_ceiling(retry), rng);
        match retry_after {
            Some(wait) => jittered.max(wait.min(self.max_retry_after)),
            None => jittered,
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::send()
    }
}

/// When a queued entry should next be retried in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueSchedule {
    /// Ceiling of the wait after the first failed round; doubles with each round.
    pub base_delay: Duration,
    /// Longest wait between background rounds.
    pub max_delay: Duration,
}

impl Default for QueueSchedule {
    fn default() -> Self {
        QueueSchedule {
            base_delay: Duration::from_secs(30),
            max_delay: Duration::from_secs(60 * 60),
        }
    }
}

impl QueueSchedule {
    /// Wait after a failed round when the entry has `attempts` attempts in total: half the ceiling
    /// plus a random half ("equal jitter", so a background loop never retries immediately), and never
    /// shorter than the server's `Retry-After`.
    pub fn delay_after<R: Rng + ?Sized>(
        &self,
        attempts: u32,
        retry_after: Option<Duration>,
        rng: &mut R,
    ) -> Duration {
        let doublings = attempts.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .checked_mul(1u32 << doublings)
            .unwrap_or(Duration::MAX)
            .min(self.max_delay);
        let half = ceiling / 2;
        let delay = half + random_up_to(ceiling - half, rng);
        delay.max(retry_after.unwrap_or(Duration::ZERO).min(self.max_delay))
    }
}

fn random_up_to<R: Rng + ?Sized>(ceiling: Duration, rng: &mut R) -> Duration {
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(rng.gen_range(0..=nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn backoff_ceiling_doubles_up_to_the_cap() {
        let policy = RetryPolicy::send();
        assert_eq!(policy.backoff_ceiling(0), Duration::from_millis(500));
        assert_eq!(policy.backoff_ceiling(1), Duration::from_secs(1));
        assert_eq!(policy.backoff_ceiling(3), Duration::from_secs(4));
        assert_eq!(policy.backoff_ceiling(4), Duration::from_secs(5));
        assert_eq!(policy.backoff_ceiling(200), Duration::from_secs(5));
    }

    #[test]
    fn full_jitter_stays_within_zero_and_the_ceiling_and_spreads() {
        let policy = RetryPolicy::send();
        let mut rng = StdRng::seed_from_u64(7);
        for retry in 0..10 {
            let ceiling = policy.backoff_ceiling(retry);
            let delays: Vec<_> = (0..500)
                .map(|_| policy.delay_before_retry(retry, None, &mut rng))
                .collect();
            assert!(delays.iter().all(|d| *d <= ceiling), "retry {retry}");
            // Spread over the whole range, not clustered at one end.
            assert!(delays.iter().any(|d| *d < ceiling / 4), "retry {retry}");
            assert!(delays.iter().any(|d| *d > ceiling * 3 / 4), "retry {retry}");
        }
    }

    #[test]
    fn retry_after_raises_the_wait_but_only_up_to_its_cap() {
        let policy = RetryPolicy::send();
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..200 {
            let wait = policy.delay_before_retry(0, Some(Duration::from_secs(3)), &mut rng);
            assert_eq!(wait, Duration::from_secs(3));
            let capped = policy.delay_before_retry(0, Some(Duration::from_secs(3600)), &mut rng);
            assert_eq!(capped, policy.max_retry_after);
        }
        // A Retry-After shorter than the jittered backoff does not shorten it below the backoff range.
        let short = policy.delay_before_retry(6, Some(Duration::from_millis(1)), &mut rng);
        assert!(short >= Duration::from_millis(1) && short <= policy.max_delay);
    }

    #[test]
    fn queue_schedule_waits_at_least_half_the_ceiling() {
        let schedule = QueueSchedule::default();
        let mut rng = StdRng::seed_from_u64(3);
        for attempts in 1..40 {
            let doublings = (attempts - 1).min(31);
            let ceiling = schedule
                .base_delay
                .checked_mul(1 << doublings)
                .unwrap_or(Duration::MAX)
                .min(schedule.max_delay);
            for _ in 0..50 {
                let delay = schedule.delay_after(attempts, None, &mut rng);
                assert!(
                    delay >= ceiling / 2 && delay <= ceiling,
                    "attempts {attempts}: {delay:?}"
                );
            }
        }
        let honoured = schedule.delay_after(1, Some(Duration::from_secs(600)), &mut rng);
        assert_eq!(honoured, Duration::from_secs(600));
    }
}
