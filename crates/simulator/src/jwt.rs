//! JWT credentials shaped like RingCentral's: the process-wide signing keys (RSA-2048 for RS256,
//! as RingCentral issues; ECDSA P-256 for ES256, to test clients that must not refuse other
//! algorithms), minting a credential (header `kid`/`typ`/`alg`; payload `aud`, `sub`, `iss`,
//! `exp`, `iat`, `jti` in that order) and decoding + verifying an assertion presented to the
//! token endpoint.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore as _;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{Keypair as _, SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts as _;
use rsa::RsaPrivateKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use tokio::sync::OnceCell;

use crate::error::SimError;
use crate::model::SigningAlgorithm;

/// RSA modulus size, as in real credentials (342-character signatures).
const KEY_BITS: usize = 2048;

/// The one signing key of this process, generated on first use (keygen is slow in debug builds).
static PROCESS_SIGNER: OnceCell<JwtSigner> = OnceCell::const_new();

/// Signs and verifies credentials with an RSA-2048 key (RS256) and a P-256 key (ES256).
pub(crate) struct JwtSigner {
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    kid: String,
    ec_signing: p256::ecdsa::SigningKey,
    ec_kid: String,
}

/// The claims of a credential, in RingCentral's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Claims {
    pub aud: String,
    pub sub: String,
    pub iss: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
}

#[derive(Serialize)]
struct Header<'a> {
    kid: &'a str,
    typ: &'static str,
    alg: &'static str,
}

#[derive(Deserialize)]
struct PresentedHeader {
    alg: String,
}

/// Why an assertion was not accepted as a credential signed by this simulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AssertionError {
    /// Not three base64url segments of JSON with the expected claims.
    Unparseable,
    /// Signed with something other than RS256 or ES256.
    UnsupportedAlgorithm,
    /// RS256 or ES256, but not signed by this simulator's key.
    BadSignature,
}

/// The process-wide signer, generating the key on first call.
pub(crate) async fn process_signer() -> Result<&'static JwtSigner, SimError> {
    PROCESS_SIGNER
        .get_or_try_init(|| async {
            tokio::task::spawn_blocking(JwtSigner::generate)
                .await
                .map_err(SimError::KeyTask)?
        })
        .await
}

/// A fresh credential id: 16 random bytes, base64url (22 characters).
pub(crate) fn new_jti() -> String {
    random_b64(16)
}

/// `n` random bytes, base64url without padding.
pub(crate) fn random_b64(n: usize) -> String {
    let mut bytes = vec![0_u8; n];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

impl JwtSigner {
    fn generate() -> Result<JwtSigner, SimError> {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), KEY_BITS)
            .map_err(SimError::KeyGeneration)?;
        let kid = key_id(&private.n().to_bytes_be());
        let signing = SigningKey::<Sha256>::new(private);
        let verifying = signing.verifying_key();
        let ec_signing = p256::ecdsa::SigningKey::random(&mut rand::thread_rng());
        let ec_kid = key_id(
            ec_signing
                .verifying_key()
                .to_encoded_point(false)
                .as_bytes(),
        );
        Ok(JwtSigner {
            signing,
            verifying,
            kid,
            ec_signing,
            ec_kid,
        })
    }

    /// A compact JWT carrying `claims`, signed with `algorithm`.
    pub(crate) fn mint(&self, claims: &Claims, algorithm: SigningAlgorithm) -> String {
        let header = Header {
            kid: match algorithm {
                SigningAlgorithm::Rs256 => &self.kid,
                SigningAlgorithm::Es256 => &self.ec_kid,
            },
            typ: "JWT",
            alg: algorithm.name(),
        };
        // Serialising these plain structs cannot fail; fall back to an empty object regardless.
        let header = serde_json::to_vec(&header).unwrap_or_default();
        let payload = serde_json::to_vec(claims).unwrap_or_default();
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let signature = match algorithm {
            SigningAlgorithm::Rs256 => self.signing.sign(signing_input.as_bytes()).to_vec(),
            SigningAlgorithm::Es256 => {
                let signature: p256::ecdsa::Signature =
                    self.ec_signing.sign(signing_input.as_bytes());
                signature.to_bytes().to_vec()
            }
        };
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// Decodes `assertion` and checks its signature against this simulator's key.
    pub(crate) fn verify(&self, assertion: &str) -> Result<Claims, AssertionError> {
        let mut parts = assertion.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(AssertionError::Unparseable);
        };
        let header: PresentedHeader = decode_json(header)?;
        let claims: Claims = decode_json(payload)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| AssertionError::Unparseable)?;
        let signing_input_len = assertion.len() - signature_segment_len(assertion);
        let signing_input = &assertion.as_bytes()[..signing_input_len];
        match SigningAlgorithm::from_name(&header.alg) {
            Some(SigningAlgorithm::Rs256) => self.verify_rs256(signing_input, &signature)?,
            Some(SigningAlgorithm::Es256) => self.verify_es256(signing_input, &signature)?,
            None => return Err(AssertionError::UnsupportedAlgorithm),
        }
        Ok(claims)
    }

    fn verify_rs256(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), AssertionError> {
        let signature = Signature::try_from(signature).map_err(|_| AssertionError::BadSignature)?;
        self.verifying
            .verify(signing_input, &signature)
            .map_err(|_| AssertionError::BadSignature)
    }

    fn verify_es256(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), AssertionError> {
        let signature = p256::ecdsa::Signature::from_slice(signature)
            .map_err(|_| AssertionError::BadSignature)?;
        self.ec_signing
            .verifying_key()
            .verify(signing_input, &signature)
            .map_err(|_| AssertionError::BadSignature)
    }
}

