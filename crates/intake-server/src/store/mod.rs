//! SQLite storage (the embedded default; [`crate::storage`] chooses it or PostgreSQL) of onboarding codes (hashes only) and submissions (sealed only).
//!
//! Why rusqlite (bundled SQLite) and not sqlx: the server needs one small schema and a handful of
//! statements; rusqlite compiles fast, needs no database at build time for query checking, and
//! bundles SQLite so a provider's build does not depend on a system library. SQLite calls are
//! blocking, so the HTTP layer hands them to one database thread ([`DbThread`]) and awaits the
//! answer; the single connection (behind a mutex, for the few direct callers) serialises
//! writers, which is what SQLite does anyway. Statements are prepared once and cached.
//!
//! Durability: WAL journal with `synchronous=NORMAL`. A transaction that has committed (and so
//! every 201) survives a crash or kill of the server process; after a power loss or operating
//! system crash the last transactions before the loss may roll back (SQLite syncs the WAL at
//! checkpoints, not at every commit). A client that then retries gets 201 again, as for a new
//! submission; its single-use code is restored with the rollback, so nothing is lost or
//! duplicated. `synchronous=FULL` (sync on every commit) closes that window at the cost of one
//! fsync per submission.

mod attempts;
mod checkpoint;
mod codes;
mod db_thread;
mod schema;
mod submissions;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection;

pub use attempts::VerificationAttempt;
pub(crate) use attempts::ATTEMPT_COLUMNS;
pub use checkpoint::{Checkpointer, CHECKPOINT_INTERVAL};
pub(crate) use codes::{classify, NewCode};
pub use codes::{CodeState, IssuedCode};
pub use db_thread::DbThread;
pub(crate) use submissions::{stored_from_row, summary_from_row, SUMMARY_COLUMNS};
pub use submissions::{
    IntakeVerifiedFacts, NewSubmission, RecordOutcome, StoredSubmission, SubmissionSummary,
    VERIFIED_BY_CLIENT, VERIFIED_BY_INTAKE,
};

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[error("database error: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// No PostgreSQL connection could be had from the pool.
    #[error("no database connection: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// The PostgreSQL URL or its TLS setup is unusable.
    #[error("{0}")]
    Config(String),
    /// A stored value cannot be read back.
    #[error("stored data is not readable: {0}")]
    Corrupt(String),
    /// The caller passed an unusable value.
    #[error("{0}")]
    InvalidInput(String),
    /// The operating system's random number generator failed.
    #[error(transparent)]
    Random(#[from] crate::codes::CodeGenerationError),
}

impl StoreError {
    /// Whether the database is busy or out of reach for now (retry later: 503) rather than a
    /// real failure: another SQLite writer holds it, or no PostgreSQL connection could be had.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            StoreError::Pool(_) => true,
            StoreError::Postgres(e) => e.is_closed(),
            _ => false,
        }
    }
}

/// The database: one connection, used by one thread at a time.
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, in WAL mode with
    /// `synchronous=NORMAL`, and brings the schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt(format!(
                "cannot switch {} to WAL mode (journal_mode is {mode})",
                path.display()
            )));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.set_prepared_statement_cache_capacity(32);
        schema::migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// Stops this connection from checkpointing inside commits; a [`Checkpointer`] must then
    /// run, or the WAL grows until the last connection closes.
    pub fn disable_auto_checkpoint(&self) -> Result<(), StoreError> {
        self.conn()
            .query_row("PRAGMA wal_autocheckpoint=0", [], |_| Ok(()))?;
        Ok(())
    }

    /// Whether the database answers a query.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.conn().query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    /// The connection, for one short piece of work. A panic while it was held leaves SQLite
    /// consistent (an open transaction rolls back on drop), so a poisoned lock is taken over.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
