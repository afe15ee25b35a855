//! The delivery flows the CLI and the GUI call: queue a sealed submission ([`enqueue`]), deliver one
//! pending entry ([`deliver_pending`]), retry everything pending ([`flush_all`]), and `send`'s
//! queue-then-deliver, or deliver-once when no keyring can keep the code ([`send`]).
//!
//! Exactly once: the entry (sealed body + stable submission id) is on disk before the first request,
//! every attempt sends the same bytes with the same `Idempotency-Key`, and the intake answers a replay
//! with the stored receipt. So a process killed anywhere, even mid-POST, simply sends the entry again
//! on restart. The receipt is recorded before the entry is removed; an entry whose receipt exists is
//! removed without being sent again.

use std::time::Duration;

use rc_onboard_core::secret::SecretString;
use time::OffsetDateTime;

use crate::client::{check_intake_url, DeliveryEvent, IntakeClient};
use crate::entry::{is_valid_submission_id, FailureReason, LastError, PendingEntry, Receipt};
use crate::error::{DeliveryError, DeliveryFailure};
use crate::keystore::{
    code_entry_name, delete_secret, get_secret, set_secret, KeystoreError, SharedSecretStore,
};
use crate::lock::EntryLock;
use crate::outbox::{CorruptEntry, Outbox, OutboxError};
use crate::retry::{QueueSchedule, RetryPolicy};

