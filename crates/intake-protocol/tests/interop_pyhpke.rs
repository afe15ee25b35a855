//! Interoperability with an independent HPKE implementation: Python's `pyhpke` opens what this
//! crate seals, and this crate opens what `pyhpke` seals, for submission envelopes (aad = the
//! submission id) and verification envelopes (aad = `verify:` + the verification id).
//!
//! The Python interpreter is `$RC_ONBOARD_PYTHON` (default `python3`); it must have `pyhpke`
//! installed (`python3 -m pip install pyhpke`). The test fails, with that instruction, if not.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use rc_onboard_intake_protocol::{
    open, open_verification, seal, seal_verification, KeyPair, SealedCredential, SUITE,
};
use serde_json::{json, Value};

fn python() -> String {
    std::env::var("RC_ONBOARD_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/pyhpke_interop.py")
}

fn run_python(request: Value) -> Value {
    let python = python();
    let mut child = Command::new(&python)
        .arg(script())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python:?} (set RC_ONBOARD_PYTHON): {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(3) {
        panic!(
            "{python:?} cannot import pyhpke ({}). Install it with `{python} -m pip install pyhpke` \
             or point RC_ONBOARD_PYTHON at an interpreter that has it.",
            stderr.trim()
        );
    }
    assert!(output.status.success(), "pyhpke script failed: {stderr}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

const SUBMISSION_ID: &str = "5d1c8f2a-7b3e-4f60-9a1d-2c4e6f8a0b1c";
const VERIFICATION_ID: &str = "8e2b4d6f-1a3c-4e5f-8a7b-9c0d1e2f3a4b";
const JWT: &[u8] = b"eyJraWQiOiI4NzYyZjU5OGQwNTk0NGRiODZiZjVjYTk3ODA0NzYwOCIsInR5cCI6IkpXVCIsImFsZyI6IlJTMjU2In0.eyJhdWQiOiJodHRwczovL3BsYXRmb3JtLnJpbmdjZW50cmFsLmNvbS9yZXN0YXBpL29hdXRoL3Rva2VuIn0.c2lnbmF0dXJl";

#[test]
fn pyhpke_is_available() {
    let answer = run_python(json!({"op": "check"}));
    assert!(answer["pyhpke"].is_string(), "{answer}");
}

#[test]
fn pyhpke_opens_what_rust_seals() {
    let pair = KeyPair::generate().unwrap();
    let sealed = seal(pair.public_key(), "2026-11", SUBMISSION_ID, JWT).unwrap();
    let answer = run_python(json!({
        "op": "open",
        "private_key": pair.private_key().to_b64url().as_str(),
        "enc": sealed.enc,
        "ciphertext": sealed.ciphertext,
        "submission_id": SUBMISSION_ID,
    }));
    assert_eq!(unb64(answer["plaintext"].as_str().unwrap()), JWT);
}

#[test]
fn rust_opens_what_pyhpke_seals() {
    let pair = KeyPair::generate().unwrap();
    let answer = run_python(json!({
        "op": "seal",
        "public_key": pair.public_key().to_b64url(),
        "plaintext": b64(JWT),
        "submission_id": SUBMISSION_ID,
    }));
    let sealed = SealedCredential {
        suite: SUITE.to_owned(),
        key_id: "2026-11".to_owned(),
        enc: answer["enc"].as_str().unwrap().to_owned(),
        ciphertext: answer["ciphertext"].as_str().unwrap().to_owned(),
    };
    let opened = open(pair.private_key(), &sealed, SUBMISSION_ID).unwrap();
    assert_eq!(opened.as_slice(), JWT);
    // The aad binds the submission id: pyhpke's envelope does not open under another id.
    assert!(open(
        pair.private_key(),
        &sealed,
        "00000000-0000-4000-8000-000000000000"
    )
    .is_err());
}

#[test]
fn pyhpke_opens_a_verification_envelope_only_with_the_verify_aad() {
    let pair = KeyPair::generate().unwrap();
    let sealed = seal_verification(pair.public_key(), "2026-11", VERIFICATION_ID, JWT).unwrap();
    let answer = run_python(json!({
        "op": "open",
        "private_key": pair.private_key().to_b64url().as_str(),
        "enc": sealed.enc,
        "ciphertext": sealed.ciphertext,
        "verification_id": VERIFICATION_ID,
    }));
    assert_eq!(unb64(answer["plaintext"].as_str().unwrap()), JWT);
}

#[test]
fn rust_opens_a_verification_envelope_pyhpke_seals_and_never_as_a_submission() {
    let pair = KeyPair::generate().unwrap();
    let answer = run_python(json!({
        "op": "seal",
        "public_key": pair.public_key().to_b64url(),
        "plaintext": b64(JWT),
        "verification_id": VERIFICATION_ID,
    }));
    let sealed = SealedCredential {
        suite: SUITE.to_owned(),
        key_id: "2026-11".to_owned(),
        enc: answer["enc"].as_str().unwrap().to_owned(),
        ciphertext: answer["ciphertext"].as_str().unwrap().to_owned(),
    };
    let opened = open_verification(pair.private_key(), &sealed, VERIFICATION_ID).unwrap();
    assert_eq!(opened.as_slice(), JWT);
    assert!(open(pair.private_key(), &sealed, VERIFICATION_ID).is_err());
}
