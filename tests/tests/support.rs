//! The Support panel, opened from an error the way a customer would ("Get help"): the connection
//! checks run with their rows filling in and progress announced in the polite live region, the
//! result summarised; the support report is saved by the app into the Downloads folder (a
//! temporary home here) and holds the session id and the checks but never the credential or the
//! onboarding code; and the provider's support contact, which cannot be opened on a machine
//! without a browser, stays on screen as text with a Copy button.
//!
//! One test uses a real provider profile (the test knows the code and the credential, so it can
//! look for them in the report), the other the built-in demo.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rc_onboard_e2e::axe::{axe_source, describe, run_axe};
use rc_onboard_e2e::fixtures::{data_dir, demo_options, path_without_url_launchers, Theme};
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::presets::wait_failure;
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::App;
use rc_onboard_simulator::Scenario;
use serde_json::Value;

use common::{ProviderSpec, RealProvider};

const PROVIDER: &str = "Northwind Dialer";
const SUPPORT_EMAIL: &str = "support@northwind.example";
const SUPPORT_URL: &str = "https://northwind.example/help";
const STATUSES: [&str; 4] = ["pass", "warn", "fail", "skip"];

/// Records every text the polite live region is given from now on.
const RECORD_ANNOUNCEMENTS: &str = r#"
const log = [];
window.__announced = log;
const live = document.querySelector('[data-testid="live-status"]');
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) log.push(node.textContent);
}).observe(live, { childList: true, subtree: true, characterData: true });
return live.getAttribute('aria-live');
"#;

/// `[testid, data-status]` of every check row.
const ROWS: &str = r#"
return Array.from(document.querySelectorAll('[data-testid^="doctor-check-"]'))
  .map((row) => [row.getAttribute('data-testid').slice('doctor-check-'.length), row.getAttribute('data-status')]);
"#;

/// A home folder for the app whose Downloads folder is `home/Downloads`.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::Builder::new()
            .prefix("rc-onboard-e2e-home-")
            .tempdir()
            .unwrap();
        std::fs::create_dir_all(dir.path().join("Downloads")).unwrap();
        std::fs::create_dir_all(dir.path().join(".config")).unwrap();
        std::fs::write(
            dir.path().join(".config").join("user-dirs.dirs"),
            "XDG_DOWNLOAD_DIR=\"$HOME/Downloads\"\n",
        )
        .unwrap();
        Home { dir }
    }

    fn downloads(&self) -> PathBuf {
        self.dir.path().join("Downloads")
    }

    /// The app's environment: this home, its Downloads folder, and no program to open links with.
    fn env(&self, path: &str) -> HashMap<String, String> {
        let home = self.dir.path().display().to_string();
        HashMap::from([
            ("HOME".to_owned(), home.clone()),
            ("XDG_CONFIG_HOME".to_owned(), format!("{home}/.config")),
            (
                "XDG_DOWNLOAD_DIR".to_owned(),
                self.downloads().display().to_string(),
            ),
            ("PATH".to_owned(), path.to_owned()),
        ])
    }
}

/// Opens Support from the error's "Get help", runs the checks and returns the rows' statuses
/// by check id, after checking what was announced.
async fn run_checks(app: &App) -> HashMap<String, String> {
    app.click("error-support").await.unwrap();
    app.wait_visible("support-panel", UI_TIMEOUT).await.unwrap();
    assert!(
        app.visible_testids("doctor-check-")
            .await
            .unwrap()
            .is_empty(),
        "no rows before the run"
    );
    let live = app.run_js(RECORD_ANNOUNCEMENTS, Vec::new()).await.unwrap();
    assert_eq!(live.as_str(), Some("polite"));
    app.click("doctor-run").await.unwrap();
    let summary = app
        .wait_visible_text("doctor-summary", Duration::from_secs(30), |t| {
            !t.starts_with("Checking")
        })
        .await
        .unwrap();
    assert!(
        summary.starts_with("All 16 checks passed")
            || summary.contains(" passed, ")
            || summary.starts_with("The checks could not run"),
        "the result is summarised: {summary:?}"
    );
    assert!(
        !summary.starts_with("The checks could not run"),
        "{summary:?}"
    );

    let announced = app
        .run_js("return window.__announced;", Vec::new())
        .await
        .unwrap();
    let announced: Vec<String> = announced
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        announced.first().map(String::as_str),
        Some("Running the checks…"),
        "{announced:?}"
    );
    let progress: Vec<&String> = announced
        .iter()
        .filter(|a| a.starts_with("Check ") && a.contains(" of 16: "))
        .collect();
    assert!(
        !progress.is_empty(),
        "progress is announced as checks finish: {announced:?}"
    );
    assert_eq!(
        announced.last(),
        Some(&summary),
        "the result is announced last"
    );

    let rows = app.run_js(ROWS, Vec::new()).await.unwrap();
    let rows: HashMap<String, String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row[0].as_str().unwrap_or_default().to_owned(),
                row[1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 16, "one row per planned check: {rows:?}");
    for (id, status) in &rows {
        assert!(STATUSES.contains(&status.as_str()), "{id} ended {status:?}");
    }
    assert_eq!(rows["profile"], "pass", "{rows:?}");
    assert_eq!(rows["outbox"], "pass", "{rows:?}");
    let first = app.seen("doctor-check-profile").await.unwrap().unwrap();
    assert!(
        first.visible && first.text.starts_with("Passed"),
        "{first:?}"
    );
    rows
}

