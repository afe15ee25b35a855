//! A faithful RingCentral simulator for tests and the demo: the JWT-bearer token exchange
//! (`/restapi/oauth/token`), session revocation, the identity endpoints (`extension/~`,
//! `business-address`, `account/~`), the company call log (`account/~/call-log`) and a simulated
//! "Create JWT" console page, with RingCentral's JSON formatting, error envelopes, `RCRequestId`
//! and rate-limit headers, RS256 credentials shaped like real ones (ES256 on request),
//! server-side credential/app/user tables with per-user permissions, fault injection and
//! scenario presets. It listens on 127.0.0.1 only.
//!
//! Token endpoint outcomes (checked in this order; `[INF]` codes are picks for cases no public
//! source documents, chosen outside the codes the verification engine maps specially):
//!
//! | case | status | `error` | `errorCode` |
//! | --- | --- | --- | --- |
//! | no / garbled Basic header | 401 | `invalid_client` | OAU-123 |
//! | unknown client ID | 400 | `invalid_client` | OAU-153 "Invalid client: {id}" + parameters |
//! | wrong client secret | 401 | `invalid_client` | OAU-146 |
//! | no `grant_type` / no `assertion` | 400 | `invalid_request` | OAU-101 `[INF]` |
//! | other grant type, or app's JWT grant off | 400 | `unauthorized_client` | OAU-251 |
//! | unparseable assertion | 400 | `invalid_grant` | OAU-301 `[INF]` "Unparseable assertion" |
//! | not RS256 | 400 | `invalid_grant` | OAU-347 |
//! | bad signature | 400 | `invalid_grant` | OAU-302 `[INF]` |
//! | `iss`/`aud` of another environment | 400 | `invalid_grant` | OAU-303 `[INF]` |
//! | unknown credential (`jti`) | 400 | `invalid_grant` | OAU-213 "Token not found" |
//! | revoked credential | 400 | `invalid_grant` | OAU-211 "Token revoked" |
//! | expired credential | 400 | `invalid_grant` | OAU-304 `[INF]` |
//! | not permitted for this client (`Only` list, or `Org` with a third-party app) | 400 | `invalid_grant` | OAU-305 `[INF]` |
//! | owner extension missing | 400 | `invalid_grant` | OAU-232 |
//! | owner disabled | 400 | `invalid_grant` | OAU-236 "Extension is disabled or frozen" |
//!
//! Faults come first: `hang` holds the request, then `unavailable` (503), `rate_limit`
//! (429 CMN-301 with `Retry-After`) and `token_refusal` (any status and body). With
//! `auth_rate_limit` set, the Auth group is enforced per (user, app) once the client and the
//! assertion's signature check out: the 6th token or revoke request within a minute answers 429
//! CMN-301 with `Retry-After: 60` and `X-Rate-Limit-Group: auth`, `-Limit: 5`, `-Remaining: 0`,
//! `-Window: 60`, and every request during the penalty restarts it.
//!
//! The call log needs the app permission `ReadCallLog` (403 CMN-401) and the user permission
//! `ReadCallLog` (403 CMN-408, per user through `SimHandle::set_user_permission`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), rc_onboard_simulator::SimError> {
//! use rc_onboard_simulator::{demo, start, Scenario, SimConfig};
//! let sim = start(SimConfig::default()).await?;
//! let credential = sim.apply_scenario(Scenario::HappyPath, demo::PROVIDER_CLIENT_ID);
//! println!("server = {}", sim.base_url());
//! # drop(credential);
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod auth_limit;
mod call_log;
mod config;
mod console;
mod error;
mod faults;
mod form;
mod handle;
mod html;
mod identity;
mod json;
mod jwt;
mod model;
mod oauth;
mod response;
mod rest;
mod scenario;
mod seed;
mod server;
mod state;

pub use config::SimConfig;
pub use error::SimError;
pub use faults::{AuthRateLimit, Counters, Faults, RateLimitFault, TokenRefusal};
pub use handle::SimHandle;
pub use model::{
    AllowedApps, App, CredentialSpec, Expiry, IssuedCredential, SigningAlgorithm, User,
};
pub use scenario::{Scenario, OTHER_APP_CLIENT_ID, RATE_LIMITED_RETRY_AFTER_S};
pub use seed::{demo, Seed};
pub use server::start;

/// The grant type of the JWT bearer flow, as sent in `grant_type`.
pub const JWT_BEARER_GRANT: &str = oauth::JWT_BEARER;

/// `exp - iat` of a credential without an expiration date (2^31 - 1 seconds).
pub const NEVER_EXPIRES_SECONDS: i64 = state::NEVER_EXPIRES_SECONDS;
