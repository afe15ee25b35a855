//! axe-core in the real window, light and dark (WebKitGTK maps the GTK theme's dark variant,
//! `GTK_THEME=Adwaita:dark`, to `prefers-color-scheme: dark`): every main screen, the panels, and
//! the failure screens (an error, a warning with its countdown, a refused paste). Any violation
//! of WCAG 2.0–2.2 A/AA or axe's best practices fails the test.
//!
//! The window is made tall for the checks so that every text is on screen and nothing sits under
//! the sticky button bar: axe can then compute every contrast ratio, and the test also fails
//! when it cannot ("incomplete" colour contrast).

use std::time::Duration;

use rc_onboard_e2e::axe::{axe_source, describe, run_axe, Violation};
use rc_onboard_e2e::fixtures::{launch_demo, Theme};
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::walk::Walk;
use rc_onboard_e2e::App;

/// Tall enough that each screen fits without scrolling.
const CHECK_SIZE: (u32, u32) = (1000, 2400);

/// Runs axe on what the window shows now; returns failures as readable text (empty = clean).
async fn check(app: &App, source: &str, theme: Theme, screen: &str) -> Vec<String> {
    let violations: Vec<Violation> = run_axe(app, source).await.unwrap();
    let incomplete = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['incomplete'] })\
               .then((r) => done(r.incomplete.flatMap((v) => v.nodes.map((n) => n.target.join(' ')))))\
               .catch((e) => done([String(e)]));",
            vec![],
        )
        .await
        .unwrap();
    let mut failures = Vec::new();
    if !violations.is_empty() {
        failures.push(format!(
            "{} / {screen}:\n{}",
            theme.name(),
            describe(&violations)
        ));
    }
    if let Some(nodes) = incomplete.as_array().filter(|n| !n.is_empty()) {
        failures.push(format!(
            "{} / {screen}: axe could not compute the contrast of {nodes:?}",
            theme.name()
        ));
    }
    failures
}

/// Opens a preset from the Demo scenarios panel.
async fn apply_preset(app: &App, id: &str) {
    app.click("demo-open").await.unwrap();
    app.click(&format!("demo-scenario-{id}")).await.unwrap();
    app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();
}

async fn check_theme(theme: Theme, source: &str) -> Vec<String> {
    let mut shots = Shots::new(&format!("accessibility_{}", theme.name()));
    let (app, _data) = launch_demo(theme).await.unwrap();
    let dark = app
        .run_js(
            "return matchMedia('(prefers-color-scheme: dark)').matches;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        dark.as_bool(),
        Some(theme == Theme::Dark),
        "GTK_THEME should give prefers-color-scheme: {}",
        theme.name()
    );
    app.resize(CHECK_SIZE.0, CHECK_SIZE.1).await.unwrap();

    // The checker itself works here: a planted faint text is reported, then removed.
    app.run_js(
        "const p = document.createElement('p'); p.id = 'planted-faint'; p.textContent = 'Faint text';\
         p.style.color = '#c8c8c8'; p.style.background = '#ffffff';\
         document.getElementById('step-blocks').prepend(p);",
        vec![],
    )
    .await
    .unwrap();
    let planted = run_axe(&app, source).await.unwrap();
    assert!(
        planted
            .iter()
            .any(|v| v.id == "color-contrast"
                && v.nodes.iter().any(|n| n.contains("#planted-faint"))),
        "axe-core did not report a planted 1.7:1 contrast: {}",
        describe(&planted)
    );
    app.run_js("document.getElementById('planted-faint').remove();", vec![])
        .await
        .unwrap();

    let mut failures = Vec::new();
    let mut walk = Walk::start(&app).await.unwrap();
    loop {
        let screen = walk.screen().step();
        failures.extend(check(&app, source, theme, screen).await);
        shots.take(&app, screen).await.unwrap();
        if !walk.next().await.unwrap() {
            break;
        }
    }

    for (opener, body, name) in [
        ("support-open", "support-panel", "support panel"),
        ("provider-view-open", "provider-receipt-id", "provider view"),
        ("demo-open", "demo-panel", "demo panel"),
    ] {
        app.click(opener).await.unwrap();
        app.wait_visible(body, UI_TIMEOUT).await.unwrap();
        failures.extend(check(&app, source, theme, name).await);
        shots.take(&app, &name.replace(' ', "-")).await.unwrap();
        app.click("panel-close").await.unwrap();
        app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();
    }

    // An error (with its details open), a warning with the countdown, a refused paste.
    apply_preset(&app, "app_not_enabled").await;
    app.wait_visible_text("error-message", UI_TIMEOUT, |t| {
        t.contains("not set up to accept JWT")
    })
    .await
    .unwrap();
    app.run_js(
        "document.querySelectorAll('[data-testid=\"error-details\"]').forEach((d) => { d.open = true; });",
        vec![],
    )
    .await
    .unwrap();
    failures.extend(check(&app, source, theme, "verify error").await);
    shots.take(&app, "verify-error").await.unwrap();

    apply_preset(&app, "rate_limited").await;
    app.wait_visible("countdown", Duration::from_secs(10))
        .await
        .unwrap();
    failures.extend(check(&app, source, theme, "rate-limit countdown").await);
    shots.take(&app, "rate-limited").await.unwrap();

    apply_preset(&app, "expired_credential").await;
    app.wait_visible_text("paste-message", UI_TIMEOUT, |t| {
        t.starts_with("This credential expired")
    })
    .await
    .unwrap();
    failures.extend(check(&app, source, theme, "paste refused").await);
    shots.take(&app, "paste-refused").await.unwrap();

    app.close().await.unwrap();
    failures
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violations_in_light_or_dark() {
    let source = axe_source().unwrap_or_else(|error| panic!("{error}"));
    let mut failures = check_theme(Theme::Light, &source).await;
    failures.extend(check_theme(Theme::Dark, &source).await);
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}
