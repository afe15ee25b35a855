//! Starting and stopping the server, and the handle tests and the app's demo mode drive it with.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use rc_onboard_intake_protocol::{KeyError, KeyFile, PrivateKey};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use zeroize::Zeroizing;

use crate::auth_limiter::{AuthFailureLimiter, FAILURE_WINDOW, MAX_FAILURES_PER_WINDOW};
use crate::client_addr::TrustedProxies;
use crate::export::{export_with_keyring, ExportError};
use crate::faults::{AttemptLog, AttemptRecorder, FaultState, Faults};
use crate::http::{
    self, AppState, CODE_STATUS_PATH, HEALTHZ_PATH, METRICS_PATH, READYZ_PATH, SUBMISSIONS_PATH,
    VERIFICATIONS_PATH,
};
use crate::keyring::{Keyring, KeyringError};
use crate::metrics::{Metrics, MetricsError};
use crate::storage::{DatabaseLocation, Storage, DEFAULT_POOL_SIZE};
use crate::store::{StoreError, SubmissionSummary};
use crate::verification::{IntakeVerifier, VerificationAllowance};

/// Attempts kept for [`IntakeHandle::received_attempts`].
const ATTEMPT_LOG_CAPACITY: usize = 100_000;
/// How long [`IntakeHandle::shutdown`] waits for open requests before cutting them off, unless
/// [`ServerConfig::drain_timeout`] says otherwise.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How to run a server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Address to listen on; `127.0.0.1:0` picks a free loopback port.
    pub listen: SocketAddr,
    /// The database: a SQLite file (created if missing) or a PostgreSQL URL.
    pub database: DatabaseLocation,
    /// Most connections to PostgreSQL this server opens.
    pub pool_size: usize,
    /// The current private key: the one the profile names.
    pub key: PrivateKey,
    /// The key id clients name in `sealed_credential.key_id` for [`ServerConfig::key`].
    pub key_id: String,
    /// Older keys that still open envelopes sealed to them (after a rotation).
    pub older_keys: Vec<KeyFile>,
    /// Proxies whose `X-Forwarded-For` names the client address (`--trust-proxy`); none by
    /// default.
    pub trusted_proxies: TrustedProxies,
    /// How long shutdown waits for requests in flight.
    pub drain_timeout: Duration,
    /// Verifies credentials at `POST /v1/verifications` (`--verify-profile`); `None` answers
    /// 501 there.
    pub verifier: Option<IntakeVerifier>,
}

impl ServerConfig {
    /// A config listening on a free loopback port, storing in the SQLite file `db_path`.
    pub fn new(db_path: impl Into<PathBuf>, key: PrivateKey, key_id: impl Into<String>) -> Self {
        Self::with_database(DatabaseLocation::Sqlite(db_path.into()), key, key_id)
    }

