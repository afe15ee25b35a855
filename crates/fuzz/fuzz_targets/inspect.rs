//! Fuzz target: local inspection of a paste against a fixed profile (checks/inspect.rs).
#![no_main]

#[allow(dead_code)]
#[path = "../checks/inspect.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = checks::check(data);
});
