//! The onboarding code is judged at Welcome, not at the end: launched with a code the provider's
//! intake does not know — given with `--code`, or in an `rc-onboard://start?code=…` link as the
//! desktop passes it — Welcome shows the intake's message, says the code came with the link or
//! installer, offers a field for a new one, and will not start (the button is disabled and Rust
//! refuses the step too). Launched with the demo's own code, Welcome says until when it is valid.

use std::time::Duration;

use rc_onboard_e2e::fixtures::{data_dir, demo_options, Theme};
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::App;

const BAD_CODE: &str = "NOT-A-REAL-CODE";
const NOT_RECOGNISED: &str = "does not recognise this onboarding code";

/// Asks Rust directly to leave Welcome, as a window that ignored the disabled button would.
const FORCE_NEXT: &str = r#"
const done = arguments[arguments.length - 1];
window.__TAURI__.core.invoke('wizard_go', { step: 'console' }).then(
  (view) => done({ refused: false, step: view && view.step }),
  (error) => done({ refused: true, message: error && error.message ? error.message : String(error) }),
);
"#;

/// `2026-03-01T12:00:00Z` and the like.
fn looks_like_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 16
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[10] == b'T'
}

async fn launch(args: Vec<String>) -> (App, tempfile::TempDir) {
    let data = data_dir().unwrap();
    let mut options = demo_options(data.path(), Theme::Light);
    options.args = args;
    let app = App::launch(options).await.unwrap();
    (app, data)
}

/// Welcome with the refused code: the message, the field for a new code, no way forward.
async fn assert_refused_at_welcome(app: &App, how: &str) {
    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();
    let message = app
        .wait_visible_text("code-status", Duration::from_secs(15), |t| {
            t.contains(NOT_RECOGNISED)
        })
        .await
        .unwrap();
    assert!(
        message.starts_with("Acme Analytics (demo) does not recognise this onboarding code"),
        "{how}: {message:?}"
    );
    assert_eq!(
        app.attribute("code-status", "role")
            .await
            .unwrap()
            .as_deref(),
        Some("alert"),
        "{how}"
    );
    let hint = app.wait_visible("code-hint", UI_TIMEOUT).await.unwrap();
    assert!(
        hint.contains("came with the link or installer"),
        "{how}: the window says where the refused code came from: {hint:?}"
    );
    assert_eq!(app.field_value("code-input").await.unwrap(), "", "{how}");
    let start = app.seen("next").await.unwrap().unwrap();
    assert!(
        start.visible && !start.enabled,
        "{how}: Start is disabled: {start:?}"
    );
    let forced = app
        .client
        .execute_async(FORCE_NEXT, Vec::new())
        .await
        .unwrap();
    assert_eq!(forced["refused"], true, "{how}: Rust refuses: {forced}");
    assert!(
        forced["message"]
            .as_str()
            .unwrap_or_default()
            .contains("onboarding code cannot be used"),
        "{how}: {forced}"
    );
    assert_eq!(app.step().await.unwrap(), "welcome", "{how}");

    // Typing a new code is what enables Start.
    app.type_into("code-input", "X").await.unwrap();
    let client = app.client.clone();
    rc_onboard_e2e::wait_for("Start to be enabled", UI_TIMEOUT, || {
        let client = client.clone();
        async move {
            let enabled = client
                .execute(
                    "return !document.querySelector('[data-testid=\"next\"]').disabled;",
                    vec![],
                )
                .await
                .map_err(|e| e.to_string())?;
            Ok(enabled.as_bool().filter(|e| *e).map(|_| ()))
        }
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_code_the_intake_does_not_know_is_refused_at_welcome() {
    let _one = rc_onboard_e2e::one_window_at_a_time().await;
    let mut shots = Shots::new("welcome_code");

    let (app, _data) = launch(vec!["--code".to_owned(), BAD_CODE.to_owned()]).await;
    assert_refused_at_welcome(&app, "--code").await;
    shots.take(&app, "refused-code").await.unwrap();
    app.close().await.unwrap();

    let (app, _data) = launch(vec![format!("rc-onboard://start?code={BAD_CODE}")]).await;
    assert_refused_at_welcome(&app, "deep link").await;
    shots.take(&app, "refused-code-from-link").await.unwrap();
    app.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_code_is_valid_and_says_until_when() {
    let _one = rc_onboard_e2e::one_window_at_a_time().await;
    let mut shots = Shots::new("welcome_code_valid");
    let (app, _data) = launch(Vec::new()).await;
    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();
    let status = app
        .wait_visible_text("code-status", Duration::from_secs(15), |t| {
            t.contains("valid until")
        })
        .await
        .unwrap();
    assert!(
        status.starts_with("Your onboarding code from Acme Analytics (demo) is already filled in. Your onboarding code is valid until "),
        "{status:?}"
    );
    let until = status
        .trim_end_matches('.')
        .rsplit("valid until ")
        .next()
        .unwrap_or_default();
    assert!(
        !looks_like_rfc3339(until),
        "the date is shown in local time, not as a raw timestamp: {until:?}"
    );
    assert!(
        until.chars().any(|c| c.is_ascii_digit()),
        "a date: {until:?}"
    );
    assert!(!app.is_visible("code-input").await.unwrap());
    assert!(app.seen("next").await.unwrap().unwrap().enabled);
    shots.take(&app, "valid-code").await.unwrap();
    app.click("next").await.unwrap();
    app.wait_step("console", UI_TIMEOUT).await.unwrap();
    app.close().await.unwrap();
}

#[test]
fn rfc3339_shape() {
    assert!(looks_like_rfc3339("2026-03-01T12:00:00.000Z"));
    assert!(!looks_like_rfc3339("1 Mar 2026, 12:00"));
    assert!(!looks_like_rfc3339("Mar 1, 2026, 12:00 PM"));
}
