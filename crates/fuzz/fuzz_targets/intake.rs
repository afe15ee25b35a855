//! Fuzz target: the intake request parser and HPKE open with a fixed key
//! (`rc_onboard_intake_protocol::fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = rc_onboard_intake_protocol::fuzzing::check(data);
});
