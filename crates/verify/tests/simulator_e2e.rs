//! End to end over real loopback HTTP against the RingCentral simulator: every error kind the
//! simulator can produce, success with identity and company, the revoke, and no network at all
//! for local failures.

use std::sync::Mutex;
use std::time::Duration;

use rc_onboard_simulator::{
    demo, start, AllowedApps, CredentialSpec, Expiry, Faults, RateLimitFault, SimConfig, SimHandle,
};
use rc_onboard_testkit::FakeJwt;
use rc_onboard_verify::report::{render_success, CheckFailure, CheckSuccess};
use rc_onboard_verify::{
    ErrorKind, Profile, SecretString, Stage, Verification, Verifier, VerifierOptions, VerifyError,
};
use time::OffsetDateTime;
use url::Url;

struct Fixture {
    sim: SimHandle,
    profile: Profile,
    verifier: Verifier,
    secret: SecretString,
}

async fn fixture() -> Fixture {
    fixture_with(VerifierOptions::default()).await
}

async fn fixture_with(options: VerifierOptions) -> Fixture {
    let sim = start(SimConfig::default()).await.unwrap();
    let server = Url::parse(&sim.base_url()).unwrap();
    let intake = Url::parse("http://127.0.0.1:9/v1/submissions").unwrap();
    let profile = Profile::demo(server, intake, [9; 32], "test-key");
    Fixture {
        sim,
        profile,
        verifier: Verifier::new(options).unwrap(),
        secret: SecretString::from(demo::PROVIDER_CLIENT_SECRET),
    }
}

impl Fixture {
    fn credential(&self, owner: u64, allowed: AllowedApps, expires: Expiry) -> SecretString {
        let issued = self.sim.create_credential(CredentialSpec {
            owner_extension_id: owner,
            allowed,
            expires,
        });
        SecretString::new(issued.jwt)
    }

    fn jane_for_provider(&self) -> SecretString {
        self.credential(
            demo::JANE_EXTENSION_ID,
            AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
            Expiry::Never,
        )
    }

    async fn verify(&self, jwt: &SecretString) -> Result<Verification, VerifyError> {
        self.verifier
            .verify(&self.profile, &self.secret, jwt, &|_| {})
            .await
    }

    async fn verify_err(&self, jwt: &SecretString) -> VerifyError {
        match self.verify(jwt).await {
            Ok(v) => panic!("expected an error, got {:?}", v.identity),
            Err(e) => e,
        }
    }
}

/// The JWT must never appear in any rendering of an error.
fn assert_no_jwt(error: &VerifyError, jwt: &SecretString) {
    let jwt = jwt.expose_secret();
    let tail = &jwt[jwt.len() - 40..];
    for text in [
        error.to_string(),
        format!("{error:?}"),
        error.message(),
        CheckFailure::from_error(error).to_json_line(),
    ] {
        assert!(!text.contains(tail), "JWT leaked: {text}");
    }
}

fn assert_rc(error: &VerifyError, status: u16, error_code: Option<&str>, code: Option<&str>) {
    let details = error.ringcentral().expect("RingCentral details");
    assert_eq!(details.status, status, "{error}");
    assert_eq!(details.error.as_deref(), error_code, "{error}");
    assert_eq!(details.code.as_deref(), code, "{error}");
    assert!(details.request_id.is_some(), "RCRequestId kept: {error}");
    assert!(!error.request_ids().is_empty());
}

#[tokio::test]
async fn success_reports_identity_company_and_revokes() {
    let f = fixture().await;
    let jwt = f.jane_for_provider();
    let stages = Mutex::new(Vec::new());
    let verification = f
        .verifier
        .verify(&f.profile, &f.secret, &jwt, &|stage| {
            stages.lock().unwrap().push(stage)
        })
        .await
        .unwrap();
    assert_eq!(
        *stages.lock().unwrap(),
        vec![
            Stage::Inspecting,
            Stage::Exchanging,
            Stage::FetchingIdentity,
            Stage::Revoking,
            Stage::Done
        ]
    );
    let identity = &verification.identity;
    assert_eq!(identity.account_id, demo::ACCOUNT_ID.to_string());
    assert_eq!(identity.extension_id, demo::JANE_EXTENSION_ID.to_string());
    assert_eq!(identity.extension_number, "101");
    assert_eq!(identity.name, "Jane Cooper");
    assert_eq!(identity.email.as_deref(), Some(demo::JANE_EMAIL));
    assert_eq!(identity.company.as_deref(), Some("Cooper Dental LLC"));
    assert!(verification
        .permissions
        .contains(&"ReadAccounts".to_owned()));
    assert!(verification.permissions.contains(&"ReadCallLog".to_owned()));
    assert!(verification.missing_permissions.is_empty());
    assert_eq!(verification.expires_at, None);
    assert_eq!(
        verification.request_ids.len(),
        3,
        "{:?}",
        verification.request_ids
    );
    assert_eq!(verification.credential.sub.as_deref(), Some("809647016"));

    let text = render_success(&verification);
    assert!(
        text.starts_with(&format!(
            "Connected as Jane Cooper (ext. 101), Cooper Dental LLC, account ID {}.",
            demo::ACCOUNT_ID
        )),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&CheckSuccess::from_verification(&verification).to_json_line())
            .unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["credential"]["expires_at"], serde_json::Value::Null);
    assert_eq!(json["identity"]["company"], "Cooper Dental LLC");

    verification.revoke.finish().await.unwrap();
    let counters = f.sim.counters();
    assert_eq!(counters.token, 1);
    assert_eq!(counters.extension, 1);
    assert_eq!(counters.business_address, 1);
    assert_eq!(counters.revoke, 1);
    assert_eq!(
        f.sim.open_sessions(),
        0,
        "the verification session was revoked"
    );
}

