//! [`FlowState`]: everything that changes during a session, and the pure rules that change it —
//! which step may be shown, what a verification or delivery outcome does to the view, what is
//! forgotten when. No locking, no tasks, no network: [`super::Session`] holds it behind a mutex
//! and feeds it what the network said.

use rc_onboard_delivery::service::Outcome;
use rc_onboard_delivery::PendingEntry;
use rc_onboard_verify::engine::{Identity, Stage};
use rc_onboard_verify::inspect::CredentialFacts;
use rc_onboard_verify::{ErrorKind, SecretString};

use super::text::sanitize;
use crate::submission::{self, rfc3339, VerifiedFacts};
use crate::timeline::Timeline;
use crate::view::{
    Checklist, CodeStatusView, DeliveryStatus, DeliveryView, FailureView, InspectionView, Step,
    VerificationStatus, VerificationView,
};

/// Why a change is refused, in words for the customer.
pub(super) type Refusal = &'static str;

/// Everything that changes during a session.
#[derive(Default)]
pub(super) struct FlowState {
    pub(super) step: Step,
    pub(super) code: Option<SecretString>,
    pub(super) code_prefilled: bool,
    pub(super) code_status: Option<CodeStatusView>,
    pub(super) checklist: Checklist,
    pub(super) credential: Option<SecretString>,
    pub(super) inspection: Option<InspectionView>,
    pub(super) credential_facts: Option<CredentialFacts>,
    pub(super) verification: VerificationView,
    pub(super) verified: Option<VerifiedFacts>,
    /// Bumped whenever the held credential changes, so late results of an older run are ignored.
    pub(super) generation: u64,
    pub(super) delivery: DeliveryView,
    pub(super) timeline: Timeline,
    /// Counts changes; see [`crate::View::revision`].
    pub(super) revision: u64,
    /// Automatic retries after rate limits since the customer last asked for a check.
    pub(super) automatic_retries: u8,
}

/// The window retries a rate-limited check by itself at most this many times in a row, then
/// leaves it to the customer when the countdown ends.
pub(super) const MAX_AUTOMATIC_RETRIES: u8 = 2;

/// A successful verification, as the flow keeps it (the session revoke is not part of it).
pub(super) struct Verified {
    pub(super) facts: VerifiedFacts,
    pub(super) identity: Identity,
    pub(super) missing_permissions: Vec<String>,
    /// RingCentral's last `RCRequestId`, for the timeline.
    pub(super) request_id: Option<String>,
}

/// A failed verification, with what RingCentral told us before it failed.
pub(super) struct Failed {
    pub(super) failure: FailureView,
    pub(super) identity: Option<Identity>,
    pub(super) missing_permissions: Vec<String>,
}

/// What a pasted (or handed-over) credential turned out to be, after local inspection.
pub(super) struct Inspected {
    pub(super) view: InspectionView,
    pub(super) facts: Option<CredentialFacts>,
    /// The error kind of a refused paste.
    pub(super) kind: Option<ErrorKind>,
    /// The normalised credential, when it looks right.
    pub(super) jwt: Option<SecretString>,
}

/// What sending needs from the state: the verified facts, the credential and the code.
pub(super) struct SendMaterial {
    pub(super) facts: VerifiedFacts,
    pub(super) jwt: SecretString,
    pub(super) code: SecretString,
}

const SEALED: Refusal = "The credential is already sealed for delivery; it cannot be changed now.";

impl FlowState {
    /// A new session, holding the onboarding code given on the command line or by a link.
    pub(super) fn starting(code: Option<SecretString>) -> FlowState {
        let mut state = FlowState {
            code_prefilled: code.is_some(),
            code,
            ..FlowState::default()
        };
        state.timeline.record("session started", None, None);
        state
    }

    // ----- steps -------------------------------------------------------------------------------

    /// What is missing before `step` can be shown, in words for the customer.
    pub(super) fn missing_for(&self, step: Step) -> Option<Refusal> {
        if step > Step::Welcome && self.delivery.status == DeliveryStatus::Idle {
            if self.code.is_none() {
                return Some("Enter the onboarding code your provider gave you first.");
            }
            if self.code_status.as_ref().is_some_and(|s| !s.valid) {
                return Some(
                    "This onboarding code cannot be used. Enter a new code from your provider.",
                );
            }
        }
        if step > Step::Restrict && step <= Step::Paste && !self.checklist.complete() {
            return Some("Tick every item of the checklist once you have done it in the console.");
        }
        if step == Step::Verify && self.credential.is_none() {
            return Some("Paste your JWT credential first.");
        }
        if step == Step::Send
            && !self.verification.confirmed
            && self.delivery.status == DeliveryStatus::Idle
        {
            return Some("Verify the credential and confirm the account first.");
        }
        if step == Step::Done && self.delivery.status != DeliveryStatus::Delivered {
            return Some("The credential has not been delivered yet.");
        }
        None
    }

