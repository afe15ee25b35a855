//! Crash-safe file writes: write a temporary file in the target's directory, fsync it, rename it over
//! the target, fsync the directory. A reader sees either the old file or the new one, never a torn one.
//! Also creates private directories (mode 0700 on Unix) and recognises and sweeps stale temporary files.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Prefix of every temporary file this module creates; readers skip such names.
pub(crate) const TEMP_PREFIX: &str = ".tmp-";

/// A temporary file older than this is a leftover from a crashed writer and may be removed.
pub(crate) const STALE_TEMP_AGE: Duration = Duration::from_secs(10 * 60);

/// Creates `dir` (and parents) and restricts it to the current user (0700 on Unix).
pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    restrict_dir(dir)
}

#[cfg(unix)]
fn restrict_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn restrict_dir(_dir: &Path) -> io::Result<()> {
    // Per-user app data directories on other platforms are already private to the user.
    Ok(())
}

/// Opens a new file that only the current user can read (0600 on Unix); fails if it exists.
pub(crate) fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Writes `contents` to `target` atomically and durably.
pub(crate) fn write_atomic(target: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = target.parent().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "target has no parent directory",
        )
    })?;
    let file_name = target
        .file_name()
        .and_then(|name| name.to_str())
        .ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "target has no UTF-8 file name")
        })?;
    let temp = temp_path(dir, file_name);
    let result = write_then_rename(&temp, target, contents);
    if result.is_err() {
        // Best effort: the temporary file is garbage whether or not it was written.
        let _ = fs::remove_file(&temp);
    }
    result?;
    sync_dir(dir)
}

fn write_then_rename(temp: &Path, target: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = create_new_private(temp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    drop(file);
    fs::rename(temp, target)
}

fn temp_path(dir: &Path, file_name: &str) -> PathBuf {
    let unique = uuid::Uuid::new_v4().simple();
    dir.join(format!("{TEMP_PREFIX}{unique}-{file_name}"))
}

/// Makes a rename or removal in `dir` durable.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Directory handles cannot be fsynced portably elsewhere; NTFS journals renames itself.
#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// True when `name` is a temporary file written by [`write_atomic`].
pub(crate) fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
}

/// Removes `path` if it is a temporary file older than [`STALE_TEMP_AGE`]; returns whether it did.
/// Younger ones may belong to a writer in another process that is still running.
pub(crate) fn remove_if_stale(path: &Path, now: SystemTime) -> io::Result<bool> {
    let modified = fs::metadata(path)?.modified()?;
    let age = now.duration_since(modified).unwrap_or(Duration::ZERO);
    if age < STALE_TEMP_AGE {
        return Ok(false);
    }
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_contents_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("entry.json");
        write_atomic(&target, b"first").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["entry.json".to_string()]);
    }

    #[cfg(unix)]
    #[test]
    fn written_files_and_created_dirs_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("a/b");
        create_private_dir(&private).unwrap();
        let mode = fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        let target = private.join("x.json");
        write_atomic(&target, b"{}").unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn only_old_temp_files_count_as_stale() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(format!("{TEMP_PREFIX}abc-entry.json"));
        fs::write(&temp, b"partial").unwrap();
        assert!(is_temp_name(temp.file_name().unwrap().to_str().unwrap()));
        let now = SystemTime::now();
        assert!(!remove_if_stale(&temp, now).unwrap());
        assert!(temp.exists());
        let later = now + STALE_TEMP_AGE + Duration::from_secs(1);
        assert!(remove_if_stale(&temp, later).unwrap());
        assert!(!temp.exists());
    }
}
