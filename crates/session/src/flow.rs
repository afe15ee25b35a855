//! [`Session`]: the onboarding state machine. The window calls its methods (through thin Tauri
//! commands) and renders the [`View`] it returns or pushes through the [`Notifier`]. Long work
//! (verification, delivery, background retries) runs on tokio tasks and reports progress by
//! pushing new views.
//!
//! Secrets held here — the onboarding code and the pasted credential — never leave except to the
//! network (RingCentral, the intake) and, for the code of a queued submission, the OS keyring.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rc_onboard_delivery::keystore;
use rc_onboard_delivery::service::{self, FlushOptions, Outcome, ServiceError};
use rc_onboard_delivery::{
    ClientOptions, DeliveryError, IntakeClient, Outbox, OutboxError, PendingEntry, RetryPolicy,
    SharedSecretStore,
};
use rc_onboard_verify::engine::{Stage, Verification, VerifierOptions, VerifyError};
use rc_onboard_verify::inspect::{inspect, CredentialFacts, InspectContext};
use rc_onboard_verify::{ErrorKind, Profile, SecretString};
use time::OffsetDateTime;

use crate::report::{self, ExtraSection};
use crate::submission::{self, rfc3339, VerifiedFacts};
use crate::timeline::Timeline;
use crate::view::{
    Checklist, CodeStatusView, CodeView, DeliveryStatus, DeliveryView, FailureView, InspectionView,
    ProviderView, Step, VerificationStatus, VerificationView, View,
};

/// Receives every new view (the shell emits it to the window as `wizard://view`).
pub type Notifier = Arc<dyn Fn(View) + Send + Sync>;

/// What a session needs from the shell.
pub struct SessionConfig {
    pub profile: Profile,
    pub demo: bool,
    /// The data directory; the outbox lives in it.
    pub data_dir: PathBuf,
    /// The OS keyring (or a test double).
    pub store: SharedSecretStore,
    pub verifier: VerifierOptions,
    pub intake: ClientOptions,
    /// How hard the first delivery tries in-process before the submission waits in the outbox.
    pub send_policy: RetryPolicy,
    /// How often the background retry looks at the outbox at most.
    pub background_interval: Duration,
    /// An onboarding code given on the command line or by a deep link.
    pub code: Option<SecretString>,
}