    /// Whether `step` may be shown now: its prerequisites are there, and a sealed credential is
    /// not reopened.
    pub(super) fn may_go(&self, step: Step) -> Result<(), Refusal> {
        if let Some(problem) = self.missing_for(step) {
            return Err(problem);
        }
        if matches!(
            self.delivery.status,
            DeliveryStatus::Sending | DeliveryStatus::Queued | DeliveryStatus::Delivered
        ) && step < Step::Send
        {
            return Err(SEALED);
        }
        Ok(())
    }

    /// Moves to `step` when [`FlowState::may_go`] allows it. Going back to Paste or earlier
    /// forgets the pasted credential.
    pub(super) fn go(&mut self, step: Step) -> Result<(), Refusal> {
        self.may_go(step)?;
        if step <= Step::Paste && self.step > Step::Paste {
            self.forget_credential();
        }
        self.step = step;
        self.timeline
            .record(format!("step: {}", step.as_str()), None, None);
        Ok(())
    }

    // ----- onboarding code ---------------------------------------------------------------------

    /// Holds the code typed at Welcome (an empty one clears it).
    pub(super) fn set_code(&mut self, code: &str) {
        let code = code.trim();
        self.code_status = None;
        if code.is_empty() {
            self.code = None;
        } else {
            self.code = Some(SecretString::from(code));
            self.code_prefilled = false;
        }
        self.timeline.record("code entered", None, None);
    }

    /// Records the intake's answer about the held code.
    pub(super) fn set_code_status(&mut self, status: Option<CodeStatusView>) {
        if status.as_ref().is_some_and(|status| !status.valid) {
            self.timeline
                .record("code check: not valid", Some("intake_unauthorized"), None);
        }
        self.code_status = status;
    }

    // ----- credential --------------------------------------------------------------------------

    /// Drops the pasted credential and everything learnt from it.
    pub(super) fn forget_credential(&mut self) {
        self.credential = None;
        self.credential_facts = None;
        self.inspection = None;
        self.verified = None;
        self.verification = VerificationView::default();
        self.generation += 1;
    }

    /// Starts over at Paste with `code` and the checklist done, for a credential the shell hands
    /// over (rather than one the customer pastes). The timeline and the revision count go on.
    pub(super) fn start_over_for_handover(&mut self, code: SecretString) {
        let timeline = std::mem::take(&mut self.timeline);
        *self = FlowState {
            code: Some(code),
            code_prefilled: true,
            checklist: Checklist {
                only_specific_apps: true,
                client_id_added: true,
                expiry_considered: true,
                copied_credential: true,
            },
            step: Step::Paste,
            generation: self.generation + 1,
            // Keep counting: the window drops views older than the newest it has seen.
            revision: self.revision,
            timeline,
            ..FlowState::default()
        };
    }

    /// Takes a paste's inspection: a plausible credential is held and the wizard moves to Verify
    /// (returns `true`: verification should start); otherwise it stays at Paste with the message.
    pub(super) fn take_inspection(&mut self, inspected: Inspected) -> bool {
        self.forget_credential();
        self.inspection = Some(inspected.view);
        match inspected.jwt {
            Some(jwt) => {
                self.credential = Some(jwt);
                self.credential_facts = inspected.facts;
                self.step = Step::Verify;
                // Verify is never shown idle with a credential: the window would start a
                // second check, which repeats a fast failure (e.g. a rate limit) at once.
                self.verification.status = VerificationStatus::Running;
                self.verification.stage = Some(Stage::Inspecting);
                self.timeline
                    .record("credential pasted: plausible", None, None);
                true
            }
            None => {
                self.step = Step::Paste;
                self.timeline.record(
                    "credential pasted: refused locally",
                    inspected.kind.map(ErrorKind::as_str),
                    None,
                );
                false
            }
        }
    }

    // ----- verification ------------------------------------------------------------------------

    /// Whether a verification should start: `Ok(false)` while one runs or after one succeeded.
    pub(super) fn should_verify(&self) -> Result<bool, Refusal> {
        if self.credential.is_none() {
            return Err("Paste your JWT credential first.");
        }
        Ok(!matches!(
            self.verification.status,
            VerificationStatus::Running | VerificationStatus::Ok
        ))
    }

