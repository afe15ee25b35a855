//! `POST /v1/verifications` over real loopback HTTP with the RingCentral simulator behind the
//! intake: success with one token exchange and a revoke, every failure kind passed through as
//! the check prints it, RingCentral's rate limit, the code's allowance, RingCentral unreachable,
//! forged and misdirected envelopes, 501 from an intake without verification; and submissions
//! to a verifying intake: reuse of a verification without a second exchange, verification at
//! submission time, and 422 for a claimed identity the intake did not verify.

#[macro_use]
mod common;

use std::time::Duration;

use common::{answer, error_code, start, start_with, Db, Fixture, KEY_ID};
use rc_onboard_intake_protocol::{
    seal, seal_verification, ClientInfo, KeyPair, PublicKey, VerificationRequest,
};
use rc_onboard_intake_server::{IntakeVerifier, Storage};
use rc_onboard_simulator::{
    demo, AllowedApps, CredentialSpec, Expiry, Faults, RateLimitFault, SimConfig, SimHandle,
};
use rc_onboard_verify::{Profile, VerifierOptions};
use time::OffsetDateTime;
use url::Url;

struct Setup {
    sim: SimHandle,
    fx: Fixture,
}

fn verifier_for(sim: &SimHandle) -> IntakeVerifier {
    let profile = Profile::demo(
        Url::parse(&sim.base_url()).unwrap(),
        Url::parse("http://127.0.0.1:9/v1/submissions").unwrap(),
        [9; 32],
        KEY_ID,
    );
    IntakeVerifier::new(profile, VerifierOptions::default()).unwrap()
}

async fn setup(db: &Db) -> Setup {
    let sim = rc_onboard_simulator::start(SimConfig::default())
        .await
        .unwrap();
    let verifier = verifier_for(&sim);
    let fx = start_with(db, |config| config.verifier = Some(verifier)).await;
    Setup { sim, fx }
}

fn verification_body(public: &PublicKey, jwt: &str) -> (String, Vec<u8>) {
    let id = uuid::Uuid::new_v4().to_string();
    let request = VerificationRequest {
        version: 1,
        verification_id: id.clone(),
        sealed_credential: seal_verification(public, KEY_ID, &id, jwt.as_bytes()).unwrap(),
        client: ClientInfo {
            app: "rc-onboard".into(),
            version: "0.1.0".into(),
            os: "linux".into(),
        },
    };
    (id, request.to_json().unwrap())
}

