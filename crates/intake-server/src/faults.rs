//! Fault injection and the attempt log, for tests and demos of a client's retry behaviour.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

/// Faults to inject. `fail_next` applies to `POST /v1/submissions` only, in order, one status
/// per request, before anything is processed (so nothing is stored): 429 and 503 carry
/// `Retry-After: 1`. `down` answers 503 (with `Retry-After: 1`) to every request, code-status
/// included, until cleared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Statuses to answer to the next submissions, e.g. `vec![503, 503]`.
    pub fail_next: Vec<u16>,
    /// Answer 503 to everything.
    pub down: bool,
}

/// One `POST /v1/submissions` as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptLog {
    /// The `Idempotency-Key` header, if present and readable.
    pub idempotency_key: Option<String>,
    /// The status answered.
    pub status: u16,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The faults in force.
#[derive(Debug, Default)]
pub(crate) struct FaultState {
    inner: Mutex<(VecDeque<u16>, bool)>,
}

impl FaultState {
    pub(crate) fn set(&self, faults: Faults) {
        *lock(&self.inner) = (faults.fail_next.into(), faults.down);
    }

    pub(crate) fn is_down(&self) -> bool {
        lock(&self.inner).1
    }

    /// The status to inject into this submission, if any: 503 while down, else the next queued.
    pub(crate) fn take_for_submission(&self) -> Option<u16> {
        let mut inner = lock(&self.inner);
        if inner.1 {
            Some(503)
        } else {
            inner.0.pop_front()
        }
    }
}

/// The most recent submission attempts (bounded, oldest dropped first).
#[derive(Debug)]
pub(crate) struct AttemptRecorder {
    capacity: usize,
    attempts: Mutex<VecDeque<AttemptLog>>,
}

impl AttemptRecorder {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            attempts: Mutex::new(VecDeque::new()),
        }
    }

    pub(crate) fn record(&self, attempt: AttemptLog) {
        let mut attempts = lock(&self.attempts);
        if attempts.len() == self.capacity {
            attempts.pop_front();
        }
        attempts.push_back(attempt);
    }

    pub(crate) fn snapshot(&self) -> Vec<AttemptLog> {
        lock(&self.attempts).iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_next_is_consumed_in_order_and_down_wins() {
        let state = FaultState::default();
        state.set(Faults {
            fail_next: vec![503, 429],
            down: false,
        });
        assert_eq!(state.take_for_submission(), Some(503));
        assert_eq!(state.take_for_submission(), Some(429));
        assert_eq!(state.take_for_submission(), None);
        state.set(Faults {
            fail_next: vec![],
            down: true,
        });
        assert_eq!(state.take_for_submission(), Some(503));
        assert_eq!(state.take_for_submission(), Some(503));
    }

    #[test]
    fn recorder_keeps_the_latest() {
        let recorder = AttemptRecorder::new(2);
        for status in [500, 503, 201] {
            recorder.record(AttemptLog {
                idempotency_key: None,
                status,
            });
        }
        let statuses: Vec<u16> = recorder.snapshot().iter().map(|a| a.status).collect();
        assert_eq!(statuses, [503, 201]);
    }
}
