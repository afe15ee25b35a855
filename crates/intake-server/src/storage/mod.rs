//! The database behind the HTTP layer and the commands, whichever it is: SQLite (the embedded
//! default, [`crate::store`]) or PostgreSQL ([`PgStore`], for several instances on one
//! database). Both keep the same rules: only code hashes and sealed bodies are stored, a code
//! is consumed by exactly one submission, a replay gets its receipt again.

mod location;
mod postgres;
mod sync_access;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use location::DatabaseLocation;
pub use postgres::{PgStore, PoolUse, CURRENT_VERSION as POSTGRES_SCHEMA_VERSION};

use crate::codes::CodeHash;
use crate::store::{
    Checkpointer, CodeState, DbThread, IssuedCode, NewSubmission, RecordOutcome, Store, StoreError,
    StoredSubmission, SubmissionSummary, VerificationAttempt, CHECKPOINT_INTERVAL,
};

/// Connections each instance opens to PostgreSQL at most, unless told otherwise.
pub const DEFAULT_POOL_SIZE: usize = 16;

/// A submission ready to be recorded, owning its parts (it may cross to the database thread).
#[derive(Debug)]
pub struct SubmissionRecord {
    /// The body's `submission_id`.
    pub submission_id: String,
    /// Hash of the presented code.
    pub code_hash: CodeHash,
    /// The request body exactly as received.
    pub body: Vec<u8>,
    /// SHA-256 of `body`.
    pub body_sha256: [u8; 32],
    /// `sealed_credential.key_id`.
    pub key_id: String,
    /// `ringcentral.account_id`.
    pub account_id: String,
    /// `ringcentral.extension_id`.
    pub extension_id: String,
    /// Fingerprint of the opened credential.
    pub credential_fingerprint: String,
    /// `IntakeVerifiedFacts` as JSON when the intake verified the credential itself.
    pub verified_facts: Option<String>,
}

impl SubmissionRecord {
    fn borrowed(&self) -> NewSubmission<'_> {
        NewSubmission {
            submission_id: &self.submission_id,
            code_hash: self.code_hash,
            body: &self.body,
            body_sha256: self.body_sha256,
            key_id: &self.key_id,
            account_id: &self.account_id,
            extension_id: &self.extension_id,
            credential_fingerprint: &self.credential_fingerprint,
            verified_facts: self.verified_facts.as_deref(),
        }
    }
}

/// SQLite through its database thread.
pub struct SqliteStorage {
    store: Arc<Store>,
    db: DbThread,
    checkpointer: Mutex<Option<Checkpointer>>,
}

/// One of the two backends.
pub enum Storage {
    /// A SQLite file.
    Sqlite(SqliteStorage),
    /// A PostgreSQL database (the URL is kept for [`Storage::blocking`] work).
    Postgres {
        /// The pool.
        store: PgStore,
        /// Where it is.
        url: String,
    },
}

impl Storage {
    /// Opens the database for commands (issue-code, list, export), migrating its schema.
    pub async fn open(location: &DatabaseLocation) -> Result<Self, StoreError> {
        Self::open_with(location, DEFAULT_POOL_SIZE.min(2), false).await
    }

    /// Opens the database for a server: a pool of `pool_size` PostgreSQL connections, or SQLite
    /// with background WAL checkpoints.
    pub async fn open_for_serving(
        location: &DatabaseLocation,
        pool_size: usize,
    ) -> Result<Self, StoreError> {
        Self::open_with(location, pool_size, true).await
    }

    async fn open_with(
        location: &DatabaseLocation,
        pool_size: usize,
        serving: bool,
    ) -> Result<Self, StoreError> {
        match location {
            DatabaseLocation::Sqlite(path) => {
                Ok(Self::Sqlite(open_sqlite(path.clone(), serving).await?))
            }
            DatabaseLocation::Postgres(url) => Ok(Self::Postgres {
                store: PgStore::connect(url, pool_size, true).await?,
                url: url.clone(),
            }),
        }
    }

    /// Issues a one-time code for `customer`, valid for `ttl`.
    pub async fn issue_code(
        &self,
        customer: &str,
        ttl: Duration,
    ) -> Result<IssuedCode, StoreError> {
        match self {
            Self::Sqlite(sqlite) => {
                let customer = customer.to_owned();
                sqlite
                    .run(move |store| store.issue_code(&customer, ttl))
                    .await
            }
            Self::Postgres { store, .. } => store.issue_code(customer, ttl).await,
        }
    }

    /// The state of the code with this hash at `now_ms`.
    pub async fn code_state(&self, hash: CodeHash, now_ms: i64) -> Result<CodeState, StoreError> {
        match self {
            Self::Sqlite(sqlite) => {
                sqlite
                    .run(move |store| store.code_state(&hash, now_ms))
                    .await
            }
            Self::Postgres { store, .. } => store.code_state(&hash, now_ms).await,
        }
    }