/// Saves the report; returns the path the window shows and the file's text.
async fn save_report(app: &App, downloads: &Path, session: &str) -> String {
    app.click("support-report-save").await.unwrap();
    let saved = app
        .wait_visible_text("support-report-saved", UI_TIMEOUT, |t| {
            t.starts_with("Saved to ")
        })
        .await
        .unwrap();
    let expected = downloads.join(format!("rc-onboard-support-{session}.txt"));
    assert_eq!(
        saved,
        format!("Saved to {}", expected.display()),
        "the window says where Rust wrote it"
    );
    let report = std::fs::read_to_string(&expected).unwrap();
    assert!(report.contains("rc-onboard support report"), "{report}");
    assert!(report.contains(&format!("session: {session}")), "{report}");
    assert!(
        report.contains("PASS") && report.contains("profile") && report.contains("doctor"),
        "the report has the checks: {report}"
    );
    report
}

fn session_id_text(seen: &str) -> String {
    let id = seen.trim().to_owned();
    assert!(
        id.len() >= 6 && id.chars().all(|c| c.is_ascii_alphanumeric()),
        "session id {id:?}"
    );
    id
}

/// Whether `text` has something shaped like an onboarding code: eight groups of four letters or
/// digits joined by hyphens.
fn has_code_shape(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .any(|word| {
            let groups: Vec<&str> = word.split('-').collect();
            groups.len() >= 8 && groups.windows(8).any(|w| w.iter().all(|g| g.len() == 4))
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn real_provider_support_from_an_error_checks_saves_and_keeps_secrets_out() {
    let _one = rc_onboard_e2e::one_window_at_a_time().await;
    let mut shots = Shots::new("support_real_provider");
    let provider = RealProvider::start(&ProviderSpec {
        name: PROVIDER,
        support_email: Some(SUPPORT_EMAIL),
        support_url: Some(SUPPORT_URL),
        logo: None,
        accent_color: None,
    })
    .await;
    let code = provider.issue_code();
    let jwt = provider.credential(Scenario::RestrictedToAnotherApp);
    let home = Home::new();
    let (_path_dir, path) = path_without_url_launchers().unwrap();
    let data = data_dir().unwrap();
    let mut options = provider.options(data.path(), Some(&code), "Adwaita");
    options.env.extend(home.env(&path));
    let app = App::launch(options).await.unwrap();

    // ---- Walk to Verify with a credential RingCentral rejects.
    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();
    app.click("next").await.unwrap();
    app.wait_step("console", UI_TIMEOUT).await.unwrap();
    app.click("next").await.unwrap();
    app.wait_step("restrict", UI_TIMEOUT).await.unwrap();
    for item in [
        "only_specific_apps",
        "client_id_added",
        "expiry_considered",
        "copied_credential",
    ] {
        app.click(&format!("check-{item}")).await.unwrap();
    }
    app.click("next").await.unwrap();
    app.wait_step("paste", UI_TIMEOUT).await.unwrap();
    app.type_into("paste-input", &jwt).await.unwrap();
    app.wait_visible_text("paste-message", UI_TIMEOUT, |t| {
        t.starts_with("Looks right")
    })
    .await
    .unwrap();
    app.click("submit-credential").await.unwrap();
    wait_failure(&app, "rejected").await;

    // ---- Support from the error; the checks.
    run_checks(&app).await;
    let session = session_id_text(
        &app.wait_visible("support-session-id", UI_TIMEOUT)
            .await
            .unwrap(),
    );
    assert_eq!(
        app.wait_visible("support-error-kind", UI_TIMEOUT)
            .await
            .unwrap(),
        "rejected"
    );
    shots.take(&app, "support-checks").await.unwrap();

    // ---- The report, saved by the app; no secret in it.
    let report = save_report(&app, &home.downloads(), &session).await;
    assert!(!report.contains(&jwt), "the report holds the JWT");
    let signature = jwt.rsplit('.').next().unwrap_or_default();
    assert!(
        signature.len() > 20 && !report.contains(signature),
        "the report holds the JWT's signature"
    );
    assert!(
        !report.contains(&code),
        "the report holds the onboarding code"
    );
    assert!(
        !report.contains(&code.replace('-', "")),
        "the report holds the onboarding code without its hyphens"
    );
    assert!(
        report.contains("onboarding code: present (not shown)"),
        "{report}"
    );
    let shown = app.html().await.unwrap();
    assert!(!shown.contains(&jwt) && !shown.contains(&code));

    // ---- The support contact: no program can open it here, so it stays on screen to copy.
    app.click("support-contact-open").await.unwrap();
    let refused = app
        .wait_visible("support-contact-error", UI_TIMEOUT)
        .await
        .unwrap();
    assert!(
        refused.ends_with("Copy the address below instead."),
        "Rust's message and what to do: {refused:?}"
    );
    assert_eq!(
        app.wait_visible("support-url", UI_TIMEOUT).await.unwrap(),
        SUPPORT_URL
    );
    assert_eq!(
        app.wait_visible("support-email", UI_TIMEOUT).await.unwrap(),
        SUPPORT_EMAIL
    );
    assert!(app.is_visible("copy-support-url").await.unwrap());
    assert!(app.is_visible("copy-support-email").await.unwrap());
    shots.take(&app, "support-contact-refused").await.unwrap();

    app.close().await.unwrap();
    provider.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_support_from_a_preset_error_checks_mostly_pass_and_saves() {
    let _one = rc_onboard_e2e::one_window_at_a_time().await;
    let mut shots = Shots::new("support_demo");
    let home = Home::new();
    let (_path_dir, path) = path_without_url_launchers().unwrap();
    let data = data_dir().unwrap();
    let mut options = demo_options(data.path(), Theme::Light);
    options.env.extend(home.env(&path));
    let app = App::launch(options).await.unwrap();

    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();
    app.click("demo-open").await.unwrap();
    app.wait_visible("demo-panel", UI_TIMEOUT).await.unwrap();
    app.click("demo-scenario-restricted_to_another_app")
        .await
        .unwrap();
    app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    wait_failure(&app, "rejected").await;

    let rows = run_checks(&app).await;
    let passed = rows.values().filter(|s| *s == "pass").count();
    assert!(
        passed >= 12,
        "in the demo everything is on this machine, so nearly every check passes: {rows:?}"
    );
    assert!(
        !rows.values().any(|s| s == "fail"),
        "no check fails in the demo: {rows:?}"
    );
    shots.take(&app, "support-checks").await.unwrap();
    let violations = run_axe(&app, &axe_source().unwrap()).await.unwrap();
    assert!(
        violations.is_empty(),
        "axe on the Support panel with the checks:\n{}",
        describe(&violations)
    );

    let session = session_id_text(
        &app.wait_visible("support-session-id", UI_TIMEOUT)
            .await
            .unwrap(),
    );
    let report = save_report(&app, &home.downloads(), &session).await;
    assert!(
        !report.contains("eyJ"),
        "nothing shaped like a JWT in the report"
    );
    assert!(
        !has_code_shape(&report),
        "nothing shaped like an onboarding code in the report"
    );
    let listed = app.run_js(
        "return document.querySelector('[data-testid=\"support-report-text\"]').textContent;",
        Vec::new(),
    );
    let listed = listed.await.unwrap();
    assert!(
        matches!(&listed, Value::String(text) if text.contains("doctor")),
        "the report shown in the panel was reloaded with the checks: {listed}"
    );
    app.close().await.unwrap();
}

#[test]
fn code_shape_detection() {
    assert!(has_code_shape(
        "code ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789 here"
    ));
    assert!(!has_code_shape("session f3b1c2d4, 2025-11-28"));
    assert!(!has_code_shape("AB-CD-EF"));
}
