//! What the demo does with the onboarding session: a preset hands the session its ready-made
//! credential and a fresh onboarding code (so the demo works without a browser), and the
//! background retry tries the outbox every few seconds, whatever its backoff schedule says, so an
//! intake outage visibly recovers on stage.

use std::time::Duration;

use rc_onboard_delivery::RetryPolicy;
use rc_onboard_session::{BackgroundPolicy, Session, View};

use crate::environment::{DemoEnvironment, DemoError};

/// How often the demo's background retry tries the outbox.
const DEMO_RETRY_INTERVAL: Duration = Duration::from_secs(3);

/// Applies the preset `id` to the demo services and hands its credential, with a new onboarding
/// code, to `session`, which starts over at Paste and verifies it.
pub async fn apply_scenario(
    demo: &DemoEnvironment,
    session: &Session,
    id: &str,
) -> Result<View, DemoError> {
    let jwt = demo.apply(id)?;
    let code = demo.issue_code()?;
    session.note("demo preset applied");
    Ok(session.hold_credential(code, &jwt).await)
}

/// The demo's background retry: every few seconds, every waiting submission.
pub fn background_policy() -> BackgroundPolicy {
    BackgroundPolicy {
        min_wait: DEMO_RETRY_INTERVAL,
        max_wait: DEMO_RETRY_INTERVAL,
        idle_wait: DEMO_RETRY_INTERVAL,
        follow_schedule: false,
    }
}

/// How hard the demo's first delivery tries before the submission waits in the outbox: on
/// stage, an outage should show "saved, we will keep trying" within seconds.
pub fn send_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(300),
        max_delay: Duration::from_secs(1),
        max_total: Duration::from_secs(5),
        max_retry_after: Duration::from_secs(2),
    }
}
