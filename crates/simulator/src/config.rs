//! How to start the simulator: listen address (loopback only), initial latency, seed data.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::seed::Seed;

/// Start-up settings. `SimConfig::default()` listens on an ephemeral port of 127.0.0.1, adds no
/// latency and loads the demo seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfig {
    /// Where to listen; must be an IPv4 loopback address (port 0 picks a free port).
    pub listen: SocketAddr,
    /// Initial per-request latency (changeable later through `Faults::latency`).
    pub latency: Duration,
    /// Data loaded at start.
    pub seed: Seed,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            latency: Duration::ZERO,
            seed: Seed::Demo,
        }
    }
}
