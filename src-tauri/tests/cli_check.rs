//! `rc-onboard check` end to end: the real binary against the RingCentral simulator over loopback
//! HTTP, asserting exit codes and the exact `--json` shapes of issue 3 for success, every failure
//! kind the simulator can produce, the four local failures (which must not reach the simulator),
//! profile and usage errors, `--jwt-stdin`, human output, and `--help`/`--version` without a display.

mod common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use common::cli::{run_command, Cli, Output, BINARY};
use common::jwt::crafted_jwt;
use common::profile::{write_text, ProfileSpec, Secret};
use common::servers::{credential, credential_for, start_simulator, Intake};
use rc_onboard_simulator::{
    demo, App, Counters, Expiry, Faults, RateLimitFault, SimHandle, OTHER_APP_CLIENT_ID,
};
use serde_json::{json, Value};
use tempfile::TempDir;
use time::format_description::well_known::Rfc3339;
use time::{Duration as TimeDuration, OffsetDateTime, Time};

/// A provider app with the JWT grant turned off, registered only in the shared simulator.
const NO_JWT_APP: &str = "check-app-without-jwt-grant";
const NO_JWT_SECRET: &str = "check-app-without-jwt-grant-secret";

/// The simulator and intake shared by the tests that inject no faults.
struct World {
    sim: SimHandle,
    intake: Intake,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let sim = start_simulator();
        let mut app = App::new(NO_JWT_APP, NO_JWT_SECRET);
        app.jwt_grant = false;
        sim.add_app(app);
        World {
            sim,
            intake: Intake::start(),
        }
    })
}

/// One test's folder: its profile, its JWT files and its data folder.
struct Case {
    dir: TempDir,
    cli: Cli,
}

impl Case {
    fn new(spec: &ProfileSpec) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let profile = spec.write(dir.path(), "profile.toml");
        let cli = Cli::new(&profile, &dir.path().join("data"));
        Case { dir, cli }
    }

    /// The shared simulator's demo profile, changed by `edit`.
    fn shared(edit: impl FnOnce(&mut ProfileSpec)) -> Case {
        let world = world();
        let mut spec = ProfileSpec::demo(&world.sim.base_url(), &world.intake);
        edit(&mut spec);
        Case::new(&spec)
    }

    fn file(&self, contents: &[u8]) -> PathBuf {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("paste-{}.txt", NEXT.fetch_add(1, Ordering::SeqCst));
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// `check --jwt-file F --json`.
    fn check_json(&self, jwt: &[u8]) -> Output {
        let file = self.file(jwt);
        self.cli
            .run(&["check", "--jwt-file", file.to_str().unwrap(), "--json"])
    }
}

