//! [`Session`]: the onboarding state machine. The window calls its methods (through thin Tauri
//! commands) and renders the [`View`] it returns or pushes through the [`Notifier`]. Long work
//! (verification, delivery, background retries) runs on tokio tasks and reports progress by
//! pushing new views.
//!
//! Secrets held here — the onboarding code and the pasted credential — never leave except to the
//! network (RingCentral, the intake) and, for the code of a queued submission, the OS keyring.
//!
//! - `state`: the state and its pure rules (no locks, tasks or network).
//! - `steps`: moving between steps, the checklist, timeline notes.
//! - `code`: the onboarding code and its check with the intake.
//! - `paste`: the pasted (or handed-over) credential and its local inspection.
//! - `verification`: verification with progress, rate-limit retries, account confirmation.
//! - `sending`: sealing and the first delivery.
//! - `background`: background retries of the outbox and their [`BackgroundPolicy`].

mod background;
mod code;
mod paste;
mod sending;
mod state;
mod steps;
mod text;
mod verification;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use rc_onboard_delivery::keystore;
use rc_onboard_delivery::{
    ClientOptions, DeliveryError, IntakeClient, Outbox, OutboxError, PendingEntry, RetryPolicy,
    SharedSecretStore,
};
use rc_onboard_verify::engine::{RevokeTask, Verifier, VerifierOptions, VerifyError};
use rc_onboard_verify::{Profile, SecretString};

use crate::report::{self, ExtraSection};
use crate::view::{CodeView, ProviderView, View};
use crate::window::CommandErrorKind;
pub use background::BackgroundPolicy;
pub use code::LinkCode;
use state::{FlowState, Refusal};

/// Receives every new view (the shell emits it to the window as `wizard://view`).
pub type Notifier = Arc<dyn Fn(View) + Send + Sync>;

/// What a session needs from the shell.
pub struct SessionConfig {
    pub profile: Profile,
    /// Shows the DEMO ribbon ([`View::demo`]).
    pub demo: bool,
    /// The data directory; the outbox lives in it.
    pub data_dir: PathBuf,
    /// The OS keyring (or a test double).
    pub store: SharedSecretStore,
    pub verifier: VerifierOptions,
    pub intake: ClientOptions,
    /// How hard the first delivery tries in-process before the submission waits in the outbox.
    pub send_policy: RetryPolicy,
    /// How the background retry works through the outbox.
    pub background: BackgroundPolicy,
    /// An onboarding code given on the command line or by a deep link.
    pub code: Option<SecretString>,
}

/// Why a command could not be carried out. Carries a stable kind for the window.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{message}")]
    NotNow { message: String },
    #[error("the outbox in the data folder cannot be used: {0}")]
    Outbox(#[from] OutboxError),
    #[error("the verification engine could not start: {0}")]
    Verifier(#[source] VerifyError),
    #[error("the intake client could not start: {0}")]
    IntakeClient(#[source] DeliveryError),
}

impl SessionError {
    /// The stable kind shown by the window.
    pub fn kind(&self) -> CommandErrorKind {
        match self {
            SessionError::NotNow { .. } => CommandErrorKind::NotNow,
            SessionError::Outbox(_) => CommandErrorKind::DataDir,
            SessionError::Verifier(_) | SessionError::IntakeClient(_) => {
                CommandErrorKind::Unexpected
            }
        }
    }

    /// A command refused in the current state, with what the customer should do.
    fn not_now(message: Refusal) -> SessionError {
        SessionError::NotNow {
            message: message.to_owned(),
        }
    }
}

struct Inner {
    session_id: String,
    profile: Profile,
    demo: bool,
    verifier: Verifier,
    intake: IntakeClient,
    outbox: Outbox,
    store: SharedSecretStore,
    send_policy: RetryPolicy,
    background: BackgroundPolicy,
    state: Mutex<FlowState>,
    notifier: Mutex<Option<Notifier>>,
    /// Session revokes of successful verifications that may still be running.
    revokes: Mutex<Vec<RevokeTask>>,
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
        let verifier = Verifier::new(config.verifier).map_err(SessionError::Verifier)?;
        let intake = IntakeClient::new(config.intake.pinned_for(&config.profile))
            .map_err(SessionError::IntakeClient)?;
        let mut state = FlowState::starting(config.code);
        if let Some(entry) = newest_pending(&outbox) {
            state.resume_into(&entry);
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
                background: config.background,
                state: Mutex::new(state),
                notifier: Mutex::new(None),
                revokes: Mutex::new(Vec::new()),
                logo,
            }),
        })
    }

    /// Waits up to `limit` for the session revokes still running (RingCentral limits a user's
    /// parallel sessions, so the window lets them finish before it closes). Returns whether all
    /// finished in time.
    pub async fn finish_revokes(&self, limit: std::time::Duration) -> bool {
        let pending: Vec<RevokeTask> = std::mem::take(&mut *lock(&self.inner.revokes));
        let all = async {
            for revoke in pending {
                if let Err(error) = revoke.finish().await {
                    tracing::warn!(%error, "a verification session could not be revoked");
                }
            }
        };
        tokio::time::timeout(limit, all).await.is_ok()
    }

    /// Keeps a running session revoke so that closing the window can wait for it.
    fn keep_revoke(&self, revoke: RevokeTask) {
        let mut revokes = lock(&self.inner.revokes);
        revokes.retain(|task| !task.is_finished());
        revokes.push(revoke);
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
        let state = self.state();
        self.build_view(&state)
    }

    /// The final summary, without secrets.
    pub fn summary_text(&self) -> String {
        report::summary(&self.view())
    }

    /// The redacted support report, with extra sections (e.g. doctor results).
    pub fn support_report(&self, extra: &[ExtraSection]) -> String {
        let state = self.state();
        let view = self.build_view(&state);
        report::support_report(
            &view,
            &state.timeline,
            state.credential_facts.as_ref(),
            extra,
        )
    }

    fn state(&self) -> MutexGuard<'_, FlowState> {
        lock(&self.inner.state)
    }

    fn build_view(&self, state: &FlowState) -> View {
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
    fn update<R>(&self, change: impl FnOnce(&mut FlowState) -> R) -> (R, View) {
        let (result, view) = {
            let mut state = self.state();
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

    /// The provider app's client secret: from the profile, else from the OS keyring.
    async fn client_secret(&self) -> Option<SecretString> {
        match self.inner.profile.client_secret() {
            Ok(Some(secret)) => Some(secret),
            Ok(None) => keystore::client_secret(
                &self.inner.store,
                &self.inner.profile.ringcentral.server,
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

fn newest_pending(outbox: &Outbox) -> Option<PendingEntry> {
    outbox.list().ok()?.pending.into_iter().last()
}
