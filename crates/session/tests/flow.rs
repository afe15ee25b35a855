//! The onboarding flow end to end against the demo's simulated RingCentral and reference intake
//! over real loopback HTTP (the keyring is the in-memory double; the real one is tested in the
//! delivery crate and the end-to-end suite).

use std::sync::Arc;
use std::time::Duration;

use rc_onboard_delivery::{MemoryStore, SharedSecretStore};
use rc_onboard_demo::DemoEnvironment;
use rc_onboard_session::view::{
    ChecklistItem, DeliveryStatus, FixTarget, InspectionKind, Step, VerificationStatus,
};
use rc_onboard_session::{Session, View};
use rc_onboard_verify::SecretString;
use tokio::sync::watch;

mod support;

use support::{config, wait_view, watch_session};

struct Harness {
    demo: DemoEnvironment,
    session: Session,
    views: watch::Receiver<Option<View>>,
    data: tempfile::TempDir,
}

async fn harness() -> Harness {
    harness_with(Arc::new(MemoryStore::new())).await
}

async fn harness_with(store: SharedSecretStore) -> Harness {
    let demo = DemoEnvironment::start().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let session = Session::new(config(&demo, data.path(), store)).unwrap();
    let views = watch_session(&session);
    Harness {
        demo,
        session,
        views,
        data,
    }
}

fn walk_to_paste(session: &Session) {
    session.go(Step::Console).unwrap();
    session.go(Step::Restrict).unwrap();
    for item in [
        "only_specific_apps",
        "client_id_added",
        "expiry_considered",
        "copied_credential",
    ] {
        let item: ChecklistItem = serde_json::from_value(serde_json::json!(item)).unwrap();
        session.set_check(item, true);
    }
    session.go(Step::Paste).unwrap();
}

#[tokio::test]
async fn happy_path_verifies_confirms_and_delivers_exactly_once() {
    let mut h = harness().await;
    let jwt = h.demo.apply("happy_path").unwrap();
    walk_to_paste(&h.session);

    let view = h
        .session
        .submit_credential(&format!("  \"{}\"\n", jwt.expose_secret()))
        .await;
    assert_eq!(view.step, Step::Verify);
    assert!(view.credential_held);
    assert_eq!(
        view.inspection.as_ref().unwrap().kind,
        InspectionKind::Plausible
    );

    let view = wait_view(&mut h.views, "verification", |v| {
        v.verification.status == VerificationStatus::Ok
    })
    .await;
    let identity = view.verification.identity.clone().unwrap();
    assert_eq!(identity.name, "Jane Cooper");
    assert_eq!(identity.company.as_deref(), Some("Cooper Dental LLC"));
    assert!(view
        .verification
        .permissions
        .contains(&"ReadAccounts".to_owned()));

    h.session.confirm_account().unwrap();
    let view = wait_view(&mut h.views, "delivery", |v| {
        v.delivery.status == DeliveryStatus::Delivered
    })
    .await;
    assert_eq!(view.step, Step::Done);
    assert!(
        !view.credential_held,
        "the plaintext credential is dropped once delivered"
    );
    let receipt = view.delivery.receipt_id.clone().unwrap();

    let rows = h.demo.provider_view().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].receipt_id, receipt);
    assert_eq!(rows[0].account_id, identity.account_id);

    let serialized = serde_json::to_string(&h.session.view()).unwrap();
    let summary = h.session.summary_text();
    let report = h.session.support_report(&[]);
    for text in [&serialized, &summary, &report] {
        assert!(!text.contains(jwt.expose_secret()), "a JWT leaked");
        assert!(
            !text.contains(h.demo.onboarding_code().expose_secret()),
            "the code leaked"
        );
        assert!(
            !text.contains("rc-demo-provider-secret"),
            "the client secret leaked"
        );
    }
    assert!(summary.contains(&receipt));
    assert!(summary.contains("Connected as Jane Cooper (ext. 101), Cooper Dental LLC"));
    assert!(report.contains("fingerprint: "));
    assert!(report.contains("verify: ok"));
}