async fn post(fx: &Fixture, code: &str, body: Vec<u8>) -> reqwest::Response {
    fx.http
        .post(fx.server.verifications_url())
        .bearer_auth(code)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

impl Setup {
    fn credential(&self, allowed: AllowedApps, expires: Expiry) -> (String, String) {
        let issued = self.sim.create_credential(CredentialSpec {
            owner_extension_id: demo::JANE_EXTENSION_ID,
            allowed,
            expires,
        });
        (issued.jwt, issued.jti)
    }

    fn for_provider(&self) -> String {
        self.credential(
            AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
            Expiry::Never,
        )
        .0
    }

    /// Verifies `jwt` with a fresh code: status, answer.
    async fn verify(&self, jwt: &str) -> (u16, serde_json::Value) {
        let code = self.fx.code();
        let (id, body) = verification_body(&self.fx.public, jwt);
        let (status, json) = answer(post(&self.fx, &code, body).await).await;
        if status == 200 {
            assert_eq!(json["verification_id"], id.as_str());
        }
        (status, json)
    }

    async fn failure_kind(&self, jwt: &str) -> serde_json::Value {
        let (status, json) = self.verify(jwt).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!(json["result"]["ok"], false, "{json}");
        json["result"]["error"].clone()
    }
}

async fn a_good_credential_is_verified_with_one_exchange_and_revoked(db: &Db) {
    let s = setup(db).await;
    let jwt = s.for_provider();
    let (status, json) = s.verify(&jwt).await;
    assert_eq!(status, 200, "{json}");
    let result = &json["result"];
    assert_eq!(result["ok"], true, "{json}");
    assert_eq!(
        result["identity"]["account_id"],
        demo::ACCOUNT_ID.to_string()
    );
    assert_eq!(
        result["identity"]["extension_id"],
        demo::JANE_EXTENSION_ID.to_string()
    );
    assert_eq!(result["missing_permissions"], serde_json::json!([]));
    assert!(result["credential"]["expires_at"].is_null(), "{json}");
    let counters = s.sim.counters();
    assert_eq!(counters.token, 1, "{counters:?}");
    assert_eq!(counters.revoke, 1, "{counters:?}");
    assert!(!json.to_string().contains(&jwt));

    let metrics =
        s.fx.http
            .get(s.fx.server.metrics_url())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    assert!(
        metrics.contains(r#"intake_verifications_total{kind="ok"} 1"#),
        "{metrics}"
    );
}

async fn codes_are_checked_before_anything_is_verified(db: &Db) {
    let s = setup(db).await;
    let (_, body) = verification_body(&s.fx.public, &s.for_provider());
    let (status, json) = answer(
        post(
            &s.fx,
            "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789",
            body.clone(),
        )
        .await,
    )
    .await;
    assert_eq!((status, error_code(&json)), (401, "code_invalid"));
    let expired = s.fx.server.issue_code("Acme", Duration::ZERO).unwrap();
    let (status, json) = answer(post(&s.fx, &expired, body).await).await;
    assert_eq!((status, error_code(&json)), (401, "code_expired"));
    assert_eq!(s.sim.counters().token, 0);
}

/// A submission of `jwt` claiming Jane's identity, or `account_id` when given.
fn submission(s: &Setup, jwt: &str, account_id: Option<&str>) -> (String, Vec<u8>) {
    let id = common::new_submission_id();
    let mut request = common::request(&s.fx.public, KEY_ID, &id, jwt);
    request.ringcentral.account_id = account_id
        .map(str::to_owned)
        .unwrap_or_else(|| demo::ACCOUNT_ID.to_string());
    request.ringcentral.extension_id = demo::JANE_EXTENSION_ID.to_string();
    (id, request.to_json().unwrap())
}

async fn a_submission_after_a_verification_needs_no_second_exchange(db: &Db) {
    let s = setup(db).await;
    let jwt = s.for_provider();
    let code = s.fx.code();
    let (_, body) = verification_body(&s.fx.public, &jwt);
    let (status, json) = answer(post(&s.fx, &code, body).await).await;
    assert_eq!(
        (status, &json["result"]["ok"]),
        (200, &serde_json::json!(true))
    );
    assert_eq!(s.sim.counters().token, 1);

    let (id, body) = submission(&s, &jwt, None);
    let (status, json) = answer(s.fx.post(&code, &id, body).await).await;
    assert_eq!(status, 201, "{json}");
    assert_eq!(s.sim.counters().token, 1, "no second token exchange");
    let stored = s.fx.server.submissions().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].account_id, demo::ACCOUNT_ID.to_string());
    assert_eq!(stored[0].extension_id, demo::JANE_EXTENSION_ID.to_string());
    // Permissions and expiry are the intake's, not the body's (ReadAccounts and SMS, 2027).
    assert_eq!(stored[0].verified_by, "intake");
    let granted: Vec<&str> = demo::PROVIDER_PERMISSIONS.to_vec();
    assert_eq!(stored[0].permissions, granted);
    assert_eq!(stored[0].credential_expires_at, None);
}

async fn without_verification_the_client_claims_are_stored_as_such(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = common::new_submission_id();
    let (status, json) = answer(fx.post(&code, &id, fx.body(&id)).await).await;
    assert_eq!(status, 201, "{json}");
    let stored = fx.server.submissions().unwrap();
    assert_eq!(stored[0].verified_by, "client");
    assert_eq!(stored[0].account_id, "37439510");
    assert_eq!(stored[0].permissions, vec!["ReadAccounts", "SMS"]);
}

async fn a_submission_without_a_verification_is_verified_then(db: &Db) {
    let s = setup(db).await;
    let jwt = s.for_provider();
    let code = s.fx.code();
    let (id, body) = submission(&s, &jwt, None);
    let (status, json) = answer(s.fx.post(&code, &id, body.clone()).await).await;
    assert_eq!(status, 201, "{json}");
    assert_eq!(s.sim.counters().token, 1);
    // The replay is answered from the store, without verifying again.
    let (status, _) = answer(s.fx.post(&code, &id, body).await).await;
    assert_eq!(status, 200);
    assert_eq!(s.sim.counters().token, 1);
}

async fn a_submission_claiming_another_identity_is_422_and_not_stored(db: &Db) {
    let s = setup(db).await;
    let jwt = s.for_provider();
    let code = s.fx.code();
    let (id, body) = submission(&s, &jwt, Some("37439510"));
    let (status, json) = answer(s.fx.post(&code, &id, body).await).await;
    assert_eq!((status, error_code(&json)), (422, "identity_mismatch"));
    assert!(s.fx.server.submissions().unwrap().is_empty());

    let (other_app, _) = s.credential(
        AllowedApps::Only(vec![demo::ORG_CLIENT_ID.to_owned()]),
        Expiry::Never,
    );
    let (id, body) = submission(&s, &other_app, None);
    let (status, json) = answer(s.fx.post(&code, &id, body).await).await;
    assert_eq!(
        (status, error_code(&json)),
        (422, "credential_not_verified")
    );
    assert!(s.fx.server.submissions().unwrap().is_empty());
    // The code was not consumed: the right claim is stored.
    let (id, body) = submission(&s, &jwt, None);
    let (status, json) = answer(s.fx.post(&code, &id, body).await).await;
    assert_eq!(status, 201, "{json}");
}

