//! Sealing and opening the credential envelope: HPKE (RFC 9180) base mode,
//! `DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-128-GCM`, info = `rc-onboard intake v1`,
//! aad = the ASCII submission id (a submission) or `verify:` + the verification id (a
//! verification, see [`crate::seal_verification`]), one message per envelope (sequence number 0).

use hpke::aead::AesGcm128;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::rand_core::{CryptoRng, RngCore};
use hpke::{Deserializable, Kem, OpModeR, OpModeS, Serializable};
use rand_core::{OsRng, TryRngCore};
use zeroize::Zeroizing;

use crate::b64;
use crate::constants::{INFO, SUITE};
use crate::keys::{KeyError, PrivateKey, PublicKey};
use crate::request::SealedCredential;

type SuiteKem = X25519HkdfSha256;
type SuiteKdf = HkdfSha256;
type SuiteAead = AesGcm128;

/// Why sealing failed.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The operating system's random number generator failed.
    #[error("the operating system's random number generator failed: {0}")]
    Rng(#[source] rand_core::OsError),
    /// The recipient key is unusable.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// HPKE refused to seal.
    #[error("HPKE sealing failed: {0}")]
    Hpke(#[source] hpke::HpkeError),
}

/// Why an envelope did not open.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The envelope names another suite.
    #[error("suite {0:?} is not supported (expected {SUITE:?})")]
    UnsupportedSuite(String),
    /// `enc` or `ciphertext` is not base64url without padding, or `enc` is not 32 bytes.
    #[error("sealed_credential.{field} is not valid: {detail}")]
    Encoding {
        /// `enc` or `ciphertext`.
        field: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// The private key is unusable.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Authentication failed: another recipient key, another submission or verification id
    /// (aad), an envelope of the other kind, or a modified `enc` or `ciphertext`.
    #[error("the envelope does not open with this key and id: {0}")]
    Decrypt(#[source] hpke::HpkeError),
}

/// Seals `plaintext` (the normalised JWT) to `recipient`, binding it to `submission_id`.
/// Seal once per submission and resend the same envelope on every retry.
pub fn seal(
    recipient: &PublicKey,
    key_id: &str,
    submission_id: &str,
    plaintext: &[u8],
) -> Result<SealedCredential, SealError> {
    seal_with_aad(recipient, key_id, submission_id.as_bytes(), plaintext)
}

/// Seals `plaintext` to `recipient` with the given aad and a fresh ephemeral key.
pub(crate) fn seal_with_aad(
    recipient: &PublicKey,
    key_id: &str,
    aad: &[u8],
    plaintext: &[u8],
) -> Result<SealedCredential, SealError> {
    let mut ikm_e = Zeroizing::new([0u8; 32]);
    OsRng
        .try_fill_bytes(ikm_e.as_mut())
        .map_err(SealError::Rng)?;
    let (enc, ciphertext) =
        seal_with_ephemeral_ikm(recipient, INFO, aad, plaintext, ikm_e.as_ref())?;
    Ok(SealedCredential {
        suite: SUITE.to_owned(),
        key_id: key_id.to_owned(),
        enc: b64::encode(&enc),
        ciphertext: b64::encode(&ciphertext),
    })
}

/// Opens an envelope sealed by [`seal`] for `submission_id`. It checks the suite but not the
/// key id: the caller picks `private` by `sealed.key_id`.
pub fn open(
    private: &PrivateKey,
    sealed: &SealedCredential,
    submission_id: &str,
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    open_with_aad(private, sealed, submission_id.as_bytes())
}

/// Opens an envelope sealed with the given aad; checks the suite, not the key id.
pub(crate) fn open_with_aad(
    private: &PrivateKey,
    sealed: &SealedCredential,
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    if sealed.suite != SUITE {
        return Err(OpenError::UnsupportedSuite(sealed.suite.clone()));
    }
    let enc = decode_field("enc", &sealed.enc)?;
    let ciphertext = decode_field("ciphertext", &sealed.ciphertext)?;
    open_raw(private, &enc, INFO, aad, &ciphertext)
}

fn decode_field(field: &'static str, text: &str) -> Result<Vec<u8>, OpenError> {
    b64::decode(text).map_err(|e| OpenError::Encoding {
        field,
        detail: b64::describe(&e),
    })
}

/// HPKE `SealBase` whose ephemeral key is `DeriveKeyPair(ikm_e)` (RFC 9180 §4.1, §7.1.3):
/// production passes fresh OS randomness; the RFC test vectors pass their `ikmE`.
fn seal_with_ephemeral_ikm(
    recipient: &PublicKey,
    info: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    ikm_e: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), SealError> {
    let pk = recipient.to_hpke()?;
    let mut rng = EphemeralIkm::new(ikm_e);
    let sealed = hpke::single_shot_seal::<SuiteAead, SuiteKdf, SuiteKem, _>(
        &OpModeS::Base,
        &pk,
        info,
        plaintext,
        aad,
        &mut rng,
    );
    if let Some(error) = rng.failure {
        return Err(SealError::Rng(error));
    }
    let (encapped, ciphertext) = sealed.map_err(SealError::Hpke)?;
    Ok((encapped.to_bytes().to_vec(), ciphertext))
}

/// HPKE `OpenBase` (single shot, sequence number 0).
fn open_raw(
    private: &PrivateKey,
    enc: &[u8],
    info: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    if enc.len() != 32 {
        return Err(OpenError::Encoding {
            field: "enc",
            detail: format!("must be 32 bytes, got {}", enc.len()),
        });
    }
    let sk = private.to_hpke()?;
    let encapped =
        <SuiteKem as Kem>::EncappedKey::from_bytes(enc).map_err(|e| OpenError::Encoding {
            field: "enc",
            detail: e.to_string(),
        })?;
    hpke::single_shot_open::<SuiteAead, SuiteKdf, SuiteKem>(
        &OpModeR::Base,
        &sk,
        &encapped,
        info,
        ciphertext,
        aad,
    )
    .map(Zeroizing::new)
    .map_err(OpenError::Decrypt)
}

/// The randomness hpke draws for the ephemeral key: first the given `ikm_e` (hpke asks for
/// exactly 32 bytes once per seal), then, should it ever ask for more, fresh OS randomness.
/// An OS failure is recorded and turns the seal into an error.
struct EphemeralIkm<'a> {
    ikm: &'a [u8],
    failure: Option<rand_core::OsError>,
}

impl<'a> EphemeralIkm<'a> {
    fn new(ikm: &'a [u8]) -> Self {
        Self { ikm, failure: None }
    }
}

impl RngCore for EphemeralIkm<'_> {
    fn next_u32(&mut self) -> u32 {
        let mut bytes = [0u8; 4];
        self.fill_bytes(&mut bytes);
        u32::from_le_bytes(bytes)
    }

    fn next_u64(&mut self) -> u64 {
        let mut bytes = [0u8; 8];
        self.fill_bytes(&mut bytes);
        u64::from_le_bytes(bytes)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let from_ikm = dest.len().min(self.ikm.len());
        let (head, tail) = dest.split_at_mut(from_ikm);
        head.copy_from_slice(&self.ikm[..from_ikm]);
        self.ikm = &self.ikm[from_ikm..];
        if !tail.is_empty() {
            if let Err(error) = OsRng.try_fill_bytes(tail) {
                self.failure = Some(error);
            }
        }
    }
}

