//! Launches tauri-driver for one app instance and opens a WebDriver session on it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::wait::{wait_for, WaitError};
use crate::webdriver::{spawn_webdriver, WebDriver, WebDriverProgram};

/// Why the harness could not start or drive the app.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("the app binary {0} does not exist; build it first with `cargo build -p rc-onboard`")]
    MissingBinary(PathBuf),
    #[error("the browser for the console page was not found at {0}: install libwebkit2gtk-4.1-0 (it ships MiniBrowser) or set RC_ONBOARD_E2E_BROWSER")]
    MissingBrowser(PathBuf),
    #[error("tauri-driver could not be started ({0}); install it with `cargo install --locked tauri-driver`")]
    Driver(#[source] std::io::Error),
    #[error("no free loopback port: {0}")]
    Port(#[source] std::io::Error),
    #[error(transparent)]
    Wait(#[from] WaitError),
    #[error("WebDriver session could not be created: {0}")]
    Session(#[from] fantoccini::error::NewSessionError),
    #[error(
        "WebDriver did not open a session within {0:?} (did the app start? run it by hand to see)"
    )]
    SessionTimeout(Duration),
    #[error("WebDriver command failed: {0}")]
    Command(#[from] fantoccini::error::CmdError),
    #[error("a temporary data folder could not be created: {0}")]
    DataDir(#[source] std::io::Error),
    #[error("could not write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// How long WebKitWebDriver may take to start the app and open a session.
const SESSION_TIMEOUT: Duration = Duration::from_secs(60);

/// How to launch the app under test.
#[derive(Debug, Default, Clone)]
pub struct AppOptions {
    /// Command-line arguments for `rc-onboard`.
    pub args: Vec<String>,
    /// Extra environment for the app (inherited through tauri-driver and WebKitWebDriver).
    pub env: HashMap<String, String>,
}

/// A running app instance with its WebDriver client. Call [`App::close`] at the end of a test;
/// dropping it stops tauri-driver (and with it the app) too.
pub struct App {
    pub client: Client,
    driver: WebDriver,
}

/// The app binary the suite drives: `RC_ONBOARD_BIN`, else `target/debug/rc-onboard`.
pub fn app_binary() -> PathBuf {
    if let Ok(path) = std::env::var("RC_ONBOARD_BIN") {
        return PathBuf::from(path);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| crate::workspace_root().join("target"));
    target.join("debug").join("rc-onboard")
}

impl App {
    /// Starts tauri-driver on free ports, launches the app with `options` and waits until the
    /// page reports it is ready (`body[data-ready]`).
    pub async fn launch(options: AppOptions) -> Result<App, HarnessError> {
        App::launch_binary(&app_binary(), options).await
    }

    /// Like [`App::launch`], for another Tauri binary (the startup benchmark's baseline).
    pub async fn launch_binary(binary: &Path, options: AppOptions) -> Result<App, HarnessError> {
        let binary = binary.to_path_buf();
        if !binary.exists() {
            return Err(HarnessError::MissingBinary(binary));
        }
        // WebKitWebDriver occasionally drops the very first session request on a loaded machine
        // (the connection closes before an answer); that is the driver, not the app, so the
        // launch is tried once more. Any failure after the session exists is the test's.
        match App::launch_once(&binary, &options).await {
            Err(HarnessError::Session(error)) => {
                eprintln!("rc-onboard-e2e: WebDriver session failed ({error}); launching again");
                App::launch_once(&binary, &options).await
            }
            other => other,
        }
    }

    async fn launch_once(binary: &Path, options: &AppOptions) -> Result<App, HarnessError> {
        let driver = spawn_webdriver(WebDriverProgram::Tauri { env: &options.env }).await?;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".to_string(),
            json!({ "application": binary, "args": options.args }),
        );
        capabilities.insert("browserName".to_string(), json!("wry"));
        let client = driver.open_session(capabilities, SESSION_TIMEOUT).await?;
        let mut app = App { client, driver };
        app.wait_ready().await?;
        Ok(app)
    }

    async fn wait_ready(&mut self) -> Result<(), HarnessError> {
        let client = self.client.clone();
        wait_for("the page to report ready", Duration::from_secs(30), || {
            let client = client.clone();
            async move {
                let state = client
                    .execute(
                        "return document.body ? document.body.dataset.ready || '' : ''",
                        vec![],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                match state.as_str() {
                    Some("true") => Ok(Some(())),
                    Some("error") => Err("page reported a start-up error".to_string()),
                    _ => Ok(None),
                }
            }
        })
        .await?;
        Ok(())
    }

    /// Process id of this instance's tauri-driver (the app runs below it).
    pub fn driver_pid(&self) -> u32 {
        self.driver.pid()
    }

    /// Text of the first element matching a CSS selector.
    pub async fn text(&self, css: &str) -> Result<String, HarnessError> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    /// Waits until the element matching `css` has text satisfying `predicate`; returns the text.
    pub async fn wait_text(
        &self,
        css: &str,
        timeout: Duration,
        predicate: impl Fn(&str) -> bool,
    ) -> Result<String, HarnessError> {
        let client = self.client.clone();
        let predicate = &predicate;
        let text = wait_for(&format!("text of {css}"), timeout, || {
            let client = client.clone();
            async move {
                let element = client
                    .find(Locator::Css(css))
                    .await
                    .map_err(|e| e.to_string())?;
                let text = element.text().await.map_err(|e| e.to_string())?;
                if predicate(&text) {
                    Ok(Some(text))
                } else {
                    Err(format!("text was {text:?}"))
                }
            }
        })
        .await?;
        Ok(text)
    }

    /// Saves a PNG screenshot of the window as `dir/name.png`.
    pub async fn screenshot(&self, dir: &Path, name: &str) -> Result<PathBuf, HarnessError> {
        // Let the page paint what it last rendered before capturing it.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\n\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        save_screenshot(&self.client, dir, name).await
    }

    /// Ends the session (closing the app) and stops tauri-driver.
    pub async fn close(self) -> Result<(), HarnessError> {
        let App { client, driver } = self;
        let closed = client.close().await;
        drop(driver);
        closed?;
        Ok(())
    }
}

/// Saves what `client` shows as `dir/name.png`.
pub(crate) async fn save_screenshot(
    client: &Client,
    dir: &Path,
    name: &str,
) -> Result<PathBuf, HarnessError> {
    let png = client.screenshot().await?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).map_err(|source| HarnessError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
