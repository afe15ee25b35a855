//! One thread that runs every request's database work in arrival order.
//!
//! SQLite serialises writers anyway; giving it one thread fed by a queue avoids waking a pool
//! of blocking threads that would only wait on the connection's lock (costly on 2 cores), and
//! keeps the async worker threads free of blocking calls. Each job is its own transaction:
//! nothing is batched, so every 201 still follows its own commit.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::{Store, StoreError};

type Job = Box<dyn FnOnce(&Store) + Send>;

/// Handle to the database thread; the thread ends when every handle is dropped.
#[derive(Clone)]
pub struct DbThread {
    jobs: mpsc::UnboundedSender<Job>,
}

impl DbThread {
    /// Starts the thread over `store`.
    pub fn start(store: Arc<Store>) -> std::io::Result<Self> {
        let (jobs, mut queue) = mpsc::unbounded_channel::<Job>();
        std::thread::Builder::new()
            .name("intake-db".to_owned())
            .spawn(move || {
                while let Some(job) = queue.blocking_recv() {
                    job(&store);
                }
            })?;
        Ok(Self { jobs })
    }

    /// Runs `work` on the thread; `None` if the thread has stopped.
    pub async fn run<T, F>(&self, work: F) -> Option<Result<T, StoreError>>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |store| {
            let _ = reply.send(work(store));
        });
        self.jobs.send(job).ok()?;
        answer.await.ok()
    }
}