async fn every_verification_is_recorded_for_support_without_the_credential(db: &Db) {
    let s = setup(db).await;
    let jwt = s.for_provider();
    let (_, body) = verification_body(&s.fx.public, &jwt);
    let (status, _) = answer(post(&s.fx, &s.fx.code(), body).await).await;
    assert_eq!(status, 200);
    let (other_app, _) = s.credential(
        AllowedApps::Only(vec![demo::ORG_CLIENT_ID.to_owned()]),
        Expiry::Never,
    );
    let cooper =
        s.fx.server
            .issue_code("Cooper Dental", Duration::from_secs(3600))
            .unwrap();
    let (_, body) = verification_body(&s.fx.public, &other_app);
    let (status, _) = answer(post(&s.fx, &cooper, body).await).await;
    assert_eq!(status, 200);

    let storage = Storage::open(&db.location(s.fx.dir.path())).await.unwrap();
    let all = storage.attempts(None).await.unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(
        (all[0].customer.as_str(), all[0].outcome.as_str()),
        ("Acme Dental", "ok")
    );
    assert_eq!(all[0].ringcentral_status, None);
    let cooper_only = storage.attempts(Some("Cooper Dental")).await.unwrap();
    assert_eq!(cooper_only.len(), 1);
    let failed = &cooper_only[0];
    assert_eq!(failed.outcome, "rejected");
    assert_eq!(failed.ringcentral_status, Some(400));
    assert_eq!(failed.ringcentral_code.as_deref(), Some("OAU-305"));
    assert_eq!(
        (
            failed.client_app.as_str(),
            failed.client_version.as_str(),
            failed.client_os.as_str()
        ),
        ("rc-onboard", "0.1.0", "linux")
    );
    assert!(failed.at.ends_with('Z'), "{}", failed.at);
    let text = serde_json::to_string(&all).unwrap();
    assert!(!text.contains(&jwt) && !text.contains(&other_app));
    storage.close().await;
}

on_both_backends!(
    every_verification_is_recorded_for_support_without_the_credential,
    a_good_credential_is_verified_with_one_exchange_and_revoked,
    codes_are_checked_before_anything_is_verified,
    a_submission_after_a_verification_needs_no_second_exchange,
    a_submission_without_a_verification_is_verified_then,
    a_submission_claiming_another_identity_is_422_and_not_stored,
    without_verification_the_client_claims_are_stored_as_such,
);

#[tokio::test]
async fn every_failure_kind_is_passed_through_as_check_prints_it() {
    let s = setup(&Db::Sqlite).await;

    let past = OffsetDateTime::now_utc().unix_timestamp() - 3600;
    let (expired, _) = s.credential(
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::Exp(past),
    );
    assert_eq!(s.failure_kind(&expired).await["kind"], "expired");

    let (other_app, _) = s.credential(
        AllowedApps::Only(vec![demo::ORG_CLIENT_ID.to_owned()]),
        Expiry::Never,
    );
    let error = s.failure_kind(&other_app).await;
    assert_eq!(error["kind"], "rejected");
    assert_eq!(error["ringcentral"]["status"], 400);
    assert_eq!(error["ringcentral"]["code"], "OAU-305");

    let (revoked, jti) = s.credential(
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::Never,
    );
    assert!(s.sim.revoke_credential(&jti));
    assert_eq!(s.failure_kind(&revoked).await["kind"], "rejected");

    assert!(s.sim.set_user_enabled(demo::JANE_EXTENSION_ID, false));
    let error = s.failure_kind(&s.for_provider()).await;
    assert_eq!(error["kind"], "user_disabled", "{error}");
    assert!(s.sim.set_user_enabled(demo::JANE_EXTENSION_ID, true));

    assert!(s.sim.set_app_jwt_grant(demo::PROVIDER_CLIENT_ID, false));
    let error = s.failure_kind(&s.for_provider()).await;
    assert_eq!(error["kind"], "app_not_enabled", "{error}");
    assert!(s.sim.set_app_jwt_grant(demo::PROVIDER_CLIENT_ID, true));

    assert_eq!(
        s.failure_kind("not a credential").await["kind"],
        "malformed"
    );
}

