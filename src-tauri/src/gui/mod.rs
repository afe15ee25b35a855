//! The window: prepares the profile (or the built-in demo), the session and the background
//! delivery, then runs the Tauri app with its commands.

mod commands;
mod error;
mod state;

use std::sync::Arc;
use std::time::Duration;

use rc_onboard_delivery::{ClientOptions, RetryPolicy};
use rc_onboard_demo::DemoEnvironment;
use rc_onboard_session::{Session, SessionConfig};
use rc_onboard_verify::engine::VerifierOptions;
use rc_onboard_verify::{Profile, SecretString};
use tauri::{Emitter, Manager};

use crate::cli::GlobalOptions;
use crate::environment;
pub use state::AppState;

/// The event that carries every new view to the window.
pub const VIEW_EVENT: &str = "wizard://view";
/// The event that carries each doctor check as it finishes.
pub const DOCTOR_EVENT: &str = "doctor://check";

/// Opens the wizard window and blocks until it closes; returns the exit code.
pub fn run(global: &GlobalOptions) -> i32 {
    let demo = global.demo || global.profile.is_none();
    let profile = if demo {
        None
    } else {
        match environment::load_profile(global) {
            Some(Ok(profile)) => Some(profile),
            Some(Err(error)) => {
                eprintln!("rc-onboard: {error}");
                return 2;
            }
            None => None,
        }
    };
    let data_dir = if demo {
        environment::demo_data_dir(global)
    } else {
        environment::data_dir(global)
    };
    let _log_guard = environment::init_logging(&data_dir, global.verbose);
    let code = global.code.clone();
    // Start the demo services and the session while GTK and the webview initialise.
    let preparing = tauri::async_runtime::spawn(prepare(profile, data_dir, code, demo));

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_shell::init())
        .plugin(tauri_plugin_deep_link::init())
        .setup(move |app| {
            let state = tauri::async_runtime::block_on(preparing)
                .map_err(|_| StartError::Interrupted)??;
            let handle = app.handle().clone();
            state.session.set_notifier(Arc::new(move |view| {
                if let Err(error) = handle.emit(VIEW_EVENT, view) {
                    tracing::warn!(%error, "a view could not be sent to the window");
                }
            }));
            let session = state.session.clone();
            tauri::async_runtime::spawn(async move {
                session.start_background_delivery();
                session.check_code().await;
            });
            listen_for_links(app, state.session.clone());
            if let Some(window) = app.get_webview_window("main") {
                let title = format!(
                    "Connect RingCentral to {} — rc-onboard",
                    state.session.profile().provider.name
                );
                let _ = window.set_title(&title);
            }
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::wizard_view,
            commands::wizard_go,
            commands::set_code,
            commands::open_console,
            commands::set_check,
            commands::inspect_paste,
            commands::submit_credential,
            commands::verify_start,
            commands::confirm_account,
            commands::send_start,
            commands::summary_text,
            commands::support_report,
            commands::open_support,
            commands::save_support_report,
            commands::run_doctor,
            commands::demo_scenarios,
            commands::demo_apply,
            commands::provider_view,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("rc-onboard: could not open the window: {error}");
            1
        }
    }
}

/// Why the window could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the demo could not start: {0}")]
    Demo(#[from] rc_onboard_demo::DemoError),
    #[error("the onboarding session could not start: {0}")]
    Session(#[from] rc_onboard_session::SessionError),
    #[error("start-up was interrupted")]
    Interrupted,
}

/// Links opened while the app runs (macOS delivers them as events; elsewhere a link starts a new
/// process and arrives on the command line) fill in the onboarding code at Welcome.
fn listen_for_links(app: &tauri::App, session: Session) {
    use tauri_plugin_deep_link::DeepLinkExt;
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            match crate::cli::deep_link::code_from_link(url.as_str()) {
                Ok(code) => {
                    let session = session.clone();
                    tauri::async_runtime::spawn(async move {
                        session.set_code(&code);
                        session.check_code().await;
                    });
                }
                Err(problem) => tracing::warn!(%problem, "ignored a link"),
            }
        }
    });
}

/// Starts the demo services when needed and builds the session.
async fn prepare(
    profile: Option<Profile>,
    data_dir: std::path::PathBuf,
    code: Option<String>,
    demo: bool,
) -> Result<AppState, StartError> {
    let (profile, demo_env) = match profile {
        Some(profile) => (profile, None),
        None => {
            let started = std::time::Instant::now();
            let env = DemoEnvironment::start().await?;
            tracing::info!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "demo services started"
            );
            // A demo's intake lives only as long as the app: earlier demo submissions can never
            // be delivered, so the demo starts with an empty outbox.
            let _ = std::fs::remove_dir_all(data_dir.join("outbox"));
            (env.profile().clone(), Some(env))
        }
    };
    let code = match (code, &demo_env) {
        (Some(code), _) => Some(SecretString::from(code)),
        (None, Some(env)) => Some(env.onboarding_code()),
        (None, None) => None,
    };
    let send_policy = if demo {
        // On stage, an outage should show "saved, we will keep trying" within seconds.
        RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(1),
            max_total: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(2),
        }
    } else {
        RetryPolicy::send()
    };
    let session = Session::new(SessionConfig {
        profile,
        demo,
        data_dir: data_dir.clone(),
        store: environment::keyring(),
        verifier: VerifierOptions::default(),
        intake: ClientOptions::default(),
        send_policy,
        background: if demo {
            rc_onboard_demo::background_policy()
        } else {
            rc_onboard_session::BackgroundPolicy::default()
        },
        code,
    })?;
    Ok(AppState::new(session, demo_env, data_dir))
}
