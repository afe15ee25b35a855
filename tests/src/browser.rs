//! The customer's web browser, for the page the wizard sends them to: WebKitGTK's MiniBrowser
//! (shipped with libwebkit2gtk-4.1-0) driven by its own WebKitWebDriver. [`Browser::create_jwt`]
//! fills the simulated console's "Create JWT credential" form the way a person does and reads
//! the new credential off the page.

use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::driver::{free_port, HarnessError};
use crate::wait::wait_for;

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

/// A browser window driven like a person: one WebDriver session on MiniBrowser.
pub struct Browser {
    client: Client,
    driver: Child,
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
        let port = free_port()?;
        let mut driver = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(HarnessError::Driver)?;
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let listening = wait_for(
            "WebKitWebDriver to listen",
            Duration::from_secs(20),
            || async {
                match TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
                    Ok(_) => Ok(Some(())),
                    Err(error) => Err(error.to_string()),
                }
            },
        )
        .await;
        if let Err(error) = listening {
            let _ = driver.kill();
            let _ = driver.wait();
            return Err(error.into());
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".to_owned(), json!("MiniBrowser"));
        capabilities.insert(
            "webkitgtk:browserOptions".to_owned(),
            json!({ "binary": binary, "args": ["--automation"] }),
        );
        crate::install_crypto_provider();
        let connected = match ClientBuilder::rustls() {
            Ok(mut builder) => {
                builder.capabilities(capabilities);
                let url = format!("http://127.0.0.1:{port}");
                match tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await {
                    Ok(Ok(client)) => Ok(client),
                    Ok(Err(error)) => Err(HarnessError::Session(error)),
                    Err(_) => Err(HarnessError::SessionTimeout(Duration::from_secs(60))),
                }
            }
            Err(error) => Err(HarnessError::Driver(error)),
        };
        match connected {
            Ok(client) => Ok(Browser { client, driver }),
            Err(error) => {
                let _ = driver.kill();
                let _ = driver.wait();
                Err(error)
            }
        }
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
    pub async fn close(mut self) -> Result<(), HarnessError> {
        let closed = self.client.clone().close().await;
        crate::driver::stop_driver(&mut self.driver);
        closed?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        crate::driver::stop_driver(&mut self.driver);
    }
}