impl CryptoRng for EphemeralIkm<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KeyPair;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 9180 Appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, mode_base
    /// (kem_id 0x0020, kdf_id 0x0001, aead_id 0x0001).
    mod rfc9180_a_1_1 {
        pub const INFO: &str = "4f6465206f6e2061204772656369616e2055726e";
        pub const IKM_E: &str = "7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234";
        pub const PK_EM: &str = "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431";
        pub const SK_EM: &str = "52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736";
        pub const IKM_R: &str = "6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037";
        pub const PK_RM: &str = "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d";
        pub const SK_RM: &str = "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8";
        pub const ENC: &str = "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431";
        /// Encryption sequence number 0.
        pub const AAD: &str = "436f756e742d30";
        pub const PT: &str = "4265617574792069732074727574682c20747275746820626561757479";
        pub const CT: &str = "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a";
    }

    #[test]
    fn rfc9180_key_derivation() {
        use rfc9180_a_1_1::*;
        let recipient = KeyPair::derive(&hex(IKM_R));
        assert_eq!(recipient.public_key().as_bytes().to_vec(), hex(PK_RM));
        let mut sk = [0u8; 32];
        sk.copy_from_slice(&hex(SK_RM));
        assert_eq!(
            PrivateKey::from_bytes(sk)
                .public_key()
                .unwrap()
                .as_bytes()
                .to_vec(),
            hex(PK_RM)
        );
        let ephemeral = KeyPair::derive(&hex(IKM_E));
        assert_eq!(ephemeral.public_key().as_bytes().to_vec(), hex(PK_EM));
        assert_eq!(
            ephemeral.private_key().to_b64url().as_str(),
            b64::encode(&hex(SK_EM))
        );
    }

    #[test]
    fn rfc9180_seal_matches_the_published_enc_and_ciphertext() {
        use rfc9180_a_1_1::*;
        let mut pk = [0u8; 32];
        pk.copy_from_slice(&hex(PK_RM));
        let (enc, ct) = seal_with_ephemeral_ikm(
            &PublicKey::from_bytes(pk),
            &hex(INFO),
            &hex(AAD),
            &hex(PT),
            &hex(IKM_E),
        )
        .unwrap();
        assert_eq!(enc, hex(ENC));
        assert_eq!(ct, hex(CT));
    }

    #[test]
    fn rfc9180_open_recovers_the_published_plaintext() {
        use rfc9180_a_1_1::*;
        let mut sk = [0u8; 32];
        sk.copy_from_slice(&hex(SK_RM));
        let pt = open_raw(
            &PrivateKey::from_bytes(sk),
            &hex(ENC),
            &hex(INFO),
            &hex(AAD),
            &hex(CT),
        )
        .unwrap();
        assert_eq!(pt.as_slice(), hex(PT).as_slice());
    }

    /// The worked example of docs/intake-protocol.md (also reproduced with pyhpke).
    #[test]
    fn worked_example_of_the_protocol_doc() {
        let ikm_r: Vec<u8> = (0u8..32).collect();
        let ikm_e: Vec<u8> = (32u8..64).collect();
        let submission_id = "3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
        let jwt = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMDEiLCJpc3MiOiJodHRwczovL3BsYXRmb3JtLnJpbmdjZW50cmFsLmNvbSJ9.c2lnbmF0dXJl";
        let recipient = KeyPair::derive(&ikm_r);
        assert_eq!(
            recipient.private_key().to_b64url().as_str(),
            "kfekZ99O-XBT7CpHtuYZ9jLflUe7AJ_QvMdHkJ8be9Q"
        );
        assert_eq!(
            recipient.public_key().to_b64url(),
            "sfG4QN56MkGwJ0jPmwW3TcjF6EUSmHOIF712qo6-jCs"
        );
        let (enc, ct) = seal_with_ephemeral_ikm(
            recipient.public_key(),
            INFO,
            submission_id.as_bytes(),
            jwt,
            &ikm_e,
        )
        .unwrap();
        let sealed = SealedCredential {
            suite: SUITE.to_owned(),
            key_id: "2026-11".to_owned(),
            enc: b64::encode(&enc),
            ciphertext: b64::encode(&ct),
        };
        assert_eq!(sealed.enc, "aTZYJUYw9zrY2nj7Mxv5ds1C-Q4OnJ6D9AxRBypvdBc");
        assert_eq!(
            sealed.ciphertext,
            "Wlr_X5kv-8zqtTH6TViLkU4jhRcDCv9XLahcKWnrG06gd7apQHoLDgP8y7IK00eTFntHGPwLfQmpIyM_Kaq7Y6KcGEXYrxVWi8gl5cFrJohiGarogNSKemLc5MHUry7aMAsu7yWJw799lGbSECElynfFZ-EMGNVQi_k"
        );
        let opened = open(recipient.private_key(), &sealed, submission_id).unwrap();
        assert_eq!(opened.as_slice(), jwt);
        assert_eq!(crate::credential_fingerprint(jwt), "48d5757fa4c3684c");
    }

    #[test]
    fn a_fresh_ephemeral_key_every_seal() {
        let pair = KeyPair::generate().unwrap();
        let id = "9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3c4";
        let a = seal(pair.public_key(), "k", id, b"same").unwrap();
        let b = seal(pair.public_key(), "k", id, b"same").unwrap();
        assert_ne!(a.enc, b.enc);
        assert_ne!(a.ciphertext, b.ciphertext);
    }
}
