//! Reference intake server for rc-onboard protocol v1 (`docs/intake-protocol.md`): what a
//! provider runs, or copies, to receive customers' sealed RingCentral credentials.
//!
//! axum serves `POST /v1/submissions`, `GET /v1/submissions/code-status` and, with a
//! verification profile ([`verification`]), `POST /v1/verifications` over plain HTTP
//! (production runs it behind a TLS-terminating proxy), with `/healthz`, `/readyz` and
//! `/metrics` for operations. SQLite (rusqlite, bundled; see [`store`]) or PostgreSQL (see
//! [`storage`], for several instances on one database) keeps code hashes and sealed
//! submissions; every key given opens the envelopes sealed to it ([`Keyring`]). The plaintext credential exists only
//! in memory while an envelope is opened to check it, and in [`IntakeHandle::export`] /
//! `rc-intake export`, the provider's explicit way out.
//!
//! The library is also what tests and the app's demo mode start:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use rc_onboard_intake_protocol::KeyPair;
//! use rc_onboard_intake_server::{IntakeServer, ServerConfig};
//!
//! let key = KeyPair::generate()?;
//! let server = IntakeServer::start(ServerConfig::new(
//!     "/tmp/intake.db",
//!     key.private_key().clone(),
//!     "demo",
//! ))
//! .await?;
//! let code = server.issue_code("Acme Dental", std::time::Duration::from_secs(3600))?;
//! println!("POST to {} with the code", server.submissions_url());
//! # drop(code);
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod auth_limiter;
mod client_addr;
mod clock;
pub mod codes;
mod export;
mod faults;
mod http;
pub mod key_io;
mod keyring;
mod metrics;
mod server;
pub mod storage;
pub mod store;
pub mod verification;

pub use auth_limiter::{FAILURE_WINDOW, MAX_FAILURES_PER_WINDOW};
pub use client_addr::{TrustedProxies, TrustedProxyError};
pub use export::{export_credential, export_with_keyring, ExportError};
pub use faults::{AttemptLog, Faults};
pub use http::{
    CODE_STATUS_PATH, HEALTHZ_PATH, METRICS_PATH, READYZ_PATH, SUBMISSIONS_PATH, VERIFICATIONS_PATH,
};
pub use keyring::{public_key_fingerprint, KeyDescription, Keyring, KeyringError};
pub use metrics::MetricsError;
pub use server::{IntakeHandle, IntakeServer, ServerConfig, ServerError};
pub use storage::{DatabaseLocation, Storage};
pub use store::{Store, StoreError, SubmissionSummary, VerificationAttempt};
pub use verification::{CheckResult, IntakeVerifier, VerifyProfileError};
