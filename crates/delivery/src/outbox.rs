//! The durable outbox: one JSON file per pending submission under `<data_dir>/outbox/`, receipts of
//! delivered submissions under `<data_dir>/receipts/`, refused ones under `<data_dir>/failed/`.
//! Every file is written atomically (see [`crate::atomic_file`]); changing an entry requires its
//! [`EntryLock`], so two processes never deliver the same entry at once.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use time::OffsetDateTime;

use crate::atomic_file::{self, create_private_dir, is_temp_name, remove_if_stale, write_atomic};
use crate::entry::{
    is_valid_submission_id, FailedEntry, FailureReason, LastError, PendingEntry, Receipt,
    StoredReceipt,
};
use crate::lock::{EntryLock, LOCK_SUFFIX};

const ENTRY_SUFFIX: &str = ".json";

/// Errors reading or changing the outbox.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("invalid submission id (expected 1-64 letters, digits or '-')")]
    InvalidSubmissionId,
    #[error("submission {submission_id} is already in the outbox")]
    AlreadyExists { submission_id: String },
    #[error("submission {submission_id} is not in the outbox")]
    NotFound { submission_id: String },
    #[error("outbox file {} is unreadable: {source}", path.display())]
    Corrupt {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("the lock held is for submission {held}, not {requested}")]
    LockMismatch { held: String, requested: String },
    #[error("could not encode an outbox record: {0}")]
    Encode(#[source] serde_json::Error),
}

/// An outbox file that could not be read as an entry. It is reported, never deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorruptEntry {
    pub path: PathBuf,
    /// The file name without `.json`, which should be the submission id.
    pub name: String,
    pub error: String,
}

/// What [`Outbox::list`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Readable entries, oldest first.
    pub pending: Vec<PendingEntry>,
    /// Files that could not be read, by file name.
    pub corrupt: Vec<CorruptEntry>,
}

impl Listing {
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty() && self.corrupt.is_empty()
    }
}

/// Handle on the outbox in one data directory.
#[derive(Debug, Clone)]
pub struct Outbox {
    data_dir: PathBuf,
    pending_dir: PathBuf,
    receipts_dir: PathBuf,
    failed_dir: PathBuf,
}

