//! No layout break from the smallest window (800×600) to a large one: on every main screen, on a
//! failure and with a panel open, nothing scrolls or sticks out sideways, and the step's buttons
//! stay on screen.

use rc_onboard_e2e::fixtures::{launch_demo, Theme};
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::walk::Walk;
use rc_onboard_e2e::App;

/// The smallest window the app allows, and a large desktop one.
const SIZES: [(u32, u32); 2] = [(800, 600), (1920, 1200)];

/// Checks the current screen at each size; `name` labels screenshots and failures.
async fn check_sizes(app: &App, shots: &mut Shots, name: &str) {
    for (width, height) in SIZES {
        app.resize(width, height).await.unwrap();
        let overflow = app.horizontal_overflow().await.unwrap();
        assert!(
            overflow.is_empty(),
            "{name} at {width}×{height} overflows sideways:\n{}",
            overflow.join("\n")
        );
        // The step's buttons (when it has any) are inside the window.
        let nav = app
            .run_js(
                "const n = document.getElementById('step-nav');\
                 if (!n || n.hidden) return true;\
                 const r = n.getBoundingClientRect();\
                 return r.bottom <= window.innerHeight + 1 && r.top >= 0 && r.right <= window.innerWidth + 1;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            nav.as_bool(),
            Some(true),
            "{name} at {width}×{height}: the buttons are off screen"
        );
        shots
            .take(app, &format!("{name}-{width}x{height}"))
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_overflows_from_800x600_to_a_large_window() {
    let mut shots = Shots::new("layout");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();
    let mut walk = Walk::start(&app).await.unwrap();
    loop {
        let screen = walk.screen();
        check_sizes(&app, &mut shots, screen.step()).await;
        app.resize(1000, 720).await.unwrap();
        if !walk.next().await.unwrap() {
            break;
        }
    }

    // A panel over the Done screen.
    app.click("support-open").await.unwrap();
    app.wait_visible("support-panel", UI_TIMEOUT).await.unwrap();
    check_sizes(&app, &mut shots, "support-panel").await;
    app.click("panel-close").await.unwrap();
    app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();

    // A failure with its details open.
    app.resize(1000, 720).await.unwrap();
    app.click("demo-open").await.unwrap();
    app.click("demo-scenario-app_not_enabled").await.unwrap();
    app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();
    app.wait_visible("error-block", UI_TIMEOUT).await.unwrap();
    app.run_js(
        "document.querySelectorAll('[data-testid=\"error-details\"]').forEach((d) => { d.open = true; });",
        vec![],
    )
    .await
    .unwrap();
    check_sizes(&app, &mut shots, "verify-failed").await;
    app.close().await.unwrap();
}