fn jane_identity() -> Value {
    json!({
        "account_id": demo::ACCOUNT_ID.to_string(),
        "extension_id": demo::JANE_EXTENSION_ID.to_string(),
        "extension_number": demo::JANE_EXTENSION_NUMBER,
        "name": demo::JANE_NAME,
        "email": demo::JANE_EMAIL,
        "company": demo::COMPANY,
    })
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// Asserts the failure shape of issue 3 and the kind; returns the `error` object.
fn failure(output: &Output, kind: &str) -> Value {
    let value = output.json();
    assert_eq!(keys(&value), ["error", "ok"], "{value}");
    assert_eq!(value["ok"], json!(false), "{value}");
    let error = value["error"].clone();
    assert_eq!(
        keys(&error),
        [
            "kind",
            "message",
            "missing_permissions",
            "retry_after_s",
            "ringcentral"
        ],
        "{value}"
    );
    assert_eq!(error["kind"], json!(kind), "{value}");
    let message = error["message"].as_str().unwrap();
    assert!(message.len() > 20, "a message for a person: {value}");
    assert!(error["missing_permissions"].is_array(), "{value}");
    error
}

/// Asserts RingCentral's details: status, OAuth error, code, a request id and RingCentral's own
/// words (`message`).
fn assert_ringcentral(error: &Value, status: u16, oauth_error: Option<&str>, code: Option<&str>) {
    let details = &error["ringcentral"];
    assert_eq!(
        keys(details),
        ["code", "error", "message", "request_id", "status"],
        "{error}"
    );
    assert!(
        details["message"].as_str().is_some_and(|m| !m.is_empty()),
        "RingCentral's own text kept: {error}"
    );
    assert_eq!(details["status"], json!(status), "{error}");
    assert_eq!(details["error"], json!(oauth_error), "{error}");
    assert_eq!(details["code"], json!(code), "{error}");
    assert!(
        details["request_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty()),
        "RCRequestId kept: {error}"
    );
}

#[test]
fn a_valid_credential_prints_identity_permissions_and_never_expiring() {
    let case = Case::shared(|_| {});
    let jwt = credential_for(&world().sim, demo::PROVIDER_CLIENT_ID);
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(0);
    assert_eq!(
        output.json(),
        json!({
            "ok": true,
            "identity": jane_identity(),
            "permissions": ["ReadAccounts", "ReadCallLog"],
            "missing_permissions": [],
            "credential": {"expires_at": null},
        })
    );
}

#[test]
fn a_dated_credential_reports_its_expiry_in_rfc3339() {
    let case = Case::shared(|_| {});
    let day = (OffsetDateTime::now_utc() + TimeDuration::days(40)).date();
    let jwt = credential(
        &world().sim,
        demo::JANE_EXTENSION_ID,
        demo::PROVIDER_CLIENT_ID,
        Expiry::At(day.midnight().assume_utc()),
    );
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(0);
    let expected = day
        .with_time(Time::from_hms(23, 59, 59).unwrap())
        .assume_utc()
        .format(&Rfc3339)
        .unwrap();
    assert_eq!(
        output.json()["credential"],
        json!({ "expires_at": expected })
    );
}

#[test]
fn human_output_says_connected_as() {
    let case = Case::shared(|_| {});
    let jwt = credential_for(&world().sim, demo::PROVIDER_CLIENT_ID);
    let file = case.file(jwt.as_bytes());
    let output = case
        .cli
        .run(&["check", "--jwt-file", file.to_str().unwrap()]);
    output.assert_exit(0);
    let stdout = output.stdout_text();
    assert!(
        stdout.contains(&format!(
            "Connected as Jane Cooper (ext. 101), Cooper Dental LLC, account ID {}.",
            demo::ACCOUNT_ID
        )),
        "{stdout}"
    );
    assert!(stdout.contains("never expires"), "{stdout}");
    assert!(
        !stdout.trim_start().starts_with('{'),
        "no JSON without --json"
    );
}

#[test]
fn jwt_stdin_reads_the_credential_and_needs_no_display() {
    let case = Case::shared(|_| {});
    let jwt = credential_for(&world().sim, demo::PROVIDER_CLIENT_ID);
    // As pasted from a terminal: quoted, wrapped, with a trailing newline.
    let (head, tail) = jwt.split_at(jwt.len() / 2);
    let paste = format!("  \"{head}\n{tail}\"\n");
    let mut command = case.cli.command(&["check", "--jwt-stdin", "--json"]);
    command.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    let output = run_command(command, Some(paste.as_bytes()));
    output.assert_exit(0);
    assert_eq!(output.json()["identity"], jane_identity());
}

#[test]
fn restricted_to_another_app_is_rejected() {
    let case = Case::shared(|_| {});
    let jwt = credential_for(&world().sim, OTHER_APP_CLIENT_ID);
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(1);
    let error = failure(&output, "rejected");
    assert_eq!(error["retry_after_s"], Value::Null);
    assert_ringcentral(&error, 400, Some("invalid_grant"), Some("OAU-305"));
}

#[test]
fn a_revoked_credential_is_rejected() {
    let case = Case::shared(|_| {});
    let sim = &world().sim;
    let issued = sim.create_credential(rc_onboard_simulator::CredentialSpec {
        owner_extension_id: demo::JANE_EXTENSION_ID,
        allowed: rc_onboard_simulator::AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.into()]),
        expires: Expiry::Never,
    });
    assert!(sim.revoke_credential(&issued.jti));
    let output = case.check_json(issued.jwt.as_bytes());
    output.assert_exit(1);
    let error = failure(&output, "rejected");
    assert_ringcentral(&error, 400, Some("invalid_grant"), Some("OAU-211"));
}

