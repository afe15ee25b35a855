//! The store's exactly-once rules at chosen instants (no waiting for real time to pass):
//! a replay is answered after its code has expired, a new submission is not.

use std::time::Duration;

use rc_onboard_intake_server::codes::hash_typed;
use rc_onboard_intake_server::store::{NewSubmission, RecordOutcome, Store};

const HOUR_MS: i64 = 3_600_000;

fn submission<'a>(id: &'a str, code: &str, body: &'a [u8]) -> NewSubmission<'a> {
    use sha2::Digest;
    NewSubmission {
        submission_id: id,
        code_hash: hash_typed(code).unwrap(),
        body,
        body_sha256: sha2::Sha256::digest(body).into(),
        key_id: "k",
        account_id: "1",
        extension_id: "2",
        credential_fingerprint: "0123456789abcdef",
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[test]
fn replays_outlive_the_code_but_new_submissions_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db")).unwrap();
    let code = store
        .issue_code("Acme", Duration::from_secs(3600))
        .unwrap()
        .code;
    let body = br#"{"version":1}"#;
    let now = now_ms();

    let RecordOutcome::Stored(receipt) = store.record(&submission("a", &code, body), now).unwrap()
    else {
        panic!("first submission not stored");
    };
    let later = now + 2 * HOUR_MS;
    assert_eq!(
        store.record(&submission("a", &code, body), later).unwrap(),
        RecordOutcome::Replayed(receipt)
    );

    let fresh = store
        .issue_code("Acme", Duration::from_secs(3600))
        .unwrap()
        .code;
    assert_eq!(
        store.record(&submission("b", &fresh, body), later).unwrap(),
        RecordOutcome::CodeExpired
    );
    assert_eq!(
        store.record(&submission("c", &code, body), now).unwrap(),
        RecordOutcome::CodeUsed
    );
    assert_eq!(
        store
            .record(&submission("a", &code, b"{\"other\":1}"), now)
            .unwrap(),
        RecordOutcome::Conflict
    );
}

#[test]
fn only_the_hash_of_a_code_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = Store::open(&path).unwrap();
    let issued = store.issue_code("Acme", Duration::from_secs(60)).unwrap();
    drop(store);
    let canonical = issued.code.replace('-', "");
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(issued.code.as_str()));
        assert!(!text.contains(&canonical));
    }
    assert!(!format!("{issued:?}").contains(issued.code.as_str()));
}