    /// Starts a new verification run and returns its generation.
    /// Starts a check; one the customer asked for (not `automatic`) restarts the count of
    /// automatic retries.
    pub(super) fn start_verification(&mut self, automatic: bool) -> u64 {
        if !automatic {
            self.automatic_retries = 0;
        }
        self.generation += 1;
        self.verification = VerificationView {
            status: VerificationStatus::Running,
            stage: Some(Stage::Inspecting),
            ..VerificationView::default()
        };
        self.verified = None;
        self.timeline.record("verify: started", None, None);
        self.generation
    }

    /// Shows the stage a running verification of `generation` reached.
    pub(super) fn verification_stage(&mut self, generation: u64, stage: Stage) {
        if self.generation == generation && self.verification.status == VerificationStatus::Running
        {
            self.verification.stage = Some(stage);
        }
    }

    /// Applies the result of the verification run `generation`, unless the credential changed
    /// meanwhile.
    pub(super) fn finish_verification(
        &mut self,
        generation: u64,
        outcome: Result<Verified, Failed>,
    ) {
        if self.generation != generation {
            return;
        }
        match outcome {
            Ok(verified) => {
                self.verification = VerificationView {
                    status: VerificationStatus::Ok,
                    stage: Some(Stage::Done),
                    identity: Some(verified.identity),
                    permissions: verified.facts.permissions.clone(),
                    missing_permissions: verified.missing_permissions,
                    error: None,
                    confirmed: false,
                };
                self.verified = Some(verified.facts);
                self.timeline
                    .record("verify: ok", None, verified.request_id.as_deref());
            }
            Err(Failed {
                failure,
                identity,
                missing_permissions,
            }) => {
                let request_id = failure
                    .ringcentral
                    .as_ref()
                    .and_then(|d| d.request_id.clone());
                self.timeline.record(
                    "verify: failed",
                    Some(failure.kind.as_str()),
                    request_id.as_deref(),
                );
                self.verification = VerificationView {
                    status: VerificationStatus::Failed,
                    stage: Some(Stage::Done),
                    identity,
                    missing_permissions,
                    error: Some(failure),
                    ..VerificationView::default()
                };
            }
        }
    }

    /// Whether another automatic retry after a rate limit is allowed; counts it when it is.
    pub(super) fn claim_automatic_retry(&mut self) -> bool {
        let allowed = self.automatic_retries < MAX_AUTOMATIC_RETRIES;
        if allowed {
            self.automatic_retries += 1;
        }
        allowed
    }

    /// Whether the customer still waits at Verify on the rate limit of run `generation`.
    pub(super) fn waits_on_rate_limit(&self, generation: u64) -> bool {
        self.generation == generation
            && self.step == Step::Verify
            && self.verification.status == VerificationStatus::Failed
            && self
                .verification
                .error
                .as_ref()
                .is_some_and(|e| e.kind == ErrorKind::RateLimited)
    }

    /// "This is the right account": moves to Send.
    pub(super) fn confirm_account(&mut self) -> Result<(), Refusal> {
        if self.verification.status != VerificationStatus::Ok {
            return Err("Verify the credential before confirming the account.");
        }
        self.verification.confirmed = true;
        self.step = Step::Send;
        self.timeline.record("account confirmed", None, None);
        Ok(())
    }

    // ----- delivery ----------------------------------------------------------------------------

    /// Whether the submission waits in the outbox.
    pub(super) fn waiting_in_outbox(&self) -> bool {
        self.delivery.status == DeliveryStatus::Queued
    }

    /// Marks delivery as started at Send, when everything it needs is there.
    pub(super) fn begin_send(&mut self) -> Result<(), Refusal> {
        if !self.verification.confirmed || self.verified.is_none() {
            return Err("Confirm the account before sending the credential.");
        }
        match self.delivery.status {
            DeliveryStatus::Sending | DeliveryStatus::Delivered => {
                return Err("The credential is already being sent.")
            }
            DeliveryStatus::Queued => {
                return Err("The credential is saved and will be sent automatically.")
            }
            DeliveryStatus::Idle | DeliveryStatus::Refused => {}
        }
        if self.code.is_none() {
            return Err(
                "Enter the onboarding code your provider gave you (at Welcome) before sending.",
            );
        }
        if self.credential.is_none() {
            return Err("Paste your JWT credential again.");
        }
        self.delivery = DeliveryView {
            status: DeliveryStatus::Sending,
            ..DeliveryView::default()
        };
        self.step = Step::Send;
        self.timeline.record("send: started", None, None);
        Ok(())
    }

