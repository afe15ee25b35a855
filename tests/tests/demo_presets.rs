//! A presenter drives every outcome the simulator can produce through the Demo scenarios panel,
//! and the audience sees what a customer would: the message for the failure, the RingCentral
//! details folded under "Details", and the one button that fixes it. Rate limiting counts down
//! and retries by itself; an intake outage is saved and delivered once the intake recovers, and
//! the Provider view shows what arrived.

use std::time::Duration;

use fantoccini::key::Key;
use rc_onboard_e2e::fixtures::{launch_demo, Theme};
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::presets::{apply_preset, open_details, wait_failure};
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::{one_window_at_a_time, App};

const PROVIDER: &str = "Acme Analytics (demo)";

/// The failure shows exactly one primary fix button; returns its label.
async fn one_fix_button(app: &App) -> String {
    let fixes = app.visible_testids("fix-button").await.unwrap();
    assert_eq!(fixes.len(), 1, "exactly one fix button: {fixes:?}");
    app.seen("fix-button").await.unwrap().unwrap().text
}

#[tokio::test(flavor = "multi_thread")]
async fn every_verification_failure_shows_its_message_and_the_one_fix() {
    let _one = one_window_at_a_time().await;
    let mut shots = Shots::new("demo_presets_failures");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();

    // Expired: caught on this computer before any network call; the message names the date.
    // The presenter picks this one with the keyboard: Tab to the preset, Enter.
    app.click("demo-open").await.unwrap();
    app.wait_visible("demo-panel", UI_TIMEOUT).await.unwrap();
    app.tab_to("demo-scenario-expired_credential", 20)
        .await
        .unwrap();
    app.press(&[Key::Enter]).await.unwrap();
    app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();
    app.wait_step("paste", UI_TIMEOUT).await.unwrap();
    let message = app
        .wait_visible_text("paste-message", UI_TIMEOUT, |t| {
            t.starts_with("This credential expired on")
        })
        .await
        .unwrap();
    let date = message
        .trim_start_matches("This credential expired on ")
        .split('.')
        .next()
        .unwrap_or_default();
    assert!(
        date.len() == 10 && date.chars().filter(|c| *c == '-').count() == 2,
        "the message names the date (YYYY-MM-DD): {message:?}"
    );
    assert_eq!(one_fix_button(&app).await, "Create a new credential");
    shots.take(&app, "expired").await.unwrap();
    app.click("fix-button").await.unwrap();
    app.wait_step("console", UI_TIMEOUT).await.unwrap();

    // Restricted to another app: RingCentral rejects it; the fix is step 3.
    apply_preset(&app, "restricted_to_another_app").await;
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let message = wait_failure(&app, "rejected").await;
    assert!(
        message.starts_with("RingCentral did not accept that credential."),
        "{message:?}"
    );
    assert!(
        message.contains("Only specific apps of my choice"),
        "{message:?}"
    );
    assert_eq!(one_fix_button(&app).await, "Restrict it to this app");
    let details = open_details(&app).await;
    assert!(
        details.contains("invalid_grant") && details.contains("OAU-305"),
        "{details:?}"
    );
    assert!(details.contains("Request ID"), "{details:?}");
    shots.take(&app, "restricted-to-another-app").await.unwrap();
    app.click("fix-button").await.unwrap();
    app.wait_step("restrict", UI_TIMEOUT).await.unwrap();
    assert!(app.is_visible("client-id").await.unwrap());

    // Revoked: rejected as well, same fix.
    apply_preset(&app, "revoked").await;
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let message = wait_failure(&app, "rejected").await;
    assert!(message.contains("revoked or deleted"), "{message:?}");
    assert_eq!(one_fix_button(&app).await, "Restrict it to this app");
    let details = open_details(&app).await;
    assert!(
        details.contains("OAU-211"),
        "RingCentral's code for a revoked token: {details:?}"
    );
    shots.take(&app, "revoked").await.unwrap();
    app.click("fix-button").await.unwrap();
    app.wait_step("restrict", UI_TIMEOUT).await.unwrap();

    // App not enabled for JWT: nothing the customer can fix; contact the provider.
    apply_preset(&app, "app_not_enabled").await;
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let message = wait_failure(&app, "app_not_enabled").await;
    assert!(
        message.contains("not set up to accept JWT credentials"),
        "{message:?}"
    );
    assert!(
        message.contains("contact the provider's support"),
        "{message:?}"
    );
    assert_eq!(
        one_fix_button(&app).await,
        format!("Contact {PROVIDER} support")
    );
    assert_eq!(
        app.wait_visible("step-title", UI_TIMEOUT).await.unwrap(),
        "The check did not pass"
    );
    let details = open_details(&app).await;
    assert!(
        details.contains("unauthorized_client") && details.contains("OAU-251"),
        "{details:?}"
    );
    shots.take(&app, "app-not-enabled").await.unwrap();
    app.click("fix-button").await.unwrap();
    let email = app.wait_visible("support-email", UI_TIMEOUT).await.unwrap();
    assert_eq!(email, "help@acme.example");
    let kind = app
        .wait_visible("support-error-kind", UI_TIMEOUT)
        .await
        .unwrap();
    assert_eq!(kind, "app_not_enabled");
    assert!(app.is_visible("support-report-copy").await.unwrap());
    shots.take(&app, "app-not-enabled-support").await.unwrap();
    app.press(&[Key::Escape]).await.unwrap();
    app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();

    // User disabled: the owner cannot sign in; create it as an active user (step 2).
    apply_preset(&app, "user_disabled").await;
    let message = wait_failure(&app, "user_disabled").await;
    assert!(message.contains("cannot sign in"), "{message:?}");
    assert_eq!(one_fix_button(&app).await, "Create it as an active user");
    let details = open_details(&app).await;
    assert!(details.contains("OAU-236"), "{details:?}");
    shots.take(&app, "user-disabled").await.unwrap();
    app.click("fix-button").await.unwrap();
    app.wait_step("console", UI_TIMEOUT).await.unwrap();

    // Missing permission: the provider's app lacks one; contact the provider.
    apply_preset(&app, "missing_permission").await;
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let message = wait_failure(&app, "missing_permissions").await;
    assert!(
        message.contains("lacks the permission ReadCallLog"),
        "the message names the missing permission: {message:?}"
    );
    assert_eq!(
        one_fix_button(&app).await,
        format!("Contact {PROVIDER} support")
    );
    shots.take(&app, "missing-permission").await.unwrap();
    app.click("fix-button").await.unwrap();
    assert_eq!(
        app.wait_visible("support-error-kind", UI_TIMEOUT)
            .await
            .unwrap(),
        "missing_permissions"
    );
    app.click("panel-close").await.unwrap();
    app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();

    app.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limit_counts_down_then_retries_by_itself() {
    let _one = one_window_at_a_time().await;
    let mut shots = Shots::new("demo_presets_rate_limited");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();

    apply_preset(&app, "rate_limited").await;
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let message = wait_failure(&app, "rate_limited").await;
    assert!(message.contains("limiting how often"), "{message:?}");
    assert_eq!(
        app.attribute("error-block", "data-fix-step")
            .await
            .unwrap()
            .as_deref(),
        Some("wait_retry")
    );
    let first = app
        .wait_visible_text("countdown", UI_TIMEOUT, |t| {
            t.starts_with("Trying again automatically in")
        })
        .await
        .unwrap();
    let seconds = |text: &str| -> u64 {
        text.trim_start_matches("Trying again automatically in ")
            .trim_end_matches(" s")
            .parse()
            .unwrap_or(0)
    };
    let start = seconds(&first);
    assert!(
        (10..=15).contains(&start),
        "Retry-After is 15 s; the countdown showed {first:?}"
    );
    let fix = app.seen("fix-button").await.unwrap().unwrap();
    assert!(!fix.enabled, "Try again waits for the countdown");
    shots.take(&app, "countdown").await.unwrap();
    // It counts: a lower number shows a second or so later.
    let later = app
        .wait_visible_text("countdown", Duration::from_secs(5), |t| {
            let now = seconds(t);
            now > 0 && now < start
        })
        .await
        .unwrap();
    assert!(seconds(&later) < start);
    // Then the check runs again by itself and passes.
    app.start_recording(&[]).await.unwrap();
    let identity = app
        .wait_visible_text("identity", Duration::from_secs(30), |t| {
            t.starts_with("Connected as")
        })
        .await
        .unwrap();
    assert!(identity.starts_with("Connected as Jane Cooper (ext. 101), Cooper Dental LLC"));
    assert!(!app.is_visible("countdown").await.unwrap());
    let seen = app.recording().await.unwrap();
    assert!(
        seen.saw("verify-status", |r| r.tone == "progress"),
        "the retry showed progress: {:?}",
        seen.rendered
    );
    shots.take(&app, "retried-connected").await.unwrap();
    app.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn intake_outage_is_saved_then_delivered_and_the_provider_sees_it() {
    let _one = one_window_at_a_time().await;
    let mut shots = Shots::new("demo_presets_intake_down");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();

    apply_preset(&app, "intake_down_then_recovering").await;
    app.wait_visible_text("identity", Duration::from_secs(15), |t| {
        t.starts_with("Connected as")
    })
    .await
    .unwrap();
    app.start_recording(&[]).await.unwrap();
    app.click("confirm-account").await.unwrap();
    app.wait_step("send", UI_TIMEOUT).await.unwrap();
    let status = app
        .wait_visible_text("send-status", Duration::from_secs(20), |t| {
            t.starts_with("Saved securely")
        })
        .await
        .unwrap();
    assert_eq!(status, "Saved securely; we will keep trying");
    // The background retry may deliver within seconds: the screenshot is taken at once, and what
    // the queued screen showed is read from the recording below.
    shots.take(&app, "saved-keep-trying").await.unwrap();

    // The intake recovers; the background retry delivers without the customer doing anything.
    app.wait_step("done", Duration::from_secs(30))
        .await
        .unwrap();
    let receipt = app.wait_visible("receipt-id", UI_TIMEOUT).await.unwrap();
    assert!(
        receipt.len() >= 8 && receipt != "—",
        "receipt was {receipt:?}"
    );
    let seen = app.recording().await.unwrap();
    assert!(
        seen.saw("send-status", |r| r.text
            == "Saved securely; we will keep trying"
            && r.tone == "warning"),
        "the queued state was shown as a warning: {:?}",
        seen.rendered
    );
    assert!(
        seen.saw("send-attempts", |r| r.text.parse::<u32>().unwrap_or(0) >= 1),
        "the retry state showed the attempts so far"
    );
    assert!(
        seen.saw("send-next-attempt", |r| !r.text.is_empty()),
        "and when the next one is"
    );
    assert!(seen.saw("send-retry", |r| r.text == "Try now"));
    shots.take(&app, "delivered").await.unwrap();

    app.click("provider-view-open").await.unwrap();
    assert_eq!(
        app.wait_visible("provider-receipt-id", UI_TIMEOUT)
            .await
            .unwrap(),
        receipt
    );
    let fingerprint = app
        .wait_visible("provider-fingerprint", UI_TIMEOUT)
        .await
        .unwrap();
    assert!(fingerprint.len() >= 8 && fingerprint != "—");
    let summary = app.text("[data-testid=\"summary\"]").await.unwrap();
    assert!(
        summary.contains(&fingerprint),
        "{summary:?} has {fingerprint:?}"
    );
    let panel = app.wait_visible("provider-view", UI_TIMEOUT).await.unwrap();
    assert!(
        !panel.contains("eyJ"),
        "the provider view never shows a JWT: {panel:?}"
    );
    shots.take(&app, "provider-view").await.unwrap();
    app.close().await.unwrap();
}
