//! Helpers shared by the `rc-onboard` CLI integration tests: in-process servers on 127.0.0.1
//! (RingCentral simulator, reference intake, an intake relay), provider profile files, crafted
//! JWTs, and running the real binary with its output captured.
//!
//! Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod cli;
pub mod jwt;
pub mod profile;
pub mod relay;
pub mod servers;
pub mod wait;