#[test]
fn an_app_without_the_jwt_grant_is_app_not_enabled() {
    let case = Case::shared(|spec| {
        spec.client_id = NO_JWT_APP.to_owned();
        spec.secret = Secret::Inline(NO_JWT_SECRET.to_owned());
    });
    let jwt = credential_for(&world().sim, NO_JWT_APP);
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(1);
    let error = failure(&output, "app_not_enabled");
    assert_ringcentral(&error, 400, Some("unauthorized_client"), Some("OAU-251"));
}

#[test]
fn a_wrong_client_secret_in_the_profile_is_client_auth_failed() {
    let case = Case::shared(|spec| {
        spec.secret = Secret::Inline("not-the-provider-app-secret".to_owned());
    });
    let jwt = credential_for(&world().sim, demo::PROVIDER_CLIENT_ID);
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(1);
    let error = failure(&output, "client_auth_failed");
    assert_ringcentral(&error, 401, Some("invalid_client"), Some("OAU-146"));
}

#[test]
fn a_disabled_owner_is_user_disabled() {
    let case = Case::shared(|_| {});
    let jwt = credential(
        &world().sim,
        demo::DISABLED_EXTENSION_ID,
        demo::PROVIDER_CLIENT_ID,
        Expiry::Never,
    );
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(1);
    let error = failure(&output, "user_disabled");
    assert_ringcentral(&error, 400, Some("invalid_grant"), Some("OAU-236"));
}

#[test]
fn a_permission_the_app_lacks_is_missing_permissions() {
    let case = Case::shared(|spec| {
        spec.required_permissions = vec![
            "ReadAccounts".to_owned(),
            "ReadCallLog".to_owned(),
            "EditExtensions".to_owned(),
        ];
    });
    let jwt = credential_for(&world().sim, demo::PROVIDER_CLIENT_ID);
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(1);
    let error = failure(&output, "missing_permissions");
    assert_eq!(error["missing_permissions"], json!(["EditExtensions"]));
    assert_eq!(error["retry_after_s"], Value::Null);
}

#[test]
fn the_session_is_revoked_before_check_exits() {
    let sim = start_simulator();
    let mut spec = ProfileSpec::demo(&sim.base_url(), &world().intake);
    let jwt = credential_for(&sim, demo::PROVIDER_CLIENT_ID);
    Case::new(&spec).check_json(jwt.as_bytes()).assert_exit(0);
    assert_eq!(sim.counters().revoke, 1);
    assert_eq!(sim.open_sessions(), 0, "no session left open");

    // A token was issued before the permission check failed: it is revoked too.
    spec.required_permissions.push("EditExtensions".to_owned());
    Case::new(&spec).check_json(jwt.as_bytes()).assert_exit(1);
    assert_eq!(sim.counters().revoke, 2);
    assert_eq!(sim.open_sessions(), 0, "no session left open");
}

#[test]
fn rate_limiting_gives_retry_after_and_exit_3() {
    let sim = start_simulator();
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            requests: 1,
            retry_after_s: 7,
        }),
        ..Faults::default()
    });
    let case = Case::new(&ProfileSpec::demo(&sim.base_url(), &world().intake));
    let jwt = credential_for(&sim, demo::PROVIDER_CLIENT_ID);
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(3);
    let error = failure(&output, "rate_limited");
    assert_eq!(error["retry_after_s"], json!(7));
    assert_eq!(error["ringcentral"]["status"], json!(429), "{error}");
}

