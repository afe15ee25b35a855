//! `rc-onboard send` and `rc-onboard outbox list|flush` end to end: the real binary against the
//! RingCentral simulator and the reference intake over loopback HTTP, with the real OS keyring
//! (Secret Service). Covers the fault tests of issue 4: delivery, 503 twice then 201 with one
//! Idempotency-Key, intake down → queued → flush, bad code, credential problems, and kill -9
//! during delivery (while retrying, and after the intake stored it but before the client heard).

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use common::cli::{finish, Cli, Output};
use common::profile::ProfileSpec;
use common::relay::Relay;
use common::servers::{credential, credential_for, start_simulator, Intake};
use common::wait;
use rc_onboard_delivery::keystore::{code_entry_name, probe};
use rc_onboard_delivery::{OsKeyring, SecretStore};
use rc_onboard_simulator::{demo, Expiry, SimHandle};
use serde_json::{json, Value};
use tempfile::TempDir;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The simulator and intake shared by the tests that inject no intake faults.
struct World {
    sim: SimHandle,
    intake: Intake,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| World {
        sim: start_simulator(),
        intake: Intake::start(),
    })
}

/// Fails clearly when the tests do not run inside a D-Bus session with an unlocked keyring.
fn require_secret_service() {
    if let Err(error) = probe(&OsKeyring::new()) {
        panic!(
            "these tests need the OS keyring (Secret Service): run them as \
             `dbus-run-session -- ./dev.sh _in-test-session cargo test -p rc-onboard --test cli_send` \
             ({error})"
        );
    }
}

/// Whether the keyring still holds the onboarding code of `submission_id`, and its value.
fn code_in_keyring(submission_id: &str) -> Option<String> {
    match OsKeyring::new().get(&code_entry_name(submission_id)) {
        Ok(code) => Some(code.expose_secret().to_owned()),
        Err(error) if error.is_not_found() => None,
        Err(error) => panic!("the keyring failed: {error}"),
    }
}

/// One test's folder: its profile, the JWT file and its data folder.
struct Case {
    dir: TempDir,
    cli: Cli,
    jwt: String,
}

impl Case {
    /// The demo profile on the shared simulator, delivering to `intake_url` sealed for `intake`.
    fn new(intake: &Intake, intake_url: Option<String>) -> Case {
        require_secret_service();
        let sim = &world().sim;
        let mut spec = ProfileSpec::demo(&sim.base_url(), intake);
        if let Some(url) = intake_url {
            spec.intake_url = url;
        }
        let dir = tempfile::tempdir().unwrap();
        let profile = spec.write(dir.path(), "profile.toml");
        let cli = Cli::new(&profile, &dir.path().join("data"));
        Case {
            dir,
            cli,
            jwt: credential_for(sim, demo::PROVIDER_CLIENT_ID),
        }
    }

    fn jwt_file(&self, jwt: &str) -> PathBuf {
        let path = self.dir.path().join("credential.txt");
        std::fs::write(&path, jwt).unwrap();
        path
    }

    fn send_args(&self, code: &str, jwt: &str) -> Vec<String> {
        let file = self.jwt_file(jwt);
        vec![
            "send".into(),
            "--code".into(),
            code.into(),
            "--jwt-file".into(),
            file.to_str().unwrap().into(),
            "--json".into(),
        ]
    }

    /// `send --code CODE --jwt-file F --json` with this case's credential.
    fn send(&self, code: &str) -> Output {
        self.send_jwt(code, &self.jwt.clone())
    }

    fn send_jwt(&self, code: &str, jwt: &str) -> Output {
        let args = self.send_args(code, jwt);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.cli.run(&args)
    }

    fn spawn_send(&self, code: &str) -> std::process::Child {
        let args = self.send_args(code, &self.jwt);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.cli.spawn(&args)
    }

    /// `outbox list --json` → the pending submission ids, after checking the shape.
    fn pending(&self) -> Vec<Value> {
        let output = self.cli.run(&["outbox", "list", "--json"]);
        output.assert_exit(0);
        let value = output.json();
        assert_eq!(keys(&value), ["pending"], "{value}");
        value["pending"].as_array().unwrap().clone()
    }