#[tokio::test]
async fn revoke_runs_in_the_background_when_not_awaited() {
    let f = fixture().await;
    let verification = f.verify(&f.jane_for_provider()).await.unwrap();
    drop(verification);
    let counters = f.sim.wait_for_counters(|c| c.revoke == 1).await;
    assert_eq!(counters.revoke, 1);
}

#[tokio::test]
async fn expiry_date_is_reported() {
    let f = fixture().await;
    let at = OffsetDateTime::now_utc() + time::Duration::days(30);
    let jwt = f.credential(
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::At(at),
    );
    let verification = f.verify(&jwt).await.unwrap();
    let expires_at = verification.expires_at.expect("an expiry date");
    assert_eq!(expires_at.date(), at.date());
    assert!(!verification.expires_soon);
    let json = CheckSuccess::from_verification(&verification).to_json_line();
    assert!(
        json.contains(&format!("\"expires_at\":\"{}", at.date())),
        "{json}"
    );
    assert!(verification.expiry_warning().is_none());
    verification.revoke.finish().await.unwrap();

    let soon = OffsetDateTime::now_utc() + time::Duration::days(3) + time::Duration::hours(1);
    let jwt = f.credential(
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::Exp(soon.unix_timestamp()),
    );
    let verification = f.verify(&jwt).await.unwrap();
    assert!(verification.expires_soon);
    assert_eq!(
        verification.expiry_warning().as_deref(),
        Some("expires in 3 days")
    );
    verification.revoke.finish().await.unwrap();
}

#[tokio::test]
async fn revoked_credential_is_rejected() {
    let f = fixture().await;
    let issued = f.sim.create_credential(CredentialSpec {
        owner_extension_id: demo::JANE_EXTENSION_ID,
        allowed: AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        expires: Expiry::Never,
    });
    assert!(f.sim.revoke_credential(&issued.jti));
    let jwt = SecretString::new(issued.jwt);
    let e = f.verify_err(&jwt).await;
    assert_eq!(e.kind(), ErrorKind::Rejected);
    assert_rc(&e, 400, Some("invalid_grant"), Some("OAU-211"));
    assert!(e.message().contains("Only specific apps of my choice"));
    assert_no_jwt(&e, &jwt);
    assert_eq!(f.sim.counters().revoke, 0, "no session was opened");
}

#[tokio::test]
async fn credential_for_another_app_is_rejected() {
    let f = fixture().await;
    let jwt = f.credential(
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![demo::ORG_CLIENT_ID.to_owned()]),
        Expiry::Never,
    );
    let e = f.verify_err(&jwt).await;
    assert_eq!(e.kind(), ErrorKind::Rejected);
    assert_eq!(e.kind().fix_step().as_str(), "restrict");
    assert_rc(&e, 400, Some("invalid_grant"), Some("OAU-305"));
    assert_no_jwt(&e, &jwt);
}

#[tokio::test]
async fn org_only_credential_is_rejected() {
    let f = fixture().await;
    let jwt = f.credential(demo::JANE_EXTENSION_ID, AllowedApps::Org, Expiry::Never);
    let e = f.verify_err(&jwt).await;
    assert_eq!(e.kind(), ErrorKind::Rejected);
    assert_rc(&e, 400, Some("invalid_grant"), Some("OAU-305"));
}

#[tokio::test]
async fn app_without_jwt_grant_is_app_not_enabled() {
    let f = fixture().await;
    assert!(f.sim.set_app_jwt_grant(demo::PROVIDER_CLIENT_ID, false));
    let jwt = f.jane_for_provider();
    let e = f.verify_err(&jwt).await;
    assert_eq!(e.kind(), ErrorKind::AppNotEnabled);
    assert_rc(&e, 400, Some("unauthorized_client"), Some("OAU-251"));
    assert!(e.message().contains("contact the provider's support"));
    assert_no_jwt(&e, &jwt);
}

