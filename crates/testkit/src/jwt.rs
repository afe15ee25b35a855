//! JWT-shaped strings for tests: `header.payload.signature`, each part base64url without padding,
//! with the header and payload given as text (valid JSON or deliberately not) and a signature that
//! only has the shape of a real one.
//!
//! The default signature is 256 bytes, the size of an RS256 signature made with a 2048-bit key,
//! derived from the header and payload so that every distinct credential has its own
//! random-looking signature. Nothing can verify it: these strings are for local inspection and
//! for requests that are refused before any signature check.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The header RingCentral puts on a JWT credential (RS256, its key id).
pub const RINGCENTRAL_HEADER: &str =
    r#"{"kid":"8762f598d05944db86bf5ca978047608","typ":"JWT","alg":"RS256"}"#;

/// Bytes in the made-up signature: an RS256 signature with a 2048-bit key.
pub const SIGNATURE_BYTES: usize = 256;

/// `bytes` as base64url without padding, the encoding of every JWT part.
pub fn b64url(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The claims text of a RingCentral JWT credential issued by `issuer` (scheme and host, e.g.
/// `https://platform.ringcentral.com`). `exp` and `iat` are written as given, so a test can put a
/// number, a string, `1e308` or anything else there.
pub fn ringcentral_claims(
    issuer: &str,
    exp: impl std::fmt::Display,
    iat: impl std::fmt::Display,
) -> String {
    format!(
        r#"{{"aud":"{issuer}/restapi/oauth/token","sub":"2069909019","iss":"{issuer}","exp":{exp},"iat":{iat},"jti":"98kNLUzpQc6561JkbuBBgQ"}}"#
    )
}

/// What goes after the second dot.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Signature {
    /// [`SIGNATURE_BYTES`] random-looking bytes derived from the header and payload.
    Derived,
    /// This text, as it is (already encoded, or deliberately not).
    Text(String),
}

/// A JWT-shaped string under construction: `FakeJwt::rs256().claims(&json!({…})).build()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeJwt {
    header: String,
    payload: String,
    signature: Signature,
}

impl FakeJwt {
    /// RingCentral's RS256 header ([`RINGCENTRAL_HEADER`]), an empty claims object `{}` and a
    /// 256-byte signature.
    pub fn rs256() -> FakeJwt {
        FakeJwt::with_header(RINGCENTRAL_HEADER)
    }

    /// `header` as the header text, exactly (it need not be JSON), an empty claims object and a
    /// 256-byte signature.
    pub fn with_header(header: impl Into<String>) -> FakeJwt {
        FakeJwt {
            header: header.into(),
            payload: "{}".to_owned(),
            signature: Signature::Derived,
        }
    }

    /// `claims` (serialised compactly) as the payload.
    pub fn claims(self, claims: &Value) -> FakeJwt {
        self.payload(claims.to_string())
    }

    /// `payload` as the payload text, exactly (it need not be JSON).
    pub fn payload(mut self, payload: impl Into<String>) -> FakeJwt {
        self.payload = payload.into();
        self
    }

    /// `signature` as the third part, as it is (not encoded again); `""` gives an unsigned token.
    pub fn signature(mut self, signature: impl Into<String>) -> FakeJwt {
        self.signature = Signature::Text(signature.into());
        self
    }

    /// `header.payload.signature`.
    pub fn build(&self) -> String {
        let signing_input = format!("{}.{}", b64url(&self.header), b64url(&self.payload));
        let signature = match &self.signature {
            Signature::Derived => fake_signature(&signing_input),
            Signature::Text(text) => text.clone(),
        };
        format!("{signing_input}.{signature}")
    }
}

/// A signature part of the size of an RS256 one: [`SIGNATURE_BYTES`] bytes of SHA-256 in counter
/// mode over `signing_input`, base64url. Random-looking, the same for the same input, different
/// for different ones.
pub fn fake_signature(signing_input: &str) -> String {
    let bytes: Vec<u8> = (0..=u8::MAX)
        .flat_map(|counter| {
            let mut hash = Sha256::new();
            hash.update(signing_input.as_bytes());
            hash.update([counter]);
            hash.finalize()
        })
        .take(SIGNATURE_BYTES)
        .collect();
    b64url(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode(part: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(part).unwrap()
    }

    #[test]
    fn the_default_signature_has_the_size_of_an_rs256_one() {
        let jwt = FakeJwt::rs256().claims(&json!({"sub": "1"})).build();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(decode(parts[0]), RINGCENTRAL_HEADER.as_bytes());
        assert_eq!(decode(parts[1]), br#"{"sub":"1"}"#);
        let signature = decode(parts[2]);
        assert_eq!(signature.len(), SIGNATURE_BYTES);
        assert!(!parts[2].contains('='));
        // Random-looking: not one byte repeated.
        assert!(signature.iter().any(|b| *b != signature[0]));
    }

    #[test]
    fn signatures_are_stable_and_differ_between_tokens() {
        let one = FakeJwt::rs256().payload("{\"a\":1}");
        let two = FakeJwt::rs256().payload("{\"a\":2}");
        assert_eq!(one.build(), one.build());
        let signature = |jwt: &FakeJwt| jwt.build().rsplit('.').next().map(str::to_owned);
        assert_ne!(signature(&one), signature(&two));
    }

    #[test]
    fn header_payload_and_signature_are_kept_as_given() {
        let jwt = FakeJwt::with_header("not json")
            .payload("<html>")
            .signature("")
            .build();
        assert_eq!(jwt, format!("{}.{}.", b64url("not json"), b64url("<html>")));
    }

    #[test]
    fn ringcentral_claims_are_json_with_the_given_times() {
        let claims: Value = serde_json::from_str(&ringcentral_claims(
            "https://platform.ringcentral.com",
            20,
            10,
        ))
        .unwrap();
        assert_eq!(claims["iss"], "https://platform.ringcentral.com");
        assert_eq!(
            claims["aud"],
            "https://platform.ringcentral.com/restapi/oauth/token"
        );
        assert_eq!(
            (claims["exp"].as_i64(), claims["iat"].as_i64()),
            (Some(20), Some(10))
        );
    }
}