    /// A config listening on a free loopback port, storing in `database` (SQLite or
    /// PostgreSQL).
    pub fn with_database(
        database: DatabaseLocation,
        key: PrivateKey,
        key_id: impl Into<String>,
    ) -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            database,
            pool_size: DEFAULT_POOL_SIZE,
            key,
            key_id: key_id.into(),
            older_keys: Vec::new(),
            trusted_proxies: TrustedProxies::none(),
            drain_timeout: SHUTDOWN_GRACE,
            verifier: None,
        }
    }

    fn keyring(&self) -> Result<Keyring, KeyringError> {
        Keyring::new(
            std::iter::once(KeyFile {
                key_id: self.key_id.clone(),
                private_key: self.key.clone(),
            })
            .chain(self.older_keys.iter().cloned()),
        )
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
    /// The set of keys is unusable.
    #[error(transparent)]
    Keys(KeyringError),
    /// The database could not be opened.
    #[error("cannot open the database {location}: {source}")]
    Store {
        /// The database (without a password).
        location: DatabaseLocation,
        /// The cause.
        #[source]
        source: StoreError,
    },
    /// The metrics registry could not be set up.
    #[error(transparent)]
    Metrics(#[from] MetricsError),
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

impl From<KeyringError> for ServerError {
    fn from(error: KeyringError) -> Self {
        match error {
            KeyringError::InvalidKeyId(id) => Self::InvalidKeyId(id),
            KeyringError::Key { source, .. } => Self::Key(source),
            other => Self::Keys(other),
        }
    }
}

/// The reference intake server.
pub struct IntakeServer;

impl IntakeServer {
    /// Opens the database, binds the address and serves in the background on the current tokio
    /// runtime until [`IntakeHandle::shutdown`] (or the handle is dropped).
    pub async fn start(config: ServerConfig) -> Result<IntakeHandle, ServerError> {
        let keys = config.keyring()?;
        let metrics = Metrics::new()?;
        let storage = Storage::open_for_serving(&config.database, config.pool_size)
            .await
            .map_err(|source| ServerError::Store {
                location: config.database.clone(),
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
        let state = Arc::new(AppState {
            storage,
            keys,
            faults: FaultState::default(),
            attempts: AttemptRecorder::new(ATTEMPT_LOG_CAPACITY),
            limiter: AuthFailureLimiter::new(MAX_FAILURES_PER_WINDOW, FAILURE_WINDOW),
            trusted_proxies: config.trusted_proxies,
            metrics,
            verifier: config.verifier,
            verification_allowance: VerificationAllowance::default(),
            verified: Default::default(),
            draining: Default::default(),
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
        tracing::info!(%addr, database = state.storage.backend_name(), "intake listening");
        Ok(IntakeHandle {
            addr,
            state,
            stop: Some(stop_tx),
            task: Some(task),
            drain_timeout: config.drain_timeout,
        })
    }
}

/// A running server.
pub struct IntakeHandle {
    addr: SocketAddr,
    state: Arc<AppState>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    drain_timeout: Duration,
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

    /// `http://127.0.0.1:PORT/v1/verifications`: the profile's default `[intake] verify_url`.
    pub fn verifications_url(&self) -> String {
        format!("http://{}{VERIFICATIONS_PATH}", self.addr)
    }

    /// `http://127.0.0.1:PORT/v1/submissions/code-status`.
    pub fn code_status_url(&self) -> String {
        format!("http://{}{CODE_STATUS_PATH}", self.addr)
    }

    /// `http://127.0.0.1:PORT/healthz`.
    pub fn healthz_url(&self) -> String {
        format!("http://{}{HEALTHZ_PATH}", self.addr)
    }

    /// `http://127.0.0.1:PORT/readyz`.
    pub fn readyz_url(&self) -> String {
        format!("http://{}{READYZ_PATH}", self.addr)
    }

    /// `http://127.0.0.1:PORT/metrics`.
    pub fn metrics_url(&self) -> String {
        format!("http://{}{METRICS_PATH}", self.addr)
    }

    /// The public key clients seal to (the profile's `[intake] public_key`).
    pub fn public_key(&self) -> Result<rc_onboard_intake_protocol::PublicKey, KeyError> {
        Ok(self.state.keys.current_public_key().clone())
    }

    /// The key id clients name (the profile's `[intake] key_id`).
    pub fn key_id(&self) -> &str {
        self.state.keys.current_key_id()
    }

    /// Issues a one-time onboarding code for `customer`, valid for `ttl` (a zero `ttl` gives a
    /// code that is already expired). Blocks briefly on the database.
    pub fn issue_code(&self, customer: &str, ttl: Duration) -> Result<String, StoreError> {
        let issued = self.state.storage.blocking().issue_code(customer, ttl)?;
        Ok(issued.code.as_str().to_owned())
    }

    /// Stored submissions, oldest first, without secrets. Blocks briefly on the database.
    pub fn submissions(&self) -> Result<Vec<SubmissionSummary>, StoreError> {
        self.state.storage.blocking().list()
    }

    /// Opens a stored credential, as `rc-intake export` does. Blocks briefly on the database.
    pub fn export(&self, submission_id: &str) -> Result<Zeroizing<Vec<u8>>, ExportError> {
        let matches = self.state.storage.blocking().stored(submission_id)?;
        export_with_keyring(matches, &self.state.keys, submission_id)
    }

    /// Replaces the injected faults.
    pub fn set_faults(&self, faults: Faults) {
        self.state.faults.set(faults);
    }

    /// Every `POST /v1/submissions` so far (the latest 100,000), oldest first.
    pub fn received_attempts(&self) -> Vec<AttemptLog> {
        self.state.attempts.snapshot()
    }

    /// Stops accepting, lets open requests finish (up to the drain timeout, 5 s by default),
    /// and returns when stopped.
    pub async fn shutdown(mut self) {
        self.state.draining.store(true, Ordering::Relaxed);
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            match tokio::time::timeout(self.drain_timeout, &mut task).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(error))) => tracing::warn!(%error, "server stopped with an error"),
                Ok(Err(join)) => tracing::warn!(%join, "server task failed"),
                Err(_) => {
                    task.abort();
                    tracing::warn!("open requests cut off at shutdown");
                }
            }
        }
        self.state.storage.close().await;
    }
}

impl Drop for IntakeHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
