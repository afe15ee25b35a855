//! What the commands share: the onboarding session and, in demo mode, the demo services.

use std::path::PathBuf;
use std::sync::Mutex;

#[cfg(feature = "demo")]
use rc_onboard_demo::DemoEnvironment;
use rc_onboard_doctor::DoctorReport;
use rc_onboard_session::Session;

/// Managed Tauri state.
pub struct AppState {
    pub session: Session,
    /// The demo services, while the window runs the built-in demo.
    #[cfg(feature = "demo")]
    pub demo: Option<DemoEnvironment>,
    /// The data folder (the doctor looks at its outbox).
    pub data_dir: PathBuf,
    /// The last doctor run, included in the support report.
    pub doctor: Mutex<Option<DoctorReport>>,
}

impl AppState {
    pub fn new(session: Session, data_dir: PathBuf) -> AppState {
        AppState {
            session,
            #[cfg(feature = "demo")]
            demo: None,
            data_dir,
            doctor: Mutex::new(None),
        }
    }

    /// The same state running the built-in demo's services.
    #[cfg(feature = "demo")]
    pub fn with_demo(self, demo: DemoEnvironment) -> AppState {
        AppState {
            demo: Some(demo),
            ..self
        }
    }

    /// Whether the window runs the built-in demo.
    #[cfg(feature = "demo")]
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    /// Whether the window runs the built-in demo: never, in a build without it.
    #[cfg(not(feature = "demo"))]
    pub fn is_demo(&self) -> bool {
        false
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