/// Errors of the delivery flows (as opposed to the intake's answers, which are [`Outcome`]s).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("could not keep the onboarding code in the OS keyring, so nothing was queued: {0}")]
    KeyringForEnqueue(#[source] KeystoreError),
    #[error("could not read the onboarding code from the OS keyring: {0}")]
    Keyring(#[source] KeystoreError),
    #[error("the onboarding code of submission {submission_id} is no longer in the OS keyring, so it can never be sent; it was moved to the failed folder")]
    CodeMissing { submission_id: String },
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    #[error("invalid submission id (expected 1-64 letters, digits or '-')")]
    InvalidSubmissionId,
    #[error("the sealed request body is not UTF-8 text")]
    BodyNotText,
    #[error("the intake URL cannot be used: {0}")]
    IntakeUrl(#[source] DeliveryError),
    #[error("submission {submission_id} is already queued or being queued")]
    AlreadyQueued { submission_id: String },
    /// A client pinned to the entry's intake key could not be built; the entry stays queued.
    #[error("the intake client for this submission could not be set up: {0}")]
    IntakeClient(#[source] DeliveryError),
}

/// Where one [`deliver_pending`] call left a submission.
#[derive(Debug)]
pub enum Outcome {
    /// The intake stored it; the receipt is recorded and the entry and its code are gone.
    Delivered(Receipt),
    /// Not delivered yet; still pending and will be retried.
    Queued {
        /// Attempts made on this submission so far, across all runs.
        attempts: u32,
        last_error: DeliveryError,
        next_attempt_at: OffsetDateTime,
    },
    /// The intake refused it for good; moved to `failed/`, its code deleted.
    Refused(DeliveryError),
    /// A refusal recorded by an earlier run that stopped before cleaning up; cleanup is now done.
    PreviouslyRefused(FailureReason),
    /// Another process or task is delivering it right now.
    Busy,
    /// It is no longer pending (delivered or refused by someone else meanwhile).
    NotPending,
}

impl Outcome {
    /// Whether the submission is still waiting in the outbox.
    pub fn is_pending(&self) -> bool {
        matches!(self, Outcome::Queued { .. } | Outcome::Busy)
    }
}

/// Queues a sealed submission: stores `code` in the keyring first, then writes the outbox entry.
/// When the keyring cannot be used, nothing is queued and the error says so. The body must be the
/// exact sealed request, sent unchanged on every attempt. The entry carries no key pin; see
/// [`enqueue_pinned`].
pub async fn enqueue(
    outbox: &Outbox,
    store: &SharedSecretStore,
    submission_id: &str,
    intake_url: &str,
    key_id: &str,
    body: &[u8],
    code: &SecretString,
) -> Result<PendingEntry, ServiceError> {
    enqueue_pinned(
        outbox,
        store,
        submission_id,
        intake_url,
        key_id,
        body,
        code,
        None,
    )
    .await
}

/// [`enqueue`] recording the intake key pin (`spki_pin`), which every later delivery of the entry
/// enforces, whichever client delivers it (`outbox flush` has no profile).
#[allow(clippy::too_many_arguments)]
pub async fn enqueue_pinned(
    outbox: &Outbox,
    store: &SharedSecretStore,
    submission_id: &str,
    intake_url: &str,
    key_id: &str,
    body: &[u8],
    code: &SecretString,
    spki_pin: Option<[u8; 32]>,
) -> Result<PendingEntry, ServiceError> {
    if !is_valid_submission_id(submission_id) {
        return Err(ServiceError::InvalidSubmissionId);
    }
    check_intake_url(intake_url).map_err(ServiceError::IntakeUrl)?;
    let body = std::str::from_utf8(body).map_err(|_| ServiceError::BodyNotText)?;
    let already = || ServiceError::AlreadyQueued {
        submission_id: submission_id.to_owned(),
    };
    let lock = outbox.try_lock(submission_id)?.ok_or_else(already)?;
    if outbox.get(submission_id)?.is_some() {
        return Err(already());
    }
    let code_ref = code_entry_name(submission_id);
    if let Err(error) = set_secret(store, &code_ref, code).await {
        // Nothing was queued: leave no lock file behind either.
        lock.remove_file();
        return Err(ServiceError::KeyringForEnqueue(error));
    }
    let now = OffsetDateTime::now_utc();
    let entry = PendingEntry {
        submission_id: submission_id.to_owned(),
        created_at: now,
        intake_url: intake_url.to_owned(),
        key_id: key_id.to_owned(),
        attempts: 0,
        last_error: None,
        next_attempt_at: now,
        body: body.to_owned(),
        code_ref: code_ref.clone(),
        spki_pin,
    };
    if let Err(error) = outbox.insert(&lock, &entry) {
        forget_code(store, &code_ref).await;
        return Err(error.into());
    }
    Ok(entry)
}

/// Delivers one pending entry under `policy`, then settles it: on a receipt, records it and removes
/// the entry and its keyring code; on a refusal, moves it to `failed/` and removes the code; otherwise
/// counts the attempts and schedules the next background try. The entry's own `spki_pin` applies,
/// not `client`'s: when they differ, a client with the entry's pin is built for this delivery.
pub async fn deliver_pending(
    outbox: &Outbox,
    store: &SharedSecretStore,
    client: &IntakeClient,
    entry: &PendingEntry,
    policy: &RetryPolicy,
    progress: impl FnMut(&DeliveryEvent) + Send,
) -> Result<Outcome, ServiceError> {
    let submission_id = entry.submission_id.as_str();
    let Some(lock) = outbox.try_lock(submission_id)? else {
        return Ok(Outcome::Busy);
    };
    // Re-read under the lock: whoever held it before may have settled the entry.
    let Some(entry) = outbox.get(submission_id)? else {
        return Ok(Outcome::NotPending);
    };
    if let Some(stored) = outbox.receipt(submission_id)? {
        tracing::info!(
            submission_id,
            "receipt already recorded; removing the pending entry without resending"
        );
        finish(outbox, store, &lock, &entry).await?;
        return Ok(Outcome::Delivered(stored.receipt()));
    }
    if let Some(failed) = outbox.failed(submission_id)? {
        finish(outbox, store, &lock, &entry).await?;
        return Ok(Outcome::PreviouslyRefused(failed.failure));
    }
    let code = match get_secret(store, &entry.code_ref).await {
        Ok(code) => code,
        Err(KeystoreError::NotFound { .. }) => {
            let reason = FailureReason {
                kind: "code_missing".to_owned(),
                message: "the onboarding code is no longer in the OS keyring".to_owned(),
            };
            outbox.move_to_failed(&lock, reason)?;
            return Err(ServiceError::CodeMissing {
                submission_id: submission_id.to_owned(),
            });
        }
        Err(error) => return Err(ServiceError::Keyring(error)),
    };
    let client = client
        .with_spki_pin(entry.spki_pin)
        .map_err(ServiceError::IntakeClient)?;
    let delivery = client
        .deliver(
            &entry.intake_url,
            &code,
            submission_id,
            entry.body_bytes(),
            policy,
            progress,
        )
        .await;
    drop(code);
    match delivery {
        Ok(receipt) => {
            outbox.store_receipt(&lock, &receipt)?;
            finish(outbox, store, &lock, &entry).await?;
            tracing::info!(submission_id, receipt_id = %receipt.receipt_id, "submission delivered");
            Ok(Outcome::Delivered(receipt))
        }
        Err(DeliveryFailure { error, .. }) if !error.is_retryable() => {
            let reason = FailureReason {
                kind: error.kind().as_str().to_owned(),
                message: error.to_string(),
            };
            outbox.store_failed(&lock, reason)?;
            finish(outbox, store, &lock, &entry).await?;
            tracing::warn!(submission_id, kind = %error.kind(), error = %error, "intake refused the submission");
            Ok(Outcome::Refused(error))
        }
        Err(DeliveryFailure { attempts, error }) => {
            let total = entry.attempts.saturating_add(attempts);
            let wait = QueueSchedule::default().delay_after(
                total,
                error.retry_after(),
                &mut rand::thread_rng(),
            );
            let now = OffsetDateTime::now_utc();
            let next_attempt_at = now + wait;
            let last_error = LastError {
                kind: error.kind().as_str().to_owned(),
                message: error.to_string(),
                at: now,
            };
            let updated = outbox.update_attempt(&lock, attempts, last_error, next_attempt_at)?;
            tracing::info!(submission_id, attempts = updated.attempts, error = %error, "submission stays queued");
            Ok(Outcome::Queued {
                attempts: updated.attempts,
                last_error: error,
                next_attempt_at,
            })
        }
    }
}

/// Deletes the entry's keyring code, then the entry. In this order, a crash in between leaves an
/// entry whose receipt or failed record exists, which the next run settles without sending.
async fn finish(
    outbox: &Outbox,
    store: &SharedSecretStore,
    lock: &EntryLock,
    entry: &PendingEntry,
) -> Result<(), ServiceError> {
    forget_code(store, &entry.code_ref).await;
    outbox.remove(lock)?;
    Ok(())
}

/// Deletes an onboarding code; a failure is logged, not fatal (a used code is worthless anyway).
async fn forget_code(store: &SharedSecretStore, code_ref: &str) {
    if let Err(error) = delete_secret(store, code_ref).await {
        tracing::warn!(code_ref, %error, "could not delete the onboarding code from the OS keyring");
    }
}

/// One sealed submission for [`send`]: the exact request body and what its delivery needs.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Stable id of the submission; sent as `Idempotency-Key` on every attempt.
    pub submission_id: String,
    /// Where the body is POSTed.
    pub intake_url: String,
    /// The intake key the body is sealed to.
    pub key_id: String,
    /// The exact sealed request body, sent unchanged on every attempt.
    pub body: Vec<u8>,
    /// The onboarding code, kept in the OS keyring while the submission waits.
    pub code: SecretString,
}

/// Where one [`send`] call left a submission.
#[derive(Debug)]
pub enum SendOutcome {
    /// The submission was queued durably, then its first delivery went as the [`Outcome`] says.
    ViaOutbox(Outcome),
    /// The OS keyring could not keep the onboarding code, so nothing was queued; the one direct
    /// delivery stored it.
    DeliveredWithoutQueue {
        receipt: Receipt,
        keyring_error: KeystoreError,
    },
    /// The OS keyring could not keep the onboarding code, so nothing was queued, and the one direct
    /// delivery failed: nothing waits to be tried later.
    NotQueued {
        error: DeliveryError,
        keyring_error: KeystoreError,
    },
}

/// `rc-onboard send` and the window after sealing: queue the submission durably, then deliver it
/// under `policy` (about 20 seconds with [`RetryPolicy::send`]). If delivery does not finish, it
/// stays queued. The entry records `client`'s key pin, so later flushes enforce it too. When the
/// OS keyring cannot keep the code, nothing can wait for later: it is delivered directly, once
/// under `policy`, and the outcome says nothing was queued.
pub async fn send(
    outbox: &Outbox,
    store: &SharedSecretStore,
    client: &IntakeClient,
    submission: &Submission,
    policy: &RetryPolicy,
    progress: impl FnMut(&DeliveryEvent) + Send,
) -> Result<SendOutcome, ServiceError> {
    let queued = enqueue_pinned(
        outbox,
        store,
        &submission.submission_id,
        &submission.intake_url,
        &submission.key_id,
        &submission.body,
        &submission.code,
        client.options().spki_sha256,
    )
    .await;
    match queued {
        Ok(entry) => deliver_pending(outbox, store, client, &entry, policy, progress)
            .await
            .map(SendOutcome::ViaOutbox),
        Err(ServiceError::KeyringForEnqueue(keyring_error)) => {
            Ok(deliver_without_queue(client, submission, keyring_error, policy, progress).await)
        }
        Err(other) => Err(other),
    }
}

/// [`send`] without a keyring: one direct delivery, nothing on disk.
async fn deliver_without_queue(
    client: &IntakeClient,
    submission: &Submission,
    keyring_error: KeystoreError,
    policy: &RetryPolicy,
    progress: impl FnMut(&DeliveryEvent) + Send,
) -> SendOutcome {
    tracing::warn!(
        submission_id = %submission.submission_id,
        error = %keyring_error,
        "the OS keyring cannot keep the onboarding code; delivering once without queueing"
    );
    let delivery = client
        .deliver(
            &submission.intake_url,
            &submission.code,
            &submission.submission_id,
            &submission.body,
            policy,
            progress,
        )
        .await;
    match delivery {
        Ok(receipt) => SendOutcome::DeliveredWithoutQueue {
            receipt,
            keyring_error,
        },
        Err(failure) => SendOutcome::NotQueued {
            error: failure.error,
            keyring_error,
        },
    }
}

/// How [`flush_all`] works through the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlushOptions {
    /// Retry policy for each entry.
    pub policy: RetryPolicy,
    /// Skip entries whose `next_attempt_at` is still ahead (the GUI's background retry). `outbox
    /// flush` tries everything.
    pub only_due: bool,
}

impl Default for FlushOptions {
    fn default() -> Self {
        FlushOptions {
            policy: RetryPolicy::flush(),
            only_due: false,
        }
    }
}

/// What happened to one entry during a flush.
#[derive(Debug)]
pub struct FlushItem {
    pub submission_id: String,
    pub result: Result<Outcome, ServiceError>,
}

/// The result of [`flush_all`].
#[derive(Debug, Default)]
pub struct FlushReport {
    /// Entries that were tried, oldest first.
    pub items: Vec<FlushItem>,
    /// Entries skipped because their next attempt is not due yet (only with `only_due`).
    pub not_due: Vec<String>,
    /// Outbox files that could not be read; left in place.
    pub corrupt: Vec<CorruptEntry>,
}

impl FlushReport {
    /// Submissions delivered in this flush.
    pub fn delivered(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Delivered(_)))
    }

    /// Submissions the intake refused (now in `failed/`).
    pub fn refused(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Refused(_) | Outcome::PreviouslyRefused(_)))
            + self
                .items
                .iter()
                .filter(|item| matches!(item.result, Err(ServiceError::CodeMissing { .. })))
                .count()
    }

    /// Submissions still waiting (queued, busy, not due, unreadable, or an error that kept them).
    pub fn still_pending(&self) -> usize {
        let kept_by_error = self
            .items
            .iter()
            .filter(|item| {
                matches!(&item.result, Err(error) if !matches!(error, ServiceError::CodeMissing { .. }))
            })
            .count();
        self.count(Outcome::is_pending) + kept_by_error + self.not_due.len() + self.corrupt.len()
    }

    fn count(&self, predicate: impl Fn(&Outcome) -> bool) -> usize {
        self.items
            .iter()
            .filter(|item| item.result.as_ref().is_ok_and(&predicate))
            .count()
    }
}

