//! WAL checkpoints on a background thread, so that no request waits for one.
//!
//! By default SQLite checkpoints inside whichever commit pushes the WAL past 1000 pages, and
//! that commit then pays for copying the pages and syncing the database file: a stall of
//! milliseconds for every request queued behind it. The server instead turns automatic
//! checkpoints off on its write connection and runs `PRAGMA wal_checkpoint(PASSIVE)` from this
//! thread every [`CHECKPOINT_INTERVAL`]; a passive checkpoint never blocks writers.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use super::StoreError;

/// How often the background thread checkpoints.
pub const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(250);

/// The running checkpoint thread; stopped (after a last checkpoint) by [`Checkpointer::stop`]
/// or on drop.
pub struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path` every `interval`.
    pub fn start(path: &Path, interval: Duration) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("intake-checkpoint".to_owned())
            .spawn(move || loop {
                let last = match stopped.recv_timeout(interval) {
                    Err(RecvTimeoutError::Timeout) => false,
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => true,
                };
                if let Err(error) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                {
                    tracing::warn!(%error, "WAL checkpoint failed");
                }
                if last {
                    break;
                }
            })
            .map_err(|e| StoreError::Corrupt(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Stops the thread after one last checkpoint and waits for it.
    pub fn stop(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}
