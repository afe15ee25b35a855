//! The window opens with the product's title, the six steps, and the version and provider name
//! that Rust reports.

use std::time::Duration;

use fantoccini::Locator;
use rc_onboard_e2e::fixtures::{launch_demo, Theme};
use rc_onboard_e2e::output_dir;

#[tokio::test(flavor = "multi_thread")]
async fn window_shows_title_steps_version_and_provider() {
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();

    let title = app.client.title().await.unwrap();
    assert!(title.contains("Connect RingCentral"), "title was {title:?}");

    let steps = app
        .client
        .find_all(Locator::Css("#steps li"))
        .await
        .unwrap();
    let mut names = Vec::new();
    for step in &steps {
        names.push(step.text().await.unwrap());
    }
    assert_eq!(
        names,
        [
            "Welcome",
            "Open the console",
            "Restrict to this app",
            "Paste",
            "Verify",
            "Send"
        ]
    );

    let version = app
        .wait_text("[data-testid=app-version]", Duration::from_secs(5), |t| {
            t != "…"
        })
        .await
        .unwrap();
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let provider = app.text("[data-testid=provider-name]").await.unwrap();
    assert_eq!(provider, "Acme Analytics (demo)");

    let shot = app
        .screenshot(&output_dir("window"), "welcome")
        .await
        .unwrap();
    assert!(std::fs::metadata(shot).unwrap().len() > 1000);
    app.close().await.unwrap();
}
