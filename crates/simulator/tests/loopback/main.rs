//! Loopback HTTP tests of the simulator: one test binary (one RSA key for the process), one
//! module per area.

mod auth_rate_limit;
mod binary;
mod call_log;
mod common;
mod console;
mod faults;
mod identity;
mod scenarios;
mod token_exchange;
mod token_refusals;
