//! Shared test fixtures: a server on 127.0.0.1 with a fresh database and key, sealed request
//! bodies, and a reqwest client.

#![allow(dead_code)]

pub mod postgres;
pub mod process;

use std::time::Duration;

use rc_onboard_intake_protocol::{
    seal, ClientInfo, IntakeRequest, KeyPair, PublicKey, RingCentralFacts,
};
use rc_onboard_intake_server::{DatabaseLocation, IntakeHandle, IntakeServer, ServerConfig};

pub const KEY_ID: &str = "2026-11";
pub const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3BsYXRmb3JtLnJpbmdjZW50cmFsLmNvbSIsInN1YiI6IjEwMSJ9.c2lnbmF0dXJl";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub server: IntakeHandle,
    pub public: PublicKey,
    pub http: reqwest::Client,
}

/// The backend a test runs on.
#[derive(Clone, Debug)]
pub enum Db {
    /// A SQLite file in the fixture's directory.
    Sqlite,
    /// A fresh database on the test PostgreSQL server.
    Postgres(String),
}

impl Db {
    /// Where the server stores, given the fixture's directory.
    pub fn location(&self, dir: &std::path::Path) -> DatabaseLocation {
        match self {
            Db::Sqlite => DatabaseLocation::Sqlite(dir.join("intake.db")),
            Db::Postgres(url) => DatabaseLocation::Postgres(url.clone()),
        }
    }

    /// The `--db` argument for the command line.
    pub fn argument(&self, dir: &std::path::Path) -> String {
        self.location(dir).to_string()
    }
}

/// Generates, for each `async fn NAME(db: &Db)` given, a module `NAME` with a `sqlite` and a
/// `postgres` test (the latter skipped with a notice outside CI when PostgreSQL is missing).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(&$crate::common::Db::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(url) = $crate::common::postgres::fresh_database() {
                    super::$name(&$crate::common::Db::Postgres(url)).await
                }
            }
        }
    )*};
}

pub async fn start(db: &Db) -> Fixture {
    start_with(db, |_| {}).await
}

/// Starts a server after `adjust` has changed its configuration.
pub async fn start_with(db: &Db, adjust: impl FnOnce(&mut ServerConfig)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let pair = KeyPair::generate().unwrap();
    let mut config =
        ServerConfig::with_database(db.location(dir.path()), pair.private_key().clone(), KEY_ID);
    adjust(&mut config);
    let server = IntakeServer::start(config).await.unwrap();
    Fixture {
        dir,
        server,
        public: pair.public_key().clone(),
        http: reqwest::Client::new(),
    }
}

pub fn new_submission_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn request(public: &PublicKey, key_id: &str, submission_id: &str, jwt: &str) -> IntakeRequest {
    IntakeRequest {
        version: 1,
        submission_id: submission_id.to_owned(),
        sealed_credential: seal(public, key_id, submission_id, jwt.as_bytes()).unwrap(),
        ringcentral: RingCentralFacts {
            server: "https://platform.ringcentral.com".into(),
            client_id: "AbCdEfGhIjKlMnOpQrStUv".into(),
            account_id: "37439510".into(),
            extension_id: "101".into(),
            permissions: vec!["ReadAccounts".into(), "SMS".into()],
            credential_expires_at: Some("2027-11-28T10:00:00Z".into()),
            validated_at: "2026-11-28T10:00:00Z".into(),
        },
        client: ClientInfo {
            app: "rc-onboard".into(),
            version: "0.1.0".into(),
            os: "linux".into(),
        },
    }
}

pub fn body(public: &PublicKey, submission_id: &str) -> Vec<u8> {
    request(public, KEY_ID, submission_id, JWT)
        .to_json()
        .unwrap()
}

impl Fixture {
    pub fn code(&self) -> String {
        self.server
            .issue_code("Acme Dental", Duration::from_secs(3600))
            .unwrap()
    }

    pub fn body(&self, submission_id: &str) -> Vec<u8> {
        body(&self.public, submission_id)
    }

    /// POST with the usual headers; `None` leaves a header out.
    pub async fn post_with(
        &self,
        code: Option<&str>,
        idempotency_key: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> reqwest::Response {
        let mut request = self.http.post(self.server.submissions_url()).body(body);
        if let Some(code) = code {
            request = request.bearer_auth(code);
        }
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        request.send().await.unwrap()
    }

    /// POST as a proxy would, naming the client in `X-Forwarded-For`.
    pub async fn post_forwarded_for(
        &self,
        client: &str,
        code: &str,
        submission_id: &str,
        body: Vec<u8>,
    ) -> reqwest::Response {
        self.http
            .post(self.server.submissions_url())
            .bearer_auth(code)
            .header("Idempotency-Key", submission_id)
            .header("Content-Type", "application/json")
            .header("X-Forwarded-For", client)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, code: &str, submission_id: &str, body: Vec<u8>) -> reqwest::Response {
        self.post_with(
            Some(code),
            Some(submission_id),
            Some("application/json"),
            body,
        )
        .await
    }

    pub async fn code_status(&self, code: Option<&str>) -> reqwest::Response {
        let mut request = self.http.get(self.server.code_status_url());
        if let Some(code) = code {
            request = request.bearer_auth(code);
        }
        request.send().await.unwrap()
    }
}

/// Status and parsed JSON body.
pub async fn answer(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text:?}: {e}"));
    (status, json)
}

pub fn error_code(json: &serde_json::Value) -> &str {
    json["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {json}"))
}
