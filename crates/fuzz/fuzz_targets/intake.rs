//! Fuzz target: the intake request parser and HPKE open with a fixed key (checks/intake.rs).
#![no_main]

#[allow(dead_code)]
#[path = "../checks/intake.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = checks::check(data);
});
