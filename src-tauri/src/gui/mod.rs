//! The window: prepares the profile (or, in a build with the `demo` feature, the built-in demo),
//! the session and the background delivery, then runs the Tauri app with its commands.

mod commands;
#[cfg(feature = "demo")]
mod demo;
mod display;
mod error;
mod navigation;
mod report_file;
mod state;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rc_onboard_delivery::{ClientOptions, RetryPolicy};
use rc_onboard_session::window::VIEW_EVENT;
use rc_onboard_session::{BackgroundPolicy, Session, SessionConfig, SessionError};
use rc_onboard_verify::engine::VerifierOptions;
use rc_onboard_verify::{Profile, SecretString};
use tauri::{Emitter, Manager};

use crate::cli::GlobalOptions;
use crate::environment;
use crate::exit::Exit;
pub use state::AppState;

/// What the window runs with.
enum Launch {
    /// The provider profile named by `--profile`.
    Profile(Box<Profile>),
    /// The built-in demo: its own services and profile.
    #[cfg(feature = "demo")]
    Demo,
}

/// Opens the wizard window and blocks until it closes; returns how the process ends.
pub fn run(global: &GlobalOptions) -> Exit {
    // Without a display nothing else matters: say that first, in every build.
    if let Err(problem) = display::check_display() {
        eprintln!("rc-onboard: {problem}");
        return Exit::Usage;
    }
    let launch = match launch(global) {
        Ok(launch) => launch,
        Err(problem) => {
            eprintln!("rc-onboard: {problem}");
            return Exit::Usage;
        }
    };
    let data_dir = match &launch {
        Launch::Profile(_) => environment::data_dir(global),
        #[cfg(feature = "demo")]
        Launch::Demo => environment::demo_data_dir(global),
    };
    let _log_guard = environment::init_logging(&data_dir, global.verbose);
    let code = global.code.clone().map(SecretString::from);
    // Start the demo services and the session while GTK and the webview initialise.
    let preparing = tauri::async_runtime::spawn(prepare(launch, data_dir, code));

    let result = tauri::Builder::default()
        .plugin(navigation::guard())
        .plugin(tauri_plugin_shell::init())
        // Rust opens only URLs it built and checked; no script in the webview opens anything.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
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
            #[cfg(feature = "demo")]
            commands::demo_scenarios,
            #[cfg(feature = "demo")]
            commands::demo_apply,
            #[cfg(feature = "demo")]
            commands::provider_view,
        ])
        .build(tauri::generate_context!());
    match result {
        Ok(app) => {
            app.run(|handle, event| {
                if let tauri::RunEvent::ExitRequested { .. } = event {
                    finish_revokes_before_exit(handle);
                }
            });
            Exit::Ok
        }
        Err(error) => {
            eprintln!("rc-onboard: could not open the window: {error}");
            Exit::Refused
        }
    }
}

/// Longest the window waits on close for a verification session's revoke still running.
const REVOKE_WAIT_ON_CLOSE: std::time::Duration = std::time::Duration::from_secs(3);

/// On close: lets a pending session revoke finish (at most [`REVOKE_WAIT_ON_CLOSE`]), then goes.
fn finish_revokes_before_exit(handle: &tauri::AppHandle) {
    let Some(state) = handle.try_state::<AppState>() else {
        return;
    };
    let session = state.session.clone();
    let finished = tauri::async_runtime::block_on(session.finish_revokes(REVOKE_WAIT_ON_CLOSE));
    if !finished {
        tracing::warn!("closing before the verification session's revoke finished");
    }
}

/// The demo without a profile or with `--demo`, else the profile (or why it cannot be used).
fn launch(global: &GlobalOptions) -> Result<Launch, String> {
    #[cfg(feature = "demo")]
    if global.demo || global.profile.is_none() {
        return Ok(Launch::Demo);
    }
    match environment::load_profile(global) {
        Some(Ok(profile)) => Ok(Launch::Profile(Box::new(profile))),
        Some(Err(error)) => Err(error.to_string()),
        None => Err(crate::cli::NO_DEMO.to_owned()),
    }
}

/// Why the window could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[cfg(feature = "demo")]
    #[error("the demo could not start: {0}")]
    Demo(#[from] rc_onboard_demo::DemoError),
    #[error("the onboarding session could not start: {0}")]
    Session(#[from] SessionError),
    #[error("start-up was interrupted")]
    Interrupted,
}

/// Links opened while the app runs (macOS delivers them as events; elsewhere a link starts a new
/// process and arrives on the command line) fill in the onboarding code, but only at Welcome
/// before a credential is held; later ones are ignored. Neither the link nor the code reaches
/// the window, which sees only that a code is present.
fn listen_for_links(app: &tauri::App, session: Session) {
    use tauri_plugin_deep_link::DeepLinkExt;
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            match crate::deep_link::code_from_link(url.as_str()) {
                Ok(code) => match session.take_link_code(&code) {
                    rc_onboard_session::LinkCode::Taken => {
                        let session = session.clone();
                        tauri::async_runtime::spawn(async move {
                            session.check_code().await;
                        });
                    }
                    rc_onboard_session::LinkCode::Ignored => {
                        tracing::info!("ignored a code from a link: the customer is past Welcome");
                    }
                },
                Err(problem) => tracing::warn!(%problem, "ignored a link"),
            }
        }
    });
}

/// Starts the demo services when needed and builds the session.
async fn prepare(
    launch: Launch,
    data_dir: PathBuf,
    code: Option<SecretString>,
) -> Result<AppState, StartError> {
    match launch {
        Launch::Profile(profile) => {
            let delivery = Delivery {
                send_policy: RetryPolicy::send(),
                background: BackgroundPolicy::default(),
            };
            let session = new_session(*profile, false, &data_dir, code, delivery)?;
            Ok(AppState::new(session, data_dir))
        }
        #[cfg(feature = "demo")]
        Launch::Demo => demo::prepare(data_dir, code).await,
    }
}

/// How the session delivers: each send tries by `send_policy`, and what is left waiting is retried
/// by `background`.
struct Delivery {
    send_policy: RetryPolicy,
    background: BackgroundPolicy,
}

/// The onboarding session for `profile`, keeping its state in `data_dir`.
fn new_session(
    profile: Profile,
    demo: bool,
    data_dir: &Path,
    code: Option<SecretString>,
    delivery: Delivery,
) -> Result<Session, SessionError> {
    Session::new(SessionConfig {
        profile,
        demo,
        data_dir: data_dir.to_owned(),
        store: environment::keyring(),
        verifier: VerifierOptions::default(),
        intake: ClientOptions::default(),
        send_policy: delivery.send_policy,
        background: delivery.background,
        code,
    })
}