impl Outbox {
    /// Opens (creating if needed) the outbox in `data_dir`; its folders are private to the user.
    pub fn open(data_dir: impl AsRef<Path>) -> Result<Outbox, OutboxError> {
        let data_dir = data_dir.as_ref().to_path_buf();
        let outbox = Outbox {
            pending_dir: data_dir.join("outbox"),
            receipts_dir: data_dir.join("receipts"),
            failed_dir: data_dir.join("failed"),
            data_dir,
        };
        for dir in [
            &outbox.pending_dir,
            &outbox.receipts_dir,
            &outbox.failed_dir,
        ] {
            create_private_dir(dir).map_err(|source| OutboxError::Io {
                action: "create directory",
                path: dir.clone(),
                source,
            })?;
        }
        Ok(outbox)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Folder of pending entries (`<data_dir>/outbox`).
    pub fn pending_dir(&self) -> &Path {
        &self.pending_dir
    }

    /// Takes the lock on one entry without waiting; `Ok(None)` when another process or task holds it.
    /// The entry itself need not exist (an entry is created under its lock).
    pub fn try_lock(&self, submission_id: &str) -> Result<Option<EntryLock>, OutboxError> {
        check_id(submission_id)?;
        let path = self
            .pending_dir
            .join(format!("{submission_id}{LOCK_SUFFIX}"));
        EntryLock::try_acquire(submission_id, &path).map_err(|source| OutboxError::Io {
            action: "lock",
            path,
            source,
        })
    }

    /// Writes a new entry. Fails if one with the same id is already pending.
    pub fn insert(&self, lock: &EntryLock, entry: &PendingEntry) -> Result<(), OutboxError> {
        check_same_id(lock, &entry.submission_id)?;
        let path = self.entry_path(&entry.submission_id);
        if path.exists() {
            return Err(OutboxError::AlreadyExists {
                submission_id: entry.submission_id.clone(),
            });
        }
        self.write_record(&path, entry)
    }

    /// Reads one pending entry; `Ok(None)` when it is not (or no longer) pending.
    pub fn get(&self, submission_id: &str) -> Result<Option<PendingEntry>, OutboxError> {
        check_id(submission_id)?;
        let path = self.entry_path(submission_id);
        let Some(bytes) = read_optional(&path)? else {
            return Ok(None);
        };
        let entry: PendingEntry = serde_json::from_slice(&bytes)
            .map_err(|source| OutboxError::Corrupt { path, source })?;
        Ok(Some(entry))
    }

    /// Every pending entry, oldest first, plus the files that could not be read. Temporary files
    /// left by a crashed writer are skipped, and removed once they are old enough to be abandoned.
    pub fn list(&self) -> Result<Listing, OutboxError> {
        let read_dir = fs::read_dir(&self.pending_dir).map_err(|source| OutboxError::Io {
            action: "read directory",
            path: self.pending_dir.clone(),
            source,
        })?;
        let now = SystemTime::now();
        let mut listing = Listing::default();
        for dir_entry in read_dir {
            let dir_entry = dir_entry.map_err(|source| OutboxError::Io {
                action: "read directory",
                path: self.pending_dir.clone(),
                source,
            })?;
            let path = dir_entry.path();
            let Some(name) = dir_entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if is_temp_name(&name) {
                self.sweep_temp(&path, now);
            } else if let Some(id) = name.strip_suffix(LOCK_SUFFIX) {
                self.sweep_orphan_lock(id);
            } else if let Some(stem) = name.strip_suffix(ENTRY_SUFFIX) {
                match read_entry_file(&path, stem) {
                    Ok(entry) => listing.pending.push(entry),
                    Err(error) => listing.corrupt.push(CorruptEntry {
                        path,
                        name: stem.to_owned(),
                        error,
                    }),
                }
            }
        }
        listing.pending.sort_by(|a, b| {
            (a.created_at, &a.submission_id).cmp(&(b.created_at, &b.submission_id))
        });
        listing.corrupt.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(listing)
    }

    /// Counts one more failed attempt round: adds `attempts_made`, records the error, reschedules.
    pub fn update_attempt(
        &self,
        lock: &EntryLock,
        attempts_made: u32,
        error: LastError,
        next_attempt_at: OffsetDateTime,
    ) -> Result<PendingEntry, OutboxError> {
        let mut entry = self.require(lock)?;
        entry.attempts = entry.attempts.saturating_add(attempts_made);
        entry.last_error = Some(error);
        entry.next_attempt_at = next_attempt_at;
        self.write_record(&self.entry_path(&entry.submission_id), &entry)?;
        Ok(entry)
    }

    /// Removes a pending entry; returns whether it was there.
    pub fn remove(&self, lock: &EntryLock) -> Result<bool, OutboxError> {
        let path = self.entry_path(lock.submission_id());
        let removed = match fs::remove_file(&path) {
            Ok(()) => true,
            Err(error) if error.kind() == io::ErrorKind::NotFound => false,
            Err(source) => {
                return Err(OutboxError::Io {
                    action: "remove",
                    path,
                    source,
                })
            }
        };
        atomic_file::sync_dir(&self.pending_dir).map_err(|source| OutboxError::Io {
            action: "sync directory",
            path: self.pending_dir.clone(),
            source,
        })?;
        lock.remove_file();
        Ok(removed)
    }

    /// Records the intake's receipt durably, then removes the pending entry. If the process dies in
    /// between, the next delivery attempt finds the receipt and removes the entry without resending.
    pub fn record_receipt(
        &self,
        lock: &EntryLock,
        receipt: &Receipt,
    ) -> Result<StoredReceipt, OutboxError> {
        let stored = self.store_receipt(lock, receipt)?;
        self.remove(lock)?;
        Ok(stored)
    }

    /// Records the intake's receipt durably and leaves the pending entry in place (the caller removes
    /// it after its own cleanup, see [`Outbox::remove`]).
    pub fn store_receipt(
        &self,
        lock: &EntryLock,
        receipt: &Receipt,
    ) -> Result<StoredReceipt, OutboxError> {
        let stored = StoredReceipt {
            submission_id: lock.submission_id().to_owned(),
            receipt_id: receipt.receipt_id.clone(),
            received_at: receipt.received_at.clone(),
            recorded_at: OffsetDateTime::now_utc(),
        };
        self.write_record(&self.receipt_path(lock.submission_id()), &stored)?;
        Ok(stored)
    }

    /// The recorded receipt of a submission, if it was delivered.
    pub fn receipt(&self, submission_id: &str) -> Result<Option<StoredReceipt>, OutboxError> {
        check_id(submission_id)?;
        let path = self.receipt_path(submission_id);
        let Some(bytes) = read_optional(&path)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| OutboxError::Corrupt { path, source })
    }

