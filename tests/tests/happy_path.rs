//! A customer's whole walk through the real wizard in demo mode, without the demo panel's
//! shortcut: they create the credential on the simulated console page in their own browser
//! (MiniBrowser), paste it, see whose account it connects, confirm, and get a receipt. Every step
//! is screenshotted; the credential never appears in the window after it was handed to Rust.

use std::time::Duration;

use rc_onboard_e2e::browser::{Browser, ConsoleForm};
use rc_onboard_e2e::fixtures::{launch_demo, Theme};
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::shots::Shots;

const PROVIDER: &str = "Acme Analytics (demo)";
const CLIENT_ID: &str = "rc-demo-provider-app";
const CONNECTED_AS: &str = "Connected as Jane Cooper (ext. 101), Cooper Dental LLC, account ";

#[tokio::test(flavor = "multi_thread")]
async fn customer_creates_pastes_verifies_and_sends_a_credential() {
    let mut shots = Shots::new("happy_path");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();

    // ---- Welcome: the provider's name, what happens, and the code already filled in.
    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();
    let title = app.wait_visible("step-title", UI_TIMEOUT).await.unwrap();
    assert_eq!(
        title,
        format!("Connect your RingCentral account to {PROVIDER}")
    );
    assert!(
        app.is_visible("demo-ribbon").await.unwrap(),
        "the DEMO ribbon is always visible"
    );
    let code = app.wait_visible("code-status", UI_TIMEOUT).await.unwrap();
    assert!(
        code.contains("already filled in"),
        "code notice was {code:?}"
    );
    assert!(
        !app.is_visible("code-input").await.unwrap(),
        "no code field when the code came with the app"
    );
    let start = app.seen("next").await.unwrap().unwrap();
    assert_eq!(start.text, "Start");
    shots.take(&app, "welcome").await.unwrap();
    app.click("next").await.unwrap();

    // ---- Open the console: the button, and the link shown for copying.
    app.wait_step("console", UI_TIMEOUT).await.unwrap();
    let console_url = app.wait_visible("console-url", UI_TIMEOUT).await.unwrap();
    assert!(
        console_url.starts_with("http://127.0.0.1:")
            && console_url.ends_with(&format!(
                "/console/my-credentials/create?client_id={CLIENT_ID}"
            )),
        "the link to the simulated console was {console_url:?}"
    );
    assert!(app.is_visible("copy-console-url").await.unwrap());
    shots.take(&app, "console").await.unwrap();
    app.click("open-console").await.unwrap();
    // A browser may or may not exist on this machine: the window says which, and keeps the link.
    let outcome =
        rc_onboard_e2e::wait_for("the result of opening the console", UI_TIMEOUT, || async {
            if app
                .is_visible("console-opened")
                .await
                .map_err(|e| e.to_string())?
            {
                return Ok(Some((
                    "opened",
                    app.seen("console-opened")
                        .await
                        .map_err(|e| e.to_string())?,
                )));
            }
            if app
                .is_visible("console-open-error")
                .await
                .map_err(|e| e.to_string())?
            {
                return Ok(Some((
                    "no browser",
                    app.seen("console-open-error")
                        .await
                        .map_err(|e| e.to_string())?,
                )));
            }
            Ok(None)
        })
        .await
        .unwrap();
    let message = outcome.1.map(|s| s.text).unwrap_or_default();
    match outcome.0 {
        "opened" => assert!(message.starts_with("Opened in your browser"), "{message:?}"),
        _ => assert!(
            message.contains("No browser could be opened") && message.contains("Copy the link"),
            "the window should say no browser opened and point at the link: {message:?}"
        ),
    }
    assert_eq!(
        app.wait_visible("console-url", UI_TIMEOUT).await.unwrap(),
        console_url
    );
    shots.take(&app, "console-after-open").await.unwrap();
    assert_eq!(
        app.seen("next").await.unwrap().unwrap().text,
        "I see the form"
    );
    app.click("next").await.unwrap();

    // ---- Restrict: the client ID large and monospace, the drawn form, the checklist.
    app.wait_step("restrict", UI_TIMEOUT).await.unwrap();
    assert_eq!(
        app.wait_visible("client-id", UI_TIMEOUT).await.unwrap(),
        CLIENT_ID
    );
    let look = app
        .run_js(
            "const s = getComputedStyle(document.querySelector('[data-testid=\"client-id\"]'));\
             return [parseFloat(s.fontSize), s.fontFamily];",
            vec![],
        )
        .await
        .unwrap();
    let size = look[0].as_f64().unwrap_or(0.0);
    let family = look[1].as_str().unwrap_or_default().to_lowercase();
    assert!(
        size >= 20.0,
        "the client ID is shown large (font-size {size}px)"
    );
    assert!(
        family.contains("mono"),
        "the client ID is monospace ({family})"
    );
    let illustration = app
        .wait_visible("console-illustration", UI_TIMEOUT)
        .await
        .unwrap();
    for part in [
        "Only specific apps of my choice",
        "Add app",
        "Create JWT",
        CLIENT_ID,
    ] {
        assert!(
            illustration.contains(part),
            "the drawn form shows {part:?}: {illustration:?}"
        );
    }
    let next = app.seen("next").await.unwrap().unwrap();
    assert!(!next.enabled, "Next waits for the checklist");
    shots.take(&app, "restrict").await.unwrap();
    for item in [
        "only_specific_apps",
        "client_id_added",
        "expiry_considered",
        "copied_credential",
    ] {
        app.click(&format!("check-{item}")).await.unwrap();
    }
    app.wait_visible_text("checklist", UI_TIMEOUT, |t| {
        t.contains("All done. Press Next")
    })
    .await
    .unwrap();
    shots.take(&app, "restrict-ticked").await.unwrap();
    app.click("next").await.unwrap();

    // ---- In the browser: the customer fills the console form and copies the new JWT.
    app.wait_step("paste", UI_TIMEOUT).await.unwrap();
    let browser = Browser::launch().await.unwrap();
    let jwt = browser
        .create_jwt(
            &console_url,
            &ConsoleForm {
                label: "Acme Analytics".to_owned(),
                only_specific_apps: true,
                client_ids: vec![CLIENT_ID.to_owned()],
            },
        )
        .await
        .unwrap();
    let apps = browser.text("#summary-apps").await.unwrap();
    assert_eq!(apps, format!("Only specific apps: {CLIENT_ID}"));
    browser
        .screenshot(shots.dir(), "browser-jwt-created")
        .await
        .unwrap();
    browser.close().await.unwrap();
    assert!(
        jwt.starts_with("eyJ") && jwt.matches('.').count() == 2,
        "a JWT came from the console page"
    );

    // ---- Paste: masked field, the specific "looks right" message, Continue clears it.
    assert_eq!(
        app.attribute("paste-input", "type")
            .await
            .unwrap()
            .as_deref(),
        Some("password"),
        "the paste field is masked"
    );
    app.type_into("paste-input", &jwt).await.unwrap();
    let verdict = app
        .wait_visible_text("paste-message", UI_TIMEOUT, |t| t != "Checking…")
        .await
        .unwrap();
    assert_eq!(verdict, "Looks right. This credential never expires.");
    assert_eq!(
        app.attribute("paste-message", "data-tone")
            .await
            .unwrap()
            .as_deref(),
        Some("ok")
    );
    assert!(
        !app.html().await.unwrap().contains(&jwt),
        "a typed JWT is not in the DOM"
    );
    shots.take(&app, "paste-looks-right").await.unwrap();

    let segments: Vec<&str> = jwt.split('.').collect();
    app.start_recording(&[segments[1], segments[2]])
        .await
        .unwrap();
    app.click("submit-credential").await.unwrap();
    assert_eq!(
        app.field_value("paste-input").await.unwrap(),
        "",
        "the paste field is empty once the credential was handed over"
    );

    // ---- Verify: progress, then "Connected as …" with the permissions.
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let identity = app
        .wait_visible_text("identity", Duration::from_secs(20), |t| {
            t.starts_with("Connected as")
        })
        .await
        .unwrap();
    assert!(
        identity.starts_with(CONNECTED_AS),
        "identity line was {identity:?}"
    );
    let account = identity.trim_start_matches(CONNECTED_AS);
    assert!(
        !account.is_empty() && account.chars().all(|c| c.is_ascii_digit()),
        "{identity:?}"
    );
    let permissions = app.wait_visible("permissions", UI_TIMEOUT).await.unwrap();
    assert!(
        permissions.contains("Read Accounts"),
        "permissions were {permissions:?}"
    );
    assert_eq!(
        app.seen("verify-status").await.unwrap().unwrap().text,
        "The credential works."
    );
    let seen = app.recording().await.unwrap();
    assert!(
        seen.saw("verify-status", |r| r.tone == "progress"),
        "the check showed progress while it ran: {:?}",
        seen.rendered
    );
    assert!(seen.saw("verify-stages", |r| r
        .text
        .contains("Signing in to RingCentral")));
    assert!(app.is_visible("use-another").await.unwrap());
    shots.take(&app, "verify-connected").await.unwrap();
    app.click("confirm-account").await.unwrap();

    // ---- Send, then Done: the receipt, the summary, Copy summary.
    app.wait_step("done", Duration::from_secs(20))
        .await
        .unwrap();
    let seen = app.recording().await.unwrap();
    assert!(
        seen.steps.iter().any(|s| s == "send"),
        "the Send step was shown on the way: {:?}",
        seen.steps
    );
    assert!(
        seen.saw("send-status", |r| r.text
            == format!("Sending the encrypted credential to {PROVIDER}…")),
        "sending showed progress: {:?}",
        seen.rendered
    );
    let done = app.wait_visible("done-status", UI_TIMEOUT).await.unwrap();
    assert_eq!(
        done,
        format!("Your RingCentral account is connected to {PROVIDER}.")
    );
    let receipt = app.wait_visible("receipt-id", UI_TIMEOUT).await.unwrap();
    assert!(
        receipt.len() >= 8 && receipt != "—",
        "receipt was {receipt:?}"
    );
    let summary = app.wait_visible("summary", UI_TIMEOUT).await.unwrap();
    assert!(
        summary.contains("Jane Cooper (ext. 101), Cooper Dental LLC"),
        "{summary:?}"
    );
    assert!(
        summary.contains("Never"),
        "the summary says the credential never expires"
    );
    assert!(app.is_visible("done-contact-email").await.unwrap());
    app.click("copy-summary").await.unwrap();
    let copied = app
        .wait_visible_text("copy-summary", UI_TIMEOUT, |t| t == "Summary copied")
        .await;
    if copied.is_err() {
        // No clipboard under Xvfb: the window must then say to copy by hand.
        let html = app.html().await.unwrap();
        assert!(
            html.contains("Could not use the clipboard"),
            "copy gave no feedback"
        );
    }
    shots.take(&app, "done").await.unwrap();

    // ---- The provider's side: the same receipt and fingerprint, never the JWT.
    app.click("provider-view-open").await.unwrap();
    let provider_receipt = app
        .wait_visible("provider-receipt-id", UI_TIMEOUT)
        .await
        .unwrap();
    assert_eq!(provider_receipt, receipt);
    let fingerprint = app
        .wait_visible("provider-fingerprint", UI_TIMEOUT)
        .await
        .unwrap();
    assert!(
        fingerprint.len() >= 8 && summary.contains(&fingerprint),
        "the provider's fingerprint {fingerprint:?} is the one in the summary {summary:?}"
    );
    shots.take(&app, "provider-view").await.unwrap();

    // The credential never reached the document after it was handed over.
    let seen = app.recording().await.unwrap();
    assert!(
        !seen.needle_seen,
        "the JWT appeared in the window after submit"
    );
    let html = app.html().await.unwrap();
    assert!(
        !html.contains(&jwt) && !html.contains(segments[2]),
        "the JWT is in the DOM"
    );
    app.close().await.unwrap();
}
