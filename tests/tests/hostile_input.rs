//! Hostile input in the real window. A provider profile points at a simulated RingCentral whose
//! user's name and company are HTML (`<img onerror=…>`, `<script>`), and at a reference intake,
//! both started in this test on 127.0.0.1. The customer pastes hostile text into the paste field —
//! a 1 MB paste, NUL bytes, an RTL override, emoji, script, JSON, an unsigned `alg: none` JWT —
//! and each gets its own message while the window keeps updating; then they paste the real
//! credential laced with zero-width characters, verify, and the name and company are shown
//! literally as text: no element is created from them and the page title is untouched.

use std::collections::HashMap;
use std::time::Duration;

use rc_onboard_e2e::fixtures::data_dir;
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::{App, AppOptions};
use rc_onboard_intake_protocol::KeyPair;
use rc_onboard_intake_server::{IntakeServer, ServerConfig};
use rc_onboard_simulator::{demo, AllowedApps, CredentialSpec, Expiry, SimConfig, User};
use rc_onboard_testkit::{b64url, FakeJwt};
use serde_json::json;

const NAME: &str = "<img src=x onerror=\"document.title='pwned'\">Jane";
const COMPANY: &str = "<script>document.title='pwned'</script>Co";
const EXTENSION_ID: u64 = 909_000_201;
const EXTENSION_NUMBER: &str = "201";
const CUSTOMER: &str = "Hostile Names Inc.";
/// The longest value WebKit keeps in a text field.
const WEBKIT_MAX_FIELD_LENGTH: usize = 524_288;
const COPY: &str =
    "Copy the whole credential from the Credentials page of the RingCentral developer \
                    console (it starts with \"eyJ\") and paste it here.";

/// Watches the whole document for `<img>` and `<script>` elements added after it starts, and for
/// the title becoming anything else than it is now (the app rewrites it with the same text on
/// each render); the page's own scripts are all loaded by then.
const WATCH_SCRIPT: &str = r#"
const state = { added: [], titles: [] };
window.__hostileWatch = state;
const note = (node) => {
  if (!node || node.nodeType !== 1) return;
  const found = node.matches('img, script') ? [node] : [];
  for (const el of node.querySelectorAll('img, script')) found.push(el);
  for (const el of found) state.added.push(el.outerHTML.slice(0, 200));
};
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) note(node);
}).observe(document, { subtree: true, childList: true });
const title = document.querySelector('title');
const initial = document.title;
if (title) new MutationObserver(() => { if (document.title !== initial) state.titles.push(document.title); })
  .observe(title, { subtree: true, childList: true, characterData: true });
return document.title;
"#;

/// Puts `text` (or `unit` repeated `count` times, built in the page) into the paste field the way
/// a paste does: the whole value at once, then one `input` event.
const PASTE_SCRIPT: &str = r#"
const el = document.querySelector('[data-testid="paste-input"]');
if (!el) return false;
const text = arguments[1] > 0 ? arguments[0].repeat(arguments[1]) : arguments[0];
el.focus();
el.value = text;
el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: null }));
return el.value.length;
"#;

/// Pastes `text` (repeated `repeat` times when non-zero) and checks what the field holds: all of
/// it, up to the 524 288 UTF-16 units WebKit keeps of a longer paste (its default `maxLength`).
async fn paste(app: &App, text: &str, repeat: usize) {
    let length = app
        .run_js(PASTE_SCRIPT, vec![json!(text), json!(repeat)])
        .await
        .unwrap();
    let length = length.as_u64().unwrap_or_default() as usize;
    let pasted = text.encode_utf16().count() * repeat.max(1);
    assert_eq!(
        length,
        pasted.min(WEBKIT_MAX_FIELD_LENGTH),
        "the field holds the paste"
    );
}