    /// Moves a pending entry the intake refused to `<data_dir>/failed/`, with the reason.
    pub fn move_to_failed(
        &self,
        lock: &EntryLock,
        reason: FailureReason,
    ) -> Result<FailedEntry, OutboxError> {
        let failed = self.store_failed(lock, reason)?;
        self.remove(lock)?;
        Ok(failed)
    }

    /// Writes the failed record of a pending entry and leaves the pending entry in place (the caller
    /// removes it after its own cleanup, see [`Outbox::remove`]).
    pub fn store_failed(
        &self,
        lock: &EntryLock,
        reason: FailureReason,
    ) -> Result<FailedEntry, OutboxError> {
        let entry = self.require(lock)?;
        let failed = FailedEntry {
            entry,
            failure: reason,
            failed_at: OffsetDateTime::now_utc(),
        };
        self.write_record(&self.failed_path(lock.submission_id()), &failed)?;
        Ok(failed)
    }

    /// A refused submission's record, if there is one.
    pub fn failed(&self, submission_id: &str) -> Result<Option<FailedEntry>, OutboxError> {
        check_id(submission_id)?;
        let path = self.failed_path(submission_id);
        let Some(bytes) = read_optional(&path)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| OutboxError::Corrupt { path, source })
    }

    fn require(&self, lock: &EntryLock) -> Result<PendingEntry, OutboxError> {
        self.get(lock.submission_id())?
            .ok_or_else(|| OutboxError::NotFound {
                submission_id: lock.submission_id().to_owned(),
            })
    }

    fn write_record<T: serde::Serialize>(
        &self,
        path: &Path,
        record: &T,
    ) -> Result<(), OutboxError> {
        let mut bytes = serde_json::to_vec_pretty(record).map_err(OutboxError::Encode)?;
        bytes.push(b'\n');
        write_atomic(path, &bytes).map_err(|source| OutboxError::Io {
            action: "write",
            path: path.to_owned(),
            source,
        })
    }

    fn entry_path(&self, submission_id: &str) -> PathBuf {
        self.pending_dir
            .join(format!("{submission_id}{ENTRY_SUFFIX}"))
    }

    fn receipt_path(&self, submission_id: &str) -> PathBuf {
        self.receipts_dir
            .join(format!("{submission_id}{ENTRY_SUFFIX}"))
    }

    fn failed_path(&self, submission_id: &str) -> PathBuf {
        self.failed_dir
            .join(format!("{submission_id}{ENTRY_SUFFIX}"))
    }

    fn sweep_temp(&self, path: &Path, now: SystemTime) {
        match remove_if_stale(path, now) {
            Ok(true) => {
                tracing::info!(path = %path.display(), "removed an abandoned temporary outbox file")
            }
            Ok(false) => {}
            Err(error) => {
                tracing::debug!(path = %path.display(), %error, "could not sweep temporary file")
            }
        }
    }

    /// A lock file whose entry is gone is left over from a crash after removal; drop it if nobody
    /// holds it. Taking the lock first keeps this safe against a process that is creating the entry.
    fn sweep_orphan_lock(&self, submission_id: &str) {
        if !is_valid_submission_id(submission_id) || self.entry_path(submission_id).exists() {
            return;
        }
        if let Ok(Some(lock)) = self.try_lock(submission_id) {
            if !self.entry_path(submission_id).exists() {
                lock.remove_file();
            }
        }
    }
}

fn check_id(submission_id: &str) -> Result<(), OutboxError> {
    if is_valid_submission_id(submission_id) {
        Ok(())
    } else {
        Err(OutboxError::InvalidSubmissionId)
    }
}

fn check_same_id(lock: &EntryLock, submission_id: &str) -> Result<(), OutboxError> {
    check_id(submission_id)?;
    if lock.submission_id() == submission_id {
        Ok(())
    } else {
        Err(OutboxError::LockMismatch {
            held: lock.submission_id().to_owned(),
            requested: submission_id.to_owned(),
        })
    }
}

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, OutboxError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(OutboxError::Io {
            action: "read",
            path: path.to_owned(),
            source,
        }),
    }
}

/// Reads an entry file whose name (without `.json`) is `stem`; the error is a readable message.
fn read_entry_file(path: &Path, stem: &str) -> Result<PendingEntry, String> {
    let bytes = fs::read(path).map_err(|error| format!("could not read: {error}"))?;
    let entry: PendingEntry =
        serde_json::from_slice(&bytes).map_err(|error| format!("not a valid entry: {error}"))?;
    if entry.submission_id != stem {
        return Err("submission_id does not match the file name".to_owned());
    }
    if !is_valid_submission_id(&entry.submission_id) {
        return Err("invalid submission_id".to_owned());
    }
    Ok(entry)
}
