//! Delivery over real loopback HTTP against a scripted intake: retries with the same bytes and
//! Idempotency-Key, Retry-After, refusals, an intake that is down, one that never answers, and
//! exactly-once delivery across a crash. Secrets live in the in-memory store here; the real keyring
//! has its own test (`tests/keyring.rs`).

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rc_onboard_delivery::keystore::code_entry_name;
use rc_onboard_delivery::{
    deliver_pending, enqueue, flush_all, new_submission_id, send, ClientOptions, DeliveryEvent,
    FlushOptions, IntakeClient, MemoryStore, Outbox, Outcome, RetryPolicy, SecretStore,
    SendOutcome, SharedSecretStore,
};
use rc_onboard_verify::error::ErrorKind;
use rc_onboard_verify::secret::SecretString;
use support::{
    all_files, free_addr, sample_body, sample_submission, start_silent_server, ScriptedIntake, Step,
};

const CODE: &str = "onb-code-7f3a9c1e5b";

struct Fixture {
    _dir: tempfile::TempDir,
    outbox: Outbox,
    memory: Arc<MemoryStore>,
    store: SharedSecretStore,
    client: IntakeClient,
}

fn fixture() -> Fixture {
    fixture_with(ClientOptions::default())
}

fn fixture_with(options: ClientOptions) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let memory = Arc::new(MemoryStore::new());
    let store: SharedSecretStore = memory.clone();
    Fixture {
        _dir: dir,
        outbox,
        memory,
        store,
        client: IntakeClient::new(options).unwrap(),
    }
}

/// Quick retries so the tests do not wait on backoff (Retry-After still applies).
fn quick(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        max_total: Duration::from_secs(15),
        max_retry_after: Duration::from_secs(5),
    }
}

fn code() -> SecretString {
    SecretString::from(CODE)
}

#[tokio::test]
async fn two_503s_then_201_deliver_once_with_identical_requests_and_honour_retry_after() {
    let f = fixture();
    let intake =
        ScriptedIntake::start(vec![Step::Status(503, Some("1")), Step::Status(503, None)]).await;
    let id = new_submission_id();
    let body = sample_body(&id);
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);

    let outcome = send(
        &f.outbox,
        &f.store,
        &f.client,
        &sample_submission(&id, &intake.url(), code()),
        &quick(5),
        move |event: &DeliveryEvent| sink.lock().unwrap().push(event.clone()),
    )
    .await
    .unwrap();

    let SendOutcome::ViaOutbox(Outcome::Delivered(receipt)) = outcome else {
        panic!("not delivered: {outcome:?}")
    };
    assert_eq!(Some(receipt.receipt_id.clone()), intake.receipt_of(&id));
    assert_eq!(intake.stored_count(), 1);
    let requests = intake.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.idempotency_key.as_deref(), Some(id.as_str()));
        assert_eq!(request.body, body, "byte-identical body on every attempt");
        assert_eq!(
            request.authorization.as_deref(),
            Some(format!("Bearer {CODE}").as_str())
        );
        assert_eq!(request.content_type.as_deref(), Some("application/json"));
    }
    // Retry-After: 1 was honoured: the second request came at least a second after the first.
    assert!(requests[1].at - requests[0].at >= Duration::from_secs(1));
    let events = events.lock().unwrap();
    let first_wait = events.iter().find_map(|e| match e {
        DeliveryEvent::WillRetry {
            attempt: 1,
            delay,
            kind,
            ..
        } => Some((*delay, *kind)),
        _ => None,
    });
    assert_eq!(
        first_wait,
        Some((Duration::from_secs(1), ErrorKind::IntakeUnavailable))
    );

    // Settled: no pending entry, a recorded receipt, no code left in the keyring.
    assert!(f.outbox.list().unwrap().is_empty());
    assert_eq!(
        f.outbox.receipt(&id).unwrap().unwrap().receipt_id,
        receipt.receipt_id
    );
    assert!(f.memory.names().is_empty());
    // The onboarding code never touched the data dir.
    for (path, contents) in all_files(f.outbox.data_dir()) {
        let text = String::from_utf8_lossy(&contents);
        assert!(!text.contains(CODE), "code found in {}", path.display());
    }
}

