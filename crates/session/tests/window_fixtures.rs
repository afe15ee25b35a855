//! The window's test fixtures (`ui/tests/fixtures/`), made from real sessions against the demo's
//! simulated RingCentral and reference intake: the view at Welcome and each step, a failure of
//! each fix target the flow produces, queued, delivered and resumed deliveries, the inspections of
//! typical pastes, every error kind's failure, and the contract's constants. The UI tests read
//! these files instead of hand-written copies, so the two sides cannot drift.
//!
//! This test fails when a committed fixture differs from what Rust produces now. To regenerate:
//! `RC_ONBOARD_WRITE_FIXTURES=1 cargo test -p rc-onboard-session --test window_fixtures`.
//!
//! Volatile fields (session and submission ids, request ids, times, ports, fingerprints) are
//! replaced by fixed values so the files are stable.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rc_onboard_delivery::{MemoryStore, SharedSecretStore};
use rc_onboard_demo::DemoEnvironment;
use rc_onboard_session::view::{
    ChecklistItem, DeliveryStatus, FailureView, Step, VerificationStatus,
};
use rc_onboard_session::window::WindowConstants;
use rc_onboard_session::{Session, View};
use rc_onboard_verify::{ErrorKind, SecretString};
use serde_json::{json, Value};

mod support;

use support::{config, wait_view, watch_session};

/// Where the fixtures live, from this crate.
fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/tests/fixtures")
}

const WRITE_VARIABLE: &str = "RC_ONBOARD_WRITE_FIXTURES";

/// What volatile fields become.
const SESSION_ID: &str = "f3b1c2d4";
const SUBMISSION_ID: &str = "sub-1";
const RECEIPT_ID: &str = "rcpt-1";
const REQUEST_ID: &str = "req-1";
const FINGERPRINT: &str = "3f9a0c1d2e4b5a69";
const TIME: &str = "2026-12-01T12:00:00Z";
const DATE: &str = "2026-12-01";
const LOOPBACK_PORT: &str = "8080";

/// A session on the demo with its own data folder, showing the provider's support page and
/// accent colour as a branded profile would.
struct Run {
    session: Session,
    views: tokio::sync::watch::Receiver<Option<View>>,
    /// The data folder, when the run has its own.
    _data: Option<tempfile::TempDir>,
}

fn run_with(demo: &DemoEnvironment, data: &Path, store: SharedSecretStore) -> Run {
    let mut config = config(demo, data, store);
    config.profile.provider.support_url = Some(
        "https://acme.example/support"
            .parse()
            .expect("a fixed URL parses"),
    );
    config.profile.provider.accent_color = Some("#0B5CAD".to_owned());
    let session = Session::new(config).expect("the session starts");
    let views = watch_session(&session);
    Run {
        session,
        views,
        _data: None,
    }
}

/// A new session in a new data folder.
fn run(demo: &DemoEnvironment) -> Run {
    let data = tempfile::tempdir().expect("a temporary folder");
    let run = run_with(demo, data.path(), Arc::new(MemoryStore::new()));
    Run {
        _data: Some(data),
        ..run
    }
}

fn to_json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("views serialise")
}

/// A demo preset handed to a new session, as the window's Demo panel does, until verification
/// ends; returns the run and the view.
async fn preset(demo: &DemoEnvironment, id: &str) -> (Run, View) {
    let mut run = run(demo);
    rc_onboard_demo::apply_scenario(demo, &run.session, id)
        .await
        .expect("the preset applies");
    let view = wait_view(&mut run.views, "verification to end", |v| {
        matches!(
            v.verification.status,
            VerificationStatus::Ok | VerificationStatus::Failed
        )
    })
    .await;
    (run, view)
}

/// Hands `jwt` with `code` to the session and waits until verification succeeds.
async fn hold_verified(run: &mut Run, code: SecretString, jwt: &SecretString) {
    run.session.hold_credential(code, jwt).await;
    wait_view(&mut run.views, "verification", |v| {
        v.verification.status == VerificationStatus::Ok
    })
    .await;
}

/// Confirms the account and waits for the delivery to settle in `status`.
async fn confirm_until(run: &mut Run, status: DeliveryStatus) -> View {
    run.session.confirm_account().expect("the account confirms");
    wait_view(&mut run.views, "the delivery to settle", |v| {
        v.delivery.status == status
    })
    .await
}