#[tokio::test]
async fn ringcentral_rate_limit_is_passed_through_with_retry_after() {
    let s = setup(&Db::Sqlite).await;
    s.sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            requests: 1,
            retry_after_s: 17,
        }),
        ..Faults::default()
    });
    let error = s.failure_kind(&s.for_provider()).await;
    assert_eq!(error["kind"], "rate_limited");
    assert_eq!(error["retry_after_s"], 17);
    assert_eq!(error["ringcentral"]["status"], 429);
}

#[tokio::test]
async fn the_eleventh_verification_of_a_code_in_ten_minutes_is_429() {
    let s = setup(&Db::Sqlite).await;
    let code = s.fx.code();
    for _ in 0..10 {
        let (_, body) = verification_body(&s.fx.public, "not a credential");
        let (status, json) = answer(post(&s.fx, &code, body).await).await;
        assert_eq!(status, 200, "{json}");
    }
    let (_, body) = verification_body(&s.fx.public, "not a credential");
    let response = post(&s.fx, &code, body.clone()).await;
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after > 500 && retry_after <= 600, "{retry_after}");
    let (status, json) = answer(response).await;
    assert_eq!((status, error_code(&json)), (429, "rate_limited"));
    // Another code has its own allowance.
    let (status, _) = answer(post(&s.fx, &s.fx.code(), body).await).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn ringcentral_unavailable_or_unreachable_is_503_with_retry_after() {
    let s = setup(&Db::Sqlite).await;
    s.sim.set_faults(Faults {
        unavailable: 1,
        ..Faults::default()
    });
    let response = post(
        &s.fx,
        &s.fx.code(),
        verification_body(&s.fx.public, &s.for_provider()).1,
    )
    .await;
    assert!(response.headers().contains_key("retry-after"));
    let (status, json) = answer(response).await;
    assert_eq!((status, error_code(&json)), (503, "unavailable"));

    // RingCentral gone altogether: nothing listens where it was.
    let jwt = s.for_provider();
    let Setup { sim, fx } = s;
    sim.shutdown().await;
    let response = post(&fx, &fx.code(), verification_body(&fx.public, &jwt).1).await;
    assert!(response.headers().contains_key("retry-after"));
    let (status, json) = answer(response).await;
    assert_eq!((status, error_code(&json)), (503, "unavailable"));
}

#[tokio::test]
async fn forged_and_misdirected_envelopes_are_422_and_never_verified() {
    let s = setup(&Db::Sqlite).await;
    let jwt = s.for_provider();
    let code = s.fx.code();

    // Sealed to another key.
    let stranger = KeyPair::generate().unwrap();
    let (_, forged) = verification_body(stranger.public_key(), &jwt);
    let (status, json) = answer(post(&s.fx, &code, forged).await).await;
    assert_eq!((status, error_code(&json)), (422, "undecryptable"));

    // A submission envelope replayed as a verification.
    let (id, body) = verification_body(&s.fx.public, &jwt);
    let mut request = VerificationRequest::from_json(&body).unwrap();
    request.sealed_credential = seal(&s.fx.public, KEY_ID, &id, jwt.as_bytes()).unwrap();
    let (status, json) = answer(post(&s.fx, &code, request.to_json().unwrap()).await).await;
    assert_eq!((status, error_code(&json)), (422, "undecryptable"));

    // A verification envelope replayed as a submission.
    let mut submission = common::request(&s.fx.public, KEY_ID, &id, &jwt);
    submission.sealed_credential = request_envelope(&s.fx.public, &id, &jwt);
    let (status, json) = answer(s.fx.post(&code, &id, submission.to_json().unwrap()).await).await;
    assert_eq!((status, error_code(&json)), (422, "undecryptable"));

    let (status, json) = answer(post(&s.fx, &code, b"{\"version\":1}".to_vec()).await).await;
    assert_eq!((status, error_code(&json)), (422, "malformed_body"));
    assert_eq!(s.sim.counters().token, 0);
}

fn request_envelope(
    public: &PublicKey,
    id: &str,
    jwt: &str,
) -> rc_onboard_intake_protocol::SealedCredential {
    seal_verification(public, KEY_ID, id, jwt.as_bytes()).unwrap()
}

#[tokio::test]
async fn an_intake_without_verification_answers_501() {
    let fx = start(&Db::Sqlite).await;
    let (_, body) = verification_body(&fx.public, "not a credential");
    let (status, json) = answer(post(&fx, &fx.code(), body).await).await;
    assert_eq!(
        (status, error_code(&json)),
        (501, "verification_not_offered")
    );
}