#[test]
fn an_unavailable_ringcentral_gives_exit_3() {
    let sim = start_simulator();
    sim.set_faults(Faults {
        unavailable: 1000,
        ..Faults::default()
    });
    let case = Case::new(&ProfileSpec::demo(&sim.base_url(), &world().intake));
    let jwt = credential_for(&sim, demo::PROVIDER_CLIENT_ID);
    let output = case.check_json(jwt.as_bytes());
    output.assert_exit(3);
    let error = failure(&output, "unavailable");
    assert_eq!(error["ringcentral"]["status"], json!(503), "{error}");
    assert!(sim.counters().token >= 1, "the request reached RingCentral");
}

#[test]
fn local_failures_never_reach_ringcentral() {
    let sim = start_simulator();
    let case = Case::new(&ProfileSpec::demo(&sim.base_url(), &world().intake));
    let expired = credential(
        &sim,
        demo::JANE_EXTENSION_ID,
        demo::PROVIDER_CLIENT_ID,
        Expiry::Exp(OffsetDateTime::now_utc().unix_timestamp() - 86_400),
    );
    let binary: Vec<u8> = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe,
    ]
    .iter()
    .copied()
    .cycle()
    .take(700)
    .collect();
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("nothing", b" \n".to_vec(), "malformed"),
        ("text", b"this is not a credential".to_vec(), "malformed"),
        ("a binary file", binary, "malformed"),
        (
            "another issuer",
            crafted_jwt("https://login.example.com").into_bytes(),
            "not_ringcentral",
        ),
        (
            "another RingCentral environment",
            crafted_jwt("https://platform.devtest.ringcentral.com").into_bytes(),
            "wrong_environment",
        ),
        ("an expired credential", expired.into_bytes(), "expired"),
    ];
    for (what, paste, kind) in cases {
        let output = case.check_json(&paste);
        assert_eq!(output.code, Some(1), "{what}: {}", output.stdout_text());
        let error = failure(&output, kind);
        assert_eq!(error["ringcentral"], Value::Null, "{what}: {error}");
        assert_eq!(error["retry_after_s"], Value::Null, "{what}: {error}");
    }
    assert_eq!(
        sim.counters(),
        Counters::default(),
        "no request may reach RingCentral"
    );
}

/// Profile problems: each exits 2 with a message naming the file and the key.
#[test]
fn profile_errors_exit_2_naming_the_file_and_the_key() {
    let world = world();
    let good = ProfileSpec::demo(&world.sim.base_url(), &world.intake).to_toml();
    let server_line = format!(
        "server = {}",
        serde_json::Value::String(world.sim.base_url())
    );
    let key_id_line = good
        .lines()
        .find(|line| line.starts_with("key_id"))
        .unwrap()
        .to_owned();
    let secret_line = good
        .lines()
        .find(|line| line.starts_with("client_secret"))
        .unwrap()
        .to_owned();
    let public_key_line = good
        .lines()
        .find(|line| line.starts_with("public_key"))
        .unwrap()
        .to_owned();
    let cases = [
        (
            good.replace(&server_line, &format!("{server_line}\nsever = \"x\"")),
            "ringcentral.sever",
        ),
        (good.replace(&key_id_line, ""), "intake.key_id"),
        (
            good.replace(
                &server_line,
                "server = \"http://platform.ringcentral.example\"",
            ),
            "ringcentral.server",
        ),
        (
            good.replace(&public_key_line, "public_key = \"too-short\""),
            "intake.public_key",
        ),
        (
            good.replace(
                &secret_line,
                "client_secret_env = \"RC_ONBOARD_TEST_VARIABLE_NOBODY_SETS\"",
            ),
            "ringcentral.client_secret_env",
        ),
    ];
    let jwt = credential_for(&world.sim, demo::PROVIDER_CLIENT_ID);
    for (index, (text, key)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let profile = write_text(dir.path(), &format!("broken-{index}.toml"), text);
        let jwt_file = write_text(dir.path(), "jwt.txt", &jwt);
        let cli = Cli::new(&profile, &dir.path().join("data"));
        let shown = profile.display().to_string();

        let output = cli.run(&["check", "--jwt-file", jwt_file.to_str().unwrap(), "--json"]);
        assert_eq!(output.code, Some(2), "{key}: {}", output.stdout_text());
        let value = output.json();
        assert_eq!(value["ok"], json!(false), "{key}: {value}");
        let message = value["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(&shown) && message.contains(key),
            "{key}: {message}"
        );

        let output = cli.run(&["check", "--jwt-file", jwt_file.to_str().unwrap()]);
        assert_eq!(output.code, Some(2), "{key}: {}", output.stderr_text());
        let stderr = output.stderr_text();
        assert!(
            stderr.contains(&shown) && stderr.contains(key),
            "{key}: {stderr}"
        );
    }
}

