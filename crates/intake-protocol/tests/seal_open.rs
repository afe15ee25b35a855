//! Seal/open round trip and the failures that must happen: wrong key, wrong submission id
//! (aad), modified envelope, unsupported suite.

use rc_onboard_intake_protocol::{open, seal, KeyPair, OpenError, SealedCredential, SUITE};

const SUBMISSION_ID: &str = "9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3c4";
const JWT: &[u8] = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMDEifQ.c2ln";

fn sealed_to(pair: &KeyPair) -> SealedCredential {
    seal(pair.public_key(), "2026-11", SUBMISSION_ID, JWT).unwrap()
}

fn flip_first_byte(b64url: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let mut bytes = URL_SAFE_NO_PAD.decode(b64url).unwrap();
    bytes[0] ^= 0x01;
    URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn round_trip() {
    let pair = KeyPair::generate().unwrap();
    let sealed = sealed_to(&pair);
    assert_eq!(sealed.suite, SUITE);
    assert_eq!(sealed.key_id, "2026-11");
    assert_eq!(sealed.enc.len(), 43);
    let opened = open(pair.private_key(), &sealed, SUBMISSION_ID).unwrap();
    assert_eq!(opened.as_slice(), JWT);
}

#[test]
fn wrong_key_fails() {
    let sealed = sealed_to(&KeyPair::generate().unwrap());
    let other = KeyPair::generate().unwrap();
    let err = open(other.private_key(), &sealed, SUBMISSION_ID).unwrap_err();
    assert!(matches!(err, OpenError::Decrypt(_)), "{err}");
}

#[test]
fn wrong_submission_id_fails() {
    let pair = KeyPair::generate().unwrap();
    let sealed = sealed_to(&pair);
    let err = open(
        pair.private_key(),
        &sealed,
        "9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3c5",
    )
    .unwrap_err();
    assert!(matches!(err, OpenError::Decrypt(_)), "{err}");
}

#[test]
fn tampered_ciphertext_or_enc_fails() {
    let pair = KeyPair::generate().unwrap();
    let mut sealed = sealed_to(&pair);
    sealed.ciphertext = flip_first_byte(&sealed.ciphertext);
    assert!(matches!(
        open(pair.private_key(), &sealed, SUBMISSION_ID),
        Err(OpenError::Decrypt(_))
    ));

    let mut sealed = sealed_to(&pair);
    sealed.enc = flip_first_byte(&sealed.enc);
    assert!(matches!(
        open(pair.private_key(), &sealed, SUBMISSION_ID),
        Err(OpenError::Decrypt(_))
    ));
}

#[test]
fn other_suite_is_refused_before_decrypting() {
    let pair = KeyPair::generate().unwrap();
    let mut sealed = sealed_to(&pair);
    sealed.suite = "DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/ChaCha20Poly1305".into();
    assert!(matches!(
        open(pair.private_key(), &sealed, SUBMISSION_ID),
        Err(OpenError::UnsupportedSuite(_))
    ));
}

#[test]
fn bad_encoding_is_named() {
    let pair = KeyPair::generate().unwrap();
    let mut sealed = sealed_to(&pair);
    sealed.ciphertext.push('=');
    let err = open(pair.private_key(), &sealed, SUBMISSION_ID).unwrap_err();
    assert!(
        matches!(
            err,
            OpenError::Encoding {
                field: "ciphertext",
                ..
            }
        ),
        "{err}"
    );
}