    fn pending_ids(&self) -> Vec<String> {
        self.pending()
            .iter()
            .map(|entry| entry["submission_id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// `outbox flush --json`, expected to deliver exactly `submission_id`; returns its receipt id.
    fn flush_delivers(&self, submission_id: &str) -> String {
        let output = self.cli.run(&["outbox", "flush", "--json"]);
        output.assert_exit(0);
        let value = output.json();
        assert_eq!(value["pending"], json!([]), "{value}");
        assert_eq!(value["refused"], json!([]), "{value}");
        let delivered = value["delivered"].as_array().unwrap();
        assert_eq!(delivered.len(), 1, "{value}");
        assert_eq!(
            delivered[0]["submission_id"],
            json!(submission_id),
            "{value}"
        );
        delivered[0]["receipt_id"].as_str().unwrap().to_owned()
    }
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

/// Asserts `{"ok":true,"submission_id":…,"receipt_id":…}`; returns (submission_id, receipt_id).
fn delivered(output: &Output) -> (String, String) {
    output.assert_exit(0);
    let value = output.json();
    assert_eq!(
        keys(&value),
        ["ok", "receipt_id", "submission_id"],
        "{value}"
    );
    assert_eq!(value["ok"], json!(true));
    (
        value["submission_id"].as_str().unwrap().to_owned(),
        value["receipt_id"].as_str().unwrap().to_owned(),
    )
}

/// Asserts `{"ok":false,"queued":Q,"submission_id":…|null,"error":{"kind":K,"message":…}}`;
/// returns the submission id, if any.
fn send_failure(output: &Output, queued: bool, kind: &str) -> Option<String> {
    let value = output.json();
    assert_eq!(
        keys(&value),
        ["error", "ok", "queued", "submission_id"],
        "{value}"
    );
    assert_eq!(value["ok"], json!(false), "{value}");
    assert_eq!(value["queued"], json!(queued), "{value}");
    assert_eq!(keys(&value["error"]), ["kind", "message"], "{value}");
    assert_eq!(value["error"]["kind"], json!(kind), "{value}");
    assert!(
        value["error"]["message"]
            .as_str()
            .is_some_and(|m| m.len() > 10),
        "{value}"
    );
    match &value["submission_id"] {
        Value::Null => None,
        Value::String(id) => Some(id.clone()),
        other => panic!("submission_id must be a string or null: {other}"),
    }
}

#[test]
fn send_delivers_once_and_the_stored_envelope_opens_to_the_jwt() {
    let intake = &world().intake;
    let case = Case::new(intake, None);
    let code = intake.code();
    let (id, receipt) = delivered(&case.send(&code));
    assert_eq!(intake.stored_count(&id), 1);
    assert_eq!(intake.stored_receipt(&id), receipt);
    assert_eq!(intake.export(&id), case.jwt.as_bytes());
    assert_eq!(intake.statuses_for(&id), [201]);
    assert_eq!(case.pending_ids(), Vec::<String>::new());
    assert_eq!(code_in_keyring(&id), None, "the code leaves the keyring");
}

#[test]
fn two_503s_then_201_store_one_with_one_idempotency_key() {
    let intake = Intake::start();
    intake.set_faults(&[503, 503], false);
    let case = Case::new(&intake, None);
    let (id, receipt) = delivered(&case.send(&intake.code()));
    let attempts = intake.attempts();
    assert_eq!(
        attempts.iter().map(|a| a.status).collect::<Vec<_>>(),
        [503, 503, 201]
    );
    assert!(
        attempts
            .iter()
            .all(|a| a.idempotency_key.as_deref() == Some(id.as_str())),
        "the same Idempotency-Key on every attempt: {attempts:?}"
    );
    assert_eq!(intake.stored_ids(), [id.as_str()]);
    assert_eq!(intake.stored_receipt(&id), receipt);
    assert_eq!(intake.export(&id), case.jwt.as_bytes());
}

#[test]
fn intake_down_queues_then_flush_delivers_once() {
    let intake = Intake::start();
    intake.set_faults(&[], true);
    let case = Case::new(&intake, None);
    let code = intake.code();

    let output = case.send(&code);
    output.assert_exit(3);
    let id = send_failure(&output, true, "intake_unavailable").expect("a queued submission id");
    assert!(intake.stored_ids().is_empty());
    let tried = intake.statuses_for(&id);
    assert!(tried.len() >= 2, "send retried: {tried:?}");
    assert!(tried.iter().all(|status| *status == 503), "{tried:?}");
    assert_eq!(
        code_in_keyring(&id).as_deref(),
        Some(code.as_str()),
        "the queued submission's code waits in the keyring"
    );

    let pending = case.pending();
    assert_eq!(pending.len(), 1, "{pending:?}");
    let entry = &pending[0];
    assert_eq!(
        keys(entry),
        ["attempts", "created_at", "last_error", "submission_id"]
    );
    assert_eq!(entry["submission_id"], json!(id));
    assert_eq!(entry["attempts"], json!(tried.len()), "{entry}");
    assert!(
        OffsetDateTime::parse(entry["created_at"].as_str().unwrap(), &Rfc3339).is_ok(),
        "{entry}"
    );
    assert!(!entry["last_error"].is_null(), "{entry}");

    intake.set_faults(&[], false);
    let receipt = case.flush_delivers(&id);
    assert_eq!(intake.stored_ids(), [id.as_str()]);
    assert_eq!(intake.stored_receipt(&id), receipt);
    assert_eq!(intake.export(&id), case.jwt.as_bytes());
    assert!(case.pending_ids().is_empty());
    assert_eq!(code_in_keyring(&id), None, "the code leaves the keyring");
}

#[test]
fn a_bad_code_is_refused_and_not_queued() {
    let intake = &world().intake;
    let case = Case::new(intake, None);
    let output = case.send("not-an-onboarding-code-7f3a9c");
    output.assert_exit(1);
    let id = send_failure(&output, false, "intake_unauthorized");
    if let Some(id) = &id {
        assert_eq!(intake.stored_count(id), 0);
        assert_eq!(code_in_keyring(id), None);
    }
    assert!(case.pending_ids().is_empty(), "nothing stays queued");
}

#[test]
fn a_credential_problem_is_neither_sent_nor_queued() {
    let intake = Intake::start();
    let case = Case::new(&intake, None);
    let sim = &world().sim;
    let revoked = sim.create_credential(rc_onboard_simulator::CredentialSpec {
        owner_extension_id: demo::JANE_EXTENSION_ID,
        allowed: rc_onboard_simulator::AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.into()]),
        expires: Expiry::Never,
    });
    assert!(sim.revoke_credential(&revoked.jti));
    let expired = credential(
        sim,
        demo::JANE_EXTENSION_ID,
        demo::PROVIDER_CLIENT_ID,
        Expiry::Exp(OffsetDateTime::now_utc().unix_timestamp() - 3600),
    );
    for (jwt, kind) in [(revoked.jwt, "rejected"), (expired, "expired")] {
        let output = case.send_jwt(&intake.code(), &jwt);
        output.assert_exit(1);
        assert_eq!(send_failure(&output, false, kind), None);
    }
    assert!(intake.attempts().is_empty(), "nothing reached the intake");
    assert!(case.pending_ids().is_empty(), "nothing queued");
}

/// Issue 4: with `--json`, a failed `send` prints `{"ok":false,"queued":…,"submission_id":…,
/// "error":{"kind","message"}}`, and that holds for profile errors (exit 2) too.
#[test]
fn a_profile_error_in_json_keeps_the_send_failure_shape() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile.toml");
    std::fs::write(&profile, "[provider]\nname = \"Acme\"\n").unwrap();
    let jwt_file = dir.path().join("jwt.txt");
    std::fs::write(&jwt_file, "x").unwrap();
    let cli = Cli::new(&profile, &dir.path().join("data"));
    let output = cli.run(&[
        "send",
        "--code",
        "some-code",
        "--jwt-file",
        jwt_file.to_str().unwrap(),
        "--json",
    ]);
    output.assert_exit(2);
    let value = output.json();
    assert_eq!(
        keys(&value),
        ["error", "ok", "queued", "submission_id"],
        "{value}"
    );
    assert_eq!(value["queued"], json!(false), "{value}");
    assert_eq!(value["submission_id"], Value::Null, "{value}");
    assert_eq!(keys(&value["error"]), ["kind", "message"], "{value}");
}

#[test]
fn send_without_a_code_is_a_usage_error() {
    let case = Case::new(&world().intake, None);
    let file = case.jwt_file(&case.jwt);
    let output = case
        .cli
        .run(&["send", "--jwt-file", file.to_str().unwrap(), "--json"]);
    output.assert_exit(2);
    assert_eq!(output.json()["ok"], json!(false));
}

/// Starts `send` against an intake answering 503, kills it with SIGKILL once the intake has seen
/// an attempt, and returns the submission id (its Idempotency-Key).
fn kill_send_while_retrying(case: &Case, intake: &Intake, code: &str) -> String {
    intake.set_faults(&[503; 20], false);
    let mut child = case.spawn_send(code);
    wait::until("the intake to see a delivery attempt", || {
        !intake.attempts().is_empty()
    });
    child.kill().unwrap();
    let killed = finish(child);
    assert_eq!(killed.code, None, "ended by SIGKILL");
    intake.attempts()[0].idempotency_key.clone().unwrap()
}

#[test]
fn kill_9_while_retrying_then_flush_stores_exactly_one() {
    let intake = Intake::start();
    let case = Case::new(&intake, None);
    let id = kill_send_while_retrying(&case, &intake, &intake.code());
    assert_eq!(
        case.pending_ids(),
        [id.as_str()],
        "the entry survived kill -9"
    );
    assert!(intake.stored_ids().is_empty());

    intake.set_faults(&[], false);
    let receipt = case.flush_delivers(&id);
    assert_eq!(intake.stored_ids(), [id.as_str()]);
    assert_eq!(intake.stored_receipt(&id), receipt);
    assert!(
        intake
            .attempts()
            .iter()
            .all(|a| a.idempotency_key.as_deref() == Some(id.as_str())),
        "one Idempotency-Key across the killed run and the flush"
    );
    assert!(case.pending_ids().is_empty());
    assert_eq!(code_in_keyring(&id), None);
}

#[test]
fn flush_reports_a_refused_submission_and_takes_it_out_of_the_queue() {
    let intake = Intake::start();
    let case = Case::new(&intake, None);
    // A code that expires while the submission waits in the queue.
    let code = intake
        .handle
        .issue_code("Cooper Dental LLC", Duration::ZERO)
        .unwrap();
    let id = kill_send_while_retrying(&case, &intake, &code);
    assert_eq!(case.pending_ids(), [id.as_str()]);

    intake.set_faults(&[], false);
    let output = case.cli.run(&["outbox", "flush", "--json"]);
    output.assert_exit(1);
    let value = output.json();
    assert_eq!(value["delivered"], json!([]), "{value}");
    assert_eq!(value["pending"], json!([]), "{value}");
    let refused = value["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{value}");
    assert_eq!(refused[0]["submission_id"], json!(id), "{value}");
    assert_eq!(
        refused[0]["error"]["kind"],
        json!("intake_unauthorized"),
        "{value}"
    );
    assert!(case.pending_ids().is_empty(), "moved out of the queue");
    assert!(intake.stored_ids().is_empty());
    assert_eq!(code_in_keyring(&id), None, "the code leaves the keyring");
}

/// Issue 4: `flush` exits 1 only when the intake refused a submission (it then leaves the queue),
/// 3 while something stays queued. A keyring that cannot be read right now refuses nothing: the
/// entry stays pending, and is delivered once the keyring is back.
#[test]
fn flush_without_a_keyring_keeps_the_entry_pending() {
    let intake = Intake::start();
    let case = Case::new(&intake, None);
    let id = kill_send_while_retrying(&case, &intake, &intake.code());
    intake.set_faults(&[], false);

    let no_keyring = case.cli.with_env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/rc-onboard-test-bus",
    );
    let output = no_keyring.run(&["outbox", "flush", "--json"]);
    let value = output.json();
    assert_eq!(value["refused"], json!([]), "nothing was refused: {value}");
    let pending = value["pending"].as_array().unwrap();
    assert_eq!(pending.len(), 1, "{value}");
    assert_eq!(pending[0]["submission_id"], json!(id), "{value}");
    output.assert_exit(3);
    assert_eq!(case.pending_ids(), [id.as_str()], "still queued");