/// Why a command could not be carried out. Carries a stable kind for the window.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{message}")]
    NotNow { message: String },
    #[error("there is no step called {0:?}")]
    UnknownStep(String),
    #[error("there is no checklist item called {0:?}")]
    UnknownChecklistItem(String),
    #[error("the outbox in the data folder cannot be used: {0}")]
    Outbox(#[from] OutboxError),
    #[error("the verification engine could not start: {0}")]
    Verifier(#[source] VerifyError),
    #[error("the intake client could not start: {0}")]
    IntakeClient(#[source] DeliveryError),
}

impl SessionError {
    /// The stable kind shown by the window.
    pub fn kind(&self) -> &'static str {
        match self {
            SessionError::NotNow { .. } => "not_now",
            SessionError::UnknownStep(_) | SessionError::UnknownChecklistItem(_) => "bad_request",
            SessionError::Outbox(_) => "data_dir",
            SessionError::Verifier(_) | SessionError::IntakeClient(_) => "unexpected",
        }
    }

    fn not_now(message: impl Into<String>) -> SessionError {
        SessionError::NotNow {
            message: message.into(),
        }
    }
}

/// Everything that changes during a session.
#[derive(Default)]
struct State {
    step: Step,
    code: Option<SecretString>,
    code_prefilled: bool,
    code_status: Option<CodeStatusView>,
    checklist: Checklist,
    credential: Option<SecretString>,
    inspection: Option<InspectionView>,
    credential_facts: Option<CredentialFacts>,
    verification: VerificationView,
    verified: Option<VerifiedFacts>,
    /// Bumped whenever the held credential changes, so late results of an older run are ignored.
    generation: u64,
    delivery: DeliveryView,
    timeline: Timeline,
    /// Counts changes; see [`View::revision`].
    revision: u64,
}

struct Inner {
    session_id: String,
    profile: Profile,
    demo: bool,
    verifier: rc_onboard_verify::engine::Verifier,
    intake: IntakeClient,
    outbox: Outbox,
    store: SharedSecretStore,
    send_policy: RetryPolicy,
    background_interval: Duration,
    state: Mutex<State>,
    notifier: Mutex<Option<Notifier>>,
    /// Read once at start.
    logo: Option<String>,
}

/// The onboarding session. Cheap to clone; clones share the state.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Session {
    /// Opens the outbox and starts at Welcome, or resumes at Send when a submission is still
    /// waiting in the outbox.
    pub fn new(config: SessionConfig) -> Result<Session, SessionError> {
        let outbox = Outbox::open(&config.data_dir)?;
        let verifier = rc_onboard_verify::engine::Verifier::new(config.verifier)
            .map_err(SessionError::Verifier)?;
        let intake = IntakeClient::new(config.intake.pinned_for(&config.profile))
            .map_err(SessionError::IntakeClient)?;
        let mut state = State {
            code_prefilled: config.code.is_some(),
            code: config.code,
            ..State::default()
        };
        state.timeline.record("session started", None, None);
        if let Some(entry) = newest_pending(&outbox) {
            resume_into(&mut state, &entry);
        }
        let session_id = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
        let logo = config
            .profile
            .provider
            .logo
            .as_deref()
            .and_then(crate::branding::logo_data_url);
        Ok(Session {
            inner: Arc::new(Inner {
                session_id,
                profile: config.profile,
                demo: config.demo,
                verifier,
                intake,
                outbox,
                store: config.store,
                send_policy: config.send_policy,
                background_interval: config.background_interval,
                state: Mutex::new(state),
                notifier: Mutex::new(None),
                logo,
            }),
        })
    }

    /// Sets where new views are pushed.
    pub fn set_notifier(&self, notifier: Notifier) {
        *lock(&self.inner.notifier) = Some(notifier);
    }

    /// The short id shown in the support panel.
    pub fn session_id(&self) -> &str {
        &self.inner.session_id
    }

    /// The profile in use.
    pub fn profile(&self) -> &Profile {
        &self.inner.profile
    }

    /// The current view.
    pub fn view(&self) -> View {
        let state = lock(&self.inner.state);
        self.build_view(&state)
    }

    fn build_view(&self, state: &State) -> View {
        let profile = &self.inner.profile;
        View {
            revision: state.revision,
            session_id: self.inner.session_id.clone(),
            step: state.step,
            demo: self.inner.demo,
            provider: ProviderView {
                name: profile.provider.name.clone(),
                support_email: profile.provider.support_email.clone(),
                support_url: profile.provider.support_url.as_ref().map(|u| u.to_string()),
                accent_color: profile.provider.accent_color.clone(),
                logo: self.inner.logo.clone(),
            },
            client_id: profile.ringcentral.client_id.clone(),
            console_url: profile.console_create_url().to_string(),
            code: CodeView {
                present: state.code.is_some(),
                prefilled: state.code_prefilled,
                status: state.code_status.clone(),
            },
            checklist: state.checklist,
            inspection: state.inspection.clone(),
            credential_held: state.credential.is_some(),
            verification: state.verification.clone(),
            delivery: state.delivery.clone(),
        }
    }

    /// Applies `change` to the state, then pushes and returns the new view.
    fn update<R>(&self, change: impl FnOnce(&mut State) -> R) -> (R, View) {
        let (result, view) = {
            let mut state = lock(&self.inner.state);
            let result = change(&mut state);
            state.revision += 1;
            (result, self.build_view(&state))
        };
        self.push(view.clone());
        (result, view)
    }

    fn push(&self, view: View) {
        let notifier = lock(&self.inner.notifier).clone();
        if let Some(notify) = notifier {
            notify(view);
        }
    }

    // ----- steps -------------------------------------------------------------------------------

    /// Moves to `step` by name (Back, Next, or a fix button). Steps whose prerequisites are
    /// missing are refused with a message saying what is missing. Going back to Paste or earlier
    /// forgets the pasted credential.
    pub fn go(&self, step_name: &str) -> Result<View, SessionError> {
        let step = Step::parse(step_name)
            .ok_or_else(|| SessionError::UnknownStep(step_name.to_owned()))?;
        let (result, view) = self.update(|state| {
            if let Some(problem) = missing_for(state, step) {
                return Err(SessionError::not_now(problem));
            }
            if matches!(
                state.delivery.status,
                DeliveryStatus::Sending | DeliveryStatus::Queued | DeliveryStatus::Delivered
            ) && step < Step::Send
            {
                return Err(SessionError::not_now(
                    "The credential is already sealed for delivery; it cannot be changed now.",
                ));
            }
            if step <= Step::Paste && state.step > Step::Paste {
                forget_credential(state);
            }
            state.step = step;
            state
                .timeline
                .record(format!("step: {}", step.as_str()), None, None);
            Ok(())
        });
        result.map(|()| view)
    }

    /// Stores the onboarding code typed at Welcome (kept only in memory until delivery).
    pub fn set_code(&self, code: &str) -> View {
        let code = code.trim();
        self.update(|state| {
            state.code_status = None;
            if code.is_empty() {
                state.code = None;
            } else {
                state.code = Some(SecretString::from(code));
                state.code_prefilled = false;
            }
            state.timeline.record("code entered", None, None);
        })
        .1
    }

    /// Records the intake's answer about the held code (see the shell's code check).
    pub fn set_code_status(&self, status: Option<CodeStatusView>) -> View {
        self.update(|state| {
            if let Some(status) = &status {
                if !status.valid {
                    state.timeline.record(
                        "code check: not valid",
                        Some("intake_unauthorized"),
                        None,
                    );
                }
            }
            state.code_status = status;
        })
        .1
    }

    /// Asks the provider's intake whether the held code is valid, so a bad, used or expired
    /// code is reported at Welcome rather than at the end. When the intake cannot be reached
    /// the code is not judged (delivery will try later anyway).
    pub async fn check_code(&self) -> View {
        let Some(code) = lock(&self.inner.state).code.clone() else {
            return self.view();
        };
        let provider = self.inner.profile.provider.name.clone();
        let answer = self
            .inner
            .intake
            .code_status(self.inner.profile.intake.url.as_str(), &code)
            .await;
        let status = match answer {
            Ok(check) if check.valid => Some(CodeStatusView {
                valid: true,
                message: match &check.expires_at {
                    Some(at) => format!("Your onboarding code is valid until {}.", sanitize(at)),
                    None => "Your onboarding code is valid.".to_owned(),
                },
            }),
            Ok(check) => Some(CodeStatusView {
                valid: false,
                message: match check.reason.as_deref() {
                    Some("expired") => {
                        format!("This onboarding code has expired. Ask {provider} for a new one.")
                    }
                    Some("used") => format!(
                        "This onboarding code has already been used. Ask {provider} for a new one."
                    ),
                    _ => format!(
                        "{provider} does not recognise this onboarding code. Check it for typing \
                         mistakes, or ask {provider} for a new one."
                    ),
                },
            }),
            Err(error) => {
                tracing::info!(%error, "the onboarding code could not be checked now");
                None
            }
        };
        // Only apply the answer if the code was not changed meanwhile.
        let still_same = lock(&self.inner.state)
            .code
            .as_ref()
            .is_some_and(|held| held.constant_time_eq(code.expose_secret()));
        if still_same {
            self.set_code_status(status)
        } else {
            self.view()
        }
    }

    /// Ticks or clears a step-3 checklist item.
    pub fn set_check(&self, item: &str, checked: bool) -> Result<View, SessionError> {
        let (known, view) = self.update(|state| state.checklist.set(item, checked));
        if known {
            Ok(view)
        } else {
            Err(SessionError::UnknownChecklistItem(item.to_owned()))
        }
    }

    /// Records that the console link was opened (for the timeline).
    pub fn note(&self, what: &str) {
        lock(&self.inner.state).timeline.record(what, None, None);
    }

    // ----- paste -------------------------------------------------------------------------------

    /// Inspects a paste locally (no network) and returns the facts; nothing is kept.
    pub async fn inspect_paste(&self, text: &str) -> InspectionView {
        let secret = self.client_secret().await;
        let inspection = inspect(
            text,
            &InspectContext::new(
                &self.inner.profile,
                secret.as_ref(),
                OffsetDateTime::now_utc(),
            ),
        );
        InspectionView::from_inspection(&inspection)
    }

    /// Takes the pasted credential. When it looks right, it is held, the wizard moves to Verify
    /// and verification starts; otherwise the view carries the inspection's message.
    pub async fn submit_credential(&self, text: &str) -> View {
        let secret = self.client_secret().await;
        let inspection = inspect(
            text,
            &InspectContext::new(
                &self.inner.profile,
                secret.as_ref(),
                OffsetDateTime::now_utc(),
            ),
        );
        self.take_inspection(inspection)
    }

    /// Holds a credential handed over by a demo preset, as if it had been pasted.
    pub async fn use_demo_credential(&self, code: SecretString, jwt: &SecretString) -> View {
        self.update(|state| {
            let timeline = std::mem::take(&mut state.timeline);
            *state = State {
                code: Some(code),
                code_prefilled: true,
                checklist: Checklist {
                    only_specific_apps: true,
                    client_id_added: true,
                    expiry_considered: true,
                    copied_credential: true,
                },
                step: Step::Paste,
                generation: state.generation + 1,
                // Keep counting: the window drops views older than the newest it has seen.
                revision: state.revision,
                timeline,
                ..State::default()
            };
            state.timeline.record("demo preset applied", None, None);
        });
        self.submit_credential(jwt.expose_secret()).await
    }

    fn take_inspection(&self, inspection: rc_onboard_verify::Inspection) -> View {
        let facts = InspectionView::from_inspection(&inspection);
        let credential_facts = inspection.verdict.facts().cloned();
        let kind = inspection.verdict.kind();
        let jwt = inspection.into_jwt();
        let (start, view) = self.update(|state| {
            forget_credential(state);
            state.inspection = Some(facts);
            match jwt {
                Some(jwt) => {
                    state.credential = Some(jwt);
                    state.credential_facts = credential_facts;
                    state.step = Step::Verify;
                    // Verify is never shown idle with a credential: the window would start a
                    // second check, which repeats a fast failure (e.g. a rate limit) at once.
                    state.verification.status = VerificationStatus::Running;
                    state.verification.stage = Some(Stage::Inspecting);
                    state
                        .timeline
                        .record("credential pasted: plausible", None, None);
                    true
                }
                None => {
                    state.step = Step::Paste;
                    state.timeline.record(
                        "credential pasted: refused locally",
                        kind.map(ErrorKind::as_str),
                        None,
                    );
                    false
                }
            }
        });
        if start {
            self.start_verify_task();
            return self.view();
        }
        view
    }

    // ----- verify ------------------------------------------------------------------------------

    /// Starts verification of the held credential, unless it is running or has succeeded
    /// (so a second request, e.g. from the window arriving at Verify, is harmless).
    pub fn verify(&self) -> Result<View, SessionError> {
        {
            let state = lock(&self.inner.state);
            if state.credential.is_none() {
                return Err(SessionError::not_now("Paste your JWT credential first."));
            }
            if matches!(
                state.verification.status,
                VerificationStatus::Running | VerificationStatus::Ok
            ) {
                return Ok(self.build_view(&state));
            }
        }
        self.start_verify_task();
        Ok(self.view())
    }

    fn start_verify_task(&self) {
        let (generation, _) = self.update(|state| {
            state.generation += 1;
            state.verification = VerificationView {
                status: VerificationStatus::Running,
                stage: Some(Stage::Inspecting),
                ..VerificationView::default()
            };
            state.verified = None;
            state.timeline.record("verify: started", None, None);
            state.generation
        });
        let session = self.clone();
        tokio::spawn(async move { session.run_verification(generation).await });
    }

    async fn run_verification(&self, generation: u64) {
        let Some(jwt) = lock(&self.inner.state).credential.clone() else {
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
            progress_session.update(|state| {
                if state.generation == generation
                    && state.verification.status == VerificationStatus::Running
                {
                    state.verification.stage = Some(stage);
                }
            });
        };
        let outcome = self
            .inner
            .verifier
            .verify(&self.inner.profile, &client_secret, &jwt, &progress)
            .await;
        match outcome {
            Ok(verification) => self.finish_verification(generation, Ok(verification)),
            Err(error) => {
                let failure = FailureView::from_verify_error(&error);
                self.finish_verification(
                    generation,
                    Err(Failed {
                        failure,
                        identity: error.identity().cloned(),
                        missing_permissions: error.missing_permissions().to_vec(),
                    }),
                );
                if error.kind() == ErrorKind::RateLimited {
                    let wait = error.retry_after_s().unwrap_or(30);
                    self.retry_after(generation, Duration::from_secs(wait));
                }
            }
        }
    }

    fn finish_verification(&self, generation: u64, outcome: Result<Verification, Failed>) {
        self.update(|state| {
            if state.generation != generation {
                return;
            }
            match outcome {
                Ok(verification) => {
                    let request_id = verification.request_ids.last().cloned();
                    state.verified = Some(VerifiedFacts {
                        account_id: verification.identity.account_id.clone(),
                        extension_id: verification.identity.extension_id.clone(),
                        permissions: verification.permissions.clone(),
                        credential_expires_at: verification.expires_at.map(rfc3339),
                        validated_at: rfc3339(OffsetDateTime::now_utc()),
                        fingerprint: verification.credential.fingerprint.clone(),
                    });
                    state.verification = VerificationView {
                        status: VerificationStatus::Ok,
                        stage: Some(Stage::Done),
                        identity: Some(verification.identity.clone()),
                        permissions: verification.permissions.clone(),
                        missing_permissions: verification.missing_permissions.clone(),
                        error: None,
                        confirmed: false,
                    };
                    state
                        .timeline
                        .record("verify: ok", None, request_id.as_deref());
                    // The session revoke keeps running in the background; the result is shown now.
                    drop(verification.revoke);
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
                    state.timeline.record(
                        "verify: failed",
                        Some(failure.kind.as_str()),
                        request_id.as_deref(),
                    );
                    state.verification = VerificationView {
                        status: VerificationStatus::Failed,
                        stage: Some(Stage::Done),
                        identity,
                        missing_permissions,
                        error: Some(failure),
                        ..VerificationView::default()
                    };
                }
            }
        });
    }

    /// After a rate limit, verifies again once RingCentral's wait is over, unless the customer
    /// moved on meanwhile.
    fn retry_after(&self, generation: u64, wait: Duration) {
        let session = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            let still_waiting = {
                let state = lock(&session.inner.state);
                state.generation == generation
                    && state.step == Step::Verify
                    && state.verification.status == VerificationStatus::Failed
                    && state
                        .verification
                        .error
                        .as_ref()
                        .is_some_and(|e| e.kind == ErrorKind::RateLimited)
            };
            if still_waiting {
                session.start_verify_task();
            }
        });
    }

    /// "This is the right account": moves to Send and starts delivery.
    pub fn confirm_account(&self) -> Result<View, SessionError> {
        let (result, _) = self.update(|state| {
            if state.verification.status != VerificationStatus::Ok {
                return Err(SessionError::not_now(
                    "Verify the credential before confirming the account.",
                ));
            }
            state.verification.confirmed = true;
            state.step = Step::Send;
            state.timeline.record("account confirmed", None, None);
            Ok(())
        });
        result?;
        self.send()
    }

    // ----- send --------------------------------------------------------------------------------

    /// Seals the credential and delivers it (again, after a refusal or failure); while it waits
    /// in the outbox ("Try now"), tries the outbox at once.
    pub fn send(&self) -> Result<View, SessionError> {
        // "Try now" while the sealed submission waits in the outbox: try it at once.
        if self.waiting_in_outbox() {
            let session = self.clone();
            tokio::spawn(async move { session.flush(false).await });
            return Ok(self.view());
        }
        let (result, _) = self.update(|state| {
            if !state.verification.confirmed || state.verified.is_none() {
                return Err(SessionError::not_now(
                    "Confirm the account before sending the credential.",
                ));
            }
            match state.delivery.status {
                DeliveryStatus::Sending | DeliveryStatus::Delivered => {
                    return Err(SessionError::not_now(
                        "The credential is already being sent.",
                    ))
                }
                DeliveryStatus::Queued => {
                    return Err(SessionError::not_now(
                        "The credential is saved and will be sent automatically.",
                    ))
                }
                DeliveryStatus::Idle | DeliveryStatus::Refused => {}
            }
            if state.code.is_none() {
                return Err(SessionError::not_now(
                    "Enter the onboarding code your provider gave you (at Welcome) before sending.",
                ));
            }
            if state.credential.is_none() {
                return Err(SessionError::not_now("Paste your JWT credential again."));
            }
            state.delivery = DeliveryView {
                status: DeliveryStatus::Sending,
                ..DeliveryView::default()
            };
            state.step = Step::Send;
            state.timeline.record("send: started", None, None);
            Ok(())
        });
        result?;
        let session = self.clone();
        tokio::spawn(async move { session.run_send().await });
        Ok(self.view())
    }

    async fn run_send(&self) {
        let (facts, jwt, code) = {
            let state = lock(&self.inner.state);
            match (&state.verified, &state.credential, &state.code) {
                (Some(facts), Some(jwt), Some(code)) => (facts.clone(), jwt.clone(), code.clone()),
                _ => return,
            }
        };
        let prepared = match submission::prepare(&self.inner.profile, &facts, &jwt) {
            Ok(prepared) => prepared,
            Err(error) => {
                self.delivery_failed(FailureView::new(ErrorKind::Unexpected, error.to_string()));
                return;
            }
        };
        drop(jwt);
        let submission_id = prepared.submission_id.clone();
        self.update(|state| state.delivery.submission_id = Some(submission_id.clone()));
        let intake = &self.inner.profile.intake;
        let progress_session = self.clone();
        let progress = move |event: &rc_onboard_delivery::DeliveryEvent| {
            if let rc_onboard_delivery::DeliveryEvent::Attempting { attempt } = event {
                let attempt = *attempt;
                progress_session.update(|state| state.delivery.attempts = attempt);
            }
        };
        let outcome = service::send(
            &self.inner.outbox,
            &self.inner.store,
            &self.inner.intake,
            &submission_id,
            intake.url.as_str(),
            &intake.key_id,
            &prepared.body,
            &code,
            &self.inner.send_policy,
            progress,
        )
        .await;
        match outcome {
            Ok(outcome) => self.settle(&submission_id, outcome),
            Err(ServiceError::KeyringForEnqueue(keyring_error)) => {
                // Without a keyring nothing can wait for later: try now, and say so if it fails.
                let direct = self
                    .inner
                    .intake
                    .deliver(
                        intake.url.as_str(),
                        &code,
                        &submission_id,
                        &prepared.body,
                        &self.inner.send_policy,
                        |_| {},
                    )
                    .await;
                match direct {
                    Ok(receipt) => self.settle(&submission_id, Outcome::Delivered(receipt)),
                    Err(failure) => self.delivery_failed(FailureView::new(
                        failure.error.kind(),
                        format!(
                            "{} It could not be saved to try again later, because the system \
                             keyring is not available ({keyring_error}). Try again when the \
                             network is back.",
                            failure.error.kind().message()
                        ),
                    )),
                }
            }
            Err(other) => self.delivery_failed(FailureView::new(
                ErrorKind::Unexpected,
                format!("The credential could not be queued for delivery: {other}"),
            )),
        }
    }

    fn delivery_failed(&self, failure: FailureView) {
        self.update(|state| {
            state
                .timeline
                .record("send: failed", Some(failure.kind.as_str()), None);
            state.delivery.status = DeliveryStatus::Refused;
            state.delivery.error = Some(failure);
        });
    }

    /// Applies a delivery outcome for `submission_id` to the view, if it is this session's.
    fn settle(&self, submission_id: &str, outcome: Outcome) {
        self.update(|state| {
            if state.delivery.submission_id.as_deref() != Some(submission_id) {
                return;
            }
            match outcome {
                Outcome::Delivered(receipt) => {
                    state.timeline.record("send: delivered", None, None);
                    state.delivery.status = DeliveryStatus::Delivered;
                    state.delivery.receipt_id = Some(receipt.receipt_id);
                    state.delivery.received_at = receipt.received_at;
                    state.delivery.error = None;
                    state.delivery.next_attempt_at = None;
                    state.step = Step::Done;
                    // Delivered: nothing needs the credential or the code any more.
                    state.credential = None;
                    state.code = None;
                }
                Outcome::Queued {
                    attempts,
                    last_error,
                    next_attempt_at,
                } => {
                    state.timeline.record(
                        "send: queued",
                        Some(ErrorKind::IntakeUnavailable.as_str()),
                        None,
                    );
                    state.delivery.status = DeliveryStatus::Queued;
                    state.delivery.attempts = attempts;
                    state.delivery.next_attempt_at = Some(rfc3339(next_attempt_at));
                    state.delivery.error = Some(FailureView::new(
                        ErrorKind::IntakeUnavailable,
                        format!(
                            "Saved securely; we will keep trying. {}",
                            sanitize(&last_error.to_string())
                        ),
                    ));
                    // The sealed envelope is in the outbox; the plaintext is no longer needed.
                    state.credential = None;
                }
                Outcome::Busy => {
                    state.delivery.status = DeliveryStatus::Queued;
                }
                Outcome::Refused(error) => {
                    let kind = error.kind();
                    state
                        .timeline
                        .record("send: refused", Some(kind.as_str()), None);
                    state.delivery.status = DeliveryStatus::Refused;
                    state.delivery.error = Some(FailureView::new(
                        kind,
                        format!("{} ({})", kind.message(), sanitize(&error.to_string())),
                    ));
                    if kind == ErrorKind::IntakeUnauthorized {
                        state.code = None;
                        state.code_status = Some(CodeStatusView {
                            valid: false,
                            message: "The provider's intake did not accept this onboarding code. \
                                      Enter a new code from your provider."
                                .to_owned(),
                        });
                    }
                }
                Outcome::PreviouslyRefused(reason) => {
                    state.delivery.status = DeliveryStatus::Refused;
                    state.delivery.error = Some(FailureView::new(
                        ErrorKind::IntakeRejected,
                        sanitize(&reason.message),
                    ));
                }
                Outcome::NotPending => {}
            }
        });
    }

    // ----- background delivery -----------------------------------------------------------------

    /// Starts the background retry of everything waiting in the outbox while the app is open.
    pub fn start_background_delivery(&self) {
        let session = self.clone();
        tokio::spawn(async move {
            // Reopening the app is the customer's moment to finish: a submission an earlier run
            // left waiting is tried at once, whatever its backoff schedule says.
            if session.waiting_in_outbox() {
                session.flush(false).await;
            }
            loop {
                let wait = session.next_background_wait();
                tokio::time::sleep(wait).await;
                session.flush_once().await;
            }
        });
    }

    fn next_background_wait(&self) -> Duration {
        let interval = self.inner.background_interval;
        if self.inner.demo {
            return interval;
        }
        match service::next_due_in(&self.inner.outbox) {
            Ok(Some(due)) => due.clamp(interval, Duration::from_secs(300)),
            _ => Duration::from_secs(60).max(interval),
        }
    }

    fn waiting_in_outbox(&self) -> bool {
        lock(&self.inner.state).delivery.status == DeliveryStatus::Queued
    }

    /// One pass over the outbox; updates the view for this session's submission.
    pub async fn flush_once(&self) {
        self.flush(!self.inner.demo).await;
    }

    /// Tries the pending submissions (only those due, or all) and settles this session's.
    async fn flush(&self, only_due: bool) {
        let options = FlushOptions {
            policy: RetryPolicy::flush(),
            only_due,
        };
        let report = service::flush_all(
            &self.inner.outbox,
            &self.inner.store,
            &self.inner.intake,
            &options,
        )
        .await;
        let report = match report {
            Ok(report) => report,
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be read for background delivery");
                return;
            }
        };
        for item in report.items {
            match item.result {
                Ok(outcome) => self.settle(&item.submission_id, outcome),
                Err(error) => tracing::warn!(
                    submission_id = %item.submission_id,
                    %error,
                    "background delivery failed"
                ),
            }
        }
    }

    // ----- text --------------------------------------------------------------------------------

    /// The final summary, without secrets.
    pub fn summary_text(&self) -> String {
        report::summary(&self.view())
    }

    /// The redacted support report, with extra sections (e.g. doctor results).
    pub fn support_report(&self, extra: &[ExtraSection]) -> String {
        let state = lock(&self.inner.state);
        let view = self.build_view(&state);
        report::support_report(
            &view,
            &state.timeline,
            state.credential_facts.as_ref(),
            extra,
        )
    }

    /// The step timeline, for the support panel.
    pub fn timeline(&self) -> Vec<crate::timeline::TimelineEvent> {
        lock(&self.inner.state).timeline.events().to_vec()
    }

    // ----- helpers -----------------------------------------------------------------------------

    /// The provider app's client secret: from the profile, else from the OS keyring.
    async fn client_secret(&self) -> Option<SecretString> {
        match self.inner.profile.client_secret() {
            Ok(Some(secret)) => Some(secret),
            Ok(None) => keystore::client_secret(
                &self.inner.store,
                &self.inner.profile.ringcentral.client_id,
            )
            .await
            .ok(),
            Err(error) => {
                tracing::warn!(%error, "the profile's client secret could not be read");
                None
            }
        }
    }
}

