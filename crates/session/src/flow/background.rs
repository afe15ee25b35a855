//! Background retries of the outbox while the app is open: a submission an earlier run left
//! waiting is tried at once, then the outbox is looked at again as the [`BackgroundPolicy`] says.

use std::time::Duration;

use rc_onboard_delivery::service::{self, FlushOptions};
use rc_onboard_delivery::RetryPolicy;

use super::Session;

/// How the background retry works through the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackgroundPolicy {
    /// The shortest wait between two looks at the outbox.
    pub min_wait: Duration,
    /// The longest wait between two looks while a submission waits.
    pub max_wait: Duration,
    /// The wait when the outbox is empty or cannot be read (at least `min_wait`).
    pub idle_wait: Duration,
    /// Try only the submissions whose backoff schedule says they are due, and wake when the next
    /// one is. `false`: try every waiting submission on every look, every `idle_wait` (at least
    /// `min_wait`).
    pub follow_schedule: bool,
}

impl Default for BackgroundPolicy {
    /// The normal policy: follow each submission's schedule, looking every 15 seconds to 5
    /// minutes, and every minute when nothing is due.
    fn default() -> Self {
        BackgroundPolicy {
            min_wait: Duration::from_secs(15),
            max_wait: Duration::from_secs(300),
            idle_wait: Duration::from_secs(60),
            follow_schedule: true,
        }
    }
}

impl BackgroundPolicy {
    /// How long to wait before the next look, given how long until the earliest waiting
    /// submission is due (`None`: nothing waits, or the outbox cannot be read).
    pub fn next_wait(&self, next_due: Option<Duration>) -> Duration {
        match next_due {
            Some(due) if self.follow_schedule => {
                due.max(self.min_wait).min(self.max_wait.max(self.min_wait))
            }
            _ => self.idle_wait.max(self.min_wait),
        }
    }
}

impl Session {
    /// Starts the background retry of everything waiting in the outbox while the app is open.
    pub fn start_background_delivery(&self) {
        let session = self.clone();
        tokio::spawn(async move {
            // Reopening the app is the customer's moment to finish: a submission an earlier run
            // left waiting is tried at once, whatever its backoff schedule says.
            if session.state().waiting_in_outbox() {
                session.flush(false).await;
            }
            loop {
                let wait = session.next_background_wait();
                tokio::time::sleep(wait).await;
                session.flush_once().await;
            }
        });
    }

    fn next_background_wait(&self) -> Duration {
        let policy = &self.inner.background;
        let next_due = if policy.follow_schedule {
            service::next_due_in(&self.inner.outbox).ok().flatten()
        } else {
            None
        };
        policy.next_wait(next_due)
    }

    /// One pass over the outbox; updates the view for this session's submission.
    pub async fn flush_once(&self) {
        self.flush(self.inner.background.follow_schedule).await;
    }

    /// Tries the waiting submissions (only those due, or all) and settles this session's.
    pub(super) async fn flush(&self, only_due: bool) {
        let options = FlushOptions {
            policy: RetryPolicy::flush(),
            only_due,
        };
        let report = service::flush_all(
            &self.inner.outbox,
            &self.inner.store,
            &self.inner.intake,
            &options,
        )
        .await;
        let report = match report {
            Ok(report) => report,
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be read for background delivery");
                return;
            }
        };
        for item in report.items {
            match item.result {
                Ok(outcome) => self.settle(&item.submission_id, outcome),
                Err(error) => tracing::warn!(
                    submission_id = %item.submission_id,
                    %error,
                    "background delivery failed"
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn the_next_wait_follows_the_schedule_within_bounds_or_stays_fixed() {
        let normal = BackgroundPolicy::default();
        let fixed = BackgroundPolicy {
            min_wait: S(3),
            max_wait: S(3),
            idle_wait: S(3),
            follow_schedule: false,
        };
        let table: [(&str, BackgroundPolicy, Option<Duration>, Duration); 8] = [
            (
                "due now: the shortest wait",
                normal,
                Some(Duration::ZERO),
                S(15),
            ),
            ("due within bounds", normal, Some(S(42)), S(42)),
            (
                "due far ahead: the longest wait",
                normal,
                Some(S(3600)),
                S(300),
            ),
            ("nothing waits", normal, None, S(60)),
            (
                "idle below the shortest wait",
                BackgroundPolicy {
                    min_wait: S(90),
                    ..normal
                },
                None,
                S(90),
            ),
            (
                "longest below shortest",
                BackgroundPolicy {
                    min_wait: S(600),
                    ..normal
                },
                Some(S(42)),
                S(600),
            ),
            ("fixed, something due later", fixed, Some(S(42)), S(3)),
            ("fixed, nothing waits", fixed, None, S(3)),
        ];
        for (case, policy, next_due, expected) in table {
            assert_eq!(policy.next_wait(next_due), expected, "{case}");
        }
    }
}
