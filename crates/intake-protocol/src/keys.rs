//! X25519 keys of the intake recipient: the public key a profile carries, the private key the
//! provider's server holds, and key ids.
//!
//! Both keys are the raw 32-byte X25519 values of RFC 7748 as used by RFC 9180
//! (`SerializePublicKey` / `SerializePrivateKey`), written as base64url without padding
//! (43 characters).

use std::fmt;

use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, Serializable};
use rand_core::{OsRng, TryRngCore};
use zeroize::Zeroizing;

use crate::b64;

/// Length in bytes of an X25519 public or private key.
pub const PUBLIC_KEY_LEN: usize = 32;

/// What can be wrong with an encoded key, or with making one.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The text is not base64url without padding.
    #[error("{what} is not base64url without padding: {detail}")]
    Encoding {
        /// Which key ("public key", "private key").
        what: &'static str,
        /// What exactly is wrong, naming the offending character or length.
        detail: String,
    },
    /// The bytes decode but are not 32 long.
    #[error("{what} must be 32 bytes (43 base64url characters), but it decodes to {len} bytes")]
    WrongLength {
        /// Which key ("public key", "private key").
        what: &'static str,
        /// The decoded length.
        len: usize,
    },
    /// The bytes are not a usable X25519 key.
    #[error("{what} is not a valid X25519 key: {source}")]
    Invalid {
        /// Which key.
        what: &'static str,
        /// The HPKE library's reason.
        #[source]
        source: hpke::HpkeError,
    },
    /// The operating system's random number generator failed.
    #[error("the operating system's random number generator failed: {0}")]
    Rng(#[source] rand_core::OsError),
}

fn decode_32(what: &'static str, text: &str) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let bytes = Zeroizing::new(b64::decode(text.trim()).map_err(|e| KeyError::Encoding {
        what,
        detail: b64::describe(&e),
    })?);
    if bytes.len() != PUBLIC_KEY_LEN {
        return Err(KeyError::WrongLength {
            what,
            len: bytes.len(),
        });
    }
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&bytes);
    Ok(out)
}

/// The recipient's X25519 public key, as carried in a profile's `[intake] public_key`.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    bytes: [u8; 32],
}

impl PublicKey {
    /// Parses base64url without padding of exactly 32 bytes (surrounding whitespace is ignored).
    pub fn from_b64url(text: &str) -> Result<Self, KeyError> {
        let bytes = decode_32("public key", text)?;
        Ok(Self { bytes: *bytes })
    }

    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self { bytes }
    }

    /// The base64url (no padding) text form.
    pub fn to_b64url(&self) -> String {
        b64::encode(&self.bytes)
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    pub(crate) fn to_hpke(&self) -> Result<<X25519HkdfSha256 as Kem>::PublicKey, KeyError> {
        <X25519HkdfSha256 as Kem>::PublicKey::from_bytes(&self.bytes).map_err(|source| {
            KeyError::Invalid {
                what: "public key",
                source,
            }
        })
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_b64url())
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_b64url())
    }
}

/// The recipient's X25519 private key. Zeroized on drop; `Debug` never shows it; no `Display`
/// and no `Serialize`.
#[derive(Clone)]
pub struct PrivateKey {
    bytes: Zeroizing<[u8; 32]>,
}

impl PrivateKey {
    /// Parses base64url without padding of exactly 32 bytes.
    pub fn from_b64url(text: &str) -> Result<Self, KeyError> {
        Ok(Self {
            bytes: decode_32("private key", text)?,
        })
    }

