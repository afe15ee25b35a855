//! Verification of the held credential with RingCentral: progress by stage, the result or the
//! failure (with what RingCentral said), at most two automatic retries in a row once a rate
//! limit's wait (plus a second) is over, and
//! the customer's confirmation of the account.

use std::time::Duration;

use rc_onboard_verify::engine::{RevokeTask, Stage, Verification};
use rc_onboard_verify::ErrorKind;
use time::OffsetDateTime;

use super::state::{Failed, Verified, MAX_AUTOMATIC_RETRIES};
use super::{Session, SessionError};
use crate::submission::VerifiedFacts;
use crate::view::{FailureView, View};
use crate::window::DEFAULT_RETRY_AFTER_S;

impl Session {
    /// Starts verification of the held credential, unless it is running or has succeeded
    /// (so a second request, e.g. from the window arriving at Verify, is harmless).
    pub fn verify(&self) -> Result<View, SessionError> {
        {
            let state = self.state();
            if !state.should_verify().map_err(SessionError::not_now)? {
                return Ok(self.build_view(&state));
            }
        }
        self.start_verify_task(false);
        Ok(self.view())
    }

    /// "This is the right account": moves to Send and starts delivery.
    pub fn confirm_account(&self) -> Result<View, SessionError> {
        let (result, _) = self.update(|state| state.confirm_account());
        result.map_err(SessionError::not_now)?;
        self.send()
    }

    /// Starts a check in the background; `automatic` when the window retries by itself.
    pub(super) fn start_verify_task(&self, automatic: bool) {
        let (generation, _) = self.update(|state| state.start_verification(automatic));
        let session = self.clone();
        tokio::spawn(async move { session.run_verification(generation).await });
    }

    async fn run_verification(&self, generation: u64) {
        let Some(jwt) = self.state().credential.clone() else {
            return;
        };
        let Some(client_secret) = self.client_secret().await else {
            self.finish_verification(
                generation,
                Err(Failed {
                    failure: FailureView::new(
                        ErrorKind::ClientAuthFailed,
                        "This assistant has no client secret for the provider's app, so it cannot \
                         check your credential. Contact the provider's support with the support report.",
                    ),
                    identity: None,
                    missing_permissions: Vec::new(),
                }),
            );
            return;
        };
        let progress_session = self.clone();
        let progress = move |stage: Stage| {
            progress_session.update(|state| state.verification_stage(generation, stage));
        };
        let outcome = self
            .inner
            .verifier
            .verify(&self.inner.profile, &client_secret, &jwt, &progress)
            .await;
        match outcome {
            Ok(verification) => {
                let (verified, revoke) = verified(verification);
                self.keep_revoke(revoke);
                self.finish_verification(generation, Ok(verified));
            }
            Err(error) => {
                let rate_limited = error.kind() == ErrorKind::RateLimited;
                let automatic =
                    rate_limited && self.state().automatic_retries < MAX_AUTOMATIC_RETRIES;
                let mut failure = FailureView::from_verify_error(&error);
                failure.retries_automatically = Some(automatic);
                self.finish_verification(
                    generation,
                    Err(Failed {
                        failure,
                        identity: error.identity().cloned(),
                        missing_permissions: error.missing_permissions().to_vec(),
                    }),
                );
                if automatic {
                    // One second more than RingCentral asked: a request inside its penalty
                    // window restarts the penalty.
                    let wait = error.retry_after_s().unwrap_or(DEFAULT_RETRY_AFTER_S) + 1;
                    self.retry_after(generation, Duration::from_secs(wait));
                }
            }
        }
    }

    fn finish_verification(&self, generation: u64, outcome: Result<Verified, Failed>) {
        self.update(|state| state.finish_verification(generation, outcome));
    }

    /// After a rate limit, verifies again once RingCentral's wait is over, unless the customer
    /// moved on meanwhile.
    fn retry_after(&self, generation: u64, wait: Duration) {
        let session = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            let (claimed, _) = session.update(|state| {
                state.waits_on_rate_limit(generation) && state.claim_automatic_retry()
            });
            if claimed {
                session.start_verify_task(true);
            }
        });
    }
}

/// What the flow keeps of a successful verification, and its session revoke, which keeps running
/// in the background while the result is shown.
fn verified(verification: Verification) -> (Verified, RevokeTask) {
    let verified = Verified {
        facts: VerifiedFacts::from_verification(&verification, OffsetDateTime::now_utc()),
        identity: verification.identity,
        missing_permissions: verification.missing_permissions,
        request_id: verification.request_ids.last().cloned(),
    };
    (verified, verification.revoke)
}
