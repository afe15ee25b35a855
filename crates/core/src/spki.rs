//! SHA-256 pins of a certificate's SubjectPublicKeyInfo (SPKI): [`SpkiPin`].
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
//! [`SpkiPin`] parses (`FromStr`: `sha256/` then standard or URL-safe base64, padded or not),
//! prints (`Display`: `sha256/` and padded standard base64) and serialises as that same text. The
//! SPKI is found with a minimal DER walk over `Certificate → TBSCertificate`: the seventh field of
//! TBSCertificate counting the optional `[0] version`. Only definite-length DER is accepted.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use sha2::{Digest, Sha256};

/// Prefix of a pin's text form.
pub const PIN_PREFIX: &str = "sha256/";

/// The SHA-256 of a certificate's SubjectPublicKeyInfo.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpkiPin([u8; 32]);

/// Why text is not a pin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpkiPinError {
    /// The text does not start with `sha256/`.
    #[error("does not start with sha256/")]
    MissingPrefix,
    /// What follows `sha256/` is not base64.
    #[error("is not base64")]
    NotBase64,
    /// The base64 does not decode to 32 bytes.
    #[error("decodes to {length} bytes; a SHA-256 pin is exactly 32")]
    WrongLength {
        /// Bytes decoded.
        length: usize,
    },
}

impl SpkiPin {
    /// The pin of a DER `SubjectPublicKeyInfo` (tag, length and contents).
    pub fn from_spki_der(spki_der: &[u8]) -> SpkiPin {
        SpkiPin(Sha256::digest(spki_der).into())
    }

    /// The pin of a DER certificate's key; `None` when the certificate cannot be parsed.
    pub fn from_certificate_der(certificate_der: &[u8]) -> Option<SpkiPin> {
        subject_public_key_info(certificate_der).map(SpkiPin::from_spki_der)
    }

    /// The 32 digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl From<[u8; 32]> for SpkiPin {
    fn from(digest: [u8; 32]) -> Self {
        SpkiPin(digest)
    }
}

impl From<SpkiPin> for [u8; 32] {
    fn from(pin: SpkiPin) -> Self {
        pin.0
    }
}

impl FromStr for SpkiPin {
    type Err = SpkiPinError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let encoded = text
            .trim()
            .strip_prefix(PIN_PREFIX)
            .ok_or(SpkiPinError::MissingPrefix)?;
        let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(encoded).ok())
            .ok_or(SpkiPinError::NotBase64)?;
        <[u8; 32]>::try_from(bytes.as_slice())
            .map(SpkiPin)
            .map_err(|_| SpkiPinError::WrongLength {
                length: bytes.len(),
            })
    }
}

impl fmt::Display for SpkiPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PIN_PREFIX}{}", STANDARD.encode(self.0))
    }
}

impl fmt::Debug for SpkiPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SpkiPin({self})")
    }
}

impl serde::Serialize for SpkiPin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for SpkiPin {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|error| {
            serde::de::Error::custom(format_args!(
                "spki_pin {error} (expected sha256/<base64 of 32 bytes>)"
            ))
        })
    }
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
        assert_eq!(
            SpkiPin::from_certificate_der(&der).map(<[u8; 32]>::from),
            Some(expected)
        );
        assert_eq!(SpkiPin::from_spki_der(&spki).as_bytes(), &expected);
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
        let pin = SpkiPin::from(std::array::from_fn::<u8, 32, _>(|i| i as u8));
        let text = pin.to_string();
        assert_eq!(text, "sha256/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        assert_eq!(text.parse(), Ok(pin));
        assert_eq!(
            "sha256/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8".parse(),
            Ok(pin)
        );
        assert_eq!(
            " sha256/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= ".parse(),
            Ok(pin)
        );
        for (bad, error) in [
            (
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                SpkiPinError::MissingPrefix,
            ),
            (
                "sha1/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                SpkiPinError::MissingPrefix,
            ),
            ("sha256/AAEC", SpkiPinError::WrongLength { length: 3 }),
            ("sha256/not base64!", SpkiPinError::NotBase64),
            ("", SpkiPinError::MissingPrefix),
        ] {
            assert_eq!(bad.parse::<SpkiPin>(), Err(error), "{bad}");
        }
    }

    #[test]
    fn pins_serialise_as_their_text_form() {
        let pin = SpkiPin::from([7; 32]);
        let json = serde_json::to_value(pin).unwrap();
        assert_eq!(json, serde_json::Value::String(pin.to_string()));
        assert_eq!(serde_json::from_value::<SpkiPin>(json).unwrap(), pin);
        let error = serde_json::from_str::<SpkiPin>("\"sha256/short\"").unwrap_err();
        assert!(
            error.to_string().contains("sha256/<base64 of 32 bytes>"),
            "{error}"
        );
    }
}
