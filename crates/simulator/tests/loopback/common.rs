//! Helpers: start a demo simulator, talk to it over real loopback HTTP, read RingCentral-style
//! responses and credential claims.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rc_onboard_simulator::{
    demo, start, AllowedApps, CredentialSpec, Expiry, IssuedCredential, SimConfig, SimHandle,
    JWT_BEARER_GRANT,
};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;

pub async fn demo_sim() -> SimHandle {
    start(SimConfig::default()).await.unwrap()
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// A response read in full.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub async fn read(response: reqwest::Response) -> Reply {
        Reply {
            status: response.status(),
            headers: response.headers().clone(),
            text: response.text().await.unwrap(),
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("missing header {name}"))
            .to_str()
            .unwrap()
    }

    /// Asserts a 429 with `Retry-After` and RingCentral's CMN-301 body.
    pub fn assert_rate_limited(&self, retry_after: &str) {
        assert_eq!(self.status, StatusCode::TOO_MANY_REQUESTS, "{}", self.text);
        assert_eq!(self.header("retry-after"), retry_after);
        assert_eq!(self.header("x-rate-limit-remaining"), "0");
        assert_eq!(
            self.header("content-type"),
            "application/json;charset=UTF-8"
        );
        let body = self.json();
        assert_eq!(body["errorCode"], "CMN-301");
        assert_eq!(body["message"], "Request rate exceeded");
        assert_eq!(body["errors"][0]["errorCode"], "CMN-301");
    }

    /// Asserts a token-endpoint error envelope and returns the body.
    pub fn assert_oauth_error(&self, status: u16, error: &str, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        let body = self.json();
        assert_eq!(body["error"], error, "{}", self.text);
        assert_eq!(body["errors"][0]["errorCode"], code, "{}", self.text);
        assert_eq!(
            body["error_description"], body["errors"][0]["message"],
            "{}",
            self.text
        );
        assert_eq!(
            self.header("content-type"),
            "application/json;charset=UTF-8"
        );
        body
    }
}

pub async fn exchange_as(
    sim: &SimHandle,
    client_id: &str,
    client_secret: &str,
    assertion: &str,
) -> Reply {
    let response = http()
        .post(format!("{}/restapi/oauth/token", sim.base_url()))
        .basic_auth(client_id, Some(client_secret))
        .form(&[("grant_type", JWT_BEARER_GRANT), ("assertion", assertion)])
        .send()
        .await
        .unwrap();
    Reply::read(response).await
}

/// Exchanges `assertion` as the demo provider app.
pub async fn exchange(sim: &SimHandle, assertion: &str) -> Reply {
    exchange_as(
        sim,
        demo::PROVIDER_CLIENT_ID,
        demo::PROVIDER_CLIENT_SECRET,
        assertion,
    )
    .await
}

/// A never-expiring credential of Jane restricted to the demo provider app.
pub fn provider_credential(sim: &SimHandle) -> IssuedCredential {
    credential(
        sim,
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::Never,
    )
}

pub fn credential(
    sim: &SimHandle,
    owner: u64,
    allowed: AllowedApps,
    expires: Expiry,
) -> IssuedCredential {
    sim.create_credential(CredentialSpec {
        owner_extension_id: owner,
        allowed,
        expires,
    })
}

/// An access token for Jane through the demo provider app.
pub async fn access_token(sim: &SimHandle) -> String {
    let issued = provider_credential(sim);
    let reply = exchange(sim, &issued.jwt).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["access_token"].as_str().unwrap().to_owned()
}

pub async fn get_with_token(sim: &SimHandle, path: &str, token: &str) -> Reply {
    let response = http()
        .get(format!("{}{path}", sim.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    Reply::read(response).await
}

/// Decoded JWT segment (0 = header, 1 = payload) as raw JSON text.
pub fn segment(jwt: &str, index: usize) -> String {
    let part = jwt.split('.').nth(index).unwrap();
    String::from_utf8(URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

pub fn claims(jwt: &str) -> Value {
    serde_json::from_str(&segment(jwt, 1)).unwrap()
}

pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