#[tokio::test]
async fn unauthorized_is_refused_without_retrying_and_leaves_the_queue() {
    let f = fixture();
    let intake = ScriptedIntake::start_expecting("the-right-code", vec![]).await;
    let id = new_submission_id();
    let outcome = send(
        &f.outbox,
        &f.store,
        &f.client,
        &sample_submission(&id, &intake.url(), code()),
        &quick(5),
        |_: &DeliveryEvent| {},
    )
    .await
    .unwrap();

    let SendOutcome::ViaOutbox(Outcome::Refused(error)) = outcome else {
        panic!("not refused: {outcome:?}")
    };
    assert_eq!(error.kind(), ErrorKind::IntakeUnauthorized);
    assert_eq!(intake.requests().len(), 1, "a refusal is not retried");
    assert_eq!(intake.stored_count(), 0);
    assert!(f.outbox.list().unwrap().is_empty());
    let failed = f.outbox.failed(&id).unwrap().unwrap();
    assert_eq!(failed.failure.kind, "intake_unauthorized");
    assert!(
        f.memory.names().is_empty(),
        "the code of a refused submission is deleted"
    );
}

#[tokio::test]
async fn conflict_and_rejection_statuses_are_refusals_of_their_own_kind() {
    for (status, kind) in [
        (409, ErrorKind::IntakeConflict),
        (413, ErrorKind::IntakeRejected),
        (415, ErrorKind::IntakeRejected),
        (422, ErrorKind::IntakeRejected),
        (400, ErrorKind::IntakeRejected),
    ] {
        let f = fixture();
        let intake = ScriptedIntake::start(vec![Step::Status(status, None)]).await;
        let id = new_submission_id();
        let outcome = send(
            &f.outbox,
            &f.store,
            &f.client,
            &sample_submission(&id, &intake.url(), code()),
            &quick(5),
            |_: &DeliveryEvent| {},
        )
        .await
        .unwrap();
        let SendOutcome::ViaOutbox(Outcome::Refused(error)) = outcome else {
            panic!("{status}: {outcome:?}")
        };
        assert_eq!(error.kind(), kind, "{status}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(intake.requests().len(), 1, "{status}");
    }
}

#[tokio::test]
async fn intake_down_queues_with_attempts_counted_and_a_later_flush_delivers_once() {
    let f = fixture();
    let addr = free_addr().await;
    let url = format!("http://{addr}/v1/submissions");
    let id = new_submission_id();
    let body = sample_body(&id);
    let before = time::OffsetDateTime::now_utc();

    let outcome = send(
        &f.outbox,
        &f.store,
        &f.client,
        &sample_submission(&id, &url, code()),
        &quick(3),
        |_: &DeliveryEvent| {},
    )
    .await
    .unwrap();

    let SendOutcome::ViaOutbox(Outcome::Queued {
        attempts,
        last_error,
        next_attempt_at,
    }) = outcome
    else {
        panic!("not queued: {outcome:?}")
    };
    assert_eq!(attempts, 3);
    assert_eq!(last_error.kind(), ErrorKind::IntakeUnavailable);
    assert!(next_attempt_at > before);
    let pending = f.outbox.get(&id).unwrap().unwrap();
    assert_eq!(pending.attempts, 3);
    assert_eq!(
        pending.last_error.as_ref().unwrap().kind,
        "intake_unavailable"
    );
    assert_eq!(pending.body_bytes(), body.as_slice());
    assert_eq!(
        f.memory.names(),
        vec![code_entry_name(&id)],
        "the code waits in the keyring"
    );

    // A second round while still down adds to the count.
    let report = flush_all(
        &f.outbox,
        &f.store,
        &f.client,
        &FlushOptions {
            policy: quick(2),
            only_due: false,
        },
    )
    .await
    .unwrap();
    assert_eq!((report.delivered(), report.still_pending()), (0, 1));
    assert_eq!(f.outbox.get(&id).unwrap().unwrap().attempts, 5);

    // The background retry leaves it alone until it is due.
    let report = flush_all(
        &f.outbox,
        &f.store,
        &f.client,
        &FlushOptions {
            policy: quick(2),
            only_due: true,
        },
    )
    .await
    .unwrap();
    assert_eq!(report.not_due, vec![id.clone()]);

    // The intake comes back on the same address: `outbox flush` delivers it, once.
    let intake = ScriptedIntake::start_on(addr, vec![]).await;
    let report = flush_all(&f.outbox, &f.store, &f.client, &FlushOptions::default())
        .await
        .unwrap();
    assert_eq!(
        (report.delivered(), report.still_pending(), report.refused()),
        (1, 0, 0)
    );
    assert_eq!(intake.stored_count(), 1);
    assert_eq!(intake.requests()[0].body, body);
    assert!(f.outbox.list().unwrap().is_empty());
    assert!(f.memory.names().is_empty());
}

#[tokio::test]
async fn a_server_that_never_answers_is_bounded_by_the_timeouts() {
    let f = fixture_with(ClientOptions {
        request_timeout: Duration::from_millis(300),
        ..ClientOptions::default()
    });
    let url = start_silent_server().await;
    let id = new_submission_id();
    let policy = RetryPolicy {
        max_total: Duration::from_secs(2),
        ..quick(100)
    };
    let started = Instant::now();
    let failure = f
        .client
        .deliver(&url, &code(), &id, &sample_body(&id), &policy, |_| {})
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(failure.error.kind(), ErrorKind::IntakeUnavailable);
    assert!(
        matches!(failure.error, rc_onboard_delivery::DeliveryError::Timeout),
        "{failure}"
    );
    assert!(failure.attempts >= 1);
    // Bounded by max_total (2 s), with generous slack for a loaded machine.
    assert!(elapsed < Duration::from_secs(6), "took {elapsed:?}");
}

#[tokio::test]
async fn an_oversized_answer_is_not_accepted() {
    let f = fixture_with(ClientOptions {
        max_response_bytes: 1024,
        ..ClientOptions::default()
    });
    let intake = ScriptedIntake::start(vec![Step::HugeBody(1024 * 1024)]).await;
    let id = new_submission_id();
    let error = f
        .client
        .post_once(&intake.url(), &code(), &id, &sample_body(&id))
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        rc_onboard_delivery::DeliveryError::ResponseTooLarge { limit: 1024 }
    ));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_ends_the_call_and_schedules_after_it() {
    let f = fixture();
    let intake = ScriptedIntake::start(vec![Step::Status(429, Some("120"))]).await;
    let id = new_submission_id();
    let started = time::OffsetDateTime::now_utc();
    let outcome = send(
        &f.outbox,
        &f.store,
        &f.client,
        &sample_submission(&id, &intake.url(), code()),
        &quick(5),
        |_: &DeliveryEvent| {},
    )
    .await
    .unwrap();
    let SendOutcome::ViaOutbox(Outcome::Queued {
        attempts,
        last_error,
        next_attempt_at,
    }) = outcome
    else {
        panic!("not queued: {outcome:?}")
    };
    assert_eq!(attempts, 1, "no in-process wait of two minutes");
    assert_eq!(last_error.retry_after(), Some(Duration::from_secs(120)));
    assert!(next_attempt_at >= started + Duration::from_secs(120));
}

