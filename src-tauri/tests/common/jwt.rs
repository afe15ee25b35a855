//! JWT-shaped strings with chosen claims, for the failures local inspection must catch without
//! asking RingCentral (another issuer, another environment). The signature only has the shape of
//! a real one: inspection cannot check signatures and must not need to.

use rc_onboard_testkit::FakeJwt;
use serde_json::{json, Value};

/// A never-expiring RS256 credential issued by `issuer`, with a made-up signature.
pub fn crafted_jwt(issuer: &str) -> String {
    FakeJwt::rs256().claims(&claims_from(issuer)).build()
}

/// Claims of a never-expiring credential issued by `issuer`.
fn claims_from(issuer: &str) -> Value {
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
