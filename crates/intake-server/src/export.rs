//! Opening a stored credential for the provider's own pipeline: the only way the plaintext
//! leaves the server, and only on an explicit request.

use rc_onboard_intake_protocol::{open, OpenError, PrivateKey};
use zeroize::Zeroizing;

use crate::store::{Store, StoreError};

/// Why a stored credential could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No submission with this id.
    #[error("no stored submission has id {0}")]
    NotFound(String),
    /// The submission was sealed to another key.
    #[error("submission {submission_id} was sealed to key_id {sealed_to:?}, but the key given is {given:?}")]
    WrongKey {
        /// The submission.
        submission_id: String,
        /// Its key id.
        sealed_to: String,
        /// The key id of the key given.
        given: String,
    },
    /// The envelope did not open.
    #[error("the stored envelope does not open: {0}")]
    Open(#[from] OpenError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Opens the stored credential of `submission_id` with the key `key_id` / `key`.
pub fn export_credential(
    store: &Store,
    key_id: &str,
    key: &PrivateKey,
    submission_id: &str,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let stored = store
        .stored(submission_id)?
        .ok_or_else(|| ExportError::NotFound(submission_id.to_owned()))?;
    if stored.sealed.key_id != key_id {
        return Err(ExportError::WrongKey {
            submission_id: submission_id.to_owned(),
            sealed_to: stored.sealed.key_id,
            given: key_id.to_owned(),
        });
    }
    Ok(open(key, &stored.sealed, &stored.submission_id)?)
}
