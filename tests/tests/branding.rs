//! Branding from a real provider profile: its logo (an SVG next to the profile) in the header with
//! the provider's name as its text, the provider's name in the window title, and its accent
//! colour — a light yellow that would fail contrast as it is — on the primary button, with the
//! button's text still at least 4.5:1 against it, in the light and in the dark theme.

mod common;

use rc_onboard_e2e::axe::{axe_source, describe, run_axe};
use rc_onboard_e2e::fixtures::data_dir;
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::shots::Shots;
use rc_onboard_e2e::App;
use serde_json::Value;

use common::{ProviderSpec, RealProvider};

const PROVIDER: &str = "Sunbeam Dialer";
const ACCENT: &str = "#FFD400";
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32" viewBox="0 0 96 32"><rect width="96" height="32" rx="6" fill="#FFD400"/><circle cx="16" cy="16" r="9" fill="#1b1f24"/><rect x="32" y="11" width="56" height="10" rx="3" fill="#1b1f24"/></svg>"##;

/// The logo as the page shows it: loaded, its size on screen, its text.
const LOGO_SCRIPT: &str = r#"
const img = document.querySelector('[data-testid="provider-logo"]');
if (!img) return null;
const rect = img.getBoundingClientRect();
return {
  hidden: img.hidden || getComputedStyle(img).display === 'none',
  loaded: img.complete && img.naturalWidth > 0,
  src: (img.getAttribute('src') || '').slice(0, 80),
  alt: img.getAttribute('alt'),
  width: rect.width,
  height: rect.height,
};
"#;

/// WCAG 2 contrast of the primary button's text against its background, from the computed style.
const CONTRAST_SCRIPT: &str = r#"
const button = document.querySelector('[data-testid="next"]');
const style = getComputedStyle(button);
const rgb = (text) => (text.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
const linear = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
const fg = rgb(style.color);
const bg = rgb(style.backgroundColor);
const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
return { ratio: (hi + 0.05) / (lo + 0.05), color: style.color, background: style.backgroundColor, text: button.textContent };
"#;

fn rgb(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|part| !part.is_empty())
        .take(3)
        .filter_map(|part| part.parse().ok())
        .collect()
}

async fn check_branding(app: &App, theme: &str) {
    app.wait_step("welcome", UI_TIMEOUT).await.unwrap();
    assert_eq!(
        app.wait_visible("provider-name", UI_TIMEOUT).await.unwrap(),
        PROVIDER
    );

    let logo = app.run_js(LOGO_SCRIPT, Vec::new()).await.unwrap();
    assert_eq!(logo["hidden"], Value::Bool(false), "{theme}: {logo}");
    assert_eq!(
        logo["loaded"],
        Value::Bool(true),
        "{theme}: the logo decodes: {logo}"
    );
    assert!(
        logo["src"]
            .as_str()
            .is_some_and(|src| src.starts_with("data:image/svg+xml;base64,PHN2ZyB4bWxucz0i")),
        "{theme}: the profile's SVG as a data: URL: {logo}"
    );
    assert_eq!(logo["alt"].as_str(), Some(PROVIDER), "{theme}");
    let (width, height) = (
        logo["width"].as_f64().unwrap_or(0.0),
        logo["height"].as_f64().unwrap_or(0.0),
    );
    assert!(
        (height - 32.0).abs() < 0.5 && (width - 96.0).abs() < 0.5,
        "{theme}: shown 32 px high, keeping its proportions: {width}×{height}"
    );

    let title = app.client.title().await.unwrap();
    assert!(title.contains(PROVIDER), "{theme}: window title {title:?}");

    let contrast = app.run_js(CONTRAST_SCRIPT, Vec::new()).await.unwrap();
    let ratio = contrast["ratio"].as_f64().unwrap_or(0.0);
    assert!(
        ratio >= 4.5,
        "{theme}: the primary button's text contrast is {ratio:.2}:1 ({contrast})"
    );
    let background = rgb(contrast["background"].as_str().unwrap_or_default());
    assert_eq!(background.len(), 3, "{contrast}");
    assert!(
        background[0] > background[2] + 60.0 && background[1] > background[2] + 40.0,
        "{theme}: the button keeps the provider's yellow, not the default blue: {contrast}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn provider_logo_title_and_an_accent_kept_readable() {
    let _one = rc_onboard_e2e::one_window_at_a_time().await;
    let mut shots = Shots::new("branding");
    let provider = RealProvider::start(&ProviderSpec {
        name: PROVIDER,
        support_email: Some("help@sunbeam.example"),
        support_url: None,
        logo: Some(("acme.svg", LOGO)),
        accent_color: Some(ACCENT),
    })
    .await;
    let code = provider.issue_code();
    let axe = axe_source().unwrap();

    for (theme, gtk) in [("light", "Adwaita"), ("dark", "Adwaita:dark")] {
        let data = data_dir().unwrap();
        let app = App::launch(provider.options(data.path(), Some(&code), gtk))
            .await
            .unwrap();
        check_branding(&app, theme).await;
        let violations = run_axe(&app, &axe).await.unwrap();
        assert!(
            violations.is_empty(),
            "axe with a light yellow accent, {theme}:\n{}",
            describe(&violations)
        );
        shots.take(&app, &format!("welcome-{theme}")).await.unwrap();
        app.close().await.unwrap();
    }
    provider.shutdown().await;
}
