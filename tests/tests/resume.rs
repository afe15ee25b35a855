//! A real provider profile (not the demo) against a RingCentral simulator and a reference intake
//! server started here on loopback. The intake is down when the customer sends: the window says
//! the credential is saved and will be retried, "Try now" retries, and the customer closes the
//! app. The intake comes back; the customer reopens the app with the same data folder, and it
//! resumes at Send and delivers. The onboarding code waits in the real keyring (gnome-keyring).

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use rc_onboard_e2e::fixtures::data_dir;
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::{App, AppOptions};
use rc_onboard_intake_protocol::KeyPair;
use rc_onboard_intake_server::{Faults, IntakeServer, ServerConfig};
use rc_onboard_simulator::{demo, Scenario, SimConfig};

const PROVIDER: &str = "Northwind Dialer";
const KEY_ID: &str = "e2e-2026";

fn write_profile(path: &Path, server: &str, intake_url: &str, public_key: &str) {
    let toml = format!(
        r#"[provider]
name = "{PROVIDER}"
support_email = "support@northwind.example"

[ringcentral]
server = "{server}"
console = "{server}"
client_id = "{client_id}"
client_secret = "{secret}"
required_permissions = ["ReadAccounts"]

[intake]
url = "{intake_url}"
key_id = "{KEY_ID}"
public_key = "{public_key}"
"#,
        client_id = demo::PROVIDER_CLIENT_ID,
        secret = demo::PROVIDER_CLIENT_SECRET,
    );
    std::fs::write(path, toml).unwrap();
}

fn options(profile: &Path, data: &Path, code: Option<&str>) -> AppOptions {
    let mut args = vec!["--profile".to_owned(), profile.display().to_string()];
    if let Some(code) = code {
        args.push("--code".to_owned());
        args.push(code.to_owned());
    }
    let mut env = HashMap::new();
    env.insert("RC_ONBOARD_DATA_DIR".to_owned(), data.display().to_string());
    env.insert("GTK_THEME".to_owned(), "Adwaita".to_owned());
    AppOptions { args, env }
}

