//! Harness for the end-to-end suite: starts the real `rc-onboard` binary through tauri-driver
//! (which drives Debian's WebKitWebDriver) and hands the test a WebDriver client, plus what the
//! tests share: person-level page helpers ([`page`]), the customer's browser for the console
//! page ([`browser`]), axe-core ([`axe`]), launch fixtures ([`fixtures`]), demo presets and their
//! failures ([`presets`]), numbered
//! screenshots ([`shots`]) and the WebDriver servers both are driven through ([`webdriver`]).
//!
//! Each [`App`] gets its own tauri-driver on free loopback ports and its own environment, so tests
//! are independent. Tests must run inside a display (Xvfb) and a D-Bus session with an unlocked
//! Secret Service; `./dev.sh _in-test-session` provides both.

pub mod axe;
pub mod browser;
pub mod driver;
pub mod fixtures;
pub mod page;
pub mod presets;
pub mod record;
pub mod shots;
pub mod wait;
pub mod walk;
pub mod webdriver;

pub use driver::{App, AppOptions, HarnessError};
pub use wait::{wait_for, WaitError};

use std::path::PathBuf;

/// Selects rustls' crypto provider for the WebDriver client. A workspace-wide build enables more
/// than one provider, and rustls then refuses to guess.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Where a test saves screenshots and other artefacts: `tests/output/<test name>/`.
pub fn output_dir(test_name: &str) -> PathBuf {
    let dir = workspace_root()
        .join("tests")
        .join("output")
        .join(test_name);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Serialises the tests of one test binary: hold the guard for the whole test so only one app
/// window runs at a time (the machine has two cores; parallel windows make timings flaky).
pub async fn one_window_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_WINDOW.lock().await
}