/// Tries to deliver every pending entry, one after another (`rc-onboard outbox flush`, and the GUI's
/// background retry with `only_due`). One entry's failure does not stop the others.
pub async fn flush_all(
    outbox: &Outbox,
    store: &SharedSecretStore,
    client: &IntakeClient,
    options: &FlushOptions,
) -> Result<FlushReport, ServiceError> {
    let listing = outbox.list()?;
    let now = OffsetDateTime::now_utc();
    let mut report = FlushReport {
        corrupt: listing.corrupt,
        ..FlushReport::default()
    };
    for entry in listing.pending {
        if options.only_due && !entry.is_due(now) {
            report.not_due.push(entry.submission_id);
            continue;
        }
        let result = deliver_pending(outbox, store, client, &entry, &options.policy, |_| {}).await;
        report.items.push(FlushItem {
            submission_id: entry.submission_id,
            result,
        });
    }
    Ok(report)
}

/// How long until the earliest pending entry is due (zero if one is due now); `None` when the outbox
/// is empty. For the GUI's background retry timer.
pub fn next_due_in(outbox: &Outbox) -> Result<Option<Duration>, ServiceError> {
    let listing = outbox.list()?;
    let now = OffsetDateTime::now_utc();
    Ok(listing
        .pending
        .iter()
        .map(|entry| entry.next_attempt_at)
        .min()
        .map(|at| Duration::try_from(at - now).unwrap_or(Duration::ZERO)))
}
