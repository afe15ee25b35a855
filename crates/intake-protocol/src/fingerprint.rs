//! A short, non-reversible identifier of a credential for lists and support reports.

use sha2::{Digest, Sha256};

/// The first 16 hex characters (64 bits) of the SHA-256 of the credential bytes (the normalised
/// JWT). It identifies a credential in lists and support reports without revealing it.
pub fn credential_fingerprint(credential: &[u8]) -> String {
    let digest = Sha256::digest(credential);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_the_first_16_hex_chars_of_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assert_eq!(credential_fingerprint(b"abc"), "ba7816bf8f01cfea");
    }
}
