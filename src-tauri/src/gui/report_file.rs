//! Writing the support report to a shared folder (Downloads) safely: the text goes to a new
//! private file next to the target (created exclusively, so an existing file or symlink of that
//! name makes it fail rather than be followed), is flushed, and is then renamed over the target.
//! A symlink already standing at the target is replaced, never written through, and a reader
//! never sees half a report.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Writes `text` to `path` atomically and never through a symlink; the file is `0600` on Unix.
pub fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let temporary = temporary_path(path)?;
    let written = create_private(&temporary).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    renamed
}

/// A hidden name next to `path` that no one else is using.
fn temporary_path(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or_default();
    let mut temporary = std::ffi::OsString::from(".");
    temporary.push(name);
    temporary.push(format!(".{}-{nanos}.tmp", std::process::id()));
    Ok(path.with_file_name(temporary))
}

/// Creates `path`, which must not exist yet (not even as a dangling symlink), readable only by
/// this user.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn replaces_a_symlink_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let report = dir.path().join("report.txt");
        std::os::unix::fs::symlink(&victim, &report).unwrap();

        write_atomically(&report, "the report").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(!std::fs::symlink_metadata(&report)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&report).unwrap(), "the report");
        let mode = std::fs::metadata(&report).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "a temporary file was left behind");
    }

    #[test]
    fn a_missing_folder_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_atomically(&dir.path().join("no/such/report.txt"), "x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }
}
