//! Tauri commands: each a few lines that call the session (or the demo) and return facts the
//! window renders. None returns a secret.

#[cfg(feature = "demo")]
use rc_onboard_demo::{DemoScenario, ProviderRow, SCENARIOS};
use rc_onboard_session::view::{ChecklistItem, InspectionView};
use rc_onboard_session::window::{WindowConstants, DOCTOR_EVENT};
use rc_onboard_session::{Step, View};
use serde::Serialize;
use tauri::State;
use tauri_plugin_opener::OpenerExt;

use super::error::{CommandError, CommandErrorKind, CommandResult};
use super::AppState;

/// What the window shows about the app itself, and the contract's constants it uses.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub provider_name: String,
    pub demo: bool,
    #[serde(flatten)]
    pub constants: WindowConstants,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        provider_name: state.session.profile().provider.name.clone(),
        demo: state.is_demo(),
        constants: WindowConstants::CURRENT,
    }
}

#[tauri::command]
pub async fn wizard_view(state: State<'_, AppState>) -> CommandResult<View> {
    Ok(state.session.view())
}

#[tauri::command]
pub async fn wizard_go(state: State<'_, AppState>, step: Step) -> CommandResult<View> {
    Ok(state.session.go(step)?)
}

#[tauri::command]
pub async fn set_code(state: State<'_, AppState>, code: String) -> CommandResult<View> {
    let code = rc_onboard_verify::SecretString::from(code);
    state.session.set_code(code.expose_secret());
    Ok(state.session.check_code().await)
}

