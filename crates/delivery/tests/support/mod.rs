//! Shared test helpers: a scripted intake server over real loopback HTTP or HTTPS (with the test
//! PKI's intake certificate), a server that accepts connections and never answers, and sample
//! entries.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use rc_onboard_delivery::Submission;
use rc_onboard_testkit::TestPki;
use rc_onboard_verify::secret::SecretString;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// What the scripted intake does with the next request.
#[derive(Debug, Clone)]
pub enum Step {
    /// Answer this status, with an optional Retry-After value, without storing anything.
    Status(u16, Option<&'static str>),
    /// Store the submission like a healthy intake, then never answer (the client gives up or dies).
    StoreThenHang,
    /// Answer 201 with this many bytes of body.
    HugeBody(usize),
}

/// One request as the intake saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub idempotency_key: Option<String>,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub at: Instant,
}

#[derive(Debug, Default)]
struct IntakeState {
    script: VecDeque<Step>,
    expected_code: Option<String>,
    requests: Vec<Recorded>,
    /// submission id → (body, receipt id)
    stored: HashMap<String, (Vec<u8>, String)>,
}

/// A small intake: follows its script, then behaves like a healthy intake with idempotency
/// (201 once, 200 with the same receipt for a replay, 409 for a different body).
#[derive(Clone)]
pub struct ScriptedIntake {
    pub addr: SocketAddr,
    state: Arc<Mutex<IntakeState>>,
    stored: Arc<Notify>,
    /// Serving HTTPS (see [`ScriptedIntake::start_tls`]).
    tls: bool,
    /// TCP connections accepted (HTTPS only): counted before the TLS handshake starts.
    connections: Arc<AtomicUsize>,
}

impl ScriptedIntake {
    pub async fn start(script: Vec<Step>) -> ScriptedIntake {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        ScriptedIntake::serve(listener, script, None)
    }

    /// Only `code` is accepted as the bearer code (401 otherwise).
    pub async fn start_expecting(code: &str, script: Vec<Step>) -> ScriptedIntake {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        ScriptedIntake::serve(listener, script, Some(code.to_owned()))
    }

    /// Serves on a given address (to bring an intake "back up" on the port it was down on).
    pub async fn start_on(addr: SocketAddr, script: Vec<Step>) -> ScriptedIntake {
        let listener = TcpListener::bind(addr).await.unwrap();
        ScriptedIntake::serve(listener, script, None)
    }

    /// Serves HTTPS on 127.0.0.1 with `pki`'s intake certificate. Only connections whose TLS
    /// handshake completes reach HTTP handling (and [`ScriptedIntake::requests`]).
    pub async fn start_tls(pki: &TestPki, script: Vec<Step>) -> ScriptedIntake {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let tls = TlsListener {
            tcp: listener,
            acceptor: pki.acceptor().unwrap(),
            connections: Arc::clone(&connections),
        };
        let (addr, state, stored, app) = ScriptedIntake::app(tls.tcp.local_addr().unwrap(), script);
        tokio::spawn(async move {
            axum::serve(tls, app).await.unwrap();
        });
        ScriptedIntake {
            addr,
            state,
            stored,
            tls: true,
            connections,
        }
    }

    fn serve(
        listener: TcpListener,
        script: Vec<Step>,
        expected_code: Option<String>,
    ) -> ScriptedIntake {
        let (addr, state, stored, app) =
            ScriptedIntake::app(listener.local_addr().unwrap(), script);
        state.lock().unwrap().expected_code = expected_code;
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        ScriptedIntake {
            addr,
            state,
            stored,
            tls: false,
            connections: Arc::new(AtomicUsize::new(0)),
        }
    }

    #[allow(clippy::type_complexity)]
    fn app(
        addr: SocketAddr,
        script: Vec<Step>,
    ) -> (SocketAddr, Arc<Mutex<IntakeState>>, Arc<Notify>, Router) {
        let state = Arc::new(Mutex::new(IntakeState {
            script: script.into(),
            ..IntakeState::default()
        }));
        let stored = Arc::new(Notify::new());
        let app = Router::new()
            .route("/v1/submissions", axum::routing::post(handle))
            .route(
                "/v1/submissions/code-status",
                axum::routing::get(code_status),
            )
            .with_state((Arc::clone(&state), Arc::clone(&stored)));
        (addr, state, stored, app)
    }

    /// `http://127.0.0.1:<port>/v1/submissions`, or `https://…` for a TLS intake (its certificate
    /// names 127.0.0.1).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}/v1/submissions", self.addr)
    }

    /// TCP connections accepted by a TLS intake, whether or not the handshake then succeeded.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Returns once the intake has stored a submission (a stored one counts even if it came earlier).
    pub async fn wait_until_stored(&self) {
        self.stored.notified().await;
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn stored_count(&self) -> usize {
        self.state.lock().unwrap().stored.len()
    }

    pub fn receipt_of(&self, submission_id: &str) -> Option<String> {
        self.state
            .lock()
            .unwrap()
            .stored
            .get(submission_id)
            .map(|(_, receipt)| receipt.clone())
    }
}

