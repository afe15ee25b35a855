//! The hostile-input corpus through the real paste field: 60 inputs of the inspection fuzz
//! corpus and its seeds (control and invisible characters, RTL overrides, emoji, HTML, JSON,
//! `alg: none`, huge and negative `exp`, nested base64, …) are pasted one after another; each
//! shows exactly the message Rust's inspection gives for it, Continue stays disabled unless it
//! looks right, and the window keeps working.

use std::path::Path;

use rc_onboard_e2e::fixtures::{launch_demo, Theme, DEMO_CLIENT_SECRET};
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::App;
use serde_json::json;

/// Puts `text` into the field the way a paste arrives: the whole value, then one input event.
const PASTE_SCRIPT: &str = r#"
const el = document.querySelector('[data-testid="paste-input"]');
if (!el) return false;
el.focus();
el.value = arguments[0];
el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: null }));
return true;
"#;

/// What Rust's own inspection says of `text` (the message the field must then show).
const INSPECT_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
window.__TAURI__.core.invoke('inspect_paste', { text: arguments[0] })
  .then((inspection) => done(inspection), (error) => done({ failed: String(error) }));
"#;

const CASES: usize = 60;

fn corpus() -> Vec<String> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/fuzz");
    let mut files = Vec::new();
    for dir in ["seeds/inspect", "corpus/inspect"] {
        let entries = std::fs::read_dir(fuzz.join(dir))
            .unwrap_or_else(|e| panic!("the fuzz corpus {dir} is missing: {e}"));
        let mut paths: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        files.extend(paths);
    }
    files
        .iter()
        .filter_map(|path| String::from_utf8(std::fs::read(path).unwrap()).ok())
        // A text field holds text: no NUL (WebDriver cannot carry it), and nothing blank.
        .filter(|text| !text.contains('\0') && !text.trim().is_empty() && text.len() <= 8192)
        .take(CASES)
        .collect()
}

async fn walk_to_paste(app: &App) {
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
}

async fn paste_and_wait(app: &App, text: &str, expected: &str) -> String {
    app.run_js(PASTE_SCRIPT, vec![json!(text)]).await.unwrap();
    app.wait_visible_text("paste-message", UI_TIMEOUT, |shown| shown == expected)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "pasting {:?}…: {e}",
                text.chars().take(40).collect::<String>()
            )
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn sixty_hostile_pastes_each_get_rusts_specific_message() {
    let _one = rc_onboard_e2e::one_window_at_a_time().await;
    let cases = corpus();
    assert_eq!(cases.len(), CASES, "the corpus has too few text inputs");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();
    walk_to_paste(&app).await;

    let secret_message = app
        .client
        .execute_async(INSPECT_SCRIPT, vec![json!(DEMO_CLIENT_SECRET)])
        .await
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut kinds = std::collections::BTreeSet::new();
    for text in &cases {
        let inspection = app
            .client
            .execute_async(INSPECT_SCRIPT, vec![json!(text)])
            .await
            .unwrap();
        let expected = inspection["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            !expected.is_empty(),
            "no message for {text:?}: {inspection}"
        );
        if expected == secret_message {
            continue;
        }
        // A known paste in between, so a repeated message cannot pass on the previous one.
        paste_and_wait(&app, DEMO_CLIENT_SECRET, &secret_message).await;
        paste_and_wait(&app, text, &expected).await;
        let ok = inspection["ok"].as_bool().unwrap_or(false);
        let next = app.seen("submit-credential").await.unwrap().unwrap();
        assert_eq!(next.enabled, ok, "Continue for {expected:?}");
        if text.trim().len() > 40 {
            let html = app.html().await.unwrap();
            assert!(
                !html.contains(text.trim()),
                "the paste was echoed into the page"
            );
        }
        kinds.insert(inspection["kind"].as_str().unwrap_or_default().to_owned());
    }
    assert!(kinds.len() >= 4, "the corpus reached only {kinds:?}");
    // Still alive and still Rust-driven after all of it.
    app.click("back").await.unwrap();
    app.wait_step("restrict", UI_TIMEOUT).await.unwrap();
    app.close().await.unwrap();
}
