//! What the commands share: the onboarding session and, in demo mode, the demo services.

use std::path::PathBuf;
use std::sync::Mutex;

use rc_onboard_demo::DemoEnvironment;
use rc_onboard_doctor::DoctorReport;
use rc_onboard_session::Session;

/// Managed Tauri state.
pub struct AppState {
    pub session: Session,
    pub demo: Option<DemoEnvironment>,
    /// The data folder (the doctor looks at its outbox).
    pub data_dir: PathBuf,
    /// The last doctor run, included in the support report.
    pub doctor: Mutex<Option<DoctorReport>>,
}

impl AppState {
    pub fn new(session: Session, demo: Option<DemoEnvironment>, data_dir: PathBuf) -> AppState {
        AppState {
            session,
            demo,
            data_dir,
            doctor: Mutex::new(None),
        }
    }

    /// The support report, with the last doctor run when there was one.
    pub fn support_report(&self) -> String {
        let doctor = self
            .doctor
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let extra: Vec<(String, Vec<String>)> = match doctor.as_ref() {
            Some(report) => vec![(
                "doctor".to_owned(),
                rc_onboard_doctor::render_text(report)
                    .lines()
                    .map(str::to_owned)
                    .collect(),
            )],
            None => Vec::new(),
        };
        self.session.support_report(&extra)
    }
}
