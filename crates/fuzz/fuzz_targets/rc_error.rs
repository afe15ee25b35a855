//! Fuzz target: RingCentral error bodies, status codes and `Retry-After`
//! (`rc_onboard_verify::fuzzing::rc_error`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = rc_onboard_verify::fuzzing::rc_error::check(data);
});
