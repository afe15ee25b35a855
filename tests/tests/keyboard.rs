//! Keyboard only: a customer who does not use a mouse goes from Welcome to Paste with Tab, Space
//! and Enter, and can always see where the focus is (a solid outline on every control reached).

use fantoccini::key::Key;
use rc_onboard_e2e::fixtures::{launch_demo, Theme};
use rc_onboard_e2e::page::{Focused, UI_TIMEOUT};
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::App;

/// Tabs to `testid`, checking that every control the focus passed through showed a visible
/// focus ring; returns the focused element.
async fn tab_to(app: &App, testid: &str) -> Focused {
    let path = app.tab_to(testid, 30).await.unwrap();
    for focused in &path {
        if matches!(focused.tag.as_str(), "button" | "input" | "a" | "summary") {
            assert!(
                focused.ring_visible(),
                "the focus on {} <{}> {:?} is not visible: outline {} {}px {}, :focus-visible {}",
                focused.testid,
                focused.tag,
                focused.text,
                focused.outline_style,
                focused.outline_width,
                focused.outline_color,
                focused.focus_visible
            );
        }
    }
    path.last().cloned().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn welcome_to_paste_with_tab_space_and_enter() {
    let mut shots = Shots::new("keyboard");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();
    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();

    // The step's heading has the focus, so the next Tab starts from the step's content.
    let start = app.focused().await.unwrap().unwrap();
    assert_eq!(
        start.testid, "step-title",
        "the heading is focused when a step opens"
    );

    let focused = tab_to(&app, "next").await;
    assert_eq!(focused.text, "Start");
    shots.take(&app, "welcome-start-focused").await.unwrap();
    app.press(&[Key::Enter]).await.unwrap();

    app.wait_step("console", UI_TIMEOUT).await.unwrap();
    assert_eq!(app.focused().await.unwrap().unwrap().testid, "step-title");
    let focused = tab_to(&app, "next").await;
    assert_eq!(focused.text, "I see the form");
    shots.take(&app, "console-next-focused").await.unwrap();
    app.press(&[Key::Space]).await.unwrap();

    app.wait_step("restrict", UI_TIMEOUT).await.unwrap();
    for item in [
        "only_specific_apps",
        "client_id_added",
        "expiry_considered",
        "copied_credential",
    ] {
        let testid = format!("check-{item}");
        let focused = tab_to(&app, &testid).await;
        assert_eq!(focused.tag, "input");
        app.press(&[Key::Space]).await.unwrap();
        let checked = app
            .run_js(
                "return document.querySelector(arguments[0]).checked;",
                vec![serde_json::json!(format!("[data-testid=\"{testid}\"]"))],
            )
            .await
            .unwrap();
        assert_eq!(checked.as_bool(), Some(true), "Space ticks {testid}");
        // Ticking re-renders the checklist; the focus stays on the box just ticked.
        let still = app.focused().await.unwrap().unwrap();
        assert_eq!(still.testid, testid, "focus stays on the ticked item");
        assert!(
            still.ring_visible(),
            "the ticked item keeps a visible focus ring"
        );
    }
    app.wait_visible_text("checklist", UI_TIMEOUT, |t| t.contains("All done"))
        .await
        .unwrap();
    shots.take(&app, "restrict-all-ticked").await.unwrap();
    let focused = tab_to(&app, "next").await;
    assert_eq!(focused.text, "Next");
    app.press(&[Key::Enter]).await.unwrap();

    app.wait_step("paste", UI_TIMEOUT).await.unwrap();
    let focused = tab_to(&app, "paste-input").await;
    assert_eq!(focused.tag, "input");
    shots.take(&app, "paste-field-focused").await.unwrap();
    app.close().await.unwrap();
}
