//! On a machine where no browser can be opened (the app's PATH has no URL launcher), "Open the
//! console" on step 2 and "Open the console again" on step 3 each say so and show the console
//! link with a Copy button right under the message. After the credential is pasted and handed to
//! the app, the window offers to clear the clipboard; clearing it confirms (or, where the webview
//! refuses clipboard writes, says what to do instead).

mod common;

use std::time::Duration;

use rc_onboard_e2e::axe::{axe_source, describe, run_axe};
use rc_onboard_e2e::fixtures::{data_dir, path_without_url_launchers};
use rc_onboard_e2e::page::{by_testid, UI_TIMEOUT};
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::App;
use rc_onboard_simulator::Scenario;
use serde_json::json;

use common::{ProviderSpec, RealProvider};

const PROVIDER: &str = "Northwind Dialer";
const CLEARED: &str = "Clipboard cleared.";
const NOT_CLEARED: &str = "Could not clear the clipboard. Copy some other text (a word from this page will do) so the credential is no longer on it.";

/// The top edge of an element on screen (CSS pixels).
async fn top(app: &App, testid: &str) -> f64 {
    app.run_js(
        "return document.querySelector(arguments[0]).getBoundingClientRect().top;",
        vec![json!(by_testid(testid))],
    )
    .await
    .unwrap()
    .as_f64()
    .unwrap_or(f64::NAN)
}

/// Which of the elements (by test id) are wholly in the visible part of the step, between its top
/// and the button bar.
const IN_VIEW: &str = r#"
const content = document.getElementById('content').getBoundingClientRect();
const nav = document.getElementById('step-nav').getBoundingClientRect();
const bottom = Math.min(content.bottom, nav.top);
return arguments[0].map((testid) => {
  const r = document.querySelector(`[data-testid="${testid}"]`).getBoundingClientRect();
  return r.top >= content.top - 1 && r.bottom <= bottom + 1;
});
"#;