/// What is missing before `step` can be shown, in words for the customer.
fn missing_for(state: &State, step: Step) -> Option<&'static str> {
    if step > Step::Welcome && state.delivery.status == DeliveryStatus::Idle {
        if state.code.is_none() {
            return Some("Enter the onboarding code your provider gave you first.");
        }
        if state.code_status.as_ref().is_some_and(|s| !s.valid) {
            return Some(
                "This onboarding code cannot be used. Enter a new code from your provider.",
            );
        }
    }
    if step > Step::Restrict && step <= Step::Paste && !state.checklist.complete() {
        return Some("Tick every item of the checklist once you have done it in the console.");
    }
    if step == Step::Verify && state.credential.is_none() {
        return Some("Paste your JWT credential first.");
    }
    if step == Step::Send
        && !state.verification.confirmed
        && state.delivery.status == DeliveryStatus::Idle
    {
        return Some("Verify the credential and confirm the account first.");
    }
    if step == Step::Done && state.delivery.status != DeliveryStatus::Delivered {
        return Some("The credential has not been delivered yet.");
    }
    None
}

fn forget_credential(state: &mut State) {
    state.credential = None;
    state.credential_facts = None;
    state.inspection = None;
    state.verified = None;
    state.verification = VerificationView::default();
    state.generation += 1;
}

/// A failed verification, with what RingCentral told us before it failed.
struct Failed {
    failure: FailureView,
    identity: Option<rc_onboard_verify::engine::Identity>,
    missing_permissions: Vec<String>,
}

/// Text from the network, made safe to show: printable, bounded.
fn sanitize(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(300).collect()
}

fn newest_pending(outbox: &Outbox) -> Option<PendingEntry> {
    outbox.list().ok()?.pending.into_iter().last()
}

/// Resumes the view of a submission still waiting in the outbox from an earlier run.
fn resume_into(state: &mut State, entry: &PendingEntry) {
    state.step = Step::Send;
    state.delivery = DeliveryView {
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
        state.verification.status = VerificationStatus::Ok;
        state.verification.confirmed = true;
        state.verification.permissions = facts.permissions;
    }
    state
        .timeline
        .record("resumed a queued submission", None, None);
}
