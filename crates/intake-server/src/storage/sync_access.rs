//! Blocking access to the storage, for callers outside async code ([`crate::IntakeHandle`]'s
//! `issue_code`, `submissions`, `export`), which may run on the very runtime the server's pool
//! lives on. SQLite is called directly; PostgreSQL work runs on a helper thread with its own
//! small runtime and one fresh connection, so it never waits for the caller's runtime.

use std::future::Future;
use std::time::Duration;

use super::PgStore;
use crate::store::{IssuedCode, Store, StoreError, StoredSubmission, SubmissionSummary};

/// A backend reachable from synchronous code.
pub enum BlockingStorage<'a> {
    /// The server's SQLite store.
    Sqlite(&'a Store),
    /// The PostgreSQL URL.
    Postgres(&'a str),
}

impl BlockingStorage<'_> {
    /// Issues a one-time code for `customer`, valid for `ttl`.
    pub fn issue_code(&self, customer: &str, ttl: Duration) -> Result<IssuedCode, StoreError> {
        match self {
            Self::Sqlite(store) => store.issue_code(customer, ttl),
            Self::Postgres(url) => {
                on_helper_thread(url, |pg| async move { pg.issue_code(customer, ttl).await })
            }
        }
    }

    /// Every stored submission, oldest first, without secrets.
    pub fn list(&self) -> Result<Vec<SubmissionSummary>, StoreError> {
        match self {
            Self::Sqlite(store) => store.list(),
            Self::Postgres(url) => on_helper_thread(url, |pg| async move { pg.list().await }),
        }
    }

    /// The stored envelopes whose submission id or receipt id is `id`.
    pub fn stored(&self, id: &str) -> Result<Vec<StoredSubmission>, StoreError> {
        match self {
            Self::Sqlite(store) => store.stored(id),
            Self::Postgres(url) => on_helper_thread(url, |pg| async move { pg.stored(id).await }),
        }
    }
}

fn on_helper_thread<T, F, Fut>(url: &str, work: F) -> Result<T, StoreError>
where
    T: Send,
    F: FnOnce(PgStore) -> Fut + Send,
    Fut: Future<Output = Result<T, StoreError>>,
{
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| StoreError::Corrupt(format!("cannot start a runtime: {e}")))?;
                runtime.block_on(async {
                    let pg = PgStore::connect(url, 1, false).await?;
                    let result = work(pg.clone()).await;
                    pg.close();
                    result
                })
            })
            .join()
            .unwrap_or_else(|_| Err(StoreError::Corrupt("a database helper panicked".to_owned())))
    })
}
