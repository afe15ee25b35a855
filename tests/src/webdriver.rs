//! The WebDriver servers the harness drives: tauri-driver for the app window, WebKitWebDriver for
//! the customer's browser. [`spawn_webdriver`] starts one on a free loopback port and waits until
//! it accepts connections; the [`WebDriver`] it returns opens sessions and kills the process when
//! dropped, so no driver outlives its test, whatever fails on the way.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::{Map, Value};

use crate::driver::HarnessError;
use crate::wait::wait_for;

/// How long a freshly started WebDriver server may take to accept connections.
const LISTEN_TIMEOUT: Duration = Duration::from_secs(20);

/// Which WebDriver server to start.
#[derive(Debug, Clone, Copy)]
pub enum WebDriverProgram<'a> {
    /// tauri-driver (it runs WebKitWebDriver on a second free port); `env` is passed on to the
    /// app it launches. Its messages go to the test's stderr.
    Tauri { env: &'a HashMap<String, String> },
    /// WebKitWebDriver itself, for MiniBrowser. Silent.
    WebKit,
}

impl WebDriverProgram<'_> {
    fn name(self) -> &'static str {
        match self {
            WebDriverProgram::Tauri { .. } => "tauri-driver",
            WebDriverProgram::WebKit => "WebKitWebDriver",
        }
    }

    fn command(self, port: u16) -> Result<Command, HarnessError> {
        let mut command = Command::new(self.name());
        command.stdout(Stdio::null());
        match self {
            WebDriverProgram::Tauri { env } => {
                command
                    .arg("--port")
                    .arg(port.to_string())
                    .arg("--native-port")
                    .arg(free_port()?.to_string())
                    .envs(env)
                    .stderr(Stdio::inherit());
            }
            WebDriverProgram::WebKit => {
                command.arg(format!("--port={port}")).stderr(Stdio::null());
            }
        }
        Ok(command)
    }
}

/// A running WebDriver server on 127.0.0.1; killed (and reaped) when dropped.
pub struct WebDriver {
    process: Child,
    port: u16,
}

/// Starts `program` on a free loopback port and waits until it accepts connections.
pub async fn spawn_webdriver(program: WebDriverProgram<'_>) -> Result<WebDriver, HarnessError> {
    let port = free_port()?;
    let process = program
        .command(port)?
        .spawn()
        .map_err(HarnessError::Driver)?;
    // From here on, any early return drops the guard and so stops the process.
    let driver = WebDriver { process, port };
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    wait_for(
        &format!("{} to listen", program.name()),
        LISTEN_TIMEOUT,
        || async {
            match TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
                Ok(_) => Ok(Some(())),
                Err(error) => Err(error.to_string()),
            }
        },
    )
    .await?;
    Ok(driver)
}

impl WebDriver {
    /// Opens a WebDriver session with `capabilities`, waiting at most `timeout` for it.
    pub async fn open_session(
        &self,
        capabilities: Map<String, Value>,
        timeout: Duration,
    ) -> Result<Client, HarnessError> {
        crate::install_crypto_provider();
        let mut builder = ClientBuilder::rustls().map_err(HarnessError::Driver)?;
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{}", self.port);
        match tokio::time::timeout(timeout, builder.connect(&url)).await {
            Ok(session) => Ok(session?),
            Err(_) => Err(HarnessError::SessionTimeout(timeout)),
        }
    }

    /// The server's process id (what it launches runs below it).
    pub fn pid(&self) -> u32 {
        self.process.id()
    }
}

impl Drop for WebDriver {
    fn drop(&mut self) {
        // Harmless when the process has already exited.
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A loopback port that was free a moment ago.
fn free_port() -> Result<u16, HarnessError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(HarnessError::Port)?;
    let port = listener.local_addr().map_err(HarnessError::Port)?.port();
    Ok(port)
}