#[tokio::test]
async fn wrong_client_secret_is_client_auth_failed() {
    let mut f = fixture().await;
    f.secret = SecretString::from("not-the-secret");
    let jwt = f.jane_for_provider();
    let e = f.verify_err(&jwt).await;
    assert_eq!(e.kind(), ErrorKind::ClientAuthFailed);
    assert_rc(&e, 401, Some("invalid_client"), Some("OAU-146"));
    assert!(!format!("{e:?}").contains("not-the-secret"));
    assert_no_jwt(&e, &jwt);
}

#[tokio::test]
async fn unknown_client_is_client_auth_failed() {
    let mut f = fixture().await;
    f.profile.ringcentral.client_id = "no-such-app".to_owned();
    let e = f.verify_err(&f.jane_for_provider()).await;
    assert_eq!(e.kind(), ErrorKind::ClientAuthFailed);
    assert_rc(&e, 400, Some("invalid_client"), Some("OAU-153"));
}

#[tokio::test]
async fn disabled_user_is_user_disabled() {
    let f = fixture().await;
    let jwt = f.credential(
        demo::DISABLED_EXTENSION_ID,
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::Never,
    );
    let e = f.verify_err(&jwt).await;
    assert_eq!(e.kind(), ErrorKind::UserDisabled);
    assert_rc(&e, 400, Some("invalid_grant"), Some("OAU-236"));

    // A user disabled after creating the credential.
    let jwt = f.jane_for_provider();
    assert!(f.sim.set_user_enabled(demo::JANE_EXTENSION_ID, false));
    assert_eq!(f.verify_err(&jwt).await.kind(), ErrorKind::UserDisabled);
}

#[tokio::test]
async fn missing_scope_permission_still_carries_identity() {
    let mut f = fixture().await;
    f.profile.ringcentral.required_permissions = vec![
        "ReadAccounts".to_owned(),
        "ReadCallLog".to_owned(),
        "SMS".to_owned(),
    ];
    assert!(f
        .sim
        .set_app_permissions(demo::PROVIDER_CLIENT_ID, vec!["ReadAccounts".to_owned()]));
    let e = f.verify_err(&f.jane_for_provider()).await;
    assert_eq!(e.kind(), ErrorKind::MissingPermissions);
    assert_eq!(e.missing_permissions(), ["ReadCallLog", "SMS"]);
    assert_eq!(e.identity().unwrap().name, "Jane Cooper");
    assert!(e.message().contains("ReadCallLog, SMS"));
    let failure = CheckFailure::from_error(&e);
    assert_eq!(
        failure.error.missing_permissions,
        vec!["ReadCallLog", "SMS"]
    );
    assert_eq!(
        f.sim.counters().revoke,
        1,
        "the session was revoked before returning"
    );
    assert_eq!(f.sim.open_sessions(), 0);
}

#[tokio::test]
async fn identity_forbidden_is_missing_permissions() {
    let mut f = fixture().await;
    f.profile.ringcentral.required_permissions = Vec::new();
    assert!(f
        .sim
        .set_app_permissions(demo::PROVIDER_CLIENT_ID, Vec::new()));
    f.sim.set_faults(Faults {
        enforce_read_accounts: true,
        ..Faults::default()
    });
    let e = f.verify_err(&f.jane_for_provider()).await;
    assert_eq!(e.kind(), ErrorKind::MissingPermissions);
    assert_eq!(e.missing_permissions(), ["ReadAccounts"]);
    assert!(e.identity().is_none());
    let details = e.ringcentral().unwrap();
    assert_eq!(
        (details.status, details.code.as_deref()),
        (403, Some("CMN-401"))
    );
    assert_eq!(f.sim.counters().revoke, 1);
}

#[tokio::test]
async fn rate_limit_reports_retry_after() {
    let f = fixture().await;
    f.sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            requests: 1,
            retry_after_s: 17,
        }),
        ..Faults::default()
    });
    let e = f.verify_err(&f.jane_for_provider()).await;
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.kind().exit_code(), 3);
    assert_eq!(e.retry_after_s(), Some(17));
    assert!(e.message().contains("Wait 17 seconds"), "{}", e.message());
    let details = e.ringcentral().unwrap();
    assert_eq!(
        (details.status, details.code.as_deref()),
        (429, Some("CMN-301"))
    );
    let json: serde_json::Value =
        serde_json::from_str(&CheckFailure::from_error(&e).to_json_line()).unwrap();
    assert_eq!(json["error"]["retry_after_s"], 17);
    assert_eq!(json["error"]["kind"], "rate_limited");
}

