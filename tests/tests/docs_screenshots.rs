//! Regenerates the screenshots committed under docs/screenshots (shown in the README): a light
//! and a dark PNG of the main steps of the demo, at the window's default size. Not a correctness
//! test: it runs only with `RC_ONBOARD_SCREENSHOTS=1`, e.g.
//!
//! ```text
//! RC_ONBOARD_SCREENSHOTS=1 dbus-run-session -- ./dev.sh _in-test-session \
//!     cargo test -p rc-onboard-e2e --test docs_screenshots
//! ```

use std::path::PathBuf;

use rc_onboard_e2e::fixtures::{launch_demo, Theme};
use rc_onboard_e2e::walk::{MainScreen, Walk};
use rc_onboard_e2e::workspace_root;

/// The screens that go into the docs, and their file names (`<name>-<theme>.png`).
const DOCS_SCREENS: [(MainScreen, &str); 5] = [
    (MainScreen::Welcome, "welcome"),
    (MainScreen::Restrict, "restrict"),
    (MainScreen::Paste, "paste"),
    (MainScreen::Verify, "verify"),
    (MainScreen::Done, "done"),
];

fn docs_dir() -> PathBuf {
    workspace_root().join("docs").join("screenshots")
}

#[tokio::test(flavor = "multi_thread")]
async fn docs_screenshots() {
    if std::env::var("RC_ONBOARD_SCREENSHOTS").as_deref() != Ok("1") {
        println!("docs_screenshots: skipped; set RC_ONBOARD_SCREENSHOTS=1 to regenerate docs/screenshots");
        return;
    }
    let dir = docs_dir();
    std::fs::create_dir_all(&dir).unwrap();
    for theme in [Theme::Light, Theme::Dark] {
        let (app, _data) = launch_demo(theme).await.unwrap();
        let mut walk = Walk::start(&app).await.unwrap();
        loop {
            let screen = walk.screen();
            if let Some((_, name)) = DOCS_SCREENS.iter().find(|(s, _)| *s == screen) {
                let path = app
                    .screenshot(&dir, &format!("{name}-{}", theme.name()))
                    .await
                    .unwrap();
                println!("saved {}", path.display());
            }
            if !walk.next().await.unwrap() {
                break;
            }
        }
        app.close().await.unwrap();
    }
}
