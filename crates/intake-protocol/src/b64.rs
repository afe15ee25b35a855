//! base64url without padding (RFC 4648 §5), the only binary encoding of the protocol.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Encodes bytes as base64url without padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding; `=` padding and the `+` `/` alphabet are rejected.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    URL_SAFE_NO_PAD.decode(text)
}

/// Explains a decoding failure in terms a person pasting a key can act on.
pub(crate) fn describe(error: &base64::DecodeError) -> String {
    match error {
        base64::DecodeError::InvalidByte(offset, byte) if *byte == b'=' => format!(
            "padding '=' at position {offset}: base64url here is written without padding"
        ),
        base64::DecodeError::InvalidByte(offset, byte) => format!(
            "character {:?} at position {offset} is outside the base64url alphabet (A-Z a-z 0-9 - _)",
            char::from(*byte)
        ),
        base64::DecodeError::InvalidLength(len) => {
            format!("{len} characters is not a valid base64url length")
        }
        base64::DecodeError::InvalidLastSymbol(offset, _) => {
            format!("the last character (position {offset}) has non-zero trailing bits")
        }
        base64::DecodeError::InvalidPadding => {
            "padding '=' found: base64url here is written without padding".to_owned()
        }
    }
}
