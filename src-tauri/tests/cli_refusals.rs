//! `rc-onboard check` against the simulator for the failure shapes real RingCentral gives beyond
//! the usual ones: token refusals of any status and body (always `rejected`, never retried,
//! RingCentral's own words kept), RingCentral's enforced auth rate limit, a user whose role lacks
//! a permission the profile's probes need (`user_permission_missing`, session still revoked),
//! and the pastes local inspection must name without asking RingCentral (a cut-off signature, a
//! shared-secret algorithm, client ID and secret shapes), while other algorithms go to RingCentral.

mod common;

use std::path::PathBuf;

use common::cli::{Cli, Output};
use common::profile::ProfileSpec;
use common::servers::{credential_for, start_simulator, Intake};
use rc_onboard_simulator::{
    demo, AllowedApps, AuthRateLimit, Counters, CredentialSpec, Expiry, Faults, SigningAlgorithm,
    SimHandle, TokenRefusal,
};
use rc_onboard_testkit::FakeJwt;
use serde_json::{json, Value};
use tempfile::TempDir;

const CALL_LOG_PROBE: &str = "/restapi/v1.0/account/~/call-log?perPage=1";

/// One test's simulator, profile and data folder.
struct Case {
    sim: SimHandle,
    dir: TempDir,
    cli: Cli,
    intake: Intake,
}

impl Case {
    /// A fresh simulator and the demo profile for it, with `probes` as `permission_probes`.
    fn new(probes: &[&str]) -> Case {
        let sim = start_simulator();
        let intake = Intake::start();
        let dir = tempfile::tempdir().unwrap();
        let mut toml = ProfileSpec::demo(&sim.base_url(), &intake).to_toml();
        if !probes.is_empty() {
            let list: Vec<String> = probes.iter().map(|p| format!("\"{p}\"")).collect();
            toml = toml.replacen(
                "required_permissions = [",
                &format!(
                    "permission_probes = [{}]\nrequired_permissions = [",
                    list.join(", ")
                ),
                1,
            );
        }
        let profile = common::profile::write_text(dir.path(), "profile.toml", &toml);
        let cli = Cli::new(&profile, &dir.path().join("data"));
        Case {
            sim,
            dir,
            cli,
            intake,
        }
    }

    /// `check --jwt-file F --json` with `jwt` in a fresh file.
    fn check_json(&self, jwt: &[u8]) -> Output {
        let path: PathBuf = self.dir.path().join("paste.txt");
        std::fs::write(&path, jwt).unwrap();
        self.cli
            .run(&["check", "--jwt-file", path.to_str().unwrap(), "--json"])
    }

    fn jane_jwt(&self) -> String {
        credential_for(&self.sim, demo::PROVIDER_CLIENT_ID)
    }
}

/// The `error` object of a failure of `kind`.
fn failure(output: &Output, kind: &str) -> Value {
    let value = output.json();
    assert_eq!(value["ok"], json!(false), "{value}");
    assert_eq!(value["error"]["kind"], json!(kind), "{value}");
    value["error"].clone()
}

#[test]
fn every_token_refusal_of_ringcentral_s_is_rejected_once_with_its_words() {
    let refusals = [
        (
            TokenRefusal::invalid_resource_owner(),
            401,
            Some("invalid_grant"),
            Some("OAU-140"),
            "Invalid resource owner credentials.",
        ),
        (
            TokenRefusal::new(400, "invalid_request", "OAU-111", "Unparseable assertion"),
            400,
            Some("invalid_request"),
            Some("OAU-111"),
            "Unparseable assertion",
        ),
        (
            TokenRefusal::new(400, "access_denied", "OAU-999", "Access denied"),
            400,
            Some("access_denied"),
            Some("OAU-999"),
            "Access denied",
        ),
        (
            TokenRefusal::errors_only(401, "OAU-213", "Token not found"),
            401,
            None,
            Some("OAU-213"),
            "Token not found",
        ),
    ];
    for (refusal, status, oauth_error, code, words) in refusals {
        let case = Case::new(&[]);
        case.sim.set_faults(Faults {
            token_refusal: Some(refusal.times(5)),
            ..Faults::default()
        });
        let output = case.check_json(case.jane_jwt().as_bytes());
        output.assert_exit(1);
        let error = failure(&output, "rejected");
        let details = &error["ringcentral"];
        assert_eq!(details["status"], json!(status), "{error}");
        assert_eq!(details["error"], json!(oauth_error), "{error}");
        assert_eq!(details["code"], json!(code), "{error}");
        assert_eq!(details["message"], json!(words), "{error}");
        assert_eq!(error["retry_after_s"], Value::Null, "{error}");
        let message = error["message"].as_str().unwrap();
        assert!(!message.to_lowercase().contains("try again"), "{message}");
        // Never retried, and there is no session to revoke.
        let counters = case.sim.counters();
        assert_eq!(counters.token, 1, "{words}");
        assert_eq!(counters.revoke, 0, "{words}");
    }
}

#[test]
fn app_not_enabled_asks_for_the_restriction_before_the_provider() {
    let case = Case::new(&[]);
    assert!(case.sim.set_app_jwt_grant(demo::PROVIDER_CLIENT_ID, false));
    let output = case.check_json(case.jane_jwt().as_bytes());
    output.assert_exit(1);
    let error = failure(&output, "app_not_enabled");
    assert_eq!(error["ringcentral"]["code"], json!("OAU-251"));
    assert_eq!(
        error["ringcentral"]["message"],
        json!("Unauthorized for this grant type")
    );
    let message = error["message"].as_str().unwrap();
    let restriction = message.find("Only specific apps of my choice");
    let provider = message.find("contact the provider's support");
    assert!(restriction.is_some() && restriction < provider, "{message}");
}