/// Opens the console page built from the profile in the system browser; the window never
/// passes a URL.
#[tauri::command]
pub async fn open_console(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<View> {
    let url = state.session.profile().console_create_url();
    if !is_openable(&url) {
        tracing::warn!("the console link is not https or loopback; not opened");
        return Err(CommandError::new(
            CommandErrorKind::NoBrowser,
            "The console link in the provider's profile is not an https link, so it was not opened.",
        ));
    }
    match app.opener().open_url(url.as_str(), None::<&str>) {
        Ok(()) => {
            state.session.note("console opened in the browser");
            Ok(state.session.view())
        }
        Err(error) => {
            tracing::warn!(%error, "the console link could not be opened in a browser");
            state.session.note("console link could not be opened");
            Err(CommandError::new(
                CommandErrorKind::NoBrowser,
                "No browser could be opened on this computer. Copy the link below and open it in your browser.",
            ))
        }
    }
}

#[tauri::command]
pub async fn set_check(
    state: State<'_, AppState>,
    item: ChecklistItem,
    checked: bool,
) -> CommandResult<View> {
    Ok(state.session.set_check(item, checked))
}

#[tauri::command]
pub async fn inspect_paste(
    state: State<'_, AppState>,
    text: String,
) -> CommandResult<InspectionView> {
    let text = rc_onboard_verify::SecretString::from(text);
    Ok(state.session.inspect_paste(text.expose_secret()).await)
}

#[tauri::command]
pub async fn submit_credential(state: State<'_, AppState>, text: String) -> CommandResult<View> {
    let text = rc_onboard_verify::SecretString::from(text);
    Ok(state.session.submit_credential(text.expose_secret()).await)
}

#[tauri::command]
pub async fn verify_start(state: State<'_, AppState>) -> CommandResult<View> {
    Ok(state.session.verify()?)
}

#[tauri::command]
pub async fn confirm_account(state: State<'_, AppState>) -> CommandResult<View> {
    Ok(state.session.confirm_account()?)
}

#[tauri::command]
pub async fn send_start(state: State<'_, AppState>) -> CommandResult<View> {
    Ok(state.session.send()?)
}

#[tauri::command]
pub async fn summary_text(state: State<'_, AppState>) -> CommandResult<String> {
    Ok(state.session.summary_text())
}

#[tauri::command]
pub async fn support_report(state: State<'_, AppState>) -> CommandResult<String> {
    Ok(state.support_report())
}

/// Runs the doctor's checks, sending each as a `doctor://check` event as it finishes, and keeps
/// the result for the support report.
#[tauri::command]
pub async fn run_doctor(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<rc_onboard_doctor::DoctorReport> {
    use tauri::Emitter;
    let inputs = rc_onboard_doctor::DoctorInputs::new(
        Ok(state.session.profile().clone()),
        crate::environment::keyring(),
        rc_onboard_delivery::Outbox::open(&state.data_dir),
    );
    let report = rc_onboard_doctor::run(inputs, |check| {
        let _ = app.emit(DOCTOR_EVENT, check);
    })
    .await;
    state.session.note(if report.ok() {
        "doctor: no failures"
    } else {
        "doctor: failures"
    });
    *state
        .doctor
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(report.clone());
    Ok(report)
}

/// Opens the provider's support page (or a mail to its support address) in the system browser.
#[tauri::command]
pub async fn open_support(app: tauri::AppHandle, state: State<'_, AppState>) -> CommandResult<()> {
    let provider = &state.session.profile().provider;
    let target = match provider.support_contact_url() {
        Some(url) if is_openable(&url) || url.scheme() == "mailto" => url,
        _ => {
            return Err(CommandError::new(
                CommandErrorKind::NoSupportContact,
                "The provider's profile names no support contact.",
            ))
        }
    };
    app.opener().open_url(target.as_str(), None::<&str>).map_err(|error| {
        tracing::warn!(%error, "the provider's support contact could not be opened");
        CommandError::new(
            CommandErrorKind::NoBrowser,
            "Nothing on this computer could open the provider's support contact; use the address shown.",
        )
    })
}

/// Whether a URL may be handed to the system browser: https, or the simulator's loopback pages.
fn is_openable(url: &url::Url) -> bool {
    rc_onboard_core::url_rule::is_allowed_url(url)
}

/// Writes the redacted support report to the Downloads folder (or the home folder) and returns
/// where it is.
#[tauri::command]
pub async fn save_support_report(state: State<'_, AppState>) -> CommandResult<String> {
    let folder = dirs::download_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(std::env::temp_dir);
    let path = folder.join(format!(
        "rc-onboard-support-{}.txt",
        state.session.session_id()
    ));
    super::report_file::write_atomically(&path, &state.support_report()).map_err(|error| {
        CommandError::new(
            CommandErrorKind::SaveFailed,
            format!(
                "The report could not be saved to {}: {error}",
                path.display()
            ),
        )
    })?;
    Ok(path.display().to_string())
}

#[cfg(feature = "demo")]
#[tauri::command]
pub fn demo_scenarios(state: State<'_, AppState>) -> Vec<DemoScenario> {
    if state.demo.is_some() {
        SCENARIOS.to_vec()
    } else {
        Vec::new()
    }
}

/// What `demo_apply` returns.
#[cfg(feature = "demo")]
#[derive(Debug, Serialize)]
pub struct DemoApplied {
    pub view: View,
    pub credential_hint: &'static str,
}

#[cfg(feature = "demo")]
#[tauri::command]
pub async fn demo_apply(state: State<'_, AppState>, id: String) -> CommandResult<DemoApplied> {
    let demo = state.demo.as_ref().ok_or_else(|| {
        CommandError::new(
            CommandErrorKind::NotDemo,
            "Demo presets exist only in demo mode.",
        )
    })?;
    let view = rc_onboard_demo::apply_scenario(demo, &state.session, &id).await?;
    Ok(DemoApplied {
        view,
        credential_hint: "A ready-made credential for this preset is held by the app.",
    })
}

#[cfg(feature = "demo")]
#[tauri::command]
pub async fn provider_view(state: State<'_, AppState>) -> CommandResult<Vec<ProviderRow>> {
    match &state.demo {
        Some(demo) => Ok(demo.provider_view()?),
        None => Ok(Vec::new()),
    }
}