    /// Records a submission exactly once, consuming its code.
    pub async fn record(
        &self,
        record: SubmissionRecord,
        now_ms: i64,
    ) -> Result<RecordOutcome, StoreError> {
        match self {
            Self::Sqlite(sqlite) => {
                sqlite
                    .run(move |store| store.record(&record.borrowed(), now_ms))
                    .await
            }
            Self::Postgres { store, .. } => store.record(&record.borrowed(), now_ms).await,
        }
    }

    /// Every stored submission, oldest first, without secrets.
    pub async fn list(&self) -> Result<Vec<SubmissionSummary>, StoreError> {
        match self {
            Self::Sqlite(sqlite) => sqlite.run(|store| store.list()).await,
            Self::Postgres { store, .. } => store.list().await,
        }
    }

    /// The stored envelopes whose submission id or receipt id is `id`, oldest first.
    pub async fn stored(&self, id: &str) -> Result<Vec<StoredSubmission>, StoreError> {
        match self {
            Self::Sqlite(sqlite) => {
                let id = id.to_owned();
                sqlite.run(move |store| store.stored(&id)).await
            }
            Self::Postgres { store, .. } => store.stored(id).await,
        }
    }

    /// Records one verification the intake ran.
    pub async fn record_attempt(&self, attempt: VerificationAttempt) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(sqlite) => {
                sqlite
                    .run(move |store| store.record_attempt(&attempt))
                    .await
            }
            Self::Postgres { store, .. } => store.record_attempt(&attempt).await,
        }
    }

    /// Every verification, oldest first, only `customer`'s when given.
    pub async fn attempts(
        &self,
        customer: Option<&str>,
    ) -> Result<Vec<VerificationAttempt>, StoreError> {
        match self {
            Self::Sqlite(sqlite) => {
                let customer = customer.map(str::to_owned);
                sqlite
                    .run(move |store| store.attempts(customer.as_deref()))
                    .await
            }
            Self::Postgres { store, .. } => store.attempts(customer).await,
        }
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(sqlite) => sqlite.run(|store| store.ping()).await,
            Self::Postgres { store, .. } => store.ping().await,
        }
    }

    /// PostgreSQL pool use; `None` for SQLite (one connection).
    pub fn pool_use(&self) -> Option<PoolUse> {
        match self {
            Self::Sqlite(_) => None,
            Self::Postgres { store, .. } => Some(store.pool_use()),
        }
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres { .. } => "postgres",
        }
    }

    /// Work from synchronous code (the handle's blocking methods): SQLite directly, PostgreSQL
    /// on a helper thread with its own connection, so that it never waits on the async
    /// runtime it may be called from.
    pub fn blocking(&self) -> sync_access::BlockingStorage<'_> {
        match self {
            Self::Sqlite(sqlite) => sync_access::BlockingStorage::Sqlite(&sqlite.store),
            Self::Postgres { url, .. } => sync_access::BlockingStorage::Postgres(url),
        }
    }

    /// Stops background work (the SQLite checkpoint thread, after a last checkpoint) and closes
    /// pooled connections.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(sqlite) => {
                let checkpointer = sqlite
                    .checkpointer
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .take();
                if let Some(checkpointer) = checkpointer {
                    let _ = tokio::task::spawn_blocking(move || checkpointer.stop()).await;
                }
            }
            Self::Postgres { store, .. } => store.close(),
        }
    }
}

impl SqliteStorage {
    async fn run<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        self.db.run(work).await.unwrap_or_else(|| {
            Err(StoreError::Corrupt(
                "the database thread stopped".to_owned(),
            ))
        })
    }
}

async fn open_sqlite(path: PathBuf, serving: bool) -> Result<SqliteStorage, StoreError> {
    let (store, checkpointer) = tokio::task::spawn_blocking(move || {
        let store = Store::open(&path)?;
        let checkpointer = if serving {
            let checkpointer = Checkpointer::start(&path, CHECKPOINT_INTERVAL)?;
            store.disable_auto_checkpoint()?;
            Some(checkpointer)
        } else {
            None
        };
        Ok::<_, StoreError>((store, checkpointer))
    })
    .await
    .map_err(|join| StoreError::Corrupt(format!("opening task failed: {join}")))??;
    let store = Arc::new(store);
    let db = DbThread::start(Arc::clone(&store))
        .map_err(|e| StoreError::Corrupt(format!("cannot start the database thread: {e}")))?;
    Ok(SqliteStorage {
        store,
        db,
        checkpointer: Mutex::new(checkpointer),
    })
}