/// `GET …/code-status`: recorded like a submission, always answers that the code is valid.
async fn code_status(
    State((state, _)): State<(Arc<Mutex<IntakeState>>, Arc<Notify>)>,
    headers: HeaderMap,
) -> Response {
    state.lock().unwrap().requests.push(Recorded {
        idempotency_key: None,
        authorization: header(&headers, "authorization"),
        content_type: None,
        body: Vec::new(),
        at: Instant::now(),
    });
    (StatusCode::OK, "{\"valid\":true,\"customer\":\"Acme\"}").into_response()
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

async fn handle(
    State((state, stored)): State<(Arc<Mutex<IntakeState>>, Arc<Notify>)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let key = header(&headers, "idempotency-key");
    let step = {
        let mut state = state.lock().unwrap();
        state.requests.push(Recorded {
            idempotency_key: key.clone(),
            authorization: header(&headers, "authorization"),
            content_type: header(&headers, "content-type"),
            body: body.to_vec(),
            at: Instant::now(),
        });
        state.script.pop_front()
    };
    match step {
        Some(Step::Status(status, retry_after)) => {
            let mut response = (
                StatusCode::from_u16(status).unwrap(),
                "{\"error\":{\"message\":\"scripted\"}}",
            )
                .into_response();
            if let Some(value) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", value.parse().unwrap());
            }
            response
        }
        Some(Step::StoreThenHang) => {
            let _ = store(&state, &headers, key, &body);
            stored.notify_one();
            std::future::pending::<()>().await;
            unreachable!()
        }
        Some(Step::HugeBody(size)) => (StatusCode::CREATED, "x".repeat(size)).into_response(),
        None => match store(&state, &headers, key, &body).inspect(|_| stored.notify_one()) {
            Ok((status, receipt)) => (
                status,
                format!(
                    "{{\"receipt_id\":\"{receipt}\",\"received_at\":\"2025-01-01T00:00:00Z\"}}"
                ),
            )
                .into_response(),
            Err(status) => (status, "{\"error\":{\"message\":\"refused\"}}").into_response(),
        },
    }
}

/// Healthy-intake behaviour: authenticate, then store once by Idempotency-Key.
fn store(
    state: &Mutex<IntakeState>,
    headers: &HeaderMap,
    key: Option<String>,
    body: &[u8],
) -> Result<(StatusCode, String), StatusCode> {
    let mut state = state.lock().unwrap();
    if let Some(expected) = &state.expected_code {
        if header(headers, "authorization") != Some(format!("Bearer {expected}")) {
            return Err(StatusCode::UNAUTHORIZED);
        }
    }
    let key = key.ok_or(StatusCode::UNPROCESSABLE_ENTITY)?;
    if let Some((stored_body, receipt)) = state.stored.get(&key) {
        return if stored_body == body {
            Ok((StatusCode::OK, receipt.clone()))
        } else {
            Err(StatusCode::CONFLICT)
        };
    }
    let receipt = format!("rcpt-{}", state.stored.len() + 1);
    state.stored.insert(key, (body.to_vec(), receipt.clone()));
    Ok((StatusCode::CREATED, receipt))
}

/// Accepts TCP connections and never reads or answers. Returns its URL.
pub async fn start_silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{addr}/v1/submissions")
}

/// A loopback address nothing listens on (bound, then released).
pub async fn free_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

/// A body shaped like a sealed intake request (the tests do not need a real envelope).
pub fn sample_body(submission_id: &str) -> Vec<u8> {
    format!(
        "{{\"version\":1,\"submission_id\":\"{submission_id}\",\"sealed_credential\":{{\"suite\":\"DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-128-GCM\",\"key_id\":\"k1\",\"enc\":\"ZW5j\",\"ciphertext\":\"Y2lwaGVy\"}}}}"
    )
    .into_bytes()
}

/// A submission of [`sample_body`] to `intake_url`, for `send`.
pub fn sample_submission(submission_id: &str, intake_url: &str, code: SecretString) -> Submission {
    Submission {
        submission_id: submission_id.to_owned(),
        intake_url: intake_url.to_owned(),
        key_id: "k1".to_owned(),
        body: sample_body(submission_id),
        code,
    }
}

/// Every file under `dir`, recursively, with its contents.
pub fn all_files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(all_files(&path));
        } else {
            let contents = std::fs::read(&path).unwrap();
            files.push((path, contents));
        }
    }
    files
}

/// Accepts TCP connections and completes the TLS handshake before handing them to axum; a failed
/// handshake never reaches HTTP handling.
struct TlsListener {
    tcp: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    connections: Arc<AtomicUsize>,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((socket, addr)) = self.tcp.accept().await else {
                continue;
            };
            self.connections.fetch_add(1, Ordering::SeqCst);
            if let Ok(stream) = self.acceptor.accept(socket).await {
                return (stream, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}
