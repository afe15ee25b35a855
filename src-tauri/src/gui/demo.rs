//! The built-in demo behind the window (the `demo` feature): the simulated RingCentral and the
//! reference intake start in-process, and the session runs with the demo profile and short
//! retry times.

use rc_onboard_demo::DemoEnvironment;
use rc_onboard_verify::SecretString;
use std::path::PathBuf;

use super::{new_session, AppState, Delivery, StartError};

/// Starts the demo services and a demo session; without a code of its own the window gets one the
/// demo intake issued.
pub async fn prepare(
    data_dir: PathBuf,
    code: Option<SecretString>,
) -> Result<AppState, StartError> {
    let started = std::time::Instant::now();
    let env = DemoEnvironment::start().await?;
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo services started"
    );
    // A demo's intake lives only as long as the app: earlier demo submissions can never be
    // delivered, so the demo starts with an empty outbox.
    let _ = std::fs::remove_dir_all(data_dir.join("outbox"));
    let code = code.or_else(|| Some(env.onboarding_code()));
    let delivery = Delivery {
        send_policy: rc_onboard_demo::send_policy(),
        background: rc_onboard_demo::background_policy(),
    };
    let session = new_session(env.profile().clone(), true, &data_dir, code, delivery)?;
    Ok(AppState::new(session, data_dir).with_demo(env))
}
