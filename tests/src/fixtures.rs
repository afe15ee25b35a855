//! What the tests launch the app with: a private data folder per instance, the demo (no
//! `--profile`), extra environment such as a dark GTK theme, a `PATH` without URL launchers (so
//! "open in the browser" fails the same way on every machine), and pastes a customer might get
//! wrong (a sandbox JWT, an access token, text that is not a JWT).

use std::collections::HashMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use rc_onboard_testkit::{ringcentral_claims, FakeJwt};

use crate::driver::{App, AppOptions, HarnessError};

/// The demo provider's client secret (the simulator's seed); pasting it is a classic mistake.
pub const DEMO_CLIENT_SECRET: &str = "rc-demo-provider-secret";

/// An opaque RingCentral-style access token (what the API returns, not a credential).
pub const ACCESS_TOKEN: &str = "U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw";

/// Text that is not a JWT at all.
pub const NOT_A_JWT: &str = "my-password-123";

/// The light or dark appearance of the window (WebKitGTK follows the GTK theme's dark variant
/// for `prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// `light` or `dark`, for file names.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn gtk_theme(self) -> &'static str {
        match self {
            Theme::Light => "Adwaita",
            Theme::Dark => "Adwaita:dark",
        }
    }
}

/// A fresh, private data folder; deleted when dropped.
pub fn data_dir() -> Result<tempfile::TempDir, HarnessError> {
    tempfile::Builder::new()
        .prefix("rc-onboard-e2e-")
        .tempdir()
        .map_err(HarnessError::DataDir)
}

/// Options for the built-in demo using `data` as its data folder, in `theme`.
pub fn demo_options(data: &Path, theme: Theme) -> AppOptions {
    let mut env = HashMap::new();
    env.insert("RC_ONBOARD_DATA_DIR".to_owned(), data.display().to_string());
    env.insert("GTK_THEME".to_owned(), theme.gtk_theme().to_owned());
    AppOptions {
        args: Vec::new(),
        env,
    }
}

/// Launches the demo with its own data folder (kept alive with the app).
pub async fn launch_demo(theme: Theme) -> Result<(App, tempfile::TempDir), HarnessError> {
    let data = data_dir()?;
    let app = App::launch(demo_options(data.path(), theme)).await?;
    Ok((app, data))
}

/// The programs the app's "open in the browser / mail app" goes through (the `open` crate's
/// desktop launchers, and WSL's).
pub const URL_LAUNCHERS: [&str; 7] = [
    "xdg-open",
    "gio",
    "gnome-open",
    "kde-open",
    "kde-open5",
    "kde-open6",
    "wslview",
];

/// A folder of links to every program on the current `PATH` except the [`URL_LAUNCHERS`], for
/// the app's `PATH`: opening a link then fails as on a machine without a browser. Returns the
/// folder (keep it while the app runs) and the `PATH` value.
pub fn path_without_url_launchers() -> Result<(tempfile::TempDir, String), HarnessError> {
    let dir = tempfile::Builder::new()
        .prefix("rc-onboard-e2e-path-")
        .tempdir()
        .map_err(HarnessError::DataDir)?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    for folder in std::env::split_paths(&path) {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            if URL_LAUNCHERS.iter().any(|launcher| name == *launcher) {
                continue;
            }
            let link = dir.path().join(&name);
            if link.symlink_metadata().is_ok() {
                continue; // an earlier PATH folder wins, as in a shell
            }
            std::os::unix::fs::symlink(entry.path(), &link).map_err(|source| {
                HarnessError::Write {
                    path: link.clone(),
                    source,
                }
            })?;
        }
    }
    let value = dir.path().display().to_string();
    Ok((dir, value))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A JWT shaped exactly like a RingCentral credential but issued by the sandbox
/// (`platform.devtest.ringcentral.com`), valid for a year; the signature is random-looking bytes.
pub fn sandbox_jwt() -> String {
    let iat = now();
    let exp = iat + 365 * 24 * 60 * 60;
    FakeJwt::rs256()
        .payload(ringcentral_claims(
            "https://platform.devtest.ringcentral.com",
            exp,
            iat,
        ))
        .build()
}
