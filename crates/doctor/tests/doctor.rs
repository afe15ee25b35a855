//! The doctor against real servers on 127.0.0.1: reachability, clock skew, refused and silent
//! servers, TLS certificates from a generated CA, an unusable profile, the keyring and the outbox.

mod support;

use std::sync::Arc;
use std::time::Duration;

use rc_onboard_core::Profile;
use rc_onboard_delivery::{MemoryStore, Outbox, PendingEntry};
use rc_onboard_doctor::{
    planned_checks, render_json, render_text, DoctorInputs, DoctorReport, Status,
};
use rc_onboard_testkit::TestPki;
use support::*;
use time::OffsetDateTime;

const QUICK: Duration = Duration::from_secs(3);

fn status(report: &DoctorReport, id: &str) -> Status {
    report
        .get(id)
        .unwrap_or_else(|| panic!("no {id} line"))
        .status
}

fn detail<'r>(report: &'r DoctorReport, id: &str) -> &'r str {
    &report.get(id).unwrap().detail
}

fn fix<'r>(report: &'r DoctorReport, id: &str) -> &'r str {
    report.get(id).unwrap().fix.as_deref().unwrap_or("")
}

fn planned_ids() -> Vec<&'static str> {
    planned_checks().iter().map(|name| name.id).collect()
}

#[tokio::test]
async fn everything_passes_against_healthy_loopback_servers() {
    let server = http_server(Skew::None).await;
    let data = tempfile::tempdir().unwrap();
    let profile = profile(
        server.url("http", "/"),
        server.localhost_url("/console"),
        server.url("http", "/v1/submissions"),
    );
    let (report, progress) = run_doctor(inputs(profile, data.path(), options(QUICK, vec![]))).await;

    let ids: Vec<_> = report.checks.iter().map(|check| check.id).collect();
    assert_eq!(ids, planned_ids(), "report order");
    let mut reported = progress.clone();
    reported.sort_unstable();
    let mut expected = planned_ids();
    expected.sort_unstable();
    assert_eq!(reported, expected, "progress called once per check");

    for check in &report.checks {
        assert_eq!(check.status, Status::Pass, "{check:?}");
        assert!(check.fix.is_none(), "{check:?}");
    }
    assert!(report.ok());
    assert!(detail(&report, "ringcentral.dns").contains("is an IP address"));
    assert!(
        detail(&report, "console.dns").starts_with("localhost → "),
        "{}",
        detail(&report, "console.dns")
    );
    assert!(detail(&report, "intake.tcp").starts_with("connected to 127.0.0.1:"));
    assert!(detail(&report, "intake.tls").contains("loopback"));
    assert!(detail(&report, "intake.http").contains("HTTP 404 Not Found"));
    assert!(detail(&report, "clock").contains("matches"));

    let text = render_text(&report);
    assert!(
        text.contains("PASS  ringcentral dns   127.0.0.1 is an IP address"),
        "{text}"
    );
    assert!(text.ends_with("doctor ok: 16 passed, 0 warnings, 0 failed, 0 skipped\n"));
    let json: serde_json::Value = serde_json::from_str(&render_json(&report)).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["checks"].as_array().unwrap().len(), 16);
}

#[tokio::test]
async fn a_server_date_two_minutes_off_warns_and_ten_minutes_off_fails() {
    for (skew, expected, words) in [
        (
            Skew::Behind(Duration::from_secs(120)),
            Status::Warn,
            "ahead of 127.0.0.1",
        ),
        (
            Skew::Behind(Duration::from_secs(600)),
            Status::Fail,
            "ahead of 127.0.0.1",
        ),
        (
            Skew::Ahead(Duration::from_secs(600)),
            Status::Fail,
            "behind 127.0.0.1",
        ),
    ] {
        let server = http_server(skew).await;
        let data = tempfile::tempdir().unwrap();
        let url = server.url("http", "/");
        let profile = profile(url.clone(), url.clone(), url);
        let (report, _) = run_doctor(inputs(profile, data.path(), options(QUICK, vec![]))).await;
        assert_eq!(status(&report, "clock"), expected, "{skew:?}");
        assert!(
            detail(&report, "clock").contains(words),
            "{}",
            detail(&report, "clock")
        );
        assert!(fix(&report, "clock").contains("clock"));
        assert_eq!(report.ok(), expected != Status::Fail);
        assert_eq!(status(&report, "ringcentral.http"), Status::Pass);
    }
}