#[test]
fn the_enforced_auth_limit_gives_ringcentral_s_penalty_and_exit_3() {
    let case = Case::new(&[]);
    case.sim.set_faults(Faults {
        auth_rate_limit: Some(AuthRateLimit::RINGCENTRAL),
        ..Faults::default()
    });
    let jwt = case.jane_jwt();
    // Each check costs two auth requests (exchange, revoke): the third check's revoke is the
    // sixth request of the minute, so the fourth check's exchange arrives in the penalty.
    for _ in 0..3 {
        case.check_json(jwt.as_bytes()).assert_exit(0);
    }
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(3);
    let error = failure(&output, "rate_limited");
    assert_eq!(error["ringcentral"]["status"], json!(429), "{error}");
    let wait = error["retry_after_s"].as_u64().unwrap();
    assert!(wait >= 60, "never less than the penalty: {error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("Wait {wait} seconds")),
        "{message}"
    );
}

#[test]
fn a_user_whose_role_lacks_a_probed_permission_is_user_permission_missing() {
    let case = Case::new(&[CALL_LOG_PROBE]);
    assert!(case
        .sim
        .set_user_permission(demo::JANE_EXTENSION_ID, "ReadCallLog", false));
    let output = case.check_json(case.jane_jwt().as_bytes());
    output.assert_exit(1);
    let error = failure(&output, "user_permission_missing");
    let details = &error["ringcentral"];
    assert_eq!(details["status"], json!(403), "{error}");
    assert_eq!(details["code"], json!("CMN-408"), "{error}");
    assert!(
        details["message"]
            .as_str()
            .is_some_and(|m| m.contains("[ReadCallLog]")),
        "{error}"
    );
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("ReadCallLog"), "{message}");
    assert!(message.contains("RingCentral administrator"), "{message}");
    // The session was still revoked before the process ended.
    let counters = case.sim.counters();
    assert_eq!(counters.call_log, 1);
    assert_eq!(counters.revoke, 1);
    assert_eq!(case.sim.open_sessions(), 0);
}

#[test]
fn send_stops_at_a_missing_user_permission_and_delivers_nothing() {
    let case = Case::new(&[CALL_LOG_PROBE]);
    assert!(case
        .sim
        .set_user_permission(demo::JANE_EXTENSION_ID, "ReadCallLog", false));
    let path = case.dir.path().join("paste.txt");
    std::fs::write(&path, case.jane_jwt()).unwrap();
    let code = case.intake.code();
    let output = case.cli.run(&[
        "send",
        "--code",
        &code,
        "--jwt-file",
        path.to_str().unwrap(),
        "--json",
    ]);
    output.assert_exit(1);
    let value = output.json();
    assert_eq!(value["ok"], json!(false), "{value}");
    assert_eq!(value["queued"], json!(false), "{value}");
    assert_eq!(
        value["error"]["kind"],
        json!("user_permission_missing"),
        "{value}"
    );
    assert_eq!(case.sim.counters().revoke, 1);
    assert_eq!(case.sim.open_sessions(), 0);
}

#[test]
fn a_probe_the_user_may_call_lets_the_check_pass() {
    let case = Case::new(&[CALL_LOG_PROBE]);
    let output = case.check_json(case.jane_jwt().as_bytes());
    output.assert_exit(0);
    assert_eq!(output.json()["ok"], json!(true));
    let counters = case.sim.counters();
    assert_eq!(counters.call_log, 1);
    assert_eq!(counters.revoke, 1);
    assert_eq!(case.sim.open_sessions(), 0);
}

#[test]
fn an_es256_credential_goes_to_ringcentral() {
    let case = Case::new(&[]);
    let issued = case.sim.create_credential_with(
        CredentialSpec {
            owner_extension_id: demo::JANE_EXTENSION_ID,
            allowed: AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
            expires: Expiry::Never,
        },
        SigningAlgorithm::Es256,
    );
    let output = case.check_json(issued.jwt.as_bytes());
    output.assert_exit(0);
    assert_eq!(case.sim.counters().token, 1);
    assert_eq!(case.sim.open_sessions(), 0);
}

#[test]
fn pastes_named_locally_never_reach_ringcentral() {
    let case = Case::new(&[]);
    let whole = case.jane_jwt();
    let cut_off = whole[..whole.len() - 60].to_owned();
    let hs256 = FakeJwt::with_header(r#"{"alg":"HS256","typ":"JWT"}"#)
        .claims(&json!({"iss": case.sim.base_url(), "exp": 4_000_000_000i64}))
        .build();
    let cases = [
        (cut_off, "looks cut off"),
        (hs256, "shared secret"),
        (
            "AbCdEfGhIjKlMnOpQrStUv".to_owned(),
            "looks like a client ID",
        ),
        (
            "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kL7nP9qR".to_owned(),
            "looks like a client secret",
        ),
    ];
    for (paste, words) in cases {
        let output = case.check_json(paste.as_bytes());
        output.assert_exit(1);
        let error = failure(&output, "malformed");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(words), "{words}: {message}");
        assert_eq!(error["ringcentral"], Value::Null);
    }
    assert_eq!(
        case.sim.counters(),
        Counters::default(),
        "no request may reach RingCentral"
    );
}