    /// What sealing and sending need, when all of it is held.
    pub(super) fn send_material(&self) -> Option<SendMaterial> {
        match (&self.verified, &self.credential, &self.code) {
            (Some(facts), Some(jwt), Some(code)) => Some(SendMaterial {
                facts: facts.clone(),
                jwt: jwt.clone(),
                code: code.clone(),
            }),
            _ => None,
        }
    }

    /// Delivery failed before the intake could answer for good (nothing waits for later).
    pub(super) fn delivery_failed(&mut self, failure: FailureView) {
        self.timeline
            .record("send: failed", Some(failure.kind.as_str()), None);
        self.delivery.status = DeliveryStatus::Refused;
        self.delivery.error = Some(failure);
    }

    /// Applies a delivery outcome for `submission_id`, if it is this session's.
    pub(super) fn settle(&mut self, submission_id: &str, outcome: Outcome) {
        if self.delivery.submission_id.as_deref() != Some(submission_id) {
            return;
        }
        match outcome {
            Outcome::Delivered(receipt) => {
                self.timeline.record("send: delivered", None, None);
                self.delivery.status = DeliveryStatus::Delivered;
                self.delivery.receipt_id = Some(receipt.receipt_id);
                self.delivery.received_at = receipt.received_at;
                self.delivery.error = None;
                self.delivery.next_attempt_at = None;
                self.step = Step::Done;
                // Delivered: nothing needs the credential or the code any more.
                self.credential = None;
                self.code = None;
            }
            Outcome::Queued {
                attempts,
                last_error,
                next_attempt_at,
            } => {
                self.timeline.record(
                    "send: queued",
                    Some(ErrorKind::IntakeUnavailable.as_str()),
                    None,
                );
                self.delivery.status = DeliveryStatus::Queued;
                self.delivery.attempts = attempts;
                self.delivery.next_attempt_at = Some(rfc3339(next_attempt_at));
                self.delivery.error = Some(FailureView::new(
                    ErrorKind::IntakeUnavailable,
                    format!(
                        "Saved securely; we will keep trying. {}",
                        sanitize(&last_error.to_string())
                    ),
                ));
                // The sealed envelope is in the outbox; the plaintext is no longer needed.
                self.credential = None;
            }
            Outcome::Busy => {
                self.delivery.status = DeliveryStatus::Queued;
            }
            Outcome::Refused(error) => {
                let kind = error.kind();
                self.timeline
                    .record("send: refused", Some(kind.as_str()), None);
                self.delivery.status = DeliveryStatus::Refused;
                self.delivery.error = Some(FailureView::new(
                    kind,
                    format!("{} ({})", kind.message(), sanitize(&error.to_string())),
                ));
                if kind == ErrorKind::IntakeUnauthorized {
                    self.code = None;
                    self.code_status = Some(CodeStatusView {
                        valid: false,
                        message: "The provider's intake did not accept this onboarding code. \
                                  Enter a new code from your provider."
                            .to_owned(),
                    });
                }
            }
            Outcome::PreviouslyRefused(reason) => {
                self.delivery.status = DeliveryStatus::Refused;
                self.delivery.error = Some(FailureView::new(
                    ErrorKind::IntakeRejected,
                    sanitize(&reason.message),
                ));
            }
            Outcome::NotPending => {}
        }
    }

    /// Resumes the view of a submission still waiting in the outbox from an earlier run.
    pub(super) fn resume_into(&mut self, entry: &PendingEntry) {
        self.step = Step::Send;
        self.delivery = DeliveryView {
            status: DeliveryStatus::Queued,
            submission_id: Some(entry.submission_id.clone()),
            attempts: entry.attempts,
            next_attempt_at: Some(rfc3339(entry.next_attempt_at)),
            error: Some(FailureView::new(
                ErrorKind::IntakeUnavailable,
                "Saved securely; we will keep trying.",
            )),
            ..DeliveryView::default()
        };
        if let Some(facts) = submission::facts_of_body(entry.body.as_bytes()) {
            self.verification.status = VerificationStatus::Ok;
            self.verification.confirmed = true;
            self.verification.permissions = facts.permissions;
        }
        self.timeline
            .record("resumed a queued submission", None, None);
    }
}

#[cfg(test)]
mod tests;
