//! Fuzz target: local inspection of a paste against a fixed profile
//! (`rc_onboard_verify::fuzzing::inspect`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = rc_onboard_verify::fuzzing::inspect::check(data);
});
