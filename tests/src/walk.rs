//! The main screens of the wizard, in order, and how a customer gets from each to the next in
//! the demo: the accessibility, layout and documentation-screenshot tests stop at each one.
//! The credential comes from the simulated console page, filled in the customer's browser.

use std::time::Duration;

use crate::browser::{Browser, ConsoleForm};
use crate::driver::{App, HarnessError};
use crate::page::UI_TIMEOUT;

/// A main screen, as the customer sees it when they arrive (Paste: with a credential typed and
/// its "looks right" message; Verify: connected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainScreen {
    Welcome,
    Console,
    Restrict,
    Paste,
    Verify,
    Done,
}

impl MainScreen {
    /// Every main screen, in the order of the walk.
    pub const ALL: [MainScreen; 6] = [
        MainScreen::Welcome,
        MainScreen::Console,
        MainScreen::Restrict,
        MainScreen::Paste,
        MainScreen::Verify,
        MainScreen::Done,
    ];

    /// The step name (`main[data-step]`), also used in file names.
    pub fn step(self) -> &'static str {
        match self {
            MainScreen::Welcome => "welcome",
            MainScreen::Console => "console",
            MainScreen::Restrict => "restrict",
            MainScreen::Paste => "paste",
            MainScreen::Verify => "verify",
            MainScreen::Done => "done",
        }
    }
}

/// Walks a freshly launched demo through the main screens.
pub struct Walk<'a> {
    app: &'a App,
    at: usize,
    console_url: Option<String>,
}

impl<'a> Walk<'a> {
    /// Starts at Welcome (waits for it).
    pub async fn start(app: &'a App) -> Result<Walk<'a>, HarnessError> {
        app.wait_step("welcome", UI_TIMEOUT).await?;
        Ok(Walk {
            app,
            at: 0,
            console_url: None,
        })
    }

    /// The screen the walk is at.
    pub fn screen(&self) -> MainScreen {
        MainScreen::ALL[self.at.min(MainScreen::ALL.len() - 1)]
    }

    /// Moves on to the next main screen the way a customer does; `false` at the end.
    pub async fn next(&mut self) -> Result<bool, HarnessError> {
        let app = self.app;
        match self.screen() {
            MainScreen::Welcome => {
                app.click("next").await?;
                app.wait_step("console", UI_TIMEOUT).await?;
                self.console_url = Some(app.wait_visible("console-url", UI_TIMEOUT).await?);
            }
            MainScreen::Console => {
                app.click("next").await?;
                app.wait_step("restrict", UI_TIMEOUT).await?;
            }
            MainScreen::Restrict => {
                for item in [
                    "only_specific_apps",
                    "client_id_added",
                    "expiry_considered",
                    "copied_credential",
                ] {
                    app.click(&format!("check-{item}")).await?;
                }
                app.wait_visible_text("checklist", UI_TIMEOUT, |t| t.contains("All done"))
                    .await?;
                app.click("next").await?;
                app.wait_step("paste", UI_TIMEOUT).await?;
                let jwt = self.create_credential().await?;
                app.type_into("paste-input", &jwt).await?;
                app.wait_visible_text("paste-message", UI_TIMEOUT, |t| {
                    t.starts_with("Looks right")
                })
                .await?;
            }
            MainScreen::Paste => {
                app.click("submit-credential").await?;
                app.wait_visible_text("identity", Duration::from_secs(20), |t| {
                    t.starts_with("Connected as")
                })
                .await?;
            }
            MainScreen::Verify => {
                app.click("confirm-account").await?;
                app.wait_step("done", Duration::from_secs(20)).await?;
                app.wait_visible("receipt-id", UI_TIMEOUT).await?;
            }
            MainScreen::Done => return Ok(false),
        }
        self.at += 1;
        // Start each screen scrolled to the top, as a customer arriving sees it.
        app.run_js(
            "const m = document.getElementById('content'); if (m) m.scrollTop = 0; window.scrollTo(0, 0);",
            Vec::new(),
        )
        .await?;
        Ok(true)
    }

    /// Creates a credential restricted to the demo app on the simulated console page, in the
    /// customer's browser.
    async fn create_credential(&self) -> Result<String, HarnessError> {
        let url = match &self.console_url {
            Some(url) => url.clone(),
            None => self.app.wait_visible("console-url", UI_TIMEOUT).await?,
        };
        let client_id = url
            .rsplit("client_id=")
            .next()
            .unwrap_or_default()
            .to_owned();
        let browser = Browser::launch().await?;
        let jwt = browser
            .create_jwt(
                &url,
                &ConsoleForm {
                    label: "Acme Analytics".to_owned(),
                    only_specific_apps: true,
                    client_ids: vec![client_id],
                },
            )
            .await;
        browser.close().await?;
        jwt
    }
}