/// Every fixture, by file name (without `.json`).
async fn produce() -> BTreeMap<&'static str, Value> {
    let demo = DemoEnvironment::start().await.expect("the demo starts");
    let mut out = BTreeMap::new();
    out.insert("constants", to_json(WindowConstants::CURRENT));

    // Welcome, with the code given on the command line and checked, then each step.
    let start = run(&demo);
    out.insert("welcome", to_json(start.session.check_code().await));
    out.insert(
        "console",
        to_json(start.session.go(Step::Console).expect("console")),
    );
    out.insert(
        "restrict",
        to_json(start.session.go(Step::Restrict).expect("restrict")),
    );
    for item in ChecklistItem::ALL {
        start.session.set_check(item, true);
    }
    out.insert(
        "paste",
        to_json(start.session.go(Step::Paste).expect("paste")),
    );
    out.insert(
        "paste-refused",
        to_json(start.session.submit_credential("hello there").await),
    );

    // A mistyped onboarding code at Welcome.
    let mistyped = run(&demo);
    mistyped.session.set_code("NOT-A-CODE");
    out.insert(
        "welcome-code-refused",
        to_json(mistyped.session.check_code().await),
    );

    // What local inspection says of typical pastes.
    let happy = demo.apply("happy_path").expect("happy path");
    let expired = demo
        .apply("expired_credential")
        .expect("expired credential");
    let pastes: [(&str, String); 7] = [
        ("empty", String::new()),
        ("client_id", demo.profile().ringcentral.client_id.clone()),
        ("client_secret", client_secret(&demo)),
        ("not_jwt", "hello there".to_owned()),
        ("too_large", "x".repeat(200_000)),
        ("expired", expired.expose_secret().to_owned()),
        ("plausible", happy.expose_secret().to_owned()),
    ];
    let mut inspections = serde_json::Map::new();
    for (name, text) in pastes {
        let inspection = start.session.inspect_paste(&text).await;
        assert_eq!(
            to_json(inspection.kind),
            json!(name),
            "the paste for {name}"
        );
        inspections.insert(name.to_owned(), to_json(inspection));
    }
    out.insert("inspections", Value::Object(inspections));

    // Verification: the account, and a failure for each fix target RingCentral can cause.
    let (mut verified, view) = preset(&demo, "happy_path").await;
    out.insert("verified", to_json(view));
    out.insert(
        "delivered",
        to_json(confirm_until(&mut verified, DeliveryStatus::Delivered).await),
    );
    for (file, id) in [
        ("verify-failed-restrict", "restricted_to_another_app"),
        ("verify-failed-console", "user_disabled"),
        ("verify-failed-contact_provider", "app_not_enabled"),
        ("verify-failed-wait_retry", "rate_limited"),
    ] {
        let (_run, view) = preset(&demo, id).await;
        assert_eq!(view.verification.status, VerificationStatus::Failed, "{id}");
        out.insert(file, to_json(view));
    }

    // Delivery: the intake down (fix: retry), then the app opened again with it still waiting.
    let store: SharedSecretStore = Arc::new(MemoryStore::new());
    let data = tempfile::tempdir().expect("a temporary folder");
    let mut queued = run_with(&demo, data.path(), store.clone());
    demo.intake().set_faults(rc_onboard_intake_server::Faults {
        fail_next: vec![],
        down: true,
    });
    hold_verified(&mut queued, demo.issue_code().expect("a code"), &happy).await;
    out.insert(
        "queued",
        to_json(confirm_until(&mut queued, DeliveryStatus::Queued).await),
    );
    drop(queued);
    let reopened = run_with(&demo, data.path(), store);
    out.insert("resumed", to_json(reopened.session.view()));
    demo.intake()
        .set_faults(rc_onboard_intake_server::Faults::default());

    // A code the intake refuses at delivery (fix: Welcome, enter another code).
    let mut refused = run(&demo);
    let happy = demo.apply("happy_path").expect("happy path");
    hold_verified(&mut refused, SecretString::from("NOT-A-CODE"), &happy).await;
    out.insert(
        "send-refused-welcome",
        to_json(confirm_until(&mut refused, DeliveryStatus::Refused).await),
    );

    // Every error kind's failure as the flow builds it, with the step that fixes it.
    let failures: serde_json::Map<String, Value> = ErrorKind::ALL
        .into_iter()
        .map(|kind| {
            (
                kind.as_str().to_owned(),
                to_json(FailureView::new(kind, kind.message())),
            )
        })
        .collect();
    out.insert("failures", Value::Object(failures));

    out.into_iter()
        .map(|(name, value)| (name, normalise(None, value)))
        .collect()
}