    let receipt = case.flush_delivers(&id);
    assert_eq!(intake.stored_ids(), [id.as_str()]);
    assert_eq!(intake.stored_receipt(&id), receipt);
}

#[test]
fn kill_9_after_the_intake_stored_but_before_the_receipt_then_flush_stores_exactly_one() {
    let intake = Intake::start();
    let relay = Relay::start(&format!("http://{}", intake.handle.local_addr()));
    let url = format!("{}/v1/submissions", relay.origin());
    let case = Case::new(&intake, Some(url));
    let mut child = case.spawn_send(&intake.code());
    // The intake has answered 201 and stored it; the relay keeps that answer from the client.
    wait::until("the intake to store the submission", || {
        intake.stored_ids().len() == 1 && relay.held() == 1
    });
    child.kill().unwrap();
    let killed = finish(child);
    assert_eq!(killed.code, None, "ended by SIGKILL");

    let id = intake.stored_ids()[0].clone();
    assert_eq!(
        case.pending_ids(),
        [id.as_str()],
        "the client never recorded the receipt, so the entry is still pending"
    );

    relay.release();
    let receipt = case.flush_delivers(&id);
    assert_eq!(intake.stored_ids(), [id.as_str()], "exactly one stored");
    assert_eq!(
        receipt,
        intake.stored_receipt(&id),
        "the replay returns the stored receipt"
    );
    assert_eq!(intake.statuses_for(&id), [201, 200]);
    assert_eq!(intake.export(&id), case.jwt.as_bytes());
    assert!(case.pending_ids().is_empty());
    assert_eq!(code_in_keyring(&id), None);
}

