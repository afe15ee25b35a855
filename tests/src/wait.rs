//! Condition waits: poll a condition until it holds or a deadline passes. Never a fixed sleep.

use std::future::Future;
use std::time::{Duration, Instant};

/// A condition did not hold before its deadline.
#[derive(Debug, thiserror::Error)]
#[error("timed out after {waited:?} waiting for {what}; last observation: {last}")]
pub struct WaitError {
    pub what: String,
    pub waited: Duration,
    pub last: String,
}

/// Polls `probe` every 50 ms until it returns `Ok(Some(value))`, or fails after `timeout`.
/// `probe` returns `Ok(None)` (not yet) or `Err(observation)` (not yet, with a note for the error).
pub async fn wait_for<T, F, Fut>(
    what: &str,
    timeout: Duration,
    mut probe: F,
) -> Result<T, WaitError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, String>>,
{
    let start = Instant::now();
    let mut last = String::from("nothing observed yet");
    loop {
        match probe().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(note) => last = note,
        }
        if start.elapsed() >= timeout {
            return Err(WaitError {
                what: what.to_string(),
                waited: start.elapsed(),
                last,
            });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
