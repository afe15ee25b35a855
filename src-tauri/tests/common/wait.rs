//! Waiting for a condition that another process or a server thread makes true (a request reached
//! the intake, a submission was stored), polling it with a deadline.

use std::time::{Duration, Instant};

/// How long any condition may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// Polls `condition` until it holds; panics naming `what` after [`DEADLINE`].
pub fn until(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < DEADLINE,
            "timed out after {DEADLINE:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
