//! The customer's web browser, for the page the wizard sends them to: WebKitGTK's MiniBrowser
//! (shipped with libwebkit2gtk-4.1-0) driven by its own WebKitWebDriver. [`Browser::create_jwt`]
//! fills the simulated console's "Create JWT credential" form the way a person does and reads
//! the new credential off the page.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::driver::HarnessError;
use crate::wait::wait_for;
use crate::webdriver::{spawn_webdriver, WebDriver, WebDriverProgram};

/// How long WebKitWebDriver may take to start MiniBrowser and open a session.
const SESSION_TIMEOUT: Duration = Duration::from_secs(60);

/// Where Debian and Ubuntu install MiniBrowser: `/usr/lib/<multiarch>/webkit2gtk-4.1/MiniBrowser`.
fn find_minibrowser() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("RC_ONBOARD_E2E_BROWSER") {
        return Some(PathBuf::from(path));
    }
    let lib = std::fs::read_dir("/usr/lib").ok()?;
    lib.filter_map(Result::ok)
        .map(|entry| entry.path().join("webkit2gtk-4.1").join("MiniBrowser"))
        .chain(std::iter::once(PathBuf::from(
            "/usr/libexec/webkit2gtk-4.1/MiniBrowser",
        )))
        .find(|path| path.exists())
}

/// What the person chooses on the console form.
#[derive(Debug, Clone)]
pub struct ConsoleForm {
    /// "Label".
    pub label: String,
    /// "Only specific apps of my choice" (true) or "All apps …" (false).
    pub only_specific_apps: bool,
    /// Client IDs typed into "Client ID" and added with "Add app" (when the link prefilled the
    /// box, the first one is already there and only needs "Add app").
    pub client_ids: Vec<String>,
}

/// A browser window driven like a person: one WebDriver session on MiniBrowser. Dropping it
/// stops WebKitWebDriver (and with it the browser).
pub struct Browser {
    client: Client,
    driver: WebDriver,
}

impl Browser {
    /// Starts WebKitWebDriver on a free loopback port and opens MiniBrowser through it.
    pub async fn launch() -> Result<Browser, HarnessError> {
        let binary = find_minibrowser().ok_or_else(|| {
            HarnessError::MissingBrowser(PathBuf::from(
                "/usr/lib/<multiarch>/webkit2gtk-4.1/MiniBrowser",
            ))
        })?;
        if !binary.exists() {
            return Err(HarnessError::MissingBrowser(binary));
        }
        let driver = spawn_webdriver(WebDriverProgram::WebKit).await?;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".to_owned(), json!("MiniBrowser"));
        capabilities.insert(
            "webkitgtk:browserOptions".to_owned(),
            json!({ "binary": binary, "args": ["--automation"] }),
        );
        let client = driver.open_session(capabilities, SESSION_TIMEOUT).await?;
        Ok(Browser { client, driver })
    }

    /// The WebDriver client, for screenshots or extra checks.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `console_url`, fills the "Create JWT credential" form as `form` says, presses
    /// "Create JWT" and returns the credential the page shows in `#jwt`.
    pub async fn create_jwt(
        &self,
        console_url: &str,
        form: &ConsoleForm,
    ) -> Result<String, HarnessError> {
        self.client.goto(console_url).await?;
        self.wait_for_css("#create-jwt-form").await?;
        let label = self.client.find(Locator::Css("#label")).await?;
        label.clear().await?;
        label.send_keys(&form.label).await?;
        let choice = if form.only_specific_apps {
            "#apps-specific"
        } else {
            "#apps-all"
        };
        self.client
            .find(Locator::Css(choice))
            .await?
            .click()
            .await?;
        for client_id in &form.client_ids {
            let field = self.client.find(Locator::Css("#client-id")).await?;
            let prefilled = field.prop("value").await?.unwrap_or_default();
            if prefilled.trim() != client_id {
                field.clear().await?;
                field.send_keys(client_id).await?;
            }
            // The form posts and comes back with the app in its table.
            self.client
                .find(Locator::Css("#add-app"))
                .await?
                .click()
                .await?;
            let wanted = client_id.clone();
            let client = self.client.clone();
            wait_for("the app to be added to the table", Duration::from_secs(10), || {
                let client = client.clone();
                let wanted = wanted.clone();
                async move {
                    let rows = client
                        .execute(
                            "return Array.from(document.querySelectorAll('#app-table .app-row td:first-child'))\
                               .map((td) => td.textContent.trim());",
                            vec![],
                        )
                        .await
                        .map_err(|e| e.to_string())?;
                    let listed = rows
                        .as_array()
                        .is_some_and(|rows| rows.iter().any(|r| r.as_str() == Some(wanted.as_str())));
                    if listed {
                        Ok(Some(()))
                    } else {
                        Err(format!("apps listed: {rows}"))
                    }
                }
            })
            .await?;
        }
        self.client
            .find(Locator::Css("#create-jwt"))
            .await?
            .click()
            .await?;
        self.wait_for_css("#jwt").await?;
        let jwt = self
            .client
            .find(Locator::Css("#jwt"))
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        Ok(jwt.trim().to_owned())
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String, HarnessError> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    async fn wait_for_css(&self, css: &str) -> Result<(), HarnessError> {
        let client = self.client.clone();
        wait_for(&format!("{css} in the browser"), Duration::from_secs(15), || {
            let client = client.clone();
            async move {
                let found = client
                    .execute(
                        "return document.querySelector(arguments[0]) !== null && document.readyState === 'complete';",
                        vec![json!(css)],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                if found.as_bool() == Some(true) {
                    Ok(Some(()))
                } else {
                    Err("not on the page yet".to_owned())
                }
            }
        })
        .await?;
        Ok(())
    }

    /// Saves a PNG of the browser window as `dir/name.png`.
    pub async fn screenshot(
        &self,
        dir: &std::path::Path,
        name: &str,
    ) -> Result<PathBuf, HarnessError> {
        crate::driver::save_screenshot(&self.client, dir, name).await
    }

    /// Closes the browser and its driver.
    pub async fn close(self) -> Result<(), HarnessError> {
        let Browser { client, driver } = self;
        let closed = client.close().await;
        drop(driver);
        closed?;
        Ok(())
    }
}