#[tokio::test]
async fn steps_refuse_missing_prerequisites() {
    let h = harness().await;
    h.session.set_code("");
    let error = h.session.go(Step::Console).unwrap_err();
    assert!(error.to_string().contains("onboarding code"), "{error}");
    h.session.set_code("some-code");
    h.session.go(Step::Console).unwrap();
    h.session.go(Step::Restrict).unwrap();
    let error = h.session.go(Step::Paste).unwrap_err();
    assert!(error.to_string().contains("checklist"), "{error}");
    assert!(h.session.go(Step::Verify).is_err());
    assert!(serde_json::from_str::<Step>("\"nowhere\"").is_err());
    assert!(serde_json::from_str::<ChecklistItem>("\"nonsense\"").is_err());
}

#[tokio::test]
async fn expired_credential_is_refused_locally_without_a_network_call() {
    let h = harness().await;
    let jwt = h.demo.apply("expired_credential").unwrap();
    walk_to_paste(&h.session);
    let view = h.session.submit_credential(jwt.expose_secret()).await;
    assert_eq!(view.step, Step::Paste);
    assert!(!view.credential_held);
    let inspection = view.inspection.unwrap();
    assert_eq!(inspection.kind, InspectionKind::Expired);
    assert!(
        inspection.message.contains("expired on"),
        "{}",
        inspection.message
    );
    assert_eq!(h.demo.simulator().counters().token, 0);
}

#[tokio::test]
async fn rejected_credential_points_back_to_restrict() {
    let mut h = harness().await;
    let jwt = h.demo.apply("restricted_to_another_app").unwrap();
    walk_to_paste(&h.session);
    h.session.submit_credential(jwt.expose_secret()).await;
    let view = wait_view(&mut h.views, "failure", |v| {
        v.verification.status == VerificationStatus::Failed
    })
    .await;
    let error = view.verification.error.unwrap();
    assert_eq!(error.kind.as_str(), "rejected");
    assert_eq!(error.fix_step, FixTarget::Restrict);
    let details = error.ringcentral.unwrap();
    assert_eq!(details.status, 400);
    assert!(details.request_id.is_some());
    let view = h.session.go(Step::Restrict).unwrap();
    assert!(!view.credential_held, "going back forgets the credential");
}

#[tokio::test]
async fn rate_limit_reports_retry_after() {
    let mut h = harness().await;
    let jwt = h.demo.apply("rate_limited").unwrap();
    walk_to_paste(&h.session);
    h.session.submit_credential(jwt.expose_secret()).await;
    let view = wait_view(&mut h.views, "rate limit", |v| {
        v.verification.status == VerificationStatus::Failed
    })
    .await;
    let error = view.verification.error.unwrap();
    assert_eq!(error.kind.as_str(), "rate_limited");
    assert_eq!(error.fix_step, FixTarget::WaitRetry);
    assert_eq!(
        error.retries_automatically,
        Some(true),
        "the first rate limit is retried by the window"
    );
    assert_eq!(
        error.retry_after_s,
        Some(rc_onboard_simulator_retry_after())
    );
}

#[tokio::test]
async fn a_user_who_lacks_a_permission_gets_its_own_message_fix_and_report_lines() {
    let mut h = harness().await;
    let jwt = h.demo.apply("user_lacks_permission").unwrap();
    walk_to_paste(&h.session);
    h.session.submit_credential(jwt.expose_secret()).await;
    let view = wait_view(&mut h.views, "user permission", |v| {
        v.verification.status == VerificationStatus::Failed
    })
    .await;
    let error = view.verification.error.clone().unwrap();
    assert_eq!(error.kind.as_str(), "user_permission_missing");
    assert_eq!(error.fix_step, FixTarget::Console);
    assert!(error.message.contains("ReadCallLog"), "{}", error.message);
    let details = error.ringcentral.clone().unwrap();
    assert_eq!(details.status, 403);
    assert_eq!(details.code.as_deref(), Some("CMN-408"));
    assert!(details
        .message
        .as_deref()
        .is_some_and(|m| m.contains("[ReadCallLog]")));
    let report = h.session.support_report(&[]);
    assert!(
        report.contains("error: user_permission_missing (fix: console)"),
        "{report}"
    );
    assert!(report.contains("HTTP 403"), "{report}");
    assert!(report.contains("ringcentral said: "), "{report}");
    assert!(!report.contains(jwt.expose_secret()));
}

