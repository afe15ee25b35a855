//! The database schema and its migrations (tracked in `PRAGMA user_version`).

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

const VERSION_1: &str = "
CREATE TABLE codes (
    code_hash   BLOB PRIMARY KEY,   -- SHA-256 of the canonical code; the code itself is never stored
    customer    TEXT NOT NULL,
    issued_at   INTEGER NOT NULL,   -- Unix milliseconds
    expires_at  INTEGER NOT NULL,   -- Unix milliseconds
    used_at     INTEGER,            -- set once, by the submission that consumed the code
    used_by     TEXT
) WITHOUT ROWID;

CREATE TABLE submissions (
    submission_id          TEXT PRIMARY KEY,
    receipt_id             TEXT NOT NULL UNIQUE,
    received_at            TEXT NOT NULL,   -- RFC 3339 UTC
    code_hash              BLOB NOT NULL,
    customer               TEXT NOT NULL,
    body_sha256            BLOB NOT NULL,   -- idempotency: a replay must be byte-identical
    body                   BLOB NOT NULL,   -- the request body as received: sealed, no plaintext
    key_id                 TEXT NOT NULL,
    account_id             TEXT NOT NULL,
    extension_id           TEXT NOT NULL,
    credential_fingerprint TEXT NOT NULL    -- first 16 hex chars of SHA-256 of the credential
);
";

/// Version 2: a submission id is unique per code, not across codes, so one code holder cannot
/// take another customer's queued id and make that customer's delivery fail with 409. SQLite
/// cannot change a primary key in place: the table is copied, keeping its order.
const VERSION_2: &str = "
CREATE TABLE submissions_v2 (
    submission_id          TEXT NOT NULL,
    receipt_id             TEXT NOT NULL UNIQUE,
    received_at            TEXT NOT NULL,   -- RFC 3339 UTC
    code_hash              BLOB NOT NULL,
    customer               TEXT NOT NULL,
    body_sha256            BLOB NOT NULL,   -- idempotency: a replay must be byte-identical
    body                   BLOB NOT NULL,   -- the request body as received: sealed, no plaintext
    key_id                 TEXT NOT NULL,
    account_id             TEXT NOT NULL,
    extension_id           TEXT NOT NULL,
    credential_fingerprint TEXT NOT NULL,   -- first 16 hex chars of SHA-256 of the credential
    PRIMARY KEY (code_hash, submission_id)
);
INSERT INTO submissions_v2 SELECT submission_id, receipt_id, received_at, code_hash, customer,
    body_sha256, body, key_id, account_id, extension_id, credential_fingerprint
    FROM submissions ORDER BY rowid;
DROP TABLE submissions;
ALTER TABLE submissions_v2 RENAME TO submissions;
CREATE INDEX submissions_by_id ON submissions (submission_id);
";

/// Version 3: what the intake verified itself (`--verify-profile`): NULL when the stored
/// identity is the client's claim, else JSON `{"permissions":[…],"credential_expires_at":…}`;
/// and every verification the intake ran, for support (never the credential).
const VERSION_3: &str = "
ALTER TABLE submissions ADD COLUMN verified_facts TEXT;
CREATE TABLE verification_attempts (
    at                     TEXT NOT NULL,   -- RFC 3339 UTC
    customer               TEXT NOT NULL,
    outcome                TEXT NOT NULL,   -- ok or the check's error kind
    ringcentral_status     INTEGER,
    ringcentral_code       TEXT,
    ringcentral_request_id TEXT,
    client_app             TEXT NOT NULL,
    client_version         TEXT NOT NULL,
    client_os              TEXT NOT NULL
);
CREATE INDEX verification_attempts_by_customer ON verification_attempts (customer);
";

/// The schema version this server writes.
pub const CURRENT_VERSION: i64 = 3;

/// Creates or upgrades the schema, inside one write transaction so that two processes opening a
/// new database at once do not both create it.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version > CURRENT_VERSION {
        return Err(StoreError::Corrupt(format!(
            "database schema version {version} is newer than this server ({CURRENT_VERSION})"
        )));
    }
    if version < 1 {
        tx.execute_batch(VERSION_1)?;
    }
    if version < 2 {
        tx.execute_batch(VERSION_2)?;
    }
    if version < 3 {
        tx.execute_batch(VERSION_3)?;
    }
    if version < CURRENT_VERSION {
        tx.pragma_update(None, "user_version", CURRENT_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}
