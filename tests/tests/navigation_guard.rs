//! The window's navigation guard, from inside the real window: the app's own page loads (the guard
//! lets it through), and script in the page that sends the webview to a remote page, a `data:`
//! page or a `file:` URL leaves it on the app's page with the bridge still working.

use std::time::Duration;

use rc_onboard_e2e::{App, AppOptions};
use serde_json::{json, Value};

async fn run(client: &fantoccini::Client, script: &str, args: Vec<Value>) -> Value {
    client
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_never_leaves_the_apps_pages() {
    let app = App::launch(AppOptions::default()).await.unwrap();
    let client = &app.client;
    let start = run(client, "return window.location.href;", vec![]).await;
    let start = start.as_str().unwrap_or_default().to_owned();
    assert!(
        start.starts_with("tauri://localhost") || start.contains("tauri.localhost"),
        "the app page did not load: {start}"
    );

    for target in [
        "https://example.com/rc-onboard-navigation-probe",
        "data:text/html,<h1>not the app</h1>",
        "file:///etc/passwd",
    ] {
        // Navigating away may kill the script context; ignore how the call itself ends.
        let _ = client
            .execute(
                "window.location.href = arguments[0]; return true;",
                vec![json!(target)],
            )
            .await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let now = run(client, "return window.location.href;", vec![]).await;
        assert_eq!(
            now.as_str().unwrap_or_default(),
            start,
            "navigated to {target}"
        );
        let bridge = client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 window.__TAURI__.core.invoke('app_info', {}).then(() => done(true), () => done(false));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(bridge, json!(true), "the bridge broke after {target}");
    }
}
