//! A customer pastes the wrong thing: the provider's client secret or client ID, an access token,
//! something that is not a JWT, a sandbox credential. Each time the window says precisely what
//! it is, keeps Continue disabled, and offers the one button that fixes it.

use fantoccini::Locator;
use rc_onboard_e2e::fixtures::{
    launch_demo, sandbox_jwt, Theme, ACCESS_TOKEN, DEMO_CLIENT_SECRET, NOT_A_JWT,
};
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::App;

/// Walks from Welcome to Paste with the mouse.
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
    app.wait_visible_text("checklist", UI_TIMEOUT, |t| t.contains("All done"))
        .await
        .unwrap();
    app.click("next").await.unwrap();
    app.wait_step("paste", UI_TIMEOUT).await.unwrap();
}

/// Replaces what is in the paste field with `text`, typed.
async fn paste(app: &App, text: &str) {
    let field = app
        .client
        .find(Locator::Css("[data-testid=\"paste-input\"]"))
        .await
        .unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

struct WrongPaste {
    name: &'static str,
    text: String,
    message_starts: &'static str,
    fix: &'static str,
}

#[tokio::test(flavor = "multi_thread")]
async fn each_wrong_paste_is_named_with_its_fix() {
    let mut shots = Shots::new("wrong_pastes");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();
    walk_to_paste(&app).await;

    let cases = [
        WrongPaste {
            name: "client-secret",
            text: DEMO_CLIENT_SECRET.to_owned(),
            message_starts:
                "That is the client secret of the provider's app, not your JWT credential.",
            fix: "Go back to the console",
        },
        WrongPaste {
            name: "client-id",
            text: "rc-demo-provider-app".to_owned(),
            message_starts: "That is the provider's client ID, not your JWT credential.",
            fix: "Go back to the console",
        },
        WrongPaste {
            name: "access-token",
            text: ACCESS_TOKEN.to_owned(),
            message_starts: "That is an access token, not a JWT credential",
            fix: "Go back to the console",
        },
        WrongPaste {
            name: "not-a-jwt",
            text: NOT_A_JWT.to_owned(),
            message_starts: "That is not a JWT credential:",
            fix: "Go back to the console",
        },
        WrongPaste {
            name: "sandbox-jwt",
            text: sandbox_jwt(),
            message_starts: "This is a sandbox credential (platform.devtest.ringcentral.com).",
            fix: "Create it in the production console",
        },
    ];

    for case in &cases {
        paste(&app, &case.text).await;
        let message = app
            .wait_visible_text("paste-message", UI_TIMEOUT, |t| {
                t.starts_with(case.message_starts)
            })
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert!(
            !message.contains(&case.text),
            "{}: the message never echoes the paste: {message:?}",
            case.name
        );
        assert_eq!(
            app.attribute("paste-message", "data-tone")
                .await
                .unwrap()
                .as_deref(),
            Some("error"),
            "{}",
            case.name
        );
        assert_eq!(
            app.attribute("paste-input", "aria-invalid")
                .await
                .unwrap()
                .as_deref(),
            Some("true"),
            "{}: the field is marked invalid",
            case.name
        );
        let fixes = app.visible_testids("fix-button").await.unwrap();
        assert_eq!(fixes.len(), 1, "{}: one fix button", case.name);
        assert_eq!(
            app.seen("fix-button").await.unwrap().unwrap().text,
            case.fix,
            "{}",
            case.name
        );
        assert!(
            !app.seen("submit-credential")
                .await
                .unwrap()
                .unwrap()
                .enabled,
            "{}: Continue stays disabled",
            case.name
        );
        shots.take(&app, case.name).await.unwrap();
    }

    // Show reveals what was typed, Hide masks it again.
    assert_eq!(
        app.attribute("paste-input", "type")
            .await
            .unwrap()
            .as_deref(),
        Some("password")
    );
    app.click("paste-toggle").await.unwrap();
    assert_eq!(
        app.attribute("paste-input", "type")
            .await
            .unwrap()
            .as_deref(),
        Some("text")
    );
    assert_eq!(
        app.attribute("paste-toggle", "aria-pressed")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        app.seen("paste-toggle").await.unwrap().unwrap().text,
        "Hide"
    );
    app.click("paste-toggle").await.unwrap();
    assert_eq!(
        app.attribute("paste-input", "type")
            .await
            .unwrap()
            .as_deref(),
        Some("password")
    );

    // The sandbox credential's fix leads to step 2, to create one in the production console.
    app.click("fix-button").await.unwrap();
    app.wait_step("console", UI_TIMEOUT).await.unwrap();
    app.close().await.unwrap();
}
