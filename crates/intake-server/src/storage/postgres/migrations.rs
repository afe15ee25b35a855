//! The PostgreSQL schema and its versioned migrations, recorded in `schema_migrations`.
//!
//! Every instance runs [`migrate`] at start, inside one transaction holding an advisory lock, so
//! that instances starting together apply each migration once; a database whose schema is newer
//! than this server is refused rather than written with old assumptions.

use tokio_postgres::Client;

use crate::store::StoreError;

/// Advisory lock key taken while migrating ("rcintake" in ASCII).
const MIGRATION_LOCK: i64 = 0x7263_696e_7461_6b65;

/// Version 1: codes (hashes only) and submissions (sealed only), a submission id unique per
/// code; `seq` keeps arrival order for listing.
const VERSION_1: &str = "
CREATE TABLE codes (
    code_hash   BYTEA PRIMARY KEY,  -- SHA-256 of the canonical code; the code itself is never stored
    customer    TEXT NOT NULL,
    issued_at   BIGINT NOT NULL,    -- Unix milliseconds
    expires_at  BIGINT NOT NULL,    -- Unix milliseconds
    used_at     BIGINT,             -- set once, by the submission that consumed the code
    used_by     TEXT
);
CREATE TABLE submissions (
    seq                    BIGSERIAL NOT NULL UNIQUE,
    submission_id          TEXT NOT NULL,
    receipt_id             TEXT NOT NULL UNIQUE,
    received_at            TEXT NOT NULL,   -- RFC 3339 UTC
    code_hash              BYTEA NOT NULL,
    customer               TEXT NOT NULL,
    body_sha256            BYTEA NOT NULL,  -- idempotency: a replay must be byte-identical
    body                   BYTEA NOT NULL,  -- the request body as received: sealed, no plaintext
    key_id                 TEXT NOT NULL,
    account_id             TEXT NOT NULL,
    extension_id           TEXT NOT NULL,
    credential_fingerprint TEXT NOT NULL,   -- first 16 hex chars of SHA-256 of the credential
    PRIMARY KEY (code_hash, submission_id)
);
CREATE INDEX submissions_by_id ON submissions (submission_id);
";

/// Version 2: what the intake verified itself (`--verify-profile`): NULL when the stored
/// identity is the client's claim, else JSON `{"permissions":[…],"credential_expires_at":…}`;
/// and every verification the intake ran, for support (never the credential).
const VERSION_2: &str = "
ALTER TABLE submissions ADD COLUMN verified_facts TEXT;
CREATE TABLE verification_attempts (
    seq                    BIGSERIAL PRIMARY KEY,
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

/// Every migration, in order: (version, SQL).
const MIGRATIONS: &[(i32, &str)] = &[(1, VERSION_1), (2, VERSION_2)];

/// The schema version this server writes.
pub const CURRENT_VERSION: i32 = 2;

/// Creates or upgrades the schema; refuses a schema newer than [`CURRENT_VERSION`].
pub async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )
    .await?;
    let applied: Option<i32> = tx
        .query_one("SELECT max(version) FROM schema_migrations", &[])
        .await?
        .get(0);
    let applied = applied.unwrap_or(0);
    if applied > CURRENT_VERSION {
        return Err(StoreError::Corrupt(format!(
            "database schema version {applied} is newer than this server ({CURRENT_VERSION})"
        )));
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > applied) {
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[version],
        )
        .await?;
        tracing::info!(version, "database schema migrated");
    }
    tx.commit().await?;
    Ok(())
}
