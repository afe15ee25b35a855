//! The built-in demo: a simulated RingCentral platform and console and the reference intake
//! server, both in-process on 127.0.0.1 (ephemeral ports, a fresh key pair, a temporary
//! database), with the demo provider profile pointing at them and scenario presets that drive
//! each real error path. Nothing here talks to real RingCentral.
//!
//! - [`environment`]: starts and owns the local services, the demo profile and codes.
//! - [`scenarios`]: the presets the demo panel lists.
//! - [`session`]: what the demo does with the onboarding session (presets, background retries).

mod environment;
mod scenarios;
mod session;

pub use environment::{DemoEnvironment, DemoError, ProviderRow};
pub use scenarios::{DemoScenario, SCENARIOS};
pub use session::{apply_scenario, background_policy, send_policy};
