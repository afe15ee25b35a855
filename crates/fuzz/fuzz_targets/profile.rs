//! Fuzz target: the provider-profile parser (`rc_onboard_verify::fuzzing::profile`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = rc_onboard_verify::fuzzing::profile::check(data);
});
