//! Starting the HTTP server: the route table, the middleware every response passes through
//! (injected latency, `RCRequestId`), loopback-only binding and graceful shutdown.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;

use crate::config::SimConfig;
use crate::console;
use crate::error::SimError;
use crate::faults::Faults;
use crate::handle::SimHandle;
use crate::jwt::process_signer;
use crate::oauth;
use crate::rest;
use crate::seed;
use crate::state::Shared;

/// Starts a simulator on `config.listen` (loopback only) and returns its handle.
pub async fn start(config: SimConfig) -> Result<SimHandle, SimError> {
    if !is_ipv4_loopback(config.listen.ip()) {
        return Err(SimError::NotLoopback(config.listen));
    }
    let signer = process_signer().await?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| SimError::Bind {
            addr: config.listen,
            source,
        })?;
    let local = listener.local_addr().map_err(|source| SimError::Bind {
        addr: config.listen,
        source,
    })?;
    let faults = Faults {
        latency: config.latency,
        ..Faults::default()
    };
    let shared = Arc::new(Shared::new(base_url(local), signer, faults));
    seed::apply(config.seed, &mut shared.tables());
    let app = router(Arc::clone(&shared));
    let mut stop = shared.shutdown.subscribe();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stop.wait_for(|stopping| *stopping).await;
        };
        // Accept errors are retried inside axum; an error here means the listener is gone.
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
    });
    Ok(SimHandle::new(shared, task))
}

fn is_ipv4_loopback(ip: IpAddr) -> bool {
    matches!(ip, IpAddr::V4(v4) if v4.is_loopback())
}

fn base_url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/restapi/oauth/token", post(oauth::token))
        .route("/restapi/oauth/revoke", post(oauth::revoke))
        .route("/restapi/v1.0/account/~/extension/~", get(rest::extension))
        .route(
            "/restapi/v1.0/account/~/business-address",
            get(rest::business_address),
        )
        .route("/restapi/v1.0/account/~", get(rest::account))
        .route("/restapi/v1.0/account/~/call-log", get(rest::call_log))
        .route(console::CREATE_PATH, get(console::create_page))
        .route(console::SUBMIT_PATH, post(console::submit))
        .fallback(rest::unknown_resource)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            every_request,
        ))
        .with_state(shared)
}

/// Injected latency before, `RCRequestId` after, for every request.
async fn every_request(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let latency = shared.faults.borrow().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut response = next.run(request).await;
    let request_id = uuid::Uuid::new_v4().to_string();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("rcrequestid"), value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ipv4_loopback_is_accepted() {
        assert!(is_ipv4_loopback("127.0.0.1".parse().unwrap()));
        assert!(is_ipv4_loopback("127.0.0.2".parse().unwrap()));
        assert!(!is_ipv4_loopback("0.0.0.0".parse().unwrap()));
        assert!(!is_ipv4_loopback("::1".parse().unwrap()));
        assert!(!is_ipv4_loopback("192.168.1.1".parse().unwrap()));
    }
}