/// A key id: the first 16 bytes of the SHA-256 of the public key, in hex.
fn key_id(public_key: &[u8]) -> String {
    Sha256::digest(public_key)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Length of the last segment plus its leading dot.
fn signature_segment_len(assertion: &str) -> usize {
    assertion.rfind('.').map_or(0, |dot| assertion.len() - dot)
}

fn decode_json<T: for<'de> Deserialize<'de>>(segment: &str) -> Result<T, AssertionError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| AssertionError::Unparseable)?;
    serde_json::from_slice(&bytes).map_err(|_| AssertionError::Unparseable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            aud: "http://127.0.0.1:1/restapi/oauth/token".to_owned(),
            sub: "101".to_owned(),
            iss: "http://127.0.0.1:1".to_owned(),
            exp: 4_000_000_000,
            iat: 1_700_000_000,
            jti: new_jti(),
        }
    }

    #[tokio::test]
    async fn minted_credentials_look_real_and_verify() {
        let signer = process_signer().await.unwrap();
        let claims = claims();
        let jwt = signer.mint(&claims, SigningAlgorithm::Rs256);
        let segments: Vec<&str> = jwt.split('.').collect();
        assert_eq!(segments.len(), 3);
        let header = String::from_utf8(URL_SAFE_NO_PAD.decode(segments[0]).unwrap()).unwrap();
        assert!(header.starts_with("{\"kid\":\""), "{header}");
        assert!(
            header.ends_with("\",\"typ\":\"JWT\",\"alg\":\"RS256\"}"),
            "{header}"
        );
        let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(segments[1]).unwrap()).unwrap();
        assert!(payload.starts_with("{\"aud\":"), "{payload}");
        let order: Vec<usize> = [
            "\"aud\"", "\"sub\"", "\"iss\"", "\"exp\"", "\"iat\"", "\"jti\"",
        ]
        .iter()
        .map(|k| payload.find(k).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{payload}");
        assert_eq!(segments[2].len(), 342);
        assert_eq!(claims.jti.len(), 22);
        assert_eq!(signer.verify(&jwt), Ok(claims));
    }

    #[tokio::test]
    async fn tampering_and_garbage_are_told_apart() {
        let signer = process_signer().await.unwrap();
        let jwt = signer.mint(&claims(), SigningAlgorithm::Rs256);
        let mut other = claims();
        other.sub = "999".to_owned();
        let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&other).unwrap());
        let parts: Vec<&str> = jwt.split('.').collect();
        let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        assert_eq!(signer.verify(&forged), Err(AssertionError::BadSignature));
        assert_eq!(signer.verify("wrong-jwt"), Err(AssertionError::Unparseable));
        assert_eq!(signer.verify("a.b.c.d"), Err(AssertionError::Unparseable));
        let hs_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let hs = format!("{hs_header}.{}.{}", parts[1], parts[2]);
        assert_eq!(
            signer.verify(&hs),
            Err(AssertionError::UnsupportedAlgorithm)
        );
    }

    #[tokio::test]
    async fn es256_credentials_verify_and_cannot_pass_as_rs256() {
        let signer = process_signer().await.unwrap();
        let claims = claims();
        let jwt = signer.mint(&claims, SigningAlgorithm::Es256);
        let segments: Vec<&str> = jwt.split('.').collect();
        let header = String::from_utf8(URL_SAFE_NO_PAD.decode(segments[0]).unwrap()).unwrap();
        assert!(
            header.ends_with("\",\"typ\":\"JWT\",\"alg\":\"ES256\"}"),
            "{header}"
        );
        assert_eq!(URL_SAFE_NO_PAD.decode(segments[2]).unwrap().len(), 64);
        assert_eq!(signer.verify(&jwt), Ok(claims));
        let rs_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
        let relabelled = format!("{rs_header}.{}.{}", segments[1], segments[2]);
        assert_eq!(
            signer.verify(&relabelled),
            Err(AssertionError::BadSignature)
        );
    }
}
