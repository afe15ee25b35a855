//! The store's exactly-once rules at chosen instants (no waiting for real time to pass):
//! a replay is answered after its code has expired, a new submission is not.

mod common;

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
        verified_facts: None,
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

#[test]
fn a_version_1_database_is_migrated_keeping_its_submissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        // The version 1 schema: submission ids unique across codes.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE codes (code_hash BLOB PRIMARY KEY, customer TEXT NOT NULL,
                 issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER,
                 used_by TEXT) WITHOUT ROWID;
             CREATE TABLE submissions (submission_id TEXT PRIMARY KEY,
                 receipt_id TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL,
                 code_hash BLOB NOT NULL, customer TEXT NOT NULL, body_sha256 BLOB NOT NULL,
                 body BLOB NOT NULL, key_id TEXT NOT NULL, account_id TEXT NOT NULL,
                 extension_id TEXT NOT NULL, credential_fingerprint TEXT NOT NULL);
             INSERT INTO submissions VALUES ('old-1', 'receipt-1', '2026-11-01T00:00:00Z',
                 x'00', 'Acme', x'00', x'7b7d', 'k', '1', '2', '0123456789abcdef');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 3);
    let kept: String = conn
        .query_row(
            "SELECT receipt_id FROM submissions WHERE submission_id = 'old-1'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(kept, "receipt-1");
    // The same id under another code is now a separate row.
    conn.execute(
        "INSERT INTO submissions VALUES ('old-1', 'receipt-2', '2026-11-02T00:00:00Z', x'01',
             'Other', x'00', x'7b7d', 'k', '1', '2', '0123456789abcdef', NULL)",
        [],
    )
    .unwrap();
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let error = Store::open(&path).err().expect("refused").to_string();
    assert!(error.contains("newer"), "{error}");
}

#[tokio::test]
async fn a_newer_postgres_schema_is_refused_and_migrations_run_once() {
    let Some(url) = common::postgres::fresh_database() else {
        return;
    };
    let location = rc_onboard_intake_server::DatabaseLocation::Postgres(url.clone());
    // Two openings at once: the advisory lock lets one migrate, the other then sees version 1.
    let (first, second) = tokio::join!(
        rc_onboard_intake_server::Storage::open(&location),
        rc_onboard_intake_server::Storage::open(&location)
    );
    first.unwrap().close().await;
    second.unwrap().close().await;
    common::postgres::run_sql(&url, "INSERT INTO schema_migrations (version) VALUES (99)");
    let error = rc_onboard_intake_server::Storage::open(&location)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("newer"), "{error}");
}
