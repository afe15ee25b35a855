//! The records the outbox keeps on disk: a pending submission, the receipt of a delivered one and the
//! record of one the intake refused. None of them holds a secret: the body is the HPKE-sealed request
//! and the onboarding code is referred to by its keyring entry name only.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Longest submission id accepted; a UUID is 36 characters.
const MAX_SUBMISSION_ID_LEN: usize = 64;

/// One submission waiting in the outbox: `<data_dir>/outbox/<submission_id>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEntry {
    /// Stable id of the submission; sent as `Idempotency-Key` on every attempt.
    pub submission_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Where the body is POSTed.
    pub intake_url: String,
    /// The intake key the body is sealed to.
    pub key_id: String,
    /// Delivery attempts made so far (HTTP requests started).
    pub attempts: u32,
    pub last_error: Option<LastError>,
    /// Earliest time a background retry should try again.
    #[serde(with = "time::serde::rfc3339")]
    pub next_attempt_at: OffsetDateTime,
    /// The exact request body, byte for byte as first sealed: the HPKE envelope and metadata only.
    pub body: String,
    /// Keyring entry name holding this submission's onboarding code (`code:<submission_id>`).
    pub code_ref: String,
    /// The profile's intake key pin when it was queued (`sha256/<base64>`), enforced on every
    /// delivery of this entry whatever client flushes it. Absent when the profile pins nothing.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::spki::serde_optional_pin"
    )]
    pub spki_pin: Option<[u8; 32]>,
}

impl PendingEntry {
    /// The request body as bytes, identical on every attempt.
    pub fn body_bytes(&self) -> &[u8] {
        self.body.as_bytes()
    }

    /// True when a background retry is due at `now`.
    pub fn is_due(&self, now: OffsetDateTime) -> bool {
        self.next_attempt_at <= now
    }
}

/// Why the last attempt did not deliver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastError {
    /// Stable error kind, e.g. `intake_unavailable`.
    pub kind: String,
    pub message: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// What the intake answered for a stored submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub receipt_id: String,
    /// The intake's own timestamp, as it sent it, when it sent one.
    pub received_at: Option<String>,
}

/// A receipt as recorded in `<data_dir>/receipts/<submission_id>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReceipt {
    pub submission_id: String,
    pub receipt_id: String,
    pub received_at: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

impl StoredReceipt {
    pub fn receipt(&self) -> Receipt {
        Receipt {
            receipt_id: self.receipt_id.clone(),
            received_at: self.received_at.clone(),
        }
    }
}

/// Why a submission left the queue without being delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureReason {
    /// Stable error kind, e.g. `intake_unauthorized`.
    pub kind: String,
    pub message: String,
}

/// A refused submission kept in `<data_dir>/failed/<submission_id>.json` for the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedEntry {
    #[serde(flatten)]
    pub entry: PendingEntry,
    pub failure: FailureReason,
    #[serde(with = "time::serde::rfc3339")]
    pub failed_at: OffsetDateTime,
}

/// A submission id is used as a file name and a keyring entry name, so only a plain token is
/// accepted: 1 to 64 ASCII letters, digits or `-` (a UUID fits).
pub fn is_valid_submission_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_SUBMISSION_ID_LEN
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A fresh random submission id (UUID v4).
pub fn new_submission_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_ids_are_plain_tokens() {
        assert!(is_valid_submission_id(&new_submission_id()));
        assert!(is_valid_submission_id("abc-123"));
        for bad in ["", "../x", "a/b", "a.json", "a b", "é", &"a".repeat(65)] {
            assert!(!is_valid_submission_id(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn pending_entry_round_trips_with_rfc3339_times() {
        let at = time::macros::datetime!(2025-01-02 03:04:05 UTC);
        let entry = PendingEntry {
            submission_id: "s1".into(),
            created_at: at,
            intake_url: "https://intake.example/v1/submissions".into(),
            key_id: "k1".into(),
            attempts: 2,
            last_error: Some(LastError {
                kind: "intake_unavailable".into(),
                message: "503".into(),
                at,
            }),
            next_attempt_at: at,
            body: "{\"version\":1}".into(),
            code_ref: "code:s1".into(),
            spki_pin: None,
        };
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["created_at"], "2025-01-02T03:04:05Z");
        assert_eq!(json["last_error"]["kind"], "intake_unavailable");
        assert!(json.get("spki_pin").is_none());
        let back: PendingEntry = serde_json::from_value(json).unwrap();
        assert_eq!(back, entry);
    }

    #[test]
    fn a_pinned_entry_keeps_its_pin_in_the_profile_form() {
        let at = time::macros::datetime!(2025-01-02 03:04:05 UTC);
        let entry = PendingEntry {
            submission_id: "s1".into(),
            created_at: at,
            intake_url: "https://intake.example/v1/submissions".into(),
            key_id: "k1".into(),
            attempts: 0,
            last_error: None,
            next_attempt_at: at,
            body: "{}".into(),
            code_ref: "code:s1".into(),
            spki_pin: Some([7; 32]),
        };
        let mut json = serde_json::to_value(&entry).unwrap();
        assert_eq!(
            json["spki_pin"],
            "sha256/BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc="
        );
        let back: PendingEntry = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, entry);
        // A damaged pin never silently becomes "no pin": the entry is unreadable instead.
        json["spki_pin"] = "sha256/short".into();
        assert!(serde_json::from_value::<PendingEntry>(json).is_err());
    }
}
