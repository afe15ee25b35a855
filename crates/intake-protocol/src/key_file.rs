//! The private key file the provider's intake server reads: a key id and a base64url X25519
//! private key, as a TOML subset any TOML parser also reads.
//!
//! ```text
//! # rc-onboard intake private key. Keep it secret: mode 0600, never commit or share it.
//! format = "rc-onboard-intake-key-v1"
//! key_id = "2026-11"
//! private_key = "<43 base64url characters: the raw 32-byte X25519 private key>"
//! ```
//!
//! Blank lines and lines starting with `#` are ignored; every other line is `name = "value"`.
//! All three names are required, each once; any other name is an error.

use zeroize::Zeroizing;

use crate::keys::{is_valid_key_id, KeyError, PrivateKey};

const FORMAT: &str = "rc-onboard-intake-key-v1";

/// What can be wrong with a key file's text.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// A line is not `name = "value"`.
    #[error("line {line}: expected `name = \"value\"`")]
    Syntax {
        /// 1-based line number.
        line: usize,
    },
    /// A name other than `format`, `key_id`, `private_key`.
    #[error("line {line}: unknown name `{name}` (expected format, key_id, private_key)")]
    UnknownName {
        /// 1-based line number.
        line: usize,
        /// The name found.
        name: String,
    },
    /// A name given twice.
    #[error("line {line}: `{name}` is given twice")]
    Duplicate {
        /// 1-based line number.
        line: usize,
        /// The repeated name.
        name: &'static str,
    },
    /// A required name is absent.
    #[error("`{0}` is missing")]
    Missing(&'static str),
    /// `format` is not `rc-onboard-intake-key-v1`.
    #[error("format is {0:?}, expected {FORMAT:?}")]
    UnsupportedFormat(String),
    /// `key_id` has characters outside `A-Z a-z 0-9 . _ -` or is empty or over 64 characters.
    #[error("key_id {0:?} must be 1 to 64 characters from A-Z a-z 0-9 . _ -")]
    InvalidKeyId(String),
    /// `private_key` is not a valid key.
    #[error("private_key: {0}")]
    Key(#[from] KeyError),
}

/// A parsed key file: the key id the profile names and the private key that opens envelopes
/// sealed to it.
#[derive(Clone, Debug)]
pub struct KeyFile {
    /// The profile's `[intake] key_id` for this key.
    pub key_id: String,
    /// The X25519 private key.
    pub private_key: PrivateKey,
}

impl KeyFile {
    /// Parses the text of a key file.
    pub fn parse(text: &str) -> Result<Self, KeyFileError> {
        let mut format = None;
        let mut key_id = None;
        let mut private_key: Option<Zeroizing<String>> = None;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (name, value) = parse_line(trimmed).ok_or(KeyFileError::Syntax { line })?;
            let (slot_name, already) = match name {
                "format" => ("format", format.replace(value.to_owned()).is_some()),
                "key_id" => ("key_id", key_id.replace(value.to_owned()).is_some()),
                "private_key" => (
                    "private_key",
                    private_key
                        .replace(Zeroizing::new(value.to_owned()))
                        .is_some(),
                ),
                other => {
                    return Err(KeyFileError::UnknownName {
                        line,
                        name: other.to_owned(),
                    })
                }
            };
            if already {
                return Err(KeyFileError::Duplicate {
                    line,
                    name: slot_name,
                });
            }
        }
        let format = format.ok_or(KeyFileError::Missing("format"))?;
        if format != FORMAT {
            return Err(KeyFileError::UnsupportedFormat(format));
        }
        let key_id = key_id.ok_or(KeyFileError::Missing("key_id"))?;
        if !is_valid_key_id(&key_id) {
            return Err(KeyFileError::InvalidKeyId(key_id));
        }
        let private_key = private_key.ok_or(KeyFileError::Missing("private_key"))?;
        Ok(Self {
            key_id,
            private_key: PrivateKey::from_b64url(&private_key)?,
        })
    }

    /// The file's text, in a buffer zeroized on drop.
    pub fn to_text(&self) -> Zeroizing<String> {
        let secret = self.private_key.to_b64url();
        Zeroizing::new(format!(
            "# rc-onboard intake private key. Keep it secret: mode 0600, never commit or share it.\n\
             format = \"{FORMAT}\"\n\
             key_id = \"{}\"\n\
             private_key = \"{}\"\n",
            self.key_id,
            secret.as_str()
        ))
    }
}

/// Splits `name = "value"`; the value may not contain `"` or `\`.
fn parse_line(line: &str) -> Option<(&str, &str)> {
    let (name, rest) = line.split_once('=')?;
    let name = name.trim();
    let value = rest.trim().strip_prefix('"')?.strip_suffix('"')?;
    if name.is_empty() || value.contains(['"', '\\']) {
        return None;
    }
    Some((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KeyPair;

    #[test]
    fn round_trips() {
        let pair = KeyPair::generate().unwrap();
        let file = KeyFile {
            key_id: "2026-11".into(),
            private_key: pair.private_key().clone(),
        };
        let parsed = KeyFile::parse(&file.to_text()).unwrap();
        assert_eq!(parsed.key_id, "2026-11");
        assert_eq!(&parsed.private_key.public_key().unwrap(), pair.public_key());
    }

    #[test]
    fn reports_missing_unknown_and_duplicate_names() {
        let err = KeyFile::parse("format = \"rc-onboard-intake-key-v1\"\nkey_id = \"a\"\n");
        assert!(matches!(err, Err(KeyFileError::Missing("private_key"))));
        let err = KeyFile::parse("colour = \"blue\"\n");
        assert!(matches!(
            err,
            Err(KeyFileError::UnknownName { line: 1, .. })
        ));
        let err = KeyFile::parse("key_id = \"a\"\nkey_id = \"b\"\n");
        assert!(matches!(err, Err(KeyFileError::Duplicate { line: 2, .. })));
        let err = KeyFile::parse("key_id: a\n");
        assert!(matches!(err, Err(KeyFileError::Syntax { line: 1 })));
    }

    #[test]
    fn errors_never_contain_the_key() {
        let text =
            "format = \"rc-onboard-intake-key-v1\"\nkey_id = \"a b\"\nprivate_key = \"AAAA\"\n";
        let err = KeyFile::parse(text).unwrap_err();
        assert!(matches!(err, KeyFileError::InvalidKeyId(_)));
        let text =
            "format = \"rc-onboard-intake-key-v1\"\nkey_id = \"k\"\nprivate_key = \"c2VjcmV0\"\n";
        let err = KeyFile::parse(text).unwrap_err();
        assert!(!err.to_string().contains("c2VjcmV0"), "{err}");
    }
}
