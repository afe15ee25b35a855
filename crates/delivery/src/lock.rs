//! Per-submission advisory locks, so two processes (the GUI and `outbox flush`, say) never work on the
//! same outbox entry at once. A lock is an OS file lock (`flock` on Unix, `LockFileEx` on Windows) on
//! `<data_dir>/outbox/<submission_id>.lock`; the OS drops it when the holder exits, even by `kill -9`.
//!
//! Whoever takes a lock must re-read the entry afterwards: the previous holder may have delivered and
//! removed it in the meantime.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// File name suffix of lock files.
pub(crate) const LOCK_SUFFIX: &str = ".lock";

/// Exclusive right to change one outbox entry; released on drop.
#[derive(Debug)]
pub struct EntryLock {
    submission_id: String,
    path: PathBuf,
    // Held only for its lock; closing the file releases it.
    _file: File,
}

impl EntryLock {
    /// Takes the lock on `path` without waiting: `Ok(None)` when another holder has it.
    pub(crate) fn try_acquire(submission_id: &str, path: &Path) -> io::Result<Option<EntryLock>> {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(EntryLock {
                submission_id: submission_id.to_owned(),
                path: path.to_owned(),
                _file: file,
            })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(error)) => Err(error),
        }
    }

    /// The submission this lock guards.
    pub fn submission_id(&self) -> &str {
        &self.submission_id
    }

    /// Removes the lock file once its entry is gone, while still holding the lock. A process that
    /// opens the same name later gets a fresh file, takes its lock and finds no entry: nothing to do.
    pub(crate) fn remove_file(&self) {
        if let Err(error) = fs::remove_file(&self.path) {
            if error.kind() != io::ErrorKind::NotFound {
                tracing::debug!(path = %self.path.display(), %error, "could not remove lock file");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_releases() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s1.lock");
        let first = EntryLock::try_acquire("s1", &path)
            .unwrap()
            .expect("first lock");
        assert_eq!(first.submission_id(), "s1");
        assert!(EntryLock::try_acquire("s1", &path).unwrap().is_none());
        drop(first);
        assert!(EntryLock::try_acquire("s1", &path).unwrap().is_some());
    }

    #[test]
    fn locks_on_different_entries_are_independent() {
        let dir = tempfile::tempdir().unwrap();
        let _a = EntryLock::try_acquire("a", &dir.path().join("a.lock"))
            .unwrap()
            .unwrap();
        assert!(EntryLock::try_acquire("b", &dir.path().join("b.lock"))
            .unwrap()
            .is_some());
    }
}
