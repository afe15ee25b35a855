//! Loopback HTTP tests of the simulator: one test binary (one RSA key for the process), one
//! module per area.

mod binary;
mod common;
mod console;
mod faults;
mod identity;
mod scenarios;
mod token_exchange;