#[tokio::test]
async fn service_unavailable_is_unavailable() {
    let f = fixture().await;
    f.sim.set_faults(Faults {
        unavailable: 1,
        ..Faults::default()
    });
    let e = f.verify_err(&f.jane_for_provider()).await;
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    assert_eq!(e.kind().exit_code(), 3);
    assert_rc(&e, 503, Some("service_unavailable"), None);
}

#[tokio::test]
async fn hanging_server_hits_the_timeout() {
    let f = fixture_with(VerifierOptions {
        request_timeout: Duration::from_millis(300),
        ..VerifierOptions::default()
    })
    .await;
    f.sim.set_faults(Faults {
        hang: true,
        ..Faults::default()
    });
    let e = f.verify_err(&f.jane_for_provider()).await;
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    assert!(
        e.message().contains("did not answer within"),
        "{}",
        e.message()
    );
    assert!(e.ringcentral().is_none());
    assert_eq!(f.sim.counters().token, 1);
}

#[tokio::test]
async fn nothing_listening_is_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let f = fixture().await;
    let mut profile = f.profile.clone();
    profile.ringcentral.server = Url::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    // A credential issued for that server (iss/aud must match it to pass inspection).
    let jwt = forged_jwt(&format!("http://127.0.0.1:{port}"), i64::MAX / 4);
    let e = f
        .verifier
        .verify(&profile, &f.secret, &jwt, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unavailable, "{e}");
}

/// An RS256-looking JWT with a made-up signature, for checks that never reach a signature check.
fn forged_jwt(issuer: &str, exp: i64) -> SecretString {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let exp = exp.min(now + 10 * 365 * 86_400);
    let payload = format!(
        r#"{{"aud":"{issuer}/restapi/oauth/token","sub":"809647016","iss":"{issuer}","exp":{exp},"iat":{now},"jti":"forged"}}"#
    );
    SecretString::new(FakeJwt::rs256().payload(payload).build())
}

#[tokio::test]
async fn local_failures_make_no_network_request() {
    let f = fixture().await;
    let base = f.sim.base_url();
    let expired = f.credential(
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::Exp(OffsetDateTime::now_utc().unix_timestamp() - 3600),
    );
    let cases = [
        (SecretString::from(""), ErrorKind::Malformed),
        (SecretString::from("not a credential"), ErrorKind::Malformed),
        (
            SecretString::from(demo::PROVIDER_CLIENT_SECRET),
            ErrorKind::Malformed,
        ),
        (
            SecretString::from(demo::PROVIDER_CLIENT_ID),
            ErrorKind::Malformed,
        ),
        (
            SecretString::from("U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw"),
            ErrorKind::Malformed,
        ),
        (expired, ErrorKind::Expired),
        (
            forged_jwt("https://platform.devtest.ringcentral.com", i64::MAX),
            ErrorKind::WrongEnvironment,
        ),
        (
            forged_jwt("https://platform.ringcentral.com", i64::MAX),
            ErrorKind::WrongEnvironment,
        ),
        (
            forged_jwt("https://login.example.com", i64::MAX),
            ErrorKind::NotRingCentral,
        ),
        (
            SecretString::new(format!("x{}", "y".repeat(20_000))),
            ErrorKind::Malformed,
        ),
    ];
    for (jwt, kind) in cases {
        let stages = Mutex::new(Vec::new());
        let e = f
            .verifier
            .verify(&f.profile, &f.secret, &jwt, &|s| {
                stages.lock().unwrap().push(s)
            })
            .await
            .unwrap_err();
        assert_eq!(e.kind(), kind, "{e}");
        assert!(e.is_local());
        assert!(e.ringcentral().is_none());
        assert_eq!(
            *stages.lock().unwrap(),
            vec![Stage::Inspecting, Stage::Done]
        );
        assert!(!e.message().contains(demo::PROVIDER_CLIENT_SECRET));
    }
    let counters = f.sim.counters();
    assert_eq!(
        (
            counters.token,
            counters.extension,
            counters.business_address,
            counters.revoke
        ),
        (0, 0, 0, 0),
        "no request reached {base}"
    );
}

#[tokio::test]
async fn pasted_with_noise_still_verifies() {
    let f = fixture().await;
    let jwt = f.jane_for_provider();
    let (a, b) = jwt.expose_secret().split_at(200);
    let noisy = SecretString::new(format!("  \"Bearer {a}\r\n{b}\u{200b}\"\n"));
    let verification = f.verify(&noisy).await.unwrap();
    assert_eq!(verification.identity.name, "Jane Cooper");
    assert!(!verification.notes.is_empty());
    verification.revoke.finish().await.unwrap();
}