#[tokio::test]
async fn a_server_error_answer_is_reachable_but_a_warning() {
    let healthy = http_server(Skew::None).await;
    let failing = http_server_answering("503 Service Unavailable", Skew::None).await;
    let data = tempfile::tempdir().unwrap();
    let profile = profile(
        healthy.url("http", "/"),
        healthy.url("http", "/"),
        failing.url("http", "/v1/submissions"),
    );
    let (report, _) = run_doctor(inputs(profile, data.path(), options(QUICK, vec![]))).await;
    assert_eq!(status(&report, "intake.http"), Status::Warn);
    assert!(detail(&report, "intake.http").contains("HTTP 503 Service Unavailable"));
    assert!(fix(&report, "intake.http").contains("help@acme.example"));
    assert!(report.ok());
}

#[tokio::test]
async fn a_closed_port_fails_tcp_with_a_fix_and_skips_the_rest() {
    let healthy = http_server(Skew::None).await;
    let closed = closed_port().await;
    let data = tempfile::tempdir().unwrap();
    let closed_url = url::Url::parse(&format!("http://{closed}/v1/submissions")).unwrap();
    let profile = profile(
        healthy.url("http", "/"),
        healthy.url("http", "/"),
        closed_url,
    );
    let (report, _) = run_doctor(inputs(profile, data.path(), options(QUICK, vec![]))).await;

    assert_eq!(status(&report, "intake.dns"), Status::Pass);
    assert_eq!(status(&report, "intake.tcp"), Status::Fail);
    assert!(
        detail(&report, "intake.tcp").contains(&format!("could not connect to {closed}")),
        "{}",
        detail(&report, "intake.tcp")
    );
    assert!(fix(&report, "intake.tcp").contains("Nothing accepts connections"));
    assert!(fix(&report, "intake.tcp").contains("`intake.url`"));
    assert_eq!(status(&report, "intake.tls"), Status::Skip);
    assert_eq!(status(&report, "intake.http"), Status::Skip);
    assert!(detail(&report, "intake.http").contains("no TCP connection"));
    assert_eq!(status(&report, "ringcentral.http"), Status::Pass);
    assert!(!report.ok());
    let text = render_text(&report);
    assert!(text.contains("FAIL  intake tcp"), "{text}");
    assert!(
        text.contains("      fix: Nothing accepts connections"),
        "{text}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_fails_on_the_timeout_instead_of_hanging() {
    let healthy = http_server(Skew::None).await;
    let silent = silent_server().await;
    let data = tempfile::tempdir().unwrap();
    let profile = profile(
        healthy.url("http", "/"),
        silent.url("https", "/"),
        silent.url("http", "/v1/submissions"),
    );
    let limit = Duration::from_secs(1);
    let (report, _) = run_doctor(inputs(profile, data.path(), options(limit, vec![]))).await;

    assert_eq!(status(&report, "intake.tcp"), Status::Pass);
    assert_eq!(status(&report, "intake.http"), Status::Fail);
    assert!(
        detail(&report, "intake.http").contains("no HTTP answer")
            && detail(&report, "intake.http").contains("within 1 s"),
        "{}",
        detail(&report, "intake.http")
    );
    assert!(fix(&report, "intake.http").contains("did not answer"));
    assert_eq!(status(&report, "console.tls"), Status::Fail);
    assert!(
        detail(&report, "console.tls").contains("no TLS handshake"),
        "{}",
        detail(&report, "console.tls")
    );
    assert_eq!(status(&report, "console.http"), Status::Skip);
    // The clock comes from the server that did answer.
    assert_eq!(status(&report, "clock"), Status::Pass);
}

#[tokio::test]
async fn an_unusable_profile_fails_and_skips_every_network_line() {
    let data = tempfile::tempdir().unwrap();
    let missing = data.path().join("no-such-profile.toml");
    let inputs = DoctorInputs::new(
        Profile::load(&missing),
        keyring(),
        Outbox::open(data.path()),
    );
    let (report, progress) = run_doctor(inputs).await;

    assert_eq!(progress.len(), planned_checks().len());
    assert_eq!(status(&report, "profile"), Status::Fail);
    assert!(detail(&report, "profile").contains("no-such-profile.toml"));
    assert!(fix(&report, "profile").contains("no-such-profile.toml"));
    for check in &report.checks {
        if !["profile", "keyring", "outbox"].contains(&check.id) {
            assert_eq!(check.status, Status::Skip, "{check:?}");
            assert!(check.detail.contains("profile"), "{check:?}");
        }
    }
    assert_eq!(status(&report, "keyring"), Status::Pass);
    assert_eq!(status(&report, "outbox"), Status::Pass);
    assert!(!report.ok());
}

#[tokio::test]
async fn an_unavailable_keyring_fails_the_report() {
    let data = tempfile::tempdir().unwrap();
    let inputs = DoctorInputs::new(
        Profile::load(data.path().join("missing.toml")),
        Arc::new(MemoryStore::unavailable()),
        Outbox::open(data.path()),
    );
    let (report, _) = run_doctor(inputs).await;
    assert_eq!(status(&report, "keyring"), Status::Fail);
    assert!(detail(&report, "keyring").contains("no usable OS keyring"));
    assert!(!fix(&report, "keyring").is_empty());
}

#[tokio::test]
async fn an_outbox_with_a_pending_and_a_corrupt_entry_warns() {
    let data = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(data.path()).unwrap();
    let now = OffsetDateTime::now_utc();
    let created_at = (now - time::Duration::minutes(3))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    // Built from JSON so fields the outbox adds later keep their defaults.
    let entry: PendingEntry = serde_json::from_value(serde_json::json!({
        "submission_id": "sub-1",
        "created_at": created_at,
        "intake_url": "http://127.0.0.1:9/v1/submissions",
        "key_id": "test-key",
        "attempts": 2,
        "last_error": null,
        "next_attempt_at": created_at,
        "body": "{}",
        "code_ref": "code:sub-1",
    }))
    .unwrap();
    let lock = outbox.try_lock("sub-1").unwrap().unwrap();
    outbox.insert(&lock, &entry).unwrap();
    drop(lock);
    std::fs::write(outbox.pending_dir().join("sub-2.json"), b"{ not json").unwrap();

    let inputs = DoctorInputs::new(
        Profile::load(data.path().join("missing.toml")),
        keyring(),
        Ok(outbox),
    );
    let (report, _) = run_doctor(inputs).await;
    assert_eq!(status(&report, "outbox"), Status::Warn);
    let outbox_detail = detail(&report, "outbox");
    assert!(
        outbox_detail.contains("1 submission waiting, oldest queued 3 min ago"),
        "{outbox_detail}"
    );
    assert!(
        outbox_detail.contains("1 unreadable file: sub-2"),
        "{outbox_detail}"
    );
    assert!(fix(&report, "outbox").contains("left in place"));
    assert!(
        data.path().join("outbox/sub-2.json").exists(),
        "the corrupt file is kept"
    );
}

#[tokio::test]
async fn an_outbox_that_cannot_be_opened_fails() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let inputs = DoctorInputs::new(
        Profile::load(data.path().join("missing.toml")),
        keyring(),
        Outbox::open(&file),
    );
    let (report, _) = run_doctor(inputs).await;
    assert_eq!(status(&report, "outbox"), Status::Fail);
    assert!(detail(&report, "outbox").contains("cannot be opened"));
}

