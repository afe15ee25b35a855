//! What the commands share: the onboarding session and, in demo mode, the demo services.

use rc_onboard_demo::DemoEnvironment;
use rc_onboard_session::Session;

/// Managed Tauri state.
pub struct AppState {
    pub session: Session,
    pub demo: Option<DemoEnvironment>,
}

impl AppState {
    pub fn new(session: Session, demo: Option<DemoEnvironment>) -> AppState {
        AppState { session, demo }
    }
}
