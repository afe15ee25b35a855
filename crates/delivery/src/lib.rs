//! rc-onboard delivery: gets a sealed credential to the provider's intake exactly once.
//!
//! - [`outbox`]: durable, atomically written queue of sealed submissions in the data directory, with
//!   per-entry locks, receipts and a record of refused submissions.
//! - [`keystore`]: onboarding codes and client secrets in the OS keyring, never in files.
//! - [`client`]: the hardened intake HTTP client and its retry loop ([`retry`] holds the policy).
//! - [`pinning`] and [`spki`]: the optional pin of the intake's key (`[intake] spki_pin`), over
//!   `rc_onboard_core::spki` and `rc_onboard_core::tls`.
//! - [`service`]: the flows the CLI and GUI call: enqueue, deliver one, flush all, send.
//!
//! Nothing here depends on the intake protocol's types: an entry stores the exact request body bytes.

mod atomic_file;
pub mod client;
pub mod entry;
pub mod error;
pub mod keystore;
mod lock;
pub mod outbox;
pub mod pinning;
mod response;
pub mod retry;
pub mod service;
pub mod spki;

pub use client::{
    check_intake_url, ClientOptions, CodeCheck, DeliveryEvent, IntakeClient, IDEMPOTENCY_KEY,
};
pub use entry::{
    is_valid_submission_id, new_submission_id, FailedEntry, FailureReason, LastError, PendingEntry,
    Receipt, StoredReceipt,
};
pub use error::{DeliveryError, DeliveryFailure};
pub use keystore::{KeystoreError, MemoryStore, OsKeyring, SecretStore, SharedSecretStore};
pub use lock::EntryLock;
pub use outbox::{CorruptEntry, Listing, Outbox, OutboxError};
pub use pinning::{PinMismatch, TlsSetupError};
pub use retry::{QueueSchedule, RetryPolicy};
pub use service::{
    deliver_pending, enqueue, enqueue_pinned, flush_all, next_due_in, send, FlushItem,
    FlushOptions, FlushReport, Outcome, SendOutcome, Submission,
};
pub use spki::{format_pin, parse_pin, spki_sha256};
