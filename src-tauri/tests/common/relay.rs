//! An HTTP relay on 127.0.0.1 in front of the intake. It forwards every request unchanged and,
//! while holding, keeps the intake's answer from the client: the intake has stored the
//! submission, the client has not heard so. That opens the window "stored, receipt not yet
//! recorded" deterministically, for a kill -9 inside it.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::Router;

use super::servers::runtime;

struct Shared {
    upstream: String,
    client: reqwest::Client,
    holding: AtomicBool,
    held: AtomicUsize,
}

/// A running relay. Dropping it stops it.
pub struct Relay {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Relay {
    /// Relays to `upstream_origin` (`http://127.0.0.1:PORT`), holding answers from the start.
    pub fn start(upstream_origin: &str) -> Relay {
        let shared = Arc::new(Shared {
            upstream: upstream_origin.trim_end_matches('/').to_owned(),
            client: reqwest::Client::new(),
            holding: AtomicBool::new(true),
            held: AtomicUsize::new(0),
        });
        let app = Router::new()
            .fallback(relay)
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let addr = runtime().block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move {
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
            addr
        });
        Relay {
            addr,
            shared,
            stop: Some(stop),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many answers were kept from the client so far.
    pub fn held(&self) -> usize {
        self.shared.held.load(Ordering::SeqCst)
    }

    /// From now on, pass answers through.
    pub fn release(&self) {
        self.shared.holding.store(false, Ordering::SeqCst);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn relay(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 1024 * 1024).await.unwrap_or_default();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let mut upstream = shared
        .client
        .request(parts.method, format!("{}{path}", shared.upstream))
        .body(body);
    for (name, value) in &parts.headers {
        if name != header::HOST && name != header::CONTENT_LENGTH {
            upstream = upstream.header(name, value);
        }
    }
    let answer = match upstream.send().await {
        Ok(answer) => answer,
        Err(error) => {
            return Response::builder()
                .status(StatusCode::BAD_GATEWAY)
                .body(Body::from(error.to_string()))
                .unwrap_or_default()
        }
    };
    let status = answer.status();
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await.unwrap_or_default();
    if shared.holding.load(Ordering::SeqCst) {
        shared.held.fetch_add(1, Ordering::SeqCst);
        // The client waits for an answer that never comes, until it is killed.
        std::future::pending::<()>().await;
    }
    let mut response = Response::builder().status(status);
    for (name, value) in &headers {
        if name != header::CONTENT_LENGTH && name != header::TRANSFER_ENCODING {
            response = response.header(name, value);
        }
    }
    response.body(Body::from(bytes)).unwrap_or_default()
}
