//! Starting and stopping the server, and the handle tests and the app's demo mode drive it with.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rc_onboard_intake_protocol::{is_valid_key_id, KeyError, PrivateKey};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use zeroize::Zeroizing;

use crate::auth_limiter::{AuthFailureLimiter, FAILURE_WINDOW, MAX_FAILURES_PER_WINDOW};
use crate::client_addr::TrustedProxies;
use crate::export::{export_credential, ExportError};
use crate::faults::{AttemptLog, AttemptRecorder, FaultState, Faults};
use crate::http::{self, AppState, CODE_STATUS_PATH, SUBMISSIONS_PATH};
use crate::store::{
    Checkpointer, DbThread, Store, StoreError, SubmissionSummary, CHECKPOINT_INTERVAL,
};

/// Attempts kept for [`IntakeHandle::received_attempts`].
const ATTEMPT_LOG_CAPACITY: usize = 100_000;
/// How long [`IntakeHandle::shutdown`] waits for open requests before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How to run a server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Address to listen on; `127.0.0.1:0` picks a free loopback port.
    pub listen: SocketAddr,
    /// SQLite database file (created if missing).
    pub db_path: PathBuf,
    /// The private key that opens envelopes.
    pub key: PrivateKey,
    /// The key id clients name in `sealed_credential.key_id`.
    pub key_id: String,
    /// Proxies whose `X-Forwarded-For` names the client address (`--trust-proxy`); none by
    /// default.
    pub trusted_proxies: TrustedProxies,
}

impl ServerConfig {
    /// A config listening on a free loopback port.
    pub fn new(db_path: impl Into<PathBuf>, key: PrivateKey, key_id: impl Into<String>) -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            db_path: db_path.into(),
            key,
            key_id: key_id.into(),
            trusted_proxies: TrustedProxies::none(),
        }
    }
}

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The key id is not acceptable.
    #[error("key_id {0:?} must be 1 to 64 characters from A-Z a-z 0-9 . _ -")]
    InvalidKeyId(String),
    /// The private key is unusable.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The database could not be opened.
    #[error("cannot open the database {path}: {source}")]
    Store {
        /// The database file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: StoreError,
    },
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// The reference intake server.
pub struct IntakeServer;

impl IntakeServer {
    /// Opens the database, binds the address and serves in the background on the current tokio
    /// runtime until [`IntakeHandle::shutdown`] (or the handle is dropped).
    pub async fn start(config: ServerConfig) -> Result<IntakeHandle, ServerError> {
        if !is_valid_key_id(&config.key_id) {
            return Err(ServerError::InvalidKeyId(config.key_id));
        }
        config.key.public_key()?;
        let db_path = config.db_path.clone();
        let store = tokio::task::spawn_blocking(move || Store::open(&db_path))
            .await
            .map_err(|join| ServerError::Store {
                path: config.db_path.clone(),
                source: StoreError::Corrupt(format!("opening task failed: {join}")),
            })?
            .map_err(|source| ServerError::Store {
                path: config.db_path.clone(),
                source,
            })?;
        let checkpointer = Checkpointer::start(&config.db_path, CHECKPOINT_INTERVAL)
            .and_then(|checkpointer| {
                store.disable_auto_checkpoint()?;
                Ok(checkpointer)
            })
            .map_err(|source| ServerError::Store {
                path: config.db_path.clone(),
                source,
            })?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| ServerError::Bind {
                addr: config.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| ServerError::Bind {
            addr: config.listen,
            source,
        })?;
        let store = Arc::new(store);
        let db = DbThread::start(Arc::clone(&store)).map_err(|e| ServerError::Store {
            path: config.db_path.clone(),
            source: StoreError::Corrupt(format!("cannot start the database thread: {e}")),
        })?;
        let state = Arc::new(AppState {
            store,
            db,
            key: config.key,
            key_id: config.key_id,
            faults: FaultState::default(),
            attempts: AttemptRecorder::new(ATTEMPT_LOG_CAPACITY),
            limiter: AuthFailureLimiter::new(MAX_FAILURES_PER_WINDOW, FAILURE_WINDOW),
            trusted_proxies: config.trusted_proxies,
        });
        let app =
            http::router(Arc::clone(&state)).into_make_service_with_connect_info::<SocketAddr>();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await
        });
        tracing::info!(%addr, "intake listening");
        Ok(IntakeHandle {
            addr,
            state,
            stop: Some(stop_tx),
            task: Some(task),
            checkpointer: Some(checkpointer),
        })
    }
}

/// A running server.
pub struct IntakeHandle {
    addr: SocketAddr,
    state: Arc<AppState>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    checkpointer: Option<Checkpointer>,
}

impl IntakeHandle {
    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/v1/submissions`: the profile's `[intake] url`.
    pub fn submissions_url(&self) -> String {
        format!("http://{}{SUBMISSIONS_PATH}", self.addr)
    }

    /// `http://127.0.0.1:PORT/v1/submissions/code-status`.
    pub fn code_status_url(&self) -> String {
        format!("http://{}{CODE_STATUS_PATH}", self.addr)
    }

    /// The public key clients seal to (the profile's `[intake] public_key`).
    pub fn public_key(&self) -> Result<rc_onboard_intake_protocol::PublicKey, KeyError> {
        self.state.key.public_key()
    }

    /// The key id clients name (the profile's `[intake] key_id`).
    pub fn key_id(&self) -> &str {
        &self.state.key_id
    }

    /// Issues a one-time onboarding code for `customer`, valid for `ttl` (a zero `ttl` gives a
    /// code that is already expired). Blocks briefly on the database.
    pub fn issue_code(&self, customer: &str, ttl: Duration) -> Result<String, StoreError> {
        let issued = self.state.store.issue_code(customer, ttl)?;
        Ok(issued.code.as_str().to_owned())
    }

    /// Stored submissions, oldest first, without secrets. Blocks briefly on the database.
    pub fn submissions(&self) -> Result<Vec<SubmissionSummary>, StoreError> {
        self.state.store.list()
    }

    /// Opens a stored credential, as `rc-intake export` does. Blocks briefly on the database.
    pub fn export(&self, submission_id: &str) -> Result<Zeroizing<Vec<u8>>, ExportError> {
        export_credential(
            &self.state.store,
            &self.state.key_id,
            &self.state.key,
            submission_id,
        )
    }

    /// Replaces the injected faults.
    pub fn set_faults(&self, faults: Faults) {
        self.state.faults.set(faults);
    }

    /// Every `POST /v1/submissions` so far (the latest 100,000), oldest first.
    pub fn received_attempts(&self) -> Vec<AttemptLog> {
        self.state.attempts.snapshot()
    }

    /// Stops accepting, lets open requests finish (up to 5 s), and returns when stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(error))) => tracing::warn!(%error, "server stopped with an error"),
                Ok(Err(join)) => tracing::warn!(%join, "server task failed"),
                Err(_) => {
                    task.abort();
                    tracing::warn!("open requests cut off at shutdown");
                }
            }
        }
        if let Some(checkpointer) = self.checkpointer.take() {
            let _ = tokio::task::spawn_blocking(move || checkpointer.stop()).await;
        }
    }
}

impl Drop for IntakeHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
