//! The locked-down webview, probed from inside the real window: script running in the page tries
//! what injected or hostile content would try, and each attempt must be refused.
//!
//! - Plugin commands the main window's capability does not grant (shell open / execute / spawn,
//!   fs, opener, window and webview control) and commands that do not exist are rejected by
//!   Tauri's ACL, and the shell command leaves no trace on disk. An app command the capability
//!   grants (`app_info`) still works, so the refusals are not a broken bridge.
//! - The Content Security Policy blocks a remote `<script src>`, an inline `<script>`, an inline
//!   event-handler attribute and a `fetch` to a remote origin, each reported as a
//!   `securitypolicyviolation`, and none of the blocked code runs.
//! - `Object.prototype` is frozen (`freezePrototype`), so prototype pollution does not stick.
//! - The page loaded nothing from a remote origin.

use std::time::Duration;

use fantoccini::Client;
use rc_onboard_e2e::{wait_for, App, AppOptions};
use serde_json::{json, Value};

/// Calls `window.__TAURI__.core.invoke(command, args)` in the page and reports how it settled.
const INVOKE: &str = r#"
const [command, args, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const text = (value) => {
  if (typeof value === 'string') return value;
  try { return JSON.stringify(value); } catch (_) { return String(value); }
};
try {
  window.__TAURI__.core.invoke(command, args).then(
    (value) => done({ outcome: 'resolved', detail: text(value) }),
    (error) => done({ outcome: 'rejected', detail: text(error) }));
} catch (error) {
  done({ outcome: 'threw', detail: text(error && error.message || error) });
}
"#;

/// Starts collecting `securitypolicyviolation` events into `window.__cspViolations`.
const WATCH_CSP: &str = r#"
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push({
    directive: event.effectiveDirective || event.violatedDirective || '',
    blocked: event.blockedURI || '',
  });
});
return true;
"#;

/// Appends a `<script src>` for a remote origin; reports whether it loaded or ran.
const REMOTE_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
window.__remoteRan = false;
const script = document.createElement('script');
script.src = 'https://example.com/x.js?rc-onboard-probe';
script.addEventListener('load', () => done({ loaded: true, ran: window.__remoteRan }));
script.addEventListener('error', () => done({ loaded: false, ran: window.__remoteRan }));
document.head.appendChild(script);
"#;

/// Appends an inline `<script>`; an allowed inline script runs during `appendChild`.
const INLINE_SCRIPT: &str = r#"
window.__inlineRan = false;
const script = document.createElement('script');
script.textContent = 'window.__inlineRan = true;';
document.head.appendChild(script);
return { ran: window.__inlineRan };
"#;

/// An image whose load fails, with an inline `onerror` attribute; the page's own listener
/// (registered after the attribute, so it runs after the handler would have) reports.
const INLINE_HANDLER: &str = r#"
const done = arguments[arguments.length - 1];
window.__handlerRan = false;
const image = document.createElement('img');
image.setAttribute('onerror', 'window.__handlerRan = true;');
image.addEventListener('error', () => { image.remove(); done({ ran: window.__handlerRan }); });
image.src = 'rc-onboard-missing-image.png';
document.body.appendChild(image);
"#;

/// `fetch` to a remote origin.
const REMOTE_FETCH: &str = r#"
const done = arguments[arguments.length - 1];
fetch('https://example.com/rc-onboard-probe').then(
  (response) => done({ outcome: 'resolved', status: response.status }),
  (error) => done({ outcome: 'rejected', detail: String(error) }));
"#;

/// Whether `Object.prototype` is frozen and whether assigning to it sticks.
const PROTOTYPE: &str = r#"
let threw = false;
try { Object.prototype.rcOnboardPolluted = 'yes'; } catch (_) { threw = true; }
return {
  frozen: Object.isFrozen(Object.prototype),
  polluted: ({}).rcOnboardPolluted === 'yes',
  threw,
};
"#;

/// Every resource the page loaded whose origin is not the page's own (or Tauri's IPC).
const REMOTE_RESOURCES: &str = r#"
const own = window.location.origin;
return performance.getEntriesByType('resource')
  .map((entry) => entry.name)
  .filter((name) => {
    try {
      const url = new URL(name, window.location.href);
      return url.origin !== own && url.protocol !== 'ipc:' && url.hostname !== 'ipc.localhost'
        && url.protocol !== 'data:';
    } catch (_) { return true; }
  });
"#;

