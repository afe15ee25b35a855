//! Fuzz target: RingCentral error bodies, status codes and `Retry-After` (checks/rc_error.rs).
#![no_main]

/// The error-envelope parser, compiled from the verify crate's own source (it is crate-private).
#[allow(dead_code)]
#[path = "../../verify/src/ringcentral/wire.rs"]
mod wire;

#[allow(dead_code)]
#[path = "../checks/rc_error.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = checks::check(data);
});