    /// Wraps raw key bytes (the caller's copy should be zeroized by the caller).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self {
            bytes: Zeroizing::new(bytes),
        }
    }

    /// The base64url (no padding) text form, in a buffer zeroized on drop.
    pub fn to_b64url(&self) -> Zeroizing<String> {
        Zeroizing::new(b64::encode(self.bytes.as_ref()))
    }

    /// The matching public key.
    pub fn public_key(&self) -> Result<PublicKey, KeyError> {
        let sk = self.to_hpke()?;
        let pk = X25519HkdfSha256::sk_to_pk(&sk);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&pk.to_bytes());
        Ok(PublicKey { bytes })
    }

    pub(crate) fn to_hpke(&self) -> Result<<X25519HkdfSha256 as Kem>::PrivateKey, KeyError> {
        <X25519HkdfSha256 as Kem>::PrivateKey::from_bytes(self.bytes.as_ref()).map_err(|source| {
            KeyError::Invalid {
                what: "private key",
                source,
            }
        })
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

/// A freshly generated recipient key pair.
#[derive(Clone, Debug)]
pub struct KeyPair {
    private: PrivateKey,
    public: PublicKey,
}

impl KeyPair {
    /// Generates a key pair from 32 bytes of operating-system randomness
    /// (RFC 9180 `DeriveKeyPair` of random input keying material).
    pub fn generate() -> Result<Self, KeyError> {
        let mut ikm = Zeroizing::new([0u8; 32]);
        OsRng.try_fill_bytes(ikm.as_mut()).map_err(KeyError::Rng)?;
        Ok(Self::derive(ikm.as_ref()))
    }

    /// RFC 9180 `DeriveKeyPair(ikm)`: the same input always gives the same pair.
    pub fn derive(ikm: &[u8]) -> Self {
        let (sk, pk) = X25519HkdfSha256::derive_keypair(ikm);
        let mut private = Zeroizing::new([0u8; 32]);
        private.copy_from_slice(&sk.to_bytes());
        let mut public = [0u8; 32];
        public.copy_from_slice(&pk.to_bytes());
        Self {
            private: PrivateKey { bytes: private },
            public: PublicKey { bytes: public },
        }
    }

    /// The private half.
    pub fn private_key(&self) -> &PrivateKey {
        &self.private
    }

    /// The public half.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Splits into (private, public).
    pub fn into_parts(self) -> (PrivateKey, PublicKey) {
        (self.private, self.public)
    }
}

/// Whether `key_id` is acceptable: 1 to 64 characters from `A-Z a-z 0-9 . _ -`.
pub fn is_valid_key_id(key_id: &str) -> bool {
    !key_id.is_empty()
        && key_id.len() <= 64
        && key_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_key_round_trips_through_base64url() {
        let pair = KeyPair::generate().unwrap();
        let text = pair.public_key().to_b64url();
        assert_eq!(text.len(), 43);
        assert_eq!(&PublicKey::from_b64url(&text).unwrap(), pair.public_key());
        assert_eq!(&pair.private_key().public_key().unwrap(), pair.public_key());
    }

    #[test]
    fn wrong_length_is_named() {
        let err = PublicKey::from_b64url(&b64::encode(&[7u8; 31])).unwrap_err();
        assert!(
            matches!(err, KeyError::WrongLength { len: 31, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("32 bytes"), "{err}");
    }

    #[test]
    fn standard_alphabet_and_padding_are_rejected_with_the_reason() {
        let mut text = b64::encode(&[0xfb; 32]);
        assert!(text.contains('-') || text.contains('_'));
        text = text.replace('-', "+").replace('_', "/");
        let err = PublicKey::from_b64url(&text).unwrap_err();
        assert!(
            err.to_string().contains("outside the base64url alphabet"),
            "{err}"
        );

        let padded = format!("{}=", b64::encode(&[1u8; 32]));
        let err = PublicKey::from_b64url(&padded).unwrap_err();
        assert!(err.to_string().contains("padding"), "{err}");
    }

    #[test]
    fn private_key_debug_is_redacted() {
        let pair = KeyPair::generate().unwrap();
        let secret = pair.private_key().to_b64url();
        let shown = format!("{:?} {:?}", pair.private_key(), pair);
        assert!(!shown.contains(secret.as_str()));
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn key_ids_are_restricted_to_a_safe_alphabet() {
        assert!(is_valid_key_id("2026-11"));
        assert!(is_valid_key_id("prod.key_2"));
        assert!(!is_valid_key_id(""));
        assert!(!is_valid_key_id("has space"));
        assert!(!is_valid_key_id(&"k".repeat(65)));
    }
}