/// Issue 3: with `--json`, a failure is `{"ok":false,"error":{"kind","message","retry_after_s",
/// "missing_permissions","ringcentral"}}`, and that holds for profile errors (exit 2) too.
#[test]
fn a_profile_error_in_json_keeps_the_check_failure_shape() {
    let world = world();
    let broken = ProfileSpec::demo(&world.sim.base_url(), &world.intake)
        .to_toml()
        .replace("[intake]", "[intake]\nkey_idd = \"x\"");
    let dir = tempfile::tempdir().unwrap();
    let profile = write_text(dir.path(), "broken.toml", &broken);
    let jwt_file = write_text(dir.path(), "jwt.txt", "x");
    let cli = Cli::new(&profile, &dir.path().join("data"));
    let output = cli.run(&["check", "--jwt-file", jwt_file.to_str().unwrap(), "--json"]);
    output.assert_exit(2);
    let value = output.json();
    assert_eq!(keys(&value), ["error", "ok"], "{value}");
    assert_eq!(
        keys(&value["error"]),
        [
            "kind",
            "message",
            "missing_permissions",
            "retry_after_s",
            "ringcentral"
        ],
        "{value}"
    );
}

#[test]
fn a_missing_profile_file_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-profile.toml");
    let jwt_file = write_text(dir.path(), "jwt.txt", "x");
    let cli = Cli::new(&missing, &dir.path().join("data"));
    let output = cli.run(&["check", "--jwt-file", jwt_file.to_str().unwrap()]);
    output.assert_exit(2);
    assert!(
        output
            .stderr_text()
            .contains(&missing.display().to_string()),
        "{}",
        output.stderr_text()
    );
}

#[test]
fn check_without_profile_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let jwt_file = write_text(dir.path(), "jwt.txt", "x");
    let cli = Cli {
        profile: None,
        data_dir: dir.path().join("data"),
        env: Vec::new(),
    };
    let output = cli.run(&["check", "--jwt-file", jwt_file.to_str().unwrap()]);
    output.assert_exit(2);
    assert!(
        output.stderr_text().contains("--profile"),
        "{}",
        output.stderr_text()
    );
    let output = cli.run(&["check", "--jwt-file", jwt_file.to_str().unwrap(), "--json"]);
    output.assert_exit(2);
    assert_eq!(output.json()["ok"], json!(false));
}

#[test]
fn check_without_a_jwt_source_is_a_usage_error() {
    let case = Case::shared(|_| {});
    let output = case.cli.run(&["check", "--json"]);
    output.assert_exit(2);
    assert!(
        output.stderr_text().contains("--jwt-file"),
        "{}",
        output.stderr_text()
    );
}

#[test]
fn help_and_version_work_without_a_display() {
    let run = |args: &[&str]| {
        let mut command = std::process::Command::new(BINARY);
        command
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        run_command(command, None)
    };
    let help = run(&["--help"]);
    help.assert_exit(0);
    let text = help.stdout_text();
    for word in ["check", "send", "outbox", "--profile", "--data-dir"] {
        assert!(text.contains(word), "--help lists {word}: {text}");
    }
    let version = run(&["--version"]);
    version.assert_exit(0);
    assert_eq!(
        version.stdout_text().trim(),
        format!("rc-onboard {}", env!("CARGO_PKG_VERSION"))
    );
    let check_help = run(&["check", "--help"]);
    check_help.assert_exit(0);
    let text = check_help.stdout_text();
    assert!(
        text.contains("--jwt-file") && text.contains("--jwt-stdin") && text.contains("--json"),
        "{text}"
    );
}
