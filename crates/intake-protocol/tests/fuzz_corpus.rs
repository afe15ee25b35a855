//! Replays the intake fuzzer's corpus as regression tests: every input in
//! `crates/fuzz/corpus/intake/` (the minimised libFuzzer corpus) and `crates/fuzz/seeds/intake/`
//! goes through the same invariant checks the fuzz target runs (`rc_onboard_intake_protocol::fuzzing`):
//! `IntakeRequest::from_json`, a JSON round trip of what it accepts, and `open` with a fixed
//! recipient key on everything of the request's shape.
//!
//! Fuzzing itself is not part of this suite; see `crates/fuzz/run.sh`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rc_onboard_intake_protocol::fuzzing as intake_checks;
use rc_onboard_intake_protocol::{seal, IntakeRequest};

/// Fewer files than this in the corpus means it is missing, not small.
const MIN_CORPUS_FILES: usize = 10;

fn inputs() -> Vec<(PathBuf, Vec<u8>)> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut found = Vec::new();
    let mut corpus_files = 0;
    for (kind, dir) in [
        ("corpus", fuzz.join("corpus/intake")),
        ("seeds", fuzz.join("seeds/intake")),
    ] {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                found.push((path.clone(), std::fs::read(&path).unwrap()));
                if kind == "corpus" {
                    corpus_files += 1;
                }
            }
        }
    }
    assert!(
        corpus_files >= MIN_CORPUS_FILES,
        "crates/fuzz/corpus/intake has {corpus_files} files; regenerate it with crates/fuzz/run.sh intake 600"
    );
    found.sort();
    found
}

#[test]
fn intake_corpus_keeps_every_invariant() {
    let mut failures = Vec::new();
    let (mut accepted, mut opened, mut total) = (0, 0, 0);
    for (path, bytes) in inputs() {
        total += 1;
        match catch_unwind(AssertUnwindSafe(|| intake_checks::check(&bytes))) {
            Ok(outcome) => {
                accepted += usize::from(outcome.accepted);
                opened += usize::from(outcome.opened);
            }
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!("{}: {message}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The corpus reaches the accepted path and an envelope that really opens.
    assert!(
        accepted >= 1,
        "no input of {total} is an acceptable request"
    );
    assert!(opened >= 1, "no input of {total} opens with the fixed key");
    assert!(accepted < total, "no input is refused");
}

#[test]
fn a_fresh_envelope_to_the_fixed_key_opens_in_the_checker() {
    let pair = intake_checks::recipient();
    let id = "9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3c4";
    let seed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/intake/sealed_to_fixed_key"),
    )
    .unwrap();
    let mut request = IntakeRequest::from_json(&seed).unwrap();
    request.sealed_credential = seal(pair.public_key(), "2026-11", id, b"eyJ.fresh.jwt").unwrap();
    request.submission_id = id.to_owned();
    let outcome = intake_checks::check(&request.to_json().unwrap());
    assert!(outcome.accepted && outcome.opened);

    // The same envelope claimed for another submission is refused by open (aad binding).
    request.submission_id = "9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3c5".to_owned();
    let outcome = intake_checks::check(&request.to_json().unwrap());
    assert!(outcome.accepted && !outcome.opened);
}
