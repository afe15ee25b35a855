//! Delivery against the real reference intake server (`crates/intake-server`) over loopback HTTP:
//! a genuinely sealed request, its fault injection, one-time codes and replay receipts.

use std::sync::Arc;
use std::time::Duration;

use rc_onboard_delivery::keystore::code_entry_name;
use rc_onboard_delivery::{
    enqueue, flush_all, new_submission_id, send, ClientOptions, FlushOptions, IntakeClient,
    MemoryStore, Outbox, Outcome, RetryPolicy, SendOutcome, SharedSecretStore, Submission,
};
use rc_onboard_intake_protocol::{
    seal, ClientInfo, IntakeRequest, KeyPair, PublicKey, RingCentralFacts,
};
use rc_onboard_intake_server::{Faults, IntakeHandle, IntakeServer, ServerConfig};
use rc_onboard_verify::error::ErrorKind;
use rc_onboard_verify::secret::SecretString;

const KEY_ID: &str = "2026-11";
const JWT: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3BsYXRmb3JtLnJpbmdjZW50cmFsLmNvbSJ9.c2lnbmF0dXJl";

struct Fixture {
    _dir: tempfile::TempDir,
    server: IntakeHandle,
    public: PublicKey,
    outbox: Outbox,
    memory: Arc<MemoryStore>,
    store: SharedSecretStore,
    client: IntakeClient,
}

impl Fixture {
    /// A submission of `body` to the reference intake, for `send`.
    fn submission(&self, id: &str, body: Vec<u8>, code: SecretString) -> Submission {
        Submission {
            submission_id: id.to_owned(),
            intake_url: self.server.submissions_url(),
            key_id: KEY_ID.to_owned(),
            body,
            code,
        }
    }
}

async fn start() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let pair = KeyPair::generate().unwrap();
    let server = IntakeServer::start(ServerConfig::new(
        dir.path().join("intake.db"),
        pair.private_key().clone(),
        KEY_ID,
    ))
    .await
    .unwrap();
    let outbox = Outbox::open(dir.path().join("data")).unwrap();
    let memory = Arc::new(MemoryStore::new());
    Fixture {
        server,
        public: pair.public_key().clone(),
        outbox,
        store: memory.clone(),
        memory,
        client: IntakeClient::new(ClientOptions::default()).unwrap(),
        _dir: dir,
    }
}

/// Seals once, as `send` does; every attempt sends these bytes.
fn sealed_body(public: &PublicKey, submission_id: &str) -> Vec<u8> {
    IntakeRequest {
        version: 1,
        submission_id: submission_id.to_owned(),
        sealed_credential: seal(public, KEY_ID, submission_id, JWT.as_bytes()).unwrap(),
        ringcentral: RingCentralFacts {
            server: "https://platform.ringcentral.com".into(),
            client_id: "AbCdEfGhIjKlMnOpQrStUv".into(),
            account_id: "37439510".into(),
            extension_id: "101".into(),
            permissions: vec!["ReadAccounts".into()],
            credential_expires_at: None,
            validated_at: "2026-11-28T10:00:00Z".into(),
        },
        client: ClientInfo {
            app: "rc-onboard".into(),
            version: "0.1.0".into(),
            os: "linux".into(),
        },
    }
    .to_json()
    .unwrap()
}

fn policy() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::send()
    }
}

#[tokio::test]
async fn two_503s_then_stored_once_and_the_credential_opens() {
    let f = start().await;
    let code = SecretString::new(
        f.server
            .issue_code("Acme", Duration::from_secs(600))
            .unwrap(),
    );
    f.server.set_faults(Faults {
        fail_next: vec![503, 503],
        down: false,
    });
    let id = new_submission_id();
    let body = sealed_body(&f.public, &id);

    let outcome = send(
        &f.outbox,
        &f.store,
        &f.client,
        &f.submission(&id, body.clone(), code.clone()),
        &policy(),
        |_| {},
    )
    .await
    .unwrap();

    let SendOutcome::ViaOutbox(Outcome::Delivered(receipt)) = outcome else {
        panic!("not delivered: {outcome:?}")
    };
    let stored = f.server.submissions().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].submission_id, id);
    assert_eq!(stored[0].receipt_id, receipt.receipt_id);
    let attempts = f.server.received_attempts();
    let statuses: Vec<_> = attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [503, 503, 201]);
    assert!(attempts
        .iter()
        .all(|a| a.idempotency_key.as_deref() == Some(id.as_str())));
    assert_eq!(f.server.export(&id).unwrap().as_slice(), JWT.as_bytes());
    assert!(f.outbox.list().unwrap().is_empty());
    assert!(f.memory.names().is_empty());
}

