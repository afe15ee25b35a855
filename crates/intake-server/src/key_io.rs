//! Reading and writing the private key file (format: `rc_onboard_intake_protocol::KeyFile`):
//! written once with mode 0600, never overwritten.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use rc_onboard_intake_protocol::{KeyFile, KeyFileError};
use zeroize::Zeroizing;

/// What can go wrong with the key file.
#[derive(Debug, thiserror::Error)]
pub enum KeyIoError {
    /// `keygen` never overwrites.
    #[error("{0} already exists; refusing to overwrite a key file (choose another --out)")]
    Exists(PathBuf),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid key file.
    #[error("{path} is not a valid intake key file: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: KeyFileError,
    },
}

/// Creates `path` (mode 0600 on Unix) holding `key`, refusing if it exists, and syncs it.
pub fn write_new_key_file(path: &Path, key: &KeyFile) -> Result<(), KeyIoError> {
    let io = |source| KeyIoError::Io {
        path: path.to_owned(),
        source,
    };
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|error| {
        if error.kind() == std::io::ErrorKind::AlreadyExists {
            KeyIoError::Exists(path.to_owned())
        } else {
            io(error)
        }
    })?;
    file.write_all(key.to_text().as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(())
}

/// Reads and parses a key file.
pub fn read_key_file(path: &Path) -> Result<KeyFile, KeyIoError> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path).map_err(|source| KeyIoError::Io {
            path: path.to_owned(),
            source,
        })?,
    );
    KeyFile::parse(&text).map_err(|source| KeyIoError::Parse {
        path: path.to_owned(),
        source,
    })
}

/// Whether the file can be read by users other than its owner (Unix only; `false` elsewhere).
pub fn readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}
