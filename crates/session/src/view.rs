//! The facts the window renders (the contract in docs/IPC.md). Nothing here is a secret: the
//! onboarding code appears only as "present", the credential only as its inspection facts.

use rc_onboard_verify::engine::{Identity, RingCentralDetails, Stage, VerifyError};
use rc_onboard_verify::inspect::{format_date, Inspection, Verdict};
use rc_onboard_verify::ErrorKind;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::submission::rfc3339;

/// The wizard's steps, in order.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    #[default]
    Welcome,
    Console,
    Restrict,
    Paste,
    Verify,
    Send,
    Done,
}

impl Step {
    /// The snake_case name used in the view and the support report.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Welcome => "welcome",
            Step::Console => "console",
            Step::Restrict => "restrict",
            Step::Paste => "paste",
            Step::Verify => "verify",
            Step::Send => "send",
            Step::Done => "done",
        }
    }

    /// Parses a step name from the window.
    pub fn parse(name: &str) -> Option<Step> {
        [
            Step::Welcome,
            Step::Console,
            Step::Restrict,
            Step::Paste,
            Step::Verify,
            Step::Send,
            Step::Done,
        ]
        .into_iter()
        .find(|step| step.as_str() == name)
    }
}

/// The provider, as the profile describes it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProviderView {
    pub name: String,
    pub support_email: Option<String>,
    pub support_url: Option<String>,
    pub accent_color: Option<String>,
    /// The provider's logo as a `data:` URL, when the profile names one.
    pub logo: Option<String>,
}

/// Whether the onboarding code is held, where it came from, and what the intake said of it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct CodeView {
    pub present: bool,
    pub prefilled: bool,
    pub status: Option<CodeStatusView>,
}

/// The intake's answer about the code.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CodeStatusView {
    pub valid: bool,
    pub message: String,
}

/// Step 3's checklist.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Checklist {
    pub only_specific_apps: bool,
    pub client_id_added: bool,
    pub expiry_considered: bool,
    pub copied_credential: bool,
}

impl Checklist {
    /// Ticks or clears one item by name; `false` when there is no such item.
    pub fn set(&mut self, item: &str, checked: bool) -> bool {
        let slot = match item {
            "only_specific_apps" => &mut self.only_specific_apps,
            "client_id_added" => &mut self.client_id_added,
            "expiry_considered" => &mut self.expiry_considered,
            "copied_credential" => &mut self.copied_credential,
            _ => return false,
        };
        *slot = checked;
        true
    }

    /// All items ticked.
    pub fn complete(&self) -> bool {
        self.only_specific_apps
            && self.client_id_added
            && self.expiry_considered
            && self.copied_credential
    }
}

/// Local inspection of a paste, as facts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InspectionView {
    pub kind: &'static str,
    pub ok: bool,
    pub warning: bool,
    pub message: String,
    pub expires_at: Option<String>,
    pub fingerprint: Option<String>,
}

impl InspectionView {
    /// Facts of an inspection: what it is, never the paste.
    pub fn from_inspection(inspection: &Inspection) -> InspectionView {
        let verdict = &inspection.verdict;
        let kind = match verdict {
            Verdict::Empty => "empty",
            Verdict::TooLarge { .. } => "too_large",
            Verdict::ClientId | Verdict::LikelyClientId => "client_id",
            Verdict::ClientSecret | Verdict::LikelyClientSecret => "client_secret",
            Verdict::AccessToken => "access_token",
            Verdict::NotJwt(_) => "not_jwt",
            Verdict::NotRingCentral { .. } => "not_ringcentral",
            Verdict::WrongEnvironment { .. } => "wrong_environment",
            Verdict::Expired { .. } => "expired",
            Verdict::Plausible { .. } => "plausible",
        };
        let (expires_at, warning) = match verdict {
            Verdict::Plausible {
                expires_at,
                expires_soon,
                ..
            } => (expires_at.map(rfc3339), *expires_soon),
            Verdict::Expired { expired_at, .. } => (Some(rfc3339(*expired_at)), false),
            _ => (None, false),
        };
        let mut message = verdict.message();
        for note in &inspection.notes {
            message.push(' ');
            message.push_str(note.message());
        }
        InspectionView {
            kind,
            ok: verdict.is_plausible(),
            warning,
            message,
            expires_at,
            fingerprint: verdict.facts().map(|f| f.fingerprint.clone()),
        }
    }
}

/// A failure the window shows, with the one step that fixes it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FailureView {
    pub kind: ErrorKind,
    pub message: String,
    /// The step that fixes it: a [`rc_onboard_verify::FixStep`] name, or `welcome` (enter another onboarding code).
    pub fix_step: &'static str,
    pub retry_after_s: Option<u64>,
    pub ringcentral: Option<RingCentralDetails>,
    /// For a verification: whether the window retries by itself when the wait is over (at most
    /// twice in a row after rate limits); when `false` the customer does, once the countdown
    /// ends. `None` (null) elsewhere: the window's countdown retries as before.
    pub retries_automatically: Option<bool>,
}

impl FailureView {
    /// A failure of a kind with a specific message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> FailureView {
        FailureView {
            kind,
            message: message.into(),
            fix_step: fix_step_for(kind),
            retry_after_s: None,
            ringcentral: None,
            retries_automatically: None,
        }
    }

    /// The window's view of a verification error.
    pub fn from_verify_error(error: &VerifyError) -> FailureView {
        FailureView {
            kind: error.kind(),
            message: error.message(),
            fix_step: fix_step_for(error.kind()),
            retry_after_s: error.retry_after_s(),
            ringcentral: error.ringcentral(),
            retries_automatically: None,
        }
    }
}

/// Where the window sends the customer to fix a failure of `kind`. A refused onboarding code is
/// fixed at Welcome, where a new code is entered.
pub fn fix_step_for(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::IntakeUnauthorized => "welcome",
        other => other.fix_step().as_str(),
    }
}

/// Verification status.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    #[default]
    Idle,
    Running,
    Ok,
    Failed,
}

/// Step 5's state.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct VerificationView {
    pub status: VerificationStatus,
    pub stage: Option<Stage>,
    pub identity: Option<Identity>,
    pub permissions: Vec<String>,
    pub missing_permissions: Vec<String>,
    pub error: Option<FailureView>,
    pub confirmed: bool,
}

/// Delivery status.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    #[default]
    Idle,
    Sending,
    Delivered,
    Queued,
    Refused,
}

/// Step 6's state.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct DeliveryView {
    pub status: DeliveryStatus,
    pub submission_id: Option<String>,
    pub receipt_id: Option<String>,
    pub received_at: Option<String>,
    pub attempts: u32,
    pub next_attempt_at: Option<String>,
    pub error: Option<FailureView>,
}

/// Everything the window renders.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct View {
    /// Increases with every change, so the window can ignore a view older than one it has.
    pub revision: u64,
    pub session_id: String,
    pub step: Step,
    pub demo: bool,
    pub provider: ProviderView,
    pub client_id: String,
    pub console_url: String,
    pub code: CodeView,
    pub checklist: Checklist,
    pub inspection: Option<InspectionView>,
    pub credential_held: bool,
    pub verification: VerificationView,
    pub delivery: DeliveryView,
}

/// "2026-11-28" for a timestamp (used in messages).
pub fn date(at: OffsetDateTime) -> String {
    format_date(at)
}
