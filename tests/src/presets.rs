//! The Demo scenarios panel as a presenter uses it, and what a failure it produces shows: pick a
//! preset, wait for the failure of a kind, open its "Details".

use std::time::Duration;

use fantoccini::Locator;

use crate::page::UI_TIMEOUT;
use crate::{wait_for, App};

/// Opens the Demo scenarios panel and picks a preset with the mouse.
pub async fn apply_preset(app: &App, id: &str) {
    app.click("demo-open").await.unwrap();
    app.wait_visible("demo-panel", UI_TIMEOUT).await.unwrap();
    app.click(&format!("demo-scenario-{id}")).await.unwrap();
    app.wait_hidden("panel", UI_TIMEOUT).await.unwrap();
}

/// Waits for the failure of `kind` on the current screen; returns the message.
pub async fn wait_failure(app: &App, kind: &str) -> String {
    let client = app.client.clone();
    wait_for(
        &format!("a {kind} failure"),
        Duration::from_secs(20),
        || {
            let client = client.clone();
            async move {
                let value = client
                    .execute(
                        "const b = document.querySelector('[data-testid=\"error-block\"]');\
                     return b ? b.getAttribute('data-kind') : null;",
                        vec![],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                if value.as_str() == Some(kind) {
                    Ok(Some(()))
                } else {
                    Err(format!("the error block's kind is {value}"))
                }
            }
        },
    )
    .await
    .unwrap();
    app.wait_visible("error-message", UI_TIMEOUT).await.unwrap()
}

/// Opens "Details" like a person and returns what it says.
pub async fn open_details(app: &App) -> String {
    let summary = app
        .client
        .find(Locator::Css("[data-testid=\"error-details\"] summary"))
        .await
        .unwrap();
    summary.click().await.unwrap();
    app.wait_visible_text("error-details", UI_TIMEOUT, |t| t.contains("HTTP status"))
        .await
        .unwrap()
}
