//! SHA-256 pins of a certificate's SubjectPublicKeyInfo (SPKI).
//!
//! A pin is the SHA-256 digest of the DER-encoded `SubjectPublicKeyInfo` of the intake's leaf
//! certificate, written `sha256/<base64 of the 32 bytes>` — the form the profile's
//! `[intake] spki_pin` takes, the same as HPKP and curl's `--pinnedpubkey`. Pinning the key rather
//! than the certificate survives certificate renewal with the same key. A provider computes its pin
//! with
//!
//! ```text
//! openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der \
//!   | openssl dgst -sha256 -binary | base64
//! ```
//!
//! The SPKI is found with a minimal DER walk over `Certificate → TBSCertificate`: the seventh field
//! of TBSCertificate counting the optional `[0] version`. Only definite-length DER is accepted.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use sha2::{Digest, Sha256};

/// Prefix of a pin's text form.
pub const PIN_PREFIX: &str = "sha256/";

/// SHA-256 of the SubjectPublicKeyInfo of a DER certificate; `None` when it cannot be parsed.
pub fn spki_sha256(certificate_der: &[u8]) -> Option<[u8; 32]> {
    subject_public_key_info(certificate_der).map(|spki| Sha256::digest(spki).into())
}

/// The DER bytes (tag, length and contents) of a certificate's SubjectPublicKeyInfo.
pub fn subject_public_key_info(certificate_der: &[u8]) -> Option<&[u8]> {
    const SEQUENCE: u8 = 0x30;
    const VERSION: u8 = 0xa0;
    let (certificate, rest) = read_tlv(certificate_der, SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (tbs, _) = read_tlv(certificate.contents, SEQUENCE)?;
    let mut fields = tbs.contents;
    if fields.first() == Some(&VERSION) {
        fields = read_tlv(fields, VERSION)?.1;
    }
    // serialNumber INTEGER, signature, issuer, validity, subject.
    for tag in [0x02, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE] {
        fields = read_tlv(fields, tag)?.1;
    }
    let (spki, _) = read_tlv(fields, SEQUENCE)?;
    Some(spki.whole)
}

/// `sha256/<standard base64>`, the form the profile uses.
pub fn format_pin(pin: &[u8; 32]) -> String {
    format!("{PIN_PREFIX}{}", STANDARD.encode(pin))
}

/// Reads a pin in the profile's form (`sha256/` then standard or URL-safe base64, padded or not).
pub fn parse_pin(text: &str) -> Option<[u8; 32]> {
    let encoded = text.trim().strip_prefix(PIN_PREFIX)?;
    let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(encoded).ok())?;
    <[u8; 32]>::try_from(bytes.as_slice()).ok()
}

/// One DER element.
struct Tlv<'a> {
    /// Tag, length and contents.
    whole: &'a [u8],
    contents: &'a [u8],
}

/// Reads one element with tag `expected` from the front of `input`; returns it and what follows.
fn read_tlv(input: &[u8], expected: u8) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, after_tag) = input.split_first()?;
    if tag != expected {
        return None;
    }
    let (&first, mut after_length) = after_tag.split_first()?;
    let length = if first < 0x80 {
        usize::from(first)
    } else {
        // Long form: 1 to 4 length bytes; 0x80 (indefinite) is not DER.
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || after_length.len() < count {
            return None;
        }
        let (length_bytes, rest) = after_length.split_at(count);
        after_length = rest;
        length_bytes
            .iter()
            .fold(0usize, |acc, &byte| (acc << 8) | usize::from(byte))
    };
    if after_length.len() < length {
        return None;
    }
    let header = input.len() - after_length.len();
    let (contents, rest) = after_length.split_at(length);
    Some((
        Tlv {
            whole: &input[..header + length],
            contents,
        },
        rest,
    ))
}

/// Serde for an optional pin as its text form, for the outbox entry.
pub(crate) mod serde_optional_pin {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        pin: &Option<[u8; 32]>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match pin {
            Some(pin) => serializer.serialize_some(&super::format_pin(pin)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<[u8; 32]>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) => super::parse_pin(&text).map(Some).ok_or_else(|| {
                serde::de::Error::custom("spki_pin is not sha256/<base64 of 32 bytes>")
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, KeyPair, PublicKeyData};

    fn certificate() -> (Vec<u8>, Vec<u8>) {
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(vec!["localhost".to_owned()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        (cert.der().to_vec(), key.subject_public_key_info())
    }

    #[test]
    fn the_spki_found_is_the_one_the_key_encodes() {
        let (der, spki) = certificate();
        assert_eq!(subject_public_key_info(&der), Some(spki.as_slice()));
        let expected: [u8; 32] = Sha256::digest(&spki).into();
        assert_eq!(spki_sha256(&der), Some(expected));
    }

    #[test]
    fn malformed_certificates_give_none_not_a_panic() {
        let (der, _) = certificate();
        for length in 0..der.len() {
            assert_eq!(subject_public_key_info(&der[..length]), None, "{length}");
        }
        let mut trailing = der.clone();
        trailing.push(0);
        assert_eq!(subject_public_key_info(&trailing), None);
        let mut wrong_tag = der.clone();
        wrong_tag[0] = 0x31;
        assert_eq!(subject_public_key_info(&wrong_tag), None);
        for hostile in [
            &[0x30, 0x80, 0x00, 0x00][..],
            &[0x30, 0x85, 1, 0, 0, 0, 0],
            &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
            &[0x30, 0x02, 0x30, 0x00],
            &[],
        ] {
            assert_eq!(subject_public_key_info(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn pins_round_trip_in_the_profile_form() {
        let pin: [u8; 32] = core::array::from_fn(|i| i as u8);
        let text = format_pin(&pin);
        assert_eq!(text, "sha256/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        assert_eq!(parse_pin(&text), Some(pin));
        assert_eq!(
            parse_pin("sha256/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"),
            Some(pin)
        );
        for bad in [
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "sha1/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "sha256/AAEC",
            "sha256/not base64!",
            "",
        ] {
            assert_eq!(parse_pin(bad), None, "{bad}");
        }
    }
}
