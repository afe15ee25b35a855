//! Sealing the verified credential and its first delivery: queued durably (the code in the OS
//! keyring) and delivered, or delivered once directly when no keyring can keep the code.

use rc_onboard_delivery::service::{self, Outcome, SendOutcome, Submission};
use rc_onboard_delivery::DeliveryEvent;
use rc_onboard_verify::ErrorKind;

use super::{Session, SessionError};
use crate::submission;
use crate::view::{FailureView, View};

impl Session {
    /// Seals the credential and delivers it (again, after a refusal or failure); while it waits
    /// in the outbox ("Try now"), tries the outbox at once.
    pub fn send(&self) -> Result<View, SessionError> {
        // "Try now" while the sealed submission waits in the outbox: try it at once.
        if self.state().waiting_in_outbox() {
            let session = self.clone();
            tokio::spawn(async move { session.flush(false).await });
            return Ok(self.view());
        }
        let (result, _) = self.update(|state| state.begin_send());
        result.map_err(SessionError::not_now)?;
        let session = self.clone();
        tokio::spawn(async move { session.run_send().await });
        Ok(self.view())
    }

    async fn run_send(&self) {
        let Some(material) = self.state().send_material() else {
            return;
        };
        let prepared =
            match submission::prepare(&self.inner.profile, &material.facts, &material.jwt) {
                Ok(prepared) => prepared,
                Err(error) => {
                    self.delivery_failed(FailureView::new(
                        ErrorKind::Unexpected,
                        error.to_string(),
                    ));
                    return;
                }
            };
        drop(material.jwt);
        let submission_id = prepared.submission_id;
        self.update(|state| state.delivery.submission_id = Some(submission_id.clone()));
        let intake = &self.inner.profile.intake;
        let submission = Submission {
            submission_id: submission_id.clone(),
            intake_url: intake.url.as_str().to_owned(),
            key_id: intake.key_id.clone(),
            body: prepared.body,
            code: material.code,
        };
        let progress_session = self.clone();
        let progress = move |event: &DeliveryEvent| {
            if let DeliveryEvent::Attempting { attempt } = event {
                let attempt = *attempt;
                progress_session.update(|state| state.delivery.attempts = attempt);
            }
        };
        let outcome = service::send(
            &self.inner.outbox,
            &self.inner.store,
            &self.inner.intake,
            &submission,
            &self.inner.send_policy,
            progress,
        )
        .await;
        match outcome {
            Ok(SendOutcome::ViaOutbox(outcome)) => self.settle(&submission_id, outcome),
            Ok(SendOutcome::DeliveredWithoutQueue { receipt, .. }) => {
                self.settle(&submission_id, Outcome::Delivered(receipt));
            }
            Ok(SendOutcome::NotQueued {
                error,
                keyring_error,
            }) => self.delivery_failed(FailureView::new(
                error.kind(),
                format!(
                    "{} It could not be saved to try again later, because the system keyring is \
                     not available ({keyring_error}). Try again when the network is back.",
                    error.kind().message()
                ),
            )),
            Err(other) => self.delivery_failed(FailureView::new(
                ErrorKind::Unexpected,
                format!("The credential could not be queued for delivery: {other}"),
            )),
        }
    }

    fn delivery_failed(&self, failure: FailureView) {
        self.update(|state| state.delivery_failed(failure));
    }

    /// Applies a delivery outcome for `submission_id` to the view, if it is this session's.
    pub(super) fn settle(&self, submission_id: &str, outcome: Outcome) {
        self.update(|state| state.settle(submission_id, outcome));
    }
}