/// Runs the doctor with the intake at `pki`'s HTTPS server and the rest on plain loopback HTTP.
async fn run_with_tls_intake(pki: &TestPki, trust_ca: bool, pin: Option<[u8; 32]>) -> DoctorReport {
    let healthy = http_server(Skew::None).await;
    let https = https_server(pki).await;
    let data = tempfile::tempdir().unwrap();
    let mut profile = profile(
        healthy.url("http", "/"),
        healthy.url("http", "/"),
        https.url("https", "/v1/submissions"),
    );
    profile.intake.spki_pin = pin;
    let roots = if trust_ca {
        vec![pki.ca_der.clone()]
    } else {
        vec![]
    };
    run_doctor(inputs(profile, data.path(), options(QUICK, roots)))
        .await
        .0
}

#[tokio::test]
async fn a_trusted_certificate_passes_with_its_expiry_and_pin() {
    let now = OffsetDateTime::now_utc();
    let pki = test_pki(
        now - time::Duration::days(1),
        now + time::Duration::days(90),
    );
    let report = run_with_tls_intake(&pki, true, Some(pki.leaf_spki_sha256)).await;
    assert_eq!(
        status(&report, "intake.tls"),
        Status::Pass,
        "{:?}",
        report.get("intake.tls")
    );
    let tls = detail(&report, "intake.tls");
    assert!(
        tls.starts_with("TLS 1.3, certificate for intake.test issued by rc-onboard test CA"),
        "{tls}"
    );
    assert!(tls.contains("chain trusted"), "{tls}");
    let until = rc_onboard_doctor::certificate::read_certificate(&pki.leaf_der)
        .unwrap()
        .not_after;
    assert!(
        tls.contains(&format!("valid until {}", until.date())),
        "{tls}"
    );
    assert!(tls.contains("public key matches intake.spki_pin"), "{tls}");
    assert_eq!(status(&report, "intake.http"), Status::Pass);
    assert!(report.ok());
}

