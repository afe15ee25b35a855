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

/// Creates or upgrades the schema, inside one write transaction so that two processes opening a
/// new database at once do not both create it.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    match version {
        0 => {
            tx.execute_batch(VERSION_1)?;
            tx.pragma_update(None, "user_version", 1)?;
            tx.commit()?;
            Ok(())
        }
        1 => Ok(()),
        other => Err(StoreError::Corrupt(format!(
            "database schema version {other} is newer than this server (1)"
        ))),
    }
}
