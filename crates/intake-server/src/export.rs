//! Opening a stored credential for the provider's own pipeline: the only way the plaintext
//! leaves the server, and only on an explicit request.

use rc_onboard_intake_protocol::{open, OpenError, PrivateKey};
use zeroize::Zeroizing;

use crate::keyring::Keyring;
use crate::store::{Store, StoreError, StoredSubmission};

/// Why a stored credential could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No submission with this id.
    #[error("no stored submission has id {0}")]
    NotFound(String),
    /// Several customers' submissions share this submission id (it is unique per code).
    #[error(
        "{count} stored submissions have id {id}; name one by its receipt id instead: {receipts}",
        count = receipts.len(),
        receipts = receipts.join(", ")
    )]
    Ambiguous {
        /// The id asked for.
        id: String,
        /// The receipt ids of the submissions that have it.
        receipts: Vec<String>,
    },
    /// The opened plaintext is not a JWT, so it is not printed.
    #[error("submission {0} does not hold a JWT credential; nothing was printed")]
    NotACredential(String),
    /// The submission was sealed to a key not given.
    #[error("submission {submission_id} was sealed to key_id {sealed_to:?}, but the key given is {given:?}")]
    WrongKey {
        /// The submission.
        submission_id: String,
        /// Its key id.
        sealed_to: String,
        /// The key id (or ids, comma-separated) of the keys given.
        given: String,
    },
    /// The envelope did not open.
    #[error("the stored envelope does not open: {0}")]
    Open(#[from] OpenError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Opens the stored credential of the submission with id (or receipt id) `id` with the key
/// `key_id` / `key`, and checks that what it holds has the shape of a JWT (three base64url
/// parts) before handing it out: whatever a client sealed is never printed blindly.
pub fn export_credential(
    store: &Store,
    key_id: &str,
    key: &PrivateKey,
    id: &str,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    open_only_match(store.stored(id)?, id, key_id, |wanted| {
        (wanted == key_id).then_some(key)
    })
}

/// As [`export_credential`], from the envelopes stored under `id` (see
/// [`crate::storage::Storage::stored`]), opening with whichever of `keys` the envelope names.
pub fn export_with_keyring(
    matches: Vec<StoredSubmission>,
    keys: &Keyring,
    id: &str,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let given = keys.key_ids().join(", ");
    open_only_match(matches, id, &given, |wanted| keys.private_key(wanted))
}

fn open_only_match<'k>(
    mut matches: Vec<StoredSubmission>,
    id: &str,
    given: &str,
    key_for: impl Fn(&str) -> Option<&'k PrivateKey>,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    if matches.len() > 1 {
        return Err(ExportError::Ambiguous {
            id: id.to_owned(),
            receipts: matches.into_iter().map(|s| s.receipt_id).collect(),
        });
    }
    let stored = matches
        .pop()
        .ok_or_else(|| ExportError::NotFound(id.to_owned()))?;
    let submission_id = stored.submission_id.as_str();
    let Some(key) = key_for(&stored.sealed.key_id) else {
        return Err(ExportError::WrongKey {
            submission_id: submission_id.to_owned(),
            sealed_to: stored.sealed.key_id,
            given: given.to_owned(),
        });
    };
    let plaintext = open(key, &stored.sealed, submission_id)?;
    if !looks_like_jwt(&plaintext) {
        return Err(ExportError::NotACredential(submission_id.to_owned()));
    }
    Ok(plaintext)
}

/// Three non-empty base64url parts separated by dots, nothing else (no spaces, no control
/// characters that could drive a terminal), and a header that starts like JSON (`eyJ`).
fn looks_like_jwt(text: &[u8]) -> bool {
    let parts: Vec<&[u8]> = text.split(|b| *b == b'.').collect();
    parts.len() == 3
        && parts.iter().all(|part| {
            !part.is_empty()
                && part
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        })
        && text.starts_with(b"eyJ")
}

#[cfg(test)]
mod tests {
    use super::looks_like_jwt;

    #[test]
    fn only_jwt_shapes_pass() {
        assert!(looks_like_jwt(b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
        assert!(!looks_like_jwt(b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0"));
        assert!(!looks_like_jwt(b"eyJa.eyJb.c2ln\x1b]52;c;AAAA\x07"));
        assert!(!looks_like_jwt(b"\x1b[2Jhello.world.again"));
        assert!(!looks_like_jwt(b"eyJa..c2ln"));
        assert!(!looks_like_jwt(b"not a credential"));
    }
}
