//! What the window and every subcommand share: the data folder, the provider profile, the OS
//! keyring and log files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rc_onboard_delivery::{OsKeyring, SharedSecretStore};
use rc_onboard_verify::{Profile, ProfileError};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use crate::cli::GlobalOptions;

/// The data folder: `--data-dir`, `RC_ONBOARD_DATA_DIR`, or the per-user app data folder.
pub fn data_dir(global: &GlobalOptions) -> PathBuf {
    if let Some(dir) = &global.data_dir {
        return dir.clone();
    }
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("rc-onboard")
}

/// The demo keeps its own outbox: its intake lives only as long as the app.
#[cfg(feature = "demo")]
pub fn demo_data_dir(global: &GlobalOptions) -> PathBuf {
    data_dir(global).join("demo")
}

/// Loads `--profile`, if given.
pub fn load_profile(global: &GlobalOptions) -> Option<Result<Profile, ProfileError>> {
    global.profile.as_deref().map(Profile::load)
}

/// The OS keyring (Secret Service, Keychain or Credential Manager).
pub fn keyring() -> SharedSecretStore {
    Arc::new(OsKeyring::new())
}

/// Starts logging to daily-rotated files in `<data dir>/logs` (7 kept). Secrets are held in
/// redacting types, so nothing logged can contain one. Returns the guard that flushes on drop.
pub fn init_logging(data_dir: &Path, verbose: bool) -> Option<WorkerGuard> {
    let logs = data_dir.join("logs");
    if std::fs::create_dir_all(&logs).is_err() {
        return None;
    }
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("rc-onboard")
        .filename_suffix("log")
        .max_log_files(7)
        .build(&logs)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let default_level = if verbose { "debug" } else { "info" };
    let filter = EnvFilter::try_from_env("RC_ONBOARD_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("{default_level},hyper=warn,reqwest=warn,tao=warn,wry=warn,zbus=warn,keyring=warn,secret_service=warn")));
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .is_ok();
    installed.then_some(guard)
}