/// The number in "Attempts so far".
async fn attempts(app: &App) -> u32 {
    app.wait_visible("send-attempts", UI_TIMEOUT)
        .await
        .unwrap()
        .parse()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn queued_submission_survives_a_restart_and_is_delivered() {
    let mut shots = Shots::new("resume");
    let simulator = rc_onboard_simulator::start(SimConfig::default())
        .await
        .unwrap();
    let intake_dir = tempfile::tempdir().unwrap();
    let (private_key, public_key) = KeyPair::generate().unwrap().into_parts();
    let intake = IntakeServer::start(ServerConfig::new(
        intake_dir.path().join("intake.sqlite"),
        private_key,
        KEY_ID,
    ))
    .await
    .unwrap();
    intake.set_faults(Faults {
        fail_next: Vec::new(),
        down: true,
    });
    let code = intake
        .issue_code("Cooper Dental LLC", Duration::from_secs(3600))
        .unwrap();
    let credential = simulator
        .apply_scenario(Scenario::HappyPath, demo::PROVIDER_CLIENT_ID)
        .unwrap();
    let profile_dir = tempfile::tempdir().unwrap();
    let profile = profile_dir.path().join("northwind.toml");
    write_profile(
        &profile,
        &simulator.base_url(),
        &intake.submissions_url(),
        &public_key.to_b64url(),
    );
    let data = data_dir().unwrap();

    // ---- First run: a real profile, no DEMO ribbon; walk to Send while the intake is down.
    let app = App::launch(options(&profile, data.path(), Some(&code)))
        .await
        .unwrap();
    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();
    assert_eq!(
        app.wait_visible("provider-name", UI_TIMEOUT).await.unwrap(),
        PROVIDER
    );
    assert!(
        !app.is_visible("demo-ribbon").await.unwrap(),
        "no DEMO ribbon with a real profile"
    );
    assert!(!app.is_visible("demo-open").await.unwrap());
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
    app.type_into("paste-input", &credential.jwt).await.unwrap();
    app.wait_visible_text("paste-message", UI_TIMEOUT, |t| {
        t.starts_with("Looks right")
    })
    .await
    .unwrap();
    app.click("submit-credential").await.unwrap();
    let identity = app
        .wait_visible_text("identity", Duration::from_secs(20), |t| {
            t.starts_with("Connected as")
        })
        .await
        .unwrap();
    assert!(identity.starts_with("Connected as Jane Cooper (ext. 101), Cooper Dental LLC"));
    app.click("confirm-account").await.unwrap();
    app.wait_step("send", UI_TIMEOUT).await.unwrap();
    // The first delivery keeps trying for up to about 20 seconds before it settles for later.
    let status = app
        .wait_visible_text("send-status", Duration::from_secs(45), |t| {
            t.starts_with("Saved securely")
        })
        .await
        .unwrap();
    assert_eq!(status, "Saved securely; we will keep trying");
    let explained = app.html().await.unwrap();
    assert!(explained.contains("the next time you open rc-onboard it carries on"));
    let first = attempts(&app).await;
    assert!(first >= 1, "attempts so far: {first}");
    assert!(app.is_visible("send-next-attempt").await.unwrap());
    shots.take(&app, "saved-keep-trying").await.unwrap();

    // "Try now" tries again at once (the intake is still down, so it stays saved).
    app.click("send-retry").await.unwrap();
    let client = app.client.clone();
    rc_onboard_e2e::wait_for(
        "Try now to make another attempt",
        Duration::from_secs(20),
        || {
            let client = client.clone();
            async move {
                let value = client
                    .execute(
                        "const el = document.querySelector('[data-testid=\"send-attempts\"]');\
                     return el ? Number(el.textContent) : 0;",
                        vec![],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                let now = value.as_u64().unwrap_or(0) as u32;
                if now > first {
                    Ok(Some(()))
                } else {
                    Err(format!("attempts still {now}"))
                }
            }
        },
    )
    .await
    .unwrap();
    assert!(
        !app.is_visible("command-error").await.unwrap(),
        "Try now is not refused"
    );
    assert_eq!(
        app.wait_visible("send-status", UI_TIMEOUT).await.unwrap(),
        "Saved securely; we will keep trying"
    );
    assert!(
        intake.submissions().unwrap().is_empty(),
        "nothing was stored while down"
    );
    app.close().await.unwrap();

    // ---- Reopened while the intake is still down: the app comes back at Send, still saved.
    let app = App::launch(options(&profile, data.path(), None))
        .await
        .unwrap();
    app.wait_step("send", UI_TIMEOUT).await.unwrap();
    assert_eq!(
        app.wait_visible("send-status", UI_TIMEOUT).await.unwrap(),
        "Saved securely; we will keep trying"
    );
    assert_eq!(
        app.wait_visible("step-title", UI_TIMEOUT).await.unwrap(),
        "Waiting to send"
    );
    shots.take(&app, "reopened-still-waiting").await.unwrap();
    app.close().await.unwrap();

    // ---- The intake recovers; the customer opens the app again with the same data folder.
    intake.set_faults(Faults::default());
    let app = App::launch(options(&profile, data.path(), None))
        .await
        .unwrap();
    app.wait_step("done", Duration::from_secs(30))
        .await
        .unwrap();
    let receipt = app.wait_visible("receipt-id", UI_TIMEOUT).await.unwrap();
    let stored = intake.submissions().unwrap();
    assert_eq!(stored.len(), 1, "delivered exactly once");
    assert_eq!(receipt, stored[0].receipt_id);
    assert_eq!(
        app.wait_visible("done-status", UI_TIMEOUT).await.unwrap(),
        format!("Your RingCentral account is connected to {PROVIDER}.")
    );
    shots.take(&app, "resumed-delivered").await.unwrap();
    app.close().await.unwrap();

    intake.shutdown().await;
    simulator.shutdown().await;
}