async fn run_async(client: &Client, script: &str, args: Vec<Value>) -> Value {
    client
        .execute_async(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

async fn run(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

async fn invoke(client: &Client, command: &str, args: Value) -> (String, String) {
    let result = run_async(client, INVOKE, vec![json!(command), args]).await;
    (
        result["outcome"].as_str().unwrap_or_default().to_owned(),
        result["detail"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Waits until a CSP violation whose directive starts with `directive` and whose blocked URI
/// contains `blocked` has been reported.
async fn violation(client: &Client, directive: &str, blocked: &str) -> Result<Value, String> {
    wait_for(
        &format!("a CSP violation of {directive} for {blocked:?}"),
        Duration::from_secs(5),
        || async {
            let seen = run(client, "return window.__cspViolations;").await;
            let found = seen.as_array().and_then(|all| {
                all.iter()
                    .find(|v| {
                        v["directive"]
                            .as_str()
                            .unwrap_or_default()
                            .starts_with(directive)
                            && v["blocked"].as_str().unwrap_or_default().contains(blocked)
                    })
                    .cloned()
            });
            match found {
                Some(v) => Ok(Some(v)),
                None => Err(format!("violations so far: {seen}")),
            }
        },
    )
    .await
    .map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn webview_refuses_ungranted_commands_remote_and_inline_script_and_pollution() {
    let app = App::launch(AppOptions::default()).await.unwrap();
    let client = &app.client;
    let mut failures: Vec<String> = Vec::new();

    // The page loaded nothing from a remote origin (checked before any probe asks for one).
    let remote_resources = run(client, REMOTE_RESOURCES).await;
    if remote_resources
        .as_array()
        .is_none_or(|all| !all.is_empty())
    {
        failures.push(format!(
            "the page loaded remote resources: {remote_resources}"
        ));
    }

    // The bridge works for what the capability grants.
    let (outcome, detail) = invoke(client, "app_info", json!({})).await;
    assert_eq!(outcome, "resolved", "app_info must work: {detail}");

    // Plugin and unknown commands: refused by the ACL (or absent), never run.
    let marker =
        std::env::temp_dir().join(format!("rc-onboard-shell-probe-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let touch = format!("touch '{}'", marker.display());
    let denied: Vec<(&str, Value)> = vec![
        (
            "plugin:shell|open",
            json!({ "path": "https://example.com/" }),
        ),
        ("plugin:shell|open", json!({ "path": "file:///etc/passwd" })),
        (
            "plugin:shell|execute",
            json!({ "program": "sh", "args": ["-c", touch], "options": {} }),
        ),
        (
            "plugin:shell|spawn",
            json!({ "program": "sh", "args": ["-c", touch], "options": {} }),
        ),
        ("plugin:fs|read_text_file", json!({ "path": "/etc/passwd" })),
        (
            "plugin:fs|write_text_file",
            json!({ "path": marker, "data": "x" }),
        ),
        (
            "plugin:opener|open_url",
            json!({ "url": "https://example.com/" }),
        ),
        (
            "plugin:webview|create_webview_window",
            json!({ "options": { "label": "probe", "url": "https://example.com/" } }),
        ),
        ("plugin:window|set_title", json!({ "value": "probe" })),
        ("plugin:path|resolve_directory", json!({ "directory": 8 })),
        ("definitely_not_an_app_command", json!({})),
    ];
    for (command, args) in denied {
        let (outcome, detail) = invoke(client, command, args).await;
        eprintln!("{command}: {outcome}: {detail}");
        // Tauri's ACL answers "<plugin>.<command> not allowed. Permissions associated with this
        // command: …" (or "… Plugin not found" / "Command not found") before any code runs.
        let refused = outcome == "rejected" && detail.contains("not allowed");
        if !refused {
            failures.push(format!("{command} was not refused: {outcome} {detail}"));
        }
    }
    let title = client.title().await.unwrap();
    if title == "probe" {
        failures.push("plugin:window|set_title changed the title".to_owned());
    }
    if marker.exists() {
        failures.push(format!("a shell or fs command wrote {}", marker.display()));
        let _ = std::fs::remove_file(&marker);
    }

    // Content Security Policy.
    run(client, WATCH_CSP).await;

    let remote = run_async(client, REMOTE_SCRIPT, vec![]).await;
    if remote["loaded"] != json!(false) || remote["ran"] != json!(false) {
        failures.push(format!("the remote script was not blocked: {remote}"));
    }
    if let Err(e) = violation(client, "script-src", "example.com").await {
        failures.push(format!("remote script: {e}"));
    }

    let inline = run(client, INLINE_SCRIPT).await;
    if inline["ran"] != json!(false) {
        failures.push(format!("an inline script ran: {inline}"));
    }
    if let Err(e) = violation(client, "script-src", "inline").await {
        failures.push(format!("inline script: {e}"));
    }

    let handler = run_async(client, INLINE_HANDLER, vec![]).await;
    if handler["ran"] != json!(false) {
        failures.push(format!("an inline event handler ran: {handler}"));
    }
    if let Err(e) = violation(client, "script-src-attr", "inline").await {
        failures.push(format!("inline event handler: {e}"));
    }

    let fetched = run_async(client, REMOTE_FETCH, vec![]).await;
    if fetched["outcome"] != json!("rejected") {
        failures.push(format!("a remote fetch was not refused: {fetched}"));
    }
    if let Err(e) = violation(client, "connect-src", "example.com").await {
        failures.push(format!("remote fetch: {e}"));
    }

    eprintln!(
        "CSP violations: {}",
        run(client, "return window.__cspViolations;").await
    );

    // Prototype pollution.
    let prototype = run(client, PROTOTYPE).await;
    if prototype["frozen"] != json!(true) || prototype["polluted"] != json!(false) {
        failures.push(format!("Object.prototype is not frozen: {prototype}"));
    }

    app.close().await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