/// The no-browser message is shown, and the link with its Copy button right under it.
async fn assert_link_offered_after_failure(app: &App, step: &str, link: &str) {
    let message = app
        .wait_visible("console-open-error", UI_TIMEOUT)
        .await
        .unwrap();
    assert!(
        message.starts_with("No browser could be opened") && message.contains("Copy the link"),
        "{step}: {message:?}"
    );
    assert_eq!(
        app.attribute("console-open-error", "role")
            .await
            .unwrap()
            .as_deref(),
        Some("alert"),
        "{step}"
    );
    assert_eq!(
        app.wait_visible("console-url", UI_TIMEOUT).await.unwrap(),
        link,
        "{step}"
    );
    let copy = app.seen("copy-console-url").await.unwrap().unwrap();
    assert!(
        copy.visible && copy.enabled && copy.text == "Copy",
        "{step}: {copy:?}"
    );
    assert!(
        top(app, "console-url").await > top(app, "console-open-error").await,
        "{step}: the link is under the message"
    );
    assert!(
        !app.is_visible("command-error").await.unwrap(),
        "{step}: said once, next to the link"
    );
    // Brought into view: on step 3 they are below the fold of a 1000×720 window.
    let client = app.client.clone();
    rc_onboard_e2e::wait_for("the message and the link in view", UI_TIMEOUT, || {
        let client = client.clone();
        async move {
            let shown = client
                .execute(
                    IN_VIEW,
                    vec![json!([
                        "console-open-error",
                        "console-url",
                        "copy-console-url"
                    ])],
                )
                .await
                .map_err(|e| e.to_string())?;
            if shown == json!([true, true, true]) {
                Ok(Some(()))
            } else {
                Err(format!("in view: {shown}"))
            }
        }
    })
    .await
    .unwrap_or_else(|e| panic!("{step}: {e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn no_browser_shows_the_link_to_copy_and_the_clipboard_can_be_cleared_after_paste() {
    let _one = rc_onboard_e2e::one_window_at_a_time().await;
    let mut shots = Shots::new("console_link_and_clipboard");
    let provider = RealProvider::start(&ProviderSpec {
        name: PROVIDER,
        support_email: Some("support@northwind.example"),
        support_url: None,
        logo: None,
        accent_color: None,
    })
    .await;
    let code = provider.issue_code();
    let jwt = provider.credential(Scenario::HappyPath);
    let (_path_dir, path) = path_without_url_launchers().unwrap();
    let data = data_dir().unwrap();
    let mut options = provider.options(data.path(), Some(&code), "Adwaita");
    options.env.insert("PATH".to_owned(), path);
    let app = App::launch(options).await.unwrap();

    // ---- Step 2: no browser; the link right under the message.
    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();
    app.click("next").await.unwrap();
    app.wait_step("console", UI_TIMEOUT).await.unwrap();
    let link = app.wait_visible("console-url", UI_TIMEOUT).await.unwrap();
    assert!(
        link.contains("/console/my-credentials/create?client_id="),
        "{link}"
    );
    assert!(!app.is_visible("console-open-error").await.unwrap());
    app.click("open-console").await.unwrap();
    assert_link_offered_after_failure(&app, "console", &link).await;
    assert!(!app.is_visible("console-opened").await.unwrap());
    shots.take(&app, "console-no-browser").await.unwrap();

    // ---- Step 3: the link is not there until "Open the console again" fails.
    app.click("next").await.unwrap();
    app.wait_step("restrict", UI_TIMEOUT).await.unwrap();
    assert!(!app.is_visible("console-url").await.unwrap());
    assert!(!app.is_visible("console-open-error").await.unwrap());
    for item in [
        "only_specific_apps",
        "client_id_added",
        "expiry_considered",
        "copied_credential",
    ] {
        app.click(&format!("check-{item}")).await.unwrap();
    }
    app.click("reopen-console").await.unwrap();
    assert_link_offered_after_failure(&app, "restrict", &link).await;
    shots.take(&app, "restrict-no-browser").await.unwrap();
    let axe = axe_source().unwrap();
    let violations = run_axe(&app, &axe).await.unwrap();
    assert!(
        violations.is_empty(),
        "axe with the no-browser message:\n{}",
        describe(&violations)
    );

    // ---- Step 4: no clipboard offer until the credential is handed over.
    app.click("next").await.unwrap();
    app.wait_step("paste", UI_TIMEOUT).await.unwrap();
    app.type_into("paste-input", &jwt).await.unwrap();
    app.wait_visible_text("paste-message", UI_TIMEOUT, |t| {
        t.starts_with("Looks right")
    })
    .await
    .unwrap();
    assert!(!app.is_visible("clipboard-offer").await.unwrap());
    app.click("submit-credential").await.unwrap();
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let offer = app
        .wait_visible("clipboard-offer", UI_TIMEOUT)
        .await
        .unwrap();
    assert!(offer.contains("may still be on the clipboard"), "{offer:?}");
    app.wait_visible_text("identity", Duration::from_secs(20), |t| {
        t.starts_with("Connected as")
    })
    .await
    .unwrap();
    assert!(
        app.is_visible("clipboard-offer").await.unwrap(),
        "still offered once connected"
    );
    shots.take(&app, "verify-clipboard-offer").await.unwrap();

    // ---- Clearing it, inside the click.
    app.click("clear-clipboard").await.unwrap();
    let status = app
        .wait_visible_text("clipboard-status", UI_TIMEOUT, |t| {
            t == CLEARED || t == NOT_CLEARED
        })
        .await
        .unwrap();
    assert_eq!(
        app.attribute("clipboard-status", "role")
            .await
            .unwrap()
            .as_deref(),
        Some("status")
    );
    let button = app.seen("clear-clipboard").await.unwrap().unwrap();
    let expected = if status == CLEARED {
        "Clear again"
    } else {
        "Try again"
    };
    assert_eq!(button.text, expected, "{status:?}");
    assert!(button.focused, "the focus stays on the button");
    shots.take(&app, "verify-clipboard-done").await.unwrap();
    let violations = run_axe(&app, &axe).await.unwrap();
    assert!(
        violations.is_empty(),
        "axe with the clipboard offer:\n{}",
        describe(&violations)
    );

    app.close().await.unwrap();
    provider.shutdown().await;
}
