//! Invariants of the intake envelope parser ([`IntakeRequest::from_json`]) and of opening the
//! HPKE envelope ([`open`]) with a fixed recipient key, shared by the `intake` fuzz target and the
//! corpus replay in `crates/intake-protocol/tests/fuzz_corpus.rs` (the `fuzzing` feature).
//!
//! Beyond "no panic": an accepted request passes `validate`, survives a JSON round trip
//! unchanged, and names the suite and a well-formed submission id; `open` is tried on every body
//! that has the request's shape, validated or not, and only opens envelopes the fixed key sealed
//! for that submission id.

use crate::{is_submission_id, open, IntakeRequest, KeyPair, OpenError, PrivateKey, SUITE};

/// Input keying material of the fixed recipient key (RFC 9180 `DeriveKeyPair`).
pub const RECIPIENT_IKM: [u8; 32] = [0x5a; 32];

/// The fixed recipient key pair every envelope is opened with.
pub fn recipient() -> KeyPair {
    KeyPair::derive(&RECIPIENT_IKM)
}

/// What the parse and the open gave.
pub struct Outcome {
    /// `from_json` accepted the body.
    pub accepted: bool,
    /// `open` recovered a plaintext.
    pub opened: bool,
}

/// Parses `data`, opens what parses, and checks every invariant; panics on a violation.
pub fn check(data: &[u8]) -> Outcome {
    let pair = recipient();
    let parsed = IntakeRequest::from_json(data);
    let accepted = parsed.is_ok();
    let request = match parsed {
        Ok(request) => {
            check_accepted(&request);
            Some(request)
        }
        Err(error) => {
            let _ = error.to_string();
            // The same shape without validation: `open` must refuse bad values on its own.
            serde_json::from_slice::<IntakeRequest>(data).ok()
        }
    };
    let opened = match request {
        Some(request) => try_open(pair.private_key(), &request),
        None => false,
    };
    Outcome { accepted, opened }
}

fn check_accepted(request: &IntakeRequest) {
    assert!(
        request.validate().is_ok(),
        "from_json accepted an invalid request"
    );
    assert_eq!(request.sealed_credential.suite, SUITE);
    assert!(is_submission_id(&request.submission_id));
    let json = match request.to_json() {
        Ok(json) => json,
        Err(error) => panic!("an accepted request does not serialise: {error}"),
    };
    match IntakeRequest::from_json(&json) {
        Ok(again) => assert_eq!(&again, request, "round trip changed the request"),
        Err(error) => panic!("a re-serialised request is refused: {error}"),
    }
}

fn try_open(private: &PrivateKey, request: &IntakeRequest) -> bool {
    let sealed = &request.sealed_credential;
    match open(private, sealed, &request.submission_id) {
        Ok(_plaintext) => {
            assert_eq!(sealed.suite, SUITE, "opened an envelope of another suite");
            // Opening binds the submission id: the same envelope under another id must fail.
            let other_id = if request.submission_id == OTHER_ID {
                OTHER_ID_2
            } else {
                OTHER_ID
            };
            assert!(
                open(private, sealed, other_id).is_err(),
                "the envelope opened under another submission id"
            );
            true
        }
        Err(OpenError::UnsupportedSuite(suite)) => {
            assert_ne!(suite, SUITE);
            false
        }
        Err(error) => {
            let _ = error.to_string();
            false
        }
    }
}

const OTHER_ID: &str = "00000000-0000-4000-8000-000000000000";
const OTHER_ID_2: &str = "00000000-0000-4000-8000-000000000001";