#[tokio::test]
async fn a_bad_code_is_refused_once_and_not_queued() {
    let f = start().await;
    let id = new_submission_id();
    let outcome = send(
        &f.outbox,
        &f.store,
        &f.client,
        &f.submission(
            &id,
            sealed_body(&f.public, &id),
            SecretString::from("not-a-real-code"),
        ),
        &policy(),
        |_| {},
    )
    .await
    .unwrap();
    let SendOutcome::ViaOutbox(Outcome::Refused(error)) = outcome else {
        panic!("not refused: {outcome:?}")
    };
    assert_eq!(error.kind(), ErrorKind::IntakeUnauthorized);
    assert_eq!(f.server.received_attempts().len(), 1);
    assert!(f.outbox.list().unwrap().is_empty());
    assert!(f.server.submissions().unwrap().is_empty());
}

#[tokio::test]
async fn down_then_up_flush_delivers_once() {
    let f = start().await;
    let code = SecretString::new(
        f.server
            .issue_code("Acme", Duration::from_secs(600))
            .unwrap(),
    );
    f.server.set_faults(Faults {
        fail_next: vec![],
        down: true,
    });
    let id = new_submission_id();
    let quick = RetryPolicy {
        max_attempts: 2,
        max_retry_after: Duration::from_secs(2),
        ..policy()
    };
    let outcome = send(
        &f.outbox,
        &f.store,
        &f.client,
        &f.submission(&id, sealed_body(&f.public, &id), code.clone()),
        &quick,
        |_| {},
    )
    .await
    .unwrap();
    let SendOutcome::ViaOutbox(Outcome::Queued {
        attempts,
        last_error,
        ..
    }) = outcome
    else {
        panic!("not queued: {outcome:?}")
    };
    assert_eq!(attempts, 2);
    assert_eq!(last_error.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(f.memory.names(), vec![code_entry_name(&id)]);

    f.server.set_faults(Faults::default());
    let report = flush_all(&f.outbox, &f.store, &f.client, &FlushOptions::default())
        .await
        .unwrap();
    assert_eq!((report.delivered(), report.still_pending()), (1, 0));
    assert_eq!(f.server.submissions().unwrap().len(), 1);
}

/// The intake stored the submission but the client died before recording the receipt: the resend
/// with the same (already used) code and the same bytes gets the same receipt back, with 200.
#[tokio::test]
async fn a_resend_after_a_lost_answer_gets_the_same_receipt() {
    let f = start().await;
    let code = SecretString::new(
        f.server
            .issue_code("Acme", Duration::from_secs(600))
            .unwrap(),
    );
    let id = new_submission_id();
    let body = sealed_body(&f.public, &id);
    enqueue(
        &f.outbox,
        &f.store,
        &id,
        &f.server.submissions_url(),
        KEY_ID,
        &body,
        &code,
    )
    .await
    .unwrap();
    let first = f
        .client
        .post_once(&f.server.submissions_url(), &code, &id, &body)
        .await
        .unwrap();

    let report = flush_all(&f.outbox, &f.store, &f.client, &FlushOptions::default())
        .await
        .unwrap();
    let Ok(Outcome::Delivered(receipt)) = &report.items[0].result else {
        panic!("{report:?}")
    };
    assert_eq!(receipt.receipt_id, first.receipt_id);
    let statuses: Vec<_> = f
        .server
        .received_attempts()
        .iter()
        .map(|a| a.status)
        .collect();
    assert_eq!(statuses, [201, 200]);
    assert_eq!(f.server.submissions().unwrap().len(), 1);
}
