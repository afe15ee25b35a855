//! The optional pin of the intake's key over real loopback TLS: a test CA and an intake certificate
//! for 127.0.0.1 (`rc_onboard_testkit::TestPki`), served by the scripted intake behind a rustls
//! acceptor, the CA trusted through `extra_roots_der`. A matching pin delivers; a wrong pin is
//! refused during the handshake, before any HTTP request (so the code is never sent), is not
//! retried, and is enforced again when the queued entry is flushed by a client that has no pin of
//! its own.

mod support;

use std::sync::Arc;
use std::time::Duration;

use rc_onboard_delivery::{
    enqueue_pinned, flush_all, new_submission_id, send, ClientOptions, DeliveryError,
    DeliveryEvent, FlushOptions, IntakeClient, MemoryStore, Outbox, Outcome, RetryPolicy,
    SendOutcome, SharedSecretStore,
};
use rc_onboard_testkit::TestPki;
use rc_onboard_verify::error::ErrorKind;
use rc_onboard_verify::secret::SecretString;
use rc_onboard_verify::Profile;
use support::{sample_body, sample_submission, ScriptedIntake};

const CODE: &str = "onb-code-pin-51c0de";

fn code() -> SecretString {
    SecretString::from(CODE)
}

fn quick(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        max_total: Duration::from_secs(15),
        max_retry_after: Duration::from_secs(5),
    }
}

fn options(pki: &TestPki, pin: Option<[u8; 32]>) -> ClientOptions {
    ClientOptions {
        spki_sha256: pin,
        extra_roots_der: vec![pki.ca_der.clone()],
        ..ClientOptions::default()
    }
}

fn wrong_pin(pki: &TestPki) -> [u8; 32] {
    let mut pin = pki.leaf_spki_sha256;
    pin[0] ^= 0xff;
    pin
}

fn memory_store() -> SharedSecretStore {
    Arc::new(MemoryStore::new())
}

#[tokio::test]
async fn the_matching_pin_delivers_and_checks_the_code() {
    let pki = TestPki::loopback().unwrap();
    let intake = ScriptedIntake::start_tls(&pki, vec![]).await;
    let client = IntakeClient::new(options(&pki, Some(pki.leaf_spki_sha256))).unwrap();

    let check = client.code_status(&intake.url(), &code()).await.unwrap();
    assert!(check.valid);
    let id = new_submission_id();
    let receipt = client
        .post_once(&intake.url(), &code(), &id, &sample_body(&id))
        .await
        .unwrap();

    assert_eq!(receipt.receipt_id, "rcpt-1");
    let requests = intake.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.authorization.as_deref() == Some(&format!("Bearer {CODE}") as &str)));
}

#[tokio::test]
async fn a_wrong_pin_is_refused_in_the_handshake_and_the_code_never_reaches_the_server() {
    let pki = TestPki::loopback().unwrap();
    let intake = ScriptedIntake::start_tls(&pki, vec![]).await;
    let client = IntakeClient::new(options(&pki, Some(wrong_pin(&pki)))).unwrap();
    let id = new_submission_id();

    let mut events = Vec::new();
    let failure = client
        .deliver(
            &intake.url(),
            &code(),
            &id,
            &sample_body(&id),
            &quick(5),
            |event: &DeliveryEvent| events.push(event.clone()),
        )
        .await
        .unwrap_err();
    let status = client
        .code_status(&intake.url(), &code())
        .await
        .unwrap_err();

    for error in [&failure.error, &status] {
        let DeliveryError::PinMismatch(mismatch) = error else {
            panic!("not a pin mismatch: {error:?}")
        };
        assert_eq!(mismatch.presented, Some(pki.leaf_spki_sha256));
        assert_eq!(error.kind(), ErrorKind::IntakeRejected);
        assert!(!error.is_retryable());
        let text = error.to_string();
        assert!(
            text.starts_with("the intake's certificate key does not match the pinned key"),
            "{text}"
        );
        assert!(
            text.contains(&rc_onboard_delivery::format_pin(&pki.leaf_spki_sha256)),
            "{text}"
        );
        assert!(!text.contains(CODE));
    }
    assert_eq!(failure.attempts, 1, "a pin mismatch is not retried");
    assert_eq!(events, vec![DeliveryEvent::Attempting { attempt: 1 }]);
    assert!(intake.connections() >= 2, "the client did connect");
    assert!(
        intake.requests().is_empty(),
        "no request, so no Authorization header, reached HTTP handling"
    );
}