#[tokio::test]
async fn a_certificate_expiring_within_two_weeks_warns() {
    let now = OffsetDateTime::now_utc();
    let pki = test_pki(
        now - time::Duration::days(80),
        now + time::Duration::days(7),
    );
    let report = run_with_tls_intake(&pki, true, None).await;
    assert_eq!(
        status(&report, "intake.tls"),
        Status::Warn,
        "{:?}",
        report.get("intake.tls")
    );
    assert!(fix(&report, "intake.tls").contains("must renew it"));
    assert!(fix(&report, "intake.tls").contains("Acme Analytics (demo) (help@acme.example)"));
    assert_eq!(status(&report, "intake.http"), Status::Pass);
    assert!(report.ok());
}

#[tokio::test]
async fn an_expired_certificate_fails_and_says_when_it_expired() {
    let now = OffsetDateTime::now_utc();
    let expired = now - time::Duration::days(3);
    let pki = test_pki(now - time::Duration::days(90), expired);
    let report = run_with_tls_intake(&pki, true, None).await;
    assert_eq!(status(&report, "intake.tls"), Status::Fail);
    let tls = detail(&report, "intake.tls");
    assert!(
        tls.contains("the certificate for intake.test expired on"),
        "{tls}"
    );
    assert!(tls.contains("ago"), "{tls}");
    assert!(fix(&report, "intake.tls").contains("clock"));
    assert_eq!(status(&report, "intake.http"), Status::Skip);
    assert!(!report.ok());
}

#[tokio::test]
async fn a_certificate_not_yet_valid_points_at_the_clock() {
    let now = OffsetDateTime::now_utc();
    let pki = test_pki(
        now + time::Duration::days(2),
        now + time::Duration::days(90),
    );
    let report = run_with_tls_intake(&pki, true, None).await;
    assert_eq!(status(&report, "intake.tls"), Status::Fail);
    assert!(detail(&report, "intake.tls").contains("is not valid yet"));
    assert!(fix(&report, "intake.tls").contains("clock is probably wrong"));
}

#[tokio::test]
async fn a_certificate_for_another_name_fails() {
    let now = OffsetDateTime::now_utc();
    let pki = test_pki_for(
        "other.test",
        now - time::Duration::days(1),
        now + time::Duration::days(90),
    );
    let report = run_with_tls_intake(&pki, true, None).await;
    assert_eq!(status(&report, "intake.tls"), Status::Fail);
    let tls = detail(&report, "intake.tls");
    assert!(
        tls.contains("(intake.test) is not valid for 127.0.0.1"),
        "{tls}"
    );
    assert!(fix(&report, "intake.tls").contains("`intake.url`"));
}

#[tokio::test]
async fn an_untrusted_chain_fails_with_a_proxy_hint() {
    let now = OffsetDateTime::now_utc();
    let pki = test_pki(
        now - time::Duration::days(1),
        now + time::Duration::days(90),
    );
    let report = run_with_tls_intake(&pki, false, None).await;
    assert_eq!(status(&report, "intake.tls"), Status::Fail);
    let tls = detail(&report, "intake.tls");
    assert!(
        tls.contains("is not trusted by this computer (issued by rc-onboard test CA)"),
        "{tls}"
    );
    assert!(fix(&report, "intake.tls").contains("proxy"));
}

#[tokio::test]
async fn a_key_that_does_not_match_the_pin_fails() {
    let now = OffsetDateTime::now_utc();
    let pki = test_pki(
        now - time::Duration::days(1),
        now + time::Duration::days(90),
    );
    let report = run_with_tls_intake(&pki, true, Some([0u8; 32])).await;
    assert_eq!(status(&report, "intake.tls"), Status::Fail);
    assert!(detail(&report, "intake.tls").contains("does not match intake.spki_pin"));
    assert!(fix(&report, "intake.tls").contains("current profile"));
    // The session itself was fine, so reachability is still checked.
    assert_eq!(status(&report, "intake.http"), Status::Pass);
}

#[test]
fn the_run_future_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let data = tempfile::tempdir().unwrap();
    let inputs = DoctorInputs::new(
        Profile::load(data.path().join("p.toml")),
        keyring(),
        Outbox::open(data.path()),
    );
    let future = rc_onboard_doctor::run(inputs, |_| {});
    assert_send(&future);
}