/// Pastes, then waits until the message is exactly `expected` (the previous paste's message may
/// still be shown for a moment).
async fn paste_expecting(
    app: &App,
    what: &str,
    text: &str,
    repeat: usize,
    expected: &str,
    tone: &str,
) {
    paste(app, text, repeat).await;
    let shown = app
        .wait_visible_text("paste-message", UI_TIMEOUT, |t| t == expected)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(shown, expected, "{what}");
    assert_eq!(
        app.attribute("paste-message", "data-tone")
            .await
            .unwrap()
            .as_deref(),
        Some(tone),
        "{what}"
    );
    let next = app.seen("submit-credential").await.unwrap().unwrap();
    assert_eq!(
        next.enabled,
        tone == "ok",
        "{what}: Continue enabled only for a credential that looks right"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_names_show_as_text_and_hostile_pastes_get_specific_messages() {
    let _one = rc_onboard_e2e::one_window_at_a_time().await;
    let mut shots = Shots::new("hostile_input");

    // ---- The services: a simulator with a hostile user, and a reference intake.
    let sim = rc_onboard_simulator::start(SimConfig::default())
        .await
        .unwrap();
    sim.add_user(User {
        extension_id: EXTENSION_ID,
        account_id: demo::ACCOUNT_ID,
        extension_number: EXTENSION_NUMBER.to_owned(),
        name: NAME.to_owned(),
        email: Some("jane@hostile.example".to_owned()),
        company: Some(COMPANY.to_owned()),
        enabled: true,
    });
    let credential = sim.create_credential(CredentialSpec {
        owner_extension_id: EXTENSION_ID,
        allowed: AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        expires: Expiry::Never,
    });
    let work = data_dir().unwrap();
    let (private_key, public_key) = KeyPair::generate().unwrap().into_parts();
    let intake = IntakeServer::start(ServerConfig::new(
        work.path().join("intake.sqlite"),
        private_key,
        "k1",
    ))
    .await
    .unwrap();
    let code = intake
        .issue_code(CUSTOMER, Duration::from_secs(3600))
        .unwrap();
    let profile = work.path().join("hostile.toml");
    std::fs::write(
        &profile,
        format!(
            r#"
[provider]
name = "Acme Analytics"
support_email = "help@acme.example"

[ringcentral]
server = "{server}"
client_id = "{client_id}"
client_secret = "{client_secret}"
required_permissions = ["ReadAccounts"]

[intake]
url = "{intake_url}"
key_id = "k1"
public_key = "{public_key}"
"#,
            server = sim.base_url(),
            client_id = demo::PROVIDER_CLIENT_ID,
            client_secret = demo::PROVIDER_CLIENT_SECRET,
            intake_url = intake.submissions_url(),
            public_key = b64url(public_key.as_bytes()),
        ),
    )
    .unwrap();
    let app_data = work.path().join("app-data");
    let app = App::launch(AppOptions {
        args: vec![
            "--profile".to_owned(),
            profile.display().to_string(),
            "--code".to_owned(),
            code.clone(),
        ],
        env: HashMap::from([(
            "RC_ONBOARD_DATA_DIR".to_owned(),
            app_data.display().to_string(),
        )]),
    })
    .await
    .unwrap();
    let title = app.run_js(WATCH_SCRIPT, vec![]).await.unwrap();
    let title = title.as_str().unwrap_or_default().to_owned();
    assert!(title.contains("Connect RingCentral"), "title was {title:?}");

    // ---- Welcome → console → restrict → paste.
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

    // ---- Hostile pastes: each its own message, and the window keeps updating after each.
    let not_jwt = |reason: &str| format!("That is not a JWT credential: {reason}. {COPY}");
    let unsigned = FakeJwt::with_header(json!({"alg": "none", "typ": "JWT"}).to_string())
        .claims(&json!({
            "iss": sim.base_url(),
            "aud": format!("{}/restapi/oauth/token", sim.base_url()),
            "sub": EXTENSION_ID.to_string(),
            "iat": 1_700_000_000,
            "exp": 1_700_000_000_i64 + 2_147_483_647,
            "jti": "unsigned-1",
        }))
        .signature("")
        .build();
    let rs256_header = b64url(json!({"alg": "RS256"}).to_string());
    let cases: Vec<(&str, String, usize, String)> = vec![
        (
            "a 1 MB paste",
            "A".to_owned(),
            1024 * 1024,
            // The field keeps 512 KiB of it (WEBKIT_MAX_FIELD_LENGTH); all of that is inspected.
            format!("That paste is 512 KB; a JWT credential is under 1 KB. {COPY}"),
        ),
        (
            "NUL bytes in the payload",
            format!("{rs256_header}.\u{0}\u{0}\u{0}.c2lnbmF0dXJl"),
            0,
            not_jwt("its payload (second part) contains characters a JWT cannot contain (it may be cut off or altered)"),
        ),
        (
            "an RTL override before the credential",
            format!("\u{202e}{}", credential.jwt),
            0,
            not_jwt("its header (first part) contains characters a JWT cannot contain (it may be cut off or altered)"),
        ),
        (
            "emoji",
            "🔑😀🎉👍🏽".to_owned(),
            0,
            not_jwt("a JWT credential has three parts separated by dots, this has 1"),
        ),
        (
            "script",
            "<script>document.title='pwned'</script>".to_owned(),
            0,
            not_jwt("a JWT credential has three parts separated by dots, this has 2"),
        ),
        (
            "JSON",
            json!({"credential": credential.jwt}).to_string(),
            0,
            not_jwt("this is a JSON document"),
        ),
        (
            "a JWT with alg none",
            unsigned,
            0,
            not_jwt("it is unsigned (alg \"none\"), so it is not a RingCentral credential"),
        ),
    ];
    for (what, text, repeat, expected) in &cases {
        paste_expecting(&app, what, text, *repeat, expected, "error").await;
        if *repeat > 0 {
            shots.take(&app, "paste-1mb").await.unwrap();
        }
    }
    shots.take(&app, "paste-alg-none").await.unwrap();

    // ---- The real credential, laced with zero-width characters and a byte-order mark.
    let half = credential.jwt.len() / 2;
    let laced = format!(
        "\u{feff}{}\u{200b}{}\u{200d}",
        &credential.jwt[..half],
        &credential.jwt[half..]
    );
    paste_expecting(
        &app,
        "zero-width characters",
        &laced,
        0,
        "Looks right. This credential never expires. The paste contained invisible characters \
         (zero-width spaces or a byte-order mark); they were removed.",
        "ok",
    )
    .await;
    app.click("submit-credential").await.unwrap();

    // ---- Verify: the hostile name and company are text, nothing ran.
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let identity = app
        .wait_visible_text("identity", Duration::from_secs(20), |t| {
            t.starts_with("Connected as")
        })
        .await
        .unwrap();
    assert_eq!(
        identity,
        format!(
            "Connected as {NAME} (ext. {EXTENSION_NUMBER}), {COMPANY}, account {}",
            demo::ACCOUNT_ID
        )
    );
    let inside = app
        .run_js(
            "const el = document.querySelector('[data-testid=\"identity\"]');\
             return [el.querySelectorAll('img, script').length, el.textContent];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        inside[0],
        json!(0),
        "no element was made from the name or company"
    );
    assert!(inside[1].as_str().unwrap_or_default().contains(NAME));
    shots.take(&app, "verify-hostile-identity").await.unwrap();

    app.click("confirm-account").await.unwrap();
    app.wait_step("done", Duration::from_secs(20))
        .await
        .unwrap();
    let summary = app.wait_visible("summary", UI_TIMEOUT).await.unwrap();
    assert!(
        summary.contains(NAME) && summary.contains(COMPANY),
        "{summary:?}"
    );
    shots.take(&app, "done-hostile-summary").await.unwrap();

    // Nothing ran and nothing was created from any of it, at any point.
    let watched = app
        .run_js(
            "const s = window.__hostileWatch; return [document.title, s.added, s.titles,\
             document.querySelectorAll('img[src=\"x\"]').length];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(watched[0], json!(title), "the title was not changed");
    assert_eq!(
        watched[1],
        json!([]),
        "no <img> or <script> element was added"
    );
    assert_eq!(
        watched[2],
        json!([]),
        "the title never changed, even for a moment"
    );
    assert_eq!(watched[3], json!(0));
    let html = app.html().await.unwrap();
    assert!(
        !html.contains("<img src=\"x\""),
        "no img element in the document"
    );
    assert!(
        html.contains("&lt;img src=x"),
        "the name is in the page as escaped text"
    );

    let stored = intake.submissions().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].extension_id, EXTENSION_ID.to_string());
    app.close().await.unwrap();
    intake.shutdown().await;
    sim.shutdown().await;
}