#[tokio::test]
async fn without_a_pin_normal_verification_applies() {
    let pki = TestPki::loopback().unwrap();
    let intake = ScriptedIntake::start_tls(&pki, vec![]).await;
    let id = new_submission_id();
    let body = sample_body(&id);

    let trusting = IntakeClient::new(options(&pki, None)).unwrap();
    trusting
        .post_once(&intake.url(), &code(), &id, &body)
        .await
        .unwrap();

    // The test CA is not trusted by default: the certificate is refused, with or without a
    // matching pin (the pin adds to WebPKI verification, it never replaces it).
    for pin in [None, Some(pki.leaf_spki_sha256)] {
        let client = IntakeClient::new(ClientOptions {
            spki_sha256: pin,
            ..ClientOptions::default()
        })
        .unwrap();
        let error = client
            .post_once(&intake.url(), &code(), &id, &body)
            .await
            .unwrap_err();
        assert!(
            matches!(error, DeliveryError::Connect(_)),
            "{pin:?}: {error:?}"
        );
        assert!(
            error.to_string().contains("certificate"),
            "{pin:?}: {error}"
        );
    }
    assert_eq!(intake.requests().len(), 1);
}

#[tokio::test]
async fn a_pin_is_ignored_for_plain_http_to_loopback() {
    let intake = ScriptedIntake::start(vec![]).await;
    let client = IntakeClient::new(ClientOptions {
        spki_sha256: Some([9; 32]),
        ..ClientOptions::default()
    })
    .unwrap();
    let id = new_submission_id();
    client
        .post_once(&intake.url(), &code(), &id, &sample_body(&id))
        .await
        .unwrap();
    assert_eq!(intake.requests().len(), 1);
}

#[tokio::test]
async fn send_with_a_wrong_pin_moves_the_submission_to_failed_without_sending() {
    let pki = TestPki::loopback().unwrap();
    let intake = ScriptedIntake::start_tls(&pki, vec![]).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let store = memory_store();
    let client = IntakeClient::new(options(&pki, Some(wrong_pin(&pki)))).unwrap();
    let id = new_submission_id();

    let outcome = send(
        &outbox,
        &store,
        &client,
        &sample_submission(&id, &intake.url(), code()),
        &quick(5),
        |_: &DeliveryEvent| {},
    )
    .await
    .unwrap();

    let SendOutcome::ViaOutbox(Outcome::Refused(DeliveryError::PinMismatch(_))) = outcome else {
        panic!("not refused by the pin: {outcome:?}")
    };
    let failed = outbox.failed(&id).unwrap().unwrap();
    assert_eq!(failed.failure.kind, "intake_rejected");
    assert!(failed.failure.message.contains("pinned key"));
    assert!(outbox.list().unwrap().is_empty());
    assert!(intake.requests().is_empty());
}

#[tokio::test]
async fn a_queued_entry_keeps_its_pin_whichever_client_flushes_it() {
    let pki = TestPki::loopback().unwrap();
    let intake = ScriptedIntake::start_tls(&pki, vec![]).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let store = memory_store();
    let wrong = new_submission_id();
    let right = new_submission_id();
    for (id, pin) in [(&wrong, wrong_pin(&pki)), (&right, pki.leaf_spki_sha256)] {
        enqueue_pinned(
            &outbox,
            &store,
            id,
            &intake.url(),
            "k1",
            &sample_body(id),
            &code(),
            Some(pin),
        )
        .await
        .unwrap();
    }
    let stored: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join(format!("outbox/{wrong}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(
        stored["spki_pin"],
        rc_onboard_delivery::format_pin(&wrong_pin(&pki))
    );

    // `outbox flush` has no profile: its client trusts the CA but pins nothing.
    let unpinned = IntakeClient::new(options(&pki, None)).unwrap();
    let options = FlushOptions {
        policy: quick(3),
        only_due: false,
    };
    let report = flush_all(&outbox, &store, &unpinned, &options)
        .await
        .unwrap();

    assert_eq!(report.delivered(), 1);
    assert_eq!(report.refused(), 1);
    let requests = intake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].idempotency_key.as_deref(), Some(right.as_str()));
    let failed = outbox.failed(&wrong).unwrap().unwrap();
    assert_eq!(failed.failure.kind, "intake_rejected");
}

#[test]
fn options_for_a_profile_carry_its_pin() {
    let mut profile = Profile::demo(
        "https://platform.ringcentral.com".parse().unwrap(),
        "https://intake.example/v1/submissions".parse().unwrap(),
        [1; 32],
        "k1",
    );
    assert_eq!(ClientOptions::for_profile(&profile).spki_sha256, None);
    profile.intake.spki_pin = Some([5; 32]);
    assert_eq!(
        ClientOptions::for_profile(&profile).spki_sha256,
        Some([5; 32])
    );
    let custom = ClientOptions {
        request_timeout: Duration::from_secs(1),
        ..ClientOptions::default()
    }
    .pinned_for(&profile);
    assert_eq!(custom.spki_sha256, Some([5; 32]));
    assert_eq!(custom.request_timeout, Duration::from_secs(1));
}

#[test]
fn a_broken_extra_root_fails_client_setup() {
    let error = IntakeClient::new(ClientOptions {
        extra_roots_der: vec![b"not DER".to_vec()],
        ..ClientOptions::default()
    })
    .unwrap_err();
    assert!(matches!(error, DeliveryError::TlsSetup(_)), "{error:?}");
}