/// The process dies while its POST is in flight (after the intake stored it, before the answer
/// arrived). On restart the same entry is sent again and the intake's replay receipt settles it.
#[tokio::test]
async fn killed_during_the_post_then_restarted_delivers_exactly_once() {
    let f = fixture();
    let intake = ScriptedIntake::start(vec![Step::StoreThenHang]).await;
    let id = new_submission_id();
    let body = sample_body(&id);
    let entry = enqueue(
        &f.outbox,
        &f.store,
        &id,
        &intake.url(),
        "k1",
        &body,
        &code(),
    )
    .await
    .unwrap();

    // First run: stopped mid-request, once the intake has stored the submission and before any
    // answer, as a killed process would be (its future is dropped, its entry lock released).
    let policy = quick(1);
    let first_run = deliver_pending(&f.outbox, &f.store, &f.client, &entry, &policy, |_| {});
    tokio::select! {
        outcome = first_run => panic!("the first run must not finish: {outcome:?}"),
        () = intake.wait_until_stored() => {}
    }
    assert_eq!(intake.stored_count(), 1);
    assert!(
        f.outbox.get(&id).unwrap().is_some(),
        "still pending after the crash"
    );

    // Restart: a fresh outbox handle on the same data dir flushes.
    let restarted = Outbox::open(f.outbox.data_dir()).unwrap();
    let report = flush_all(&restarted, &f.store, &f.client, &FlushOptions::default())
        .await
        .unwrap();
    assert_eq!(report.delivered(), 1);
    let Ok(Outcome::Delivered(receipt)) = &report.items[0].result else {
        panic!("{report:?}")
    };
    assert_eq!(Some(receipt.receipt_id.clone()), intake.receipt_of(&id));
    assert_eq!(intake.stored_count(), 1, "stored once");
    let requests = intake.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.body == body && r.idempotency_key.as_deref() == Some(id.as_str())));
    assert!(restarted.list().unwrap().is_empty());
}

