//! The intake's private keys: the current one (the key the profile names) and older ones kept
//! after a rotation, so that submissions sealed before it still open. Envelopes are opened with
//! the key their `key_id` names.

use std::fmt::Write as _;

use rc_onboard_intake_protocol::{is_valid_key_id, KeyError, KeyFile, PrivateKey, PublicKey};
use sha2::{Digest, Sha256};

/// Why a set of keys is unusable.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// No key at all.
    #[error("at least one key is needed")]
    Empty,
    /// A key id is not acceptable.
    #[error("key_id {0:?} must be 1 to 64 characters from A-Z a-z 0-9 . _ -")]
    InvalidKeyId(String),
    /// Two keys share an id, so envelopes naming it would be ambiguous.
    #[error("two keys have key_id {0:?}; each key needs its own id")]
    DuplicateKeyId(String),
    /// A private key is unusable.
    #[error("key {key_id:?}: {source}")]
    Key {
        /// The key's id.
        key_id: String,
        /// The cause.
        #[source]
        source: KeyError,
    },
}

/// One key with its public half, checked.
#[derive(Clone)]
struct Entry {
    key_id: String,
    private_key: PrivateKey,
    public_key: PublicKey,
}

/// The current key first, then older keys that still open envelopes.
#[derive(Clone)]
pub struct Keyring {
    entries: Vec<Entry>,
}

/// What `rc-intake keys` shows of a key: nothing secret.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct KeyDescription {
    /// The key id envelopes name.
    pub key_id: String,
    /// The public key (the profile's `[intake] public_key`).
    pub public_key: String,
    /// `SHA256:` and the first 16 bytes of the public key's SHA-256, in hex.
    pub fingerprint: String,
    /// Whether this is the current key (the one the profile should name).
    pub current: bool,
}

impl Keyring {
    /// Checks the keys: valid, distinct ids and usable private keys. The first is current.
    pub fn new(keys: impl IntoIterator<Item = KeyFile>) -> Result<Self, KeyringError> {
        let mut entries: Vec<Entry> = Vec::new();
        for KeyFile {
            key_id,
            private_key,
        } in keys
        {
            if !is_valid_key_id(&key_id) {
                return Err(KeyringError::InvalidKeyId(key_id));
            }
            if entries.iter().any(|e| e.key_id == key_id) {
                return Err(KeyringError::DuplicateKeyId(key_id));
            }
            let public_key = private_key
                .public_key()
                .map_err(|source| KeyringError::Key {
                    key_id: key_id.clone(),
                    source,
                })?;
            entries.push(Entry {
                key_id,
                private_key,
                public_key,
            });
        }
        if entries.is_empty() {
            return Err(KeyringError::Empty);
        }
        Ok(Self { entries })
    }

    /// The current key's id.
    pub fn current_key_id(&self) -> &str {
        &self.entries[0].key_id
    }

    /// The current key's public half.
    pub fn current_public_key(&self) -> &PublicKey {
        &self.entries[0].public_key
    }

    /// The private key with this id.
    pub fn private_key(&self, key_id: &str) -> Option<&PrivateKey> {
        self.entries
            .iter()
            .find(|e| e.key_id == key_id)
            .map(|e| &e.private_key)
    }

    /// Every key id, current first.
    pub fn key_ids(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.key_id.as_str()).collect()
    }

    /// Every key's public description, current first.
    pub fn describe(&self) -> Vec<KeyDescription> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| KeyDescription {
                key_id: e.key_id.clone(),
                public_key: e.public_key.to_b64url(),
                fingerprint: public_key_fingerprint(&e.public_key),
                current: i == 0,
            })
            .collect()
    }
}

/// `SHA256:` and the first 16 bytes of SHA-256 of the 32 public key bytes, in hex.
pub fn public_key_fingerprint(key: &PublicKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut out = String::from("SHA256:");
    for byte in &digest[..16] {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