#[test]
fn without_a_keyring_nothing_is_queued_and_the_reason_is_given() {
    let intake = Intake::start();
    let case = Case::new(&intake, None);
    // A session bus that does not exist: no Secret Service for this process.
    let cli = case.cli.with_env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/rc-onboard-test-bus",
    );
    let file = case.jwt_file(&case.jwt);
    let file = file.to_str().unwrap();

    let refused = cli.run(&[
        "send",
        "--code",
        "not-a-code-k2Jd9",
        "--jwt-file",
        file,
        "--json",
    ]);
    refused.assert_exit(1);
    send_failure(&refused, false, "intake_unauthorized");
    let message = refused.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("keyring"),
        "says why nothing was queued: {message}"
    );

    let code = intake.code();
    let sent = cli.run(&["send", "--code", &code, "--jwt-file", file, "--json"]);
    let (id, _) = delivered(&sent);
    assert_eq!(intake.stored_ids(), [id]);

    let outbox = case.dir.path().join("data").join("outbox");
    let entries: Vec<_> = std::fs::read_dir(&outbox)
        .map(|entries| entries.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    // (Empty `<id>.lock` files may be left behind; no entry may be.)
    let written: Vec<_> = entries
        .iter()
        .filter(|name| !name.to_string_lossy().ends_with(".lock"))
        .collect();
    assert!(written.is_empty(), "no outbox entry written: {written:?}");
    assert!(case.pending_ids().is_empty());
}
