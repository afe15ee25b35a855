//! Fuzz target: the provider-profile parser (checks/profile.rs).
#![no_main]

#[allow(dead_code)]
#[path = "../checks/profile.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = checks::check(data);
});
