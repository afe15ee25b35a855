//! The built-in demo: a simulated RingCentral platform and console and the reference intake
//! server, both in-process on 127.0.0.1 (ephemeral ports, a fresh key pair, a temporary
//! database), with the demo provider profile pointing at them and scenario presets that drive
//! each real error path. Nothing here talks to real RingCentral.

mod environment;
mod scenarios;

pub use environment::{DemoEnvironment, DemoError, ProviderRow};
pub use scenarios::{DemoScenario, SCENARIOS};