#[tokio::test]
async fn closing_waits_for_the_session_revoke() {
    let mut h = harness().await;
    let jwt = h.demo.apply("happy_path").unwrap();
    // A slow RingCentral: the revoke is still running when the result is shown.
    let mut faults = h.demo.simulator().faults();
    faults.latency = Duration::from_millis(300);
    h.demo.simulator().set_faults(faults);
    walk_to_paste(&h.session);
    h.session.submit_credential(jwt.expose_secret()).await;
    wait_view(&mut h.views, "verification", |v| {
        v.verification.status == VerificationStatus::Ok
    })
    .await;
    assert!(h.session.finish_revokes(Duration::from_secs(3)).await);
    assert_eq!(h.demo.simulator().counters().revoke, 1);
    assert_eq!(h.demo.simulator().open_sessions(), 0);
    // Nothing left to wait for.
    assert!(h.session.finish_revokes(Duration::from_millis(1)).await);
}

fn rc_onboard_simulator_retry_after() -> u64 {
    // The simulator's rate-limit preset answers Retry-After: 15.
    15
}

#[tokio::test]
async fn intake_outage_queues_then_background_retry_delivers() {
    let mut h = harness().await;
    let jwt = h.demo.apply("intake_down_then_recovering").unwrap();
    verify_and_confirm(&mut h, &jwt).await;
    let view = wait_view(&mut h.views, "queued", |v| {
        v.delivery.status == DeliveryStatus::Queued
    })
    .await;
    assert!(view
        .delivery
        .error
        .unwrap()
        .message
        .starts_with("Saved securely"));
    assert!(!view.credential_held);

    h.session.start_background_delivery();
    let view = wait_view(&mut h.views, "delivered", |v| {
        v.delivery.status == DeliveryStatus::Delivered
    })
    .await;
    assert!(view.delivery.receipt_id.is_some());
    assert_eq!(h.demo.provider_view().unwrap().len(), 1);
}

#[tokio::test]
async fn a_queued_submission_resumes_after_a_restart() {
    let demo = DemoEnvironment::start().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let store: SharedSecretStore = Arc::new(MemoryStore::new());
    let jwt: SecretString = demo.apply("happy_path").unwrap();
    demo.intake().set_faults(rc_onboard_intake_server::Faults {
        fail_next: vec![],
        down: true,
    });
    {
        let session = Session::new(config(&demo, data.path(), store.clone())).unwrap();
        let mut views = watch_session(&session);
        walk_to_paste(&session);
        session.submit_credential(jwt.expose_secret()).await;
        wait_view(&mut views, "verification", |v| {
            v.verification.status == VerificationStatus::Ok
        })
        .await;
        session.confirm_account().unwrap();
        wait_view(&mut views, "queued", |v| {
            v.delivery.status == DeliveryStatus::Queued
        })
        .await;
    }
    // The app closes; the intake comes back; the app opens again.
    demo.intake()
        .set_faults(rc_onboard_intake_server::Faults::default());
    let session = Session::new(config(&demo, data.path(), store)).unwrap();
    let view = session.view();
    assert_eq!(view.step, Step::Send);
    assert_eq!(view.delivery.status, DeliveryStatus::Queued);
    let mut views = watch_session(&session);
    session.flush_once().await;
    let view = wait_view(&mut views, "delivered", |v| {
        v.delivery.status == DeliveryStatus::Delivered
    })
    .await;
    assert_eq!(view.step, Step::Done);
    assert_eq!(demo.provider_view().unwrap().len(), 1);
}

#[tokio::test]
async fn onboarding_codes_are_checked_at_welcome() {
    let h = harness().await;
    let view = h.session.check_code().await;
    let status = view.code.status.expect("a valid code is confirmed");
    assert!(status.valid, "{}", status.message);

    h.session.set_code("NOT-A-REAL-CODE");
    let view = h.session.check_code().await;
    let status = view.code.status.expect("an unknown code is reported");
    assert!(!status.valid);
    assert!(
        status.message.contains("does not recognise"),
        "{}",
        status.message
    );
    let error = h.session.go(Step::Console).unwrap_err();
    assert!(error.to_string().contains("cannot be used"), "{error}");

    let expired = h
        .demo
        .intake()
        .issue_code("late customer", Duration::ZERO)
        .unwrap();
    h.session.set_code(&expired);
    let view = h.session.check_code().await;
    assert!(view.code.status.unwrap().message.contains("expired"));
}

