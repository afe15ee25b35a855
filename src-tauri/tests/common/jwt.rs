//! JWT-shaped strings with chosen claims, for the failures local inspection must catch without
//! asking RingCentral (another issuer, another environment). The signature is not a real one:
//! inspection cannot check signatures and must not need to.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

/// `header.payload.signature` with an RS256 header and `claims` as the payload.
pub fn unsigned_rs256(claims: &Value) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": "test-key"});
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(b"not a real RS256 signature, only its shape")
    )
}

/// Claims of a never-expiring credential issued by `issuer`.
pub fn claims_from(issuer: &str) -> Value {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    json!({
        "aud": issuer,
        "sub": "809647016",
        "iss": issuer,
        "exp": now + 2_147_483_647,
        "iat": now,
        "jti": "crafted-credential-1"
    })
}

/// The parts of `jwt` long enough to identify it if any of them leaked on its own (payload and
/// signature; the header is the same for every credential of an issuer).
pub fn identifying_parts(jwt: &str) -> Vec<String> {
    jwt.split('.')
        .skip(1)
        .filter(|part| part.len() >= 16)
        .map(str::to_owned)
        .collect()
}