/// The process died after recording the receipt but before removing the entry: the next run removes
/// it without sending anything.
#[tokio::test]
async fn a_receipt_recorded_before_a_crash_is_not_sent_again() {
    let f = fixture();
    let intake = ScriptedIntake::start(vec![]).await;
    let id = new_submission_id();
    enqueue(
        &f.outbox,
        &f.store,
        &id,
        &intake.url(),
        "k1",
        &sample_body(&id),
        &code(),
    )
    .await
    .unwrap();
    {
        let lock = f.outbox.try_lock(&id).unwrap().unwrap();
        let receipt = rc_onboard_delivery::Receipt {
            receipt_id: "r-earlier".into(),
            received_at: None,
        };
        f.outbox.store_receipt(&lock, &receipt).unwrap();
    } // crash: lock released by the OS, entry and code still there

    let report = flush_all(&f.outbox, &f.store, &f.client, &FlushOptions::default())
        .await
        .unwrap();
    let Ok(Outcome::Delivered(receipt)) = &report.items[0].result else {
        panic!("{report:?}")
    };
    assert_eq!(receipt.receipt_id, "r-earlier");
    assert!(intake.requests().is_empty(), "nothing was resent");
    assert!(f.outbox.list().unwrap().is_empty());
    assert!(f.memory.names().is_empty());
}

#[tokio::test]
async fn an_entry_locked_by_another_process_is_left_to_it() {
    let f = fixture();
    let intake = ScriptedIntake::start(vec![]).await;
    let id = new_submission_id();
    let entry = enqueue(
        &f.outbox,
        &f.store,
        &id,
        &intake.url(),
        "k1",
        &sample_body(&id),
        &code(),
    )
    .await
    .unwrap();
    let other_process = Outbox::open(f.outbox.data_dir()).unwrap();
    let held = other_process.try_lock(&id).unwrap().unwrap();

    let outcome = deliver_pending(&f.outbox, &f.store, &f.client, &entry, &quick(3), |_| {})
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Busy), "{outcome:?}");
    assert!(intake.requests().is_empty());
    drop(held);
    let outcome = deliver_pending(&f.outbox, &f.store, &f.client, &entry, &quick(3), |_| {})
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Delivered(_)), "{outcome:?}");
    let outcome = deliver_pending(&f.outbox, &f.store, &f.client, &entry, &quick(3), |_| {})
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::NotPending), "{outcome:?}");
    assert_eq!(intake.requests().len(), 1);
}

#[tokio::test]
async fn without_a_keyring_nothing_is_queued() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let store: SharedSecretStore = Arc::new(MemoryStore::unavailable());
    let id = new_submission_id();
    let error = enqueue(
        &outbox,
        &store,
        &id,
        "https://intake.example/v1",
        "k1",
        &sample_body(&id),
        &code(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            error,
            rc_onboard_delivery::service::ServiceError::KeyringForEnqueue(_)
        ),
        "{error}"
    );
    assert!(error.to_string().contains("nothing was queued"));
    assert!(outbox.list().unwrap().is_empty());
    assert!(outbox.get(&id).unwrap().is_none());
}