#[tokio::test]
async fn a_demo_preset_hands_its_credential_to_the_session() {
    let mut h = harness().await;
    let view = rc_onboard_demo::apply_scenario(&h.demo, &h.session, "happy_path")
        .await
        .unwrap();
    assert_eq!(view.step, Step::Verify);
    assert!(view.credential_held);
    assert!(view.code.present && view.code.prefilled);
    assert!(view.checklist.complete());
    wait_view(&mut h.views, "verification", |v| {
        v.verification.status == VerificationStatus::Ok
    })
    .await;
    h.session.confirm_account().unwrap();
    wait_view(&mut h.views, "delivery", |v| {
        v.delivery.status == DeliveryStatus::Delivered
    })
    .await;
    assert!(h
        .session
        .support_report(&[])
        .contains("demo preset applied"));
    let error = rc_onboard_demo::apply_scenario(&h.demo, &h.session, "no_such_preset")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("no_such_preset"), "{error}");
}

/// Pastes `jwt`, waits for verification and confirms the account.
async fn verify_and_confirm(h: &mut Harness, jwt: &SecretString) {
    walk_to_paste(&h.session);
    h.session.submit_credential(jwt.expose_secret()).await;
    wait_view(&mut h.views, "verification", |v| {
        v.verification.status == VerificationStatus::Ok
    })
    .await;
    h.session.confirm_account().unwrap();
}

#[tokio::test]
async fn without_a_keyring_the_credential_is_delivered_directly() {
    let mut h = harness_with(Arc::new(MemoryStore::unavailable())).await;
    let jwt = h.demo.apply("happy_path").unwrap();
    verify_and_confirm(&mut h, &jwt).await;
    let view = wait_view(&mut h.views, "delivery", |v| {
        v.delivery.status == DeliveryStatus::Delivered
    })
    .await;
    assert_eq!(view.step, Step::Done);
    assert_eq!(h.demo.provider_view().unwrap().len(), 1);
}

#[tokio::test]
async fn without_a_keyring_a_failed_delivery_says_nothing_was_saved() {
    let mut h = harness_with(Arc::new(MemoryStore::unavailable())).await;
    let jwt = h.demo.apply("happy_path").unwrap();
    h.demo
        .intake()
        .set_faults(rc_onboard_intake_server::Faults {
            fail_next: vec![],
            down: true,
        });
    verify_and_confirm(&mut h, &jwt).await;
    let view = wait_view(&mut h.views, "failure", |v| {
        v.delivery.status == DeliveryStatus::Refused
    })
    .await;
    let error = view.delivery.error.unwrap();
    assert_eq!(error.kind.as_str(), "intake_unavailable");
    assert!(
        error
            .message
            .contains("could not be saved to try again later"),
        "{}",
        error.message
    );
    let outbox = rc_onboard_delivery::Outbox::open(h.data.path()).unwrap();
    assert!(outbox.list().unwrap().is_empty(), "nothing was queued");
}

/// A code from a link opened while the window is open is taken only at Welcome before a
/// credential is held; past Welcome it is ignored, so a link cannot swap the code mid-flow.
#[tokio::test]
async fn a_link_code_is_taken_only_at_welcome() {
    use rc_onboard_session::LinkCode;

    let h = harness().await;
    let valid = h.demo.onboarding_code();
    assert_eq!(h.session.take_link_code("NOT-A-REAL-CODE"), LinkCode::Taken);
    let view = h.session.check_code().await;
    assert!(view.code.present);
    assert_eq!(view.code.status.as_ref().map(|s| s.valid), Some(false));

    // Back to the real code, then past Welcome: a link no longer changes it.
    h.session.set_code(valid.expose_secret());
    assert_eq!(
        h.session.check_code().await.code.status.map(|s| s.valid),
        Some(true)
    );
    walk_to_paste(&h.session);
    assert_eq!(
        h.session.take_link_code("NOT-A-REAL-CODE"),
        LinkCode::Ignored
    );
    let view = h.session.check_code().await;
    assert_eq!(view.code.status.map(|s| s.valid), Some(true));
    assert!(h
        .session
        .support_report(&[])
        .contains("code from a link ignored"));
}