/// The demo provider app's client secret, as the profile holds it.
fn client_secret(demo: &DemoEnvironment) -> String {
    demo.profile()
        .client_secret()
        .ok()
        .flatten()
        .map(|secret| secret.expose_secret().to_owned())
        .expect("the demo profile holds its client secret")
}

/// Replaces volatile fields (by key) and loopback ports (in any text) with fixed values.
fn normalise(key: Option<&str>, value: Value) -> Value {
    match (key, value) {
        (_, Value::Null) => Value::Null,
        (Some("revision"), _) => json!(1),
        (Some("session_id"), _) => json!(SESSION_ID),
        (Some("submission_id"), _) => json!(SUBMISSION_ID),
        (Some("receipt_id"), _) => json!(RECEIPT_ID),
        (Some("request_id"), _) => json!(REQUEST_ID),
        (Some("fingerprint"), _) => json!(FINGERPRINT),
        (Some("received_at" | "next_attempt_at" | "expires_at"), _) => json!(TIME),
        (_, Value::String(text)) => Value::String(fixed_dates(&fixed_ports(&text))),
        (_, Value::Array(items)) => {
            Value::Array(items.into_iter().map(|v| normalise(None, v)).collect())
        }
        (_, Value::Object(fields)) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| {
                    let v = normalise(Some(&k), v);
                    (k, v)
                })
                .collect(),
        ),
        (_, other) => other,
    }
}

/// `http://127.0.0.1:43121/…` → `http://127.0.0.1:8080/…`.
fn fixed_ports(text: &str) -> String {
    const HOST: &str = "127.0.0.1:";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(HOST) {
        out.push_str(&rest[..at + HOST.len()]);
        rest = &rest[at + HOST.len()..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push_str(LOOPBACK_PORT);
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Dates and times in text (`2026-12-05T16:26:42.134Z`, `2026-12-03`) → fixed ones.
fn fixed_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, len, with_time)) = next_date(rest) {
        out.push_str(&rest[..at]);
        out.push_str(if with_time { TIME } else { DATE });
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// Where the next `YYYY-MM-DD` (with an optional RFC 3339 time) starts, its length, and whether
/// it has a time.
fn next_date(text: &str) -> Option<(usize, usize, bool)> {
    let bytes = text.as_bytes();
    let shape = |at: usize, pattern: &[u8]| {
        bytes.len() >= at + pattern.len()
            && pattern.iter().enumerate().all(|(i, p)| match p {
                b'd' => bytes[at + i].is_ascii_digit(),
                other => bytes[at + i] == *other,
            })
    };
    let at = (0..bytes.len())
        .find(|&at| shape(at, b"dddd-dd-dd") && (at == 0 || !bytes[at - 1].is_ascii_digit()))?;
    let mut end = at + 10;
    if !shape(end, b"Tdd:dd:dd") {
        return Some((at, 10, false));
    }
    end += 9;
    while end < bytes.len() && (bytes[end] == b'.' || bytes[end].is_ascii_digit()) {
        end += 1;
    }
    if shape(end, b"Z") {
        end += 1;
    } else if shape(end, b"+dd:dd") || shape(end, b"-dd:dd") {
        end += 6;
    }
    Some((at, end - at, true))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON prints");
    text.push('\n');
    text
}

#[tokio::test]
async fn the_window_fixtures_are_what_rust_produces() {
    let fixtures = produce().await;
    let dir = fixtures_dir();
    if std::env::var_os(WRITE_VARIABLE).is_some() {
        std::fs::create_dir_all(&dir).expect("the fixtures folder");
        for entry in std::fs::read_dir(&dir)
            .expect("the fixtures folder")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            let known = name
                .strip_suffix(".json")
                .is_some_and(|stem| fixtures.contains_key(stem));
            if name.ends_with(".json") && !known {
                std::fs::remove_file(entry.path()).expect("a stale fixture is removed");
            }
        }
        for (name, value) in &fixtures {
            std::fs::write(dir.join(format!("{name}.json")), pretty(value))
                .expect("a fixture is written");
        }
    }
    let regenerate =
        format!("regenerate with {WRITE_VARIABLE}=1 cargo test -p rc-onboard-session --test window_fixtures");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}; {regenerate}", dir.display()))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut expected: Vec<String> = fixtures.keys().map(|name| format!("{name}.json")).collect();
    expected.sort();
    assert_eq!(on_disk, expected, "the fixture files differ; {regenerate}");
    for (name, value) in &fixtures {
        let path = dir.join(format!("{name}.json"));
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}; {regenerate}", path.display()));
        assert!(
            committed == pretty(value),
            "{} differs from what Rust produces now; {regenerate}",
            path.display()
        );
    }
}