/// `send` for a submission whose code the keyring cannot keep, against `intake`.
async fn send_without_a_keyring(outbox: &Outbox, intake: &ScriptedIntake, id: &str) -> SendOutcome {
    let store: SharedSecretStore = Arc::new(MemoryStore::unavailable());
    let client = IntakeClient::new(ClientOptions::default()).unwrap();
    let submission = sample_submission(id, &intake.url(), code());
    send(
        outbox,
        &store,
        &client,
        &submission,
        &quick(2),
        |_: &DeliveryEvent| {},
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn without_a_keyring_send_delivers_once_directly_and_says_nothing_was_queued() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let intake = ScriptedIntake::start(vec![]).await;
    let id = new_submission_id();

    let outcome = send_without_a_keyring(&outbox, &intake, &id).await;

    let SendOutcome::DeliveredWithoutQueue {
        receipt,
        keyring_error,
    } = outcome
    else {
        panic!("not delivered directly: {outcome:?}")
    };
    assert_eq!(Some(receipt.receipt_id), intake.receipt_of(&id));
    assert!(keyring_error.to_string().contains("no usable OS keyring"));
    assert!(outbox.list().unwrap().is_empty());
    assert!(outbox.get(&id).unwrap().is_none());
}

#[tokio::test]
async fn without_a_keyring_a_failed_direct_delivery_leaves_nothing_queued() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let intake =
        ScriptedIntake::start(vec![Step::Status(503, None), Step::Status(503, None)]).await;
    let id = new_submission_id();

    let outcome = send_without_a_keyring(&outbox, &intake, &id).await;

    let SendOutcome::NotQueued { error, .. } = outcome else {
        panic!("not reported as not queued: {outcome:?}")
    };
    assert_eq!(error.kind(), ErrorKind::IntakeUnavailable);
    assert_eq!(intake.requests().len(), 2, "tried under the policy");
    assert!(outbox.list().unwrap().is_empty());
    assert!(outbox.get(&id).unwrap().is_none());
}

#[tokio::test]
async fn insecure_intake_urls_are_refused_before_queueing() {
    let f = fixture();
    let id = new_submission_id();
    let error = enqueue(
        &f.outbox,
        &f.store,
        &id,
        "http://intake.example/v1",
        "k1",
        &sample_body(&id),
        &code(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            error,
            rc_onboard_delivery::service::ServiceError::IntakeUrl(_)
        ),
        "{error}"
    );
    assert!(f.outbox.list().unwrap().is_empty());
    assert!(f.memory.names().is_empty());
}

#[tokio::test]
async fn a_submission_whose_code_vanished_from_the_keyring_moves_to_failed() {
    let f = fixture();
    let intake = ScriptedIntake::start(vec![]).await;
    let id = new_submission_id();
    let entry = enqueue(
        &f.outbox,
        &f.store,
        &id,
        &intake.url(),
        "k1",
        &sample_body(&id),
        &code(),
    )
    .await
    .unwrap();
    f.memory.delete(&entry.code_ref).unwrap();
    let error = deliver_pending(&f.outbox, &f.store, &f.client, &entry, &quick(3), |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            rc_onboard_delivery::service::ServiceError::CodeMissing { .. }
        ),
        "{error}"
    );
    assert!(intake.requests().is_empty());
    assert!(f.outbox.get(&id).unwrap().is_none());
    assert_eq!(
        f.outbox.failed(&id).unwrap().unwrap().failure.kind,
        "code_missing"
    );
}

/// The flows run inside Tauri commands and spawned tasks, which need `Send` futures.
#[test]
fn the_flows_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let f = fixture();
    let code = code();
    let entry_future = enqueue(
        &f.outbox,
        &f.store,
        "s-1",
        "https://intake.example/v1",
        "k1",
        b"{}",
        &code,
    );
    assert_send(&entry_future);
    let policy = quick(1);
    let submission = sample_submission("s-1", "https://intake.example/v1", code.clone());
    let send_future = send(
        &f.outbox,
        &f.store,
        &f.client,
        &submission,
        &policy,
        |_: &DeliveryEvent| {},
    );
    assert_send(&send_future);
    let options = FlushOptions::default();
    let flush_future = flush_all(&f.outbox, &f.store, &f.client, &options);
    assert_send(&flush_future);
}
