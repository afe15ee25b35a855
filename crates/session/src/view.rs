//! The facts the window renders (the contract in docs/IPC.md). Nothing here is a secret: the
//! onboarding code appears only as "present", the credential only as its inspection facts.

use rc_onboard_verify::engine::{Identity, RingCentralDetails, Stage, VerifyError};
use rc_onboard_verify::inspect::{format_date, Inspection, Verdict};
use rc_onboard_verify::{ErrorKind, FixStep};
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

/// One item of step 3's checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistItem {
    OnlySpecificApps,
    ClientIdAdded,
    ExpiryConsidered,
    CopiedCredential,
}

impl ChecklistItem {
    /// Every item, in the order the window shows them.
    pub const ALL: [ChecklistItem; 4] = [
        ChecklistItem::OnlySpecificApps,
        ChecklistItem::ClientIdAdded,
        ChecklistItem::ExpiryConsidered,
        ChecklistItem::CopiedCredential,
    ];
}

impl Checklist {
    /// Ticks or clears one item.
    pub fn set(&mut self, item: ChecklistItem, checked: bool) {
        let slot = match item {
            ChecklistItem::OnlySpecificApps => &mut self.only_specific_apps,
            ChecklistItem::ClientIdAdded => &mut self.client_id_added,
            ChecklistItem::ExpiryConsidered => &mut self.expiry_considered,
            ChecklistItem::CopiedCredential => &mut self.copied_credential,
        };
        *slot = checked;
    }

    /// All items ticked.
    pub fn complete(&self) -> bool {
        self.only_specific_apps
            && self.client_id_added
            && self.expiry_considered
            && self.copied_credential
    }
}

/// What a paste is, by local inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    Plausible,
    Empty,
    ClientId,
    ClientSecret,
    AccessToken,
    NotJwt,
    #[serde(rename = "not_ringcentral")]
    NotRingCentral,
    WrongEnvironment,
    Expired,
    TooLarge,
}

impl InspectionKind {
    /// Every kind, in the order docs/IPC.md lists them.
    pub const ALL: [InspectionKind; 10] = [
        InspectionKind::Plausible,
        InspectionKind::Empty,
        InspectionKind::ClientId,
        InspectionKind::ClientSecret,
        InspectionKind::AccessToken,
        InspectionKind::NotJwt,
        InspectionKind::NotRingCentral,
        InspectionKind::WrongEnvironment,
        InspectionKind::Expired,
        InspectionKind::TooLarge,
    ];

    /// The kind of an inspection's verdict.
    pub fn of(verdict: &Verdict) -> InspectionKind {
        match verdict {
            Verdict::Empty => InspectionKind::Empty,
            Verdict::TooLarge { .. } => InspectionKind::TooLarge,
            Verdict::ClientId | Verdict::LikelyClientId => InspectionKind::ClientId,
            Verdict::ClientSecret | Verdict::LikelyClientSecret => InspectionKind::ClientSecret,
            Verdict::AccessToken => InspectionKind::AccessToken,
            Verdict::NotJwt(_) => InspectionKind::NotJwt,
            Verdict::NotRingCentral { .. } => InspectionKind::NotRingCentral,
            Verdict::WrongEnvironment { .. } => InspectionKind::WrongEnvironment,
            Verdict::Expired { .. } => InspectionKind::Expired,
            Verdict::Plausible { .. } => InspectionKind::Plausible,
        }
    }
}

/// Local inspection of a paste, as facts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InspectionView {
    pub kind: InspectionKind,
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
            kind: InspectionKind::of(verdict),
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
    /// What fixes it: a step of the wizard, or something to do there.
    pub fix_step: FixTarget,
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
            fix_step: FixTarget::for_kind(kind),
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
            fix_step: FixTarget::for_kind(error.kind()),
            retry_after_s: error.retry_after_s(),
            ringcentral: error.ringcentral(),
            retries_automatically: None,
        }
    }
}

/// What fixes a failure: a [`FixStep`], or Welcome, where another onboarding code is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixTarget {
    /// Enter another onboarding code.
    Welcome,
    Console,
    Restrict,
    Paste,
    ContactProvider,
    WaitRetry,
    Retry,
}

impl FixTarget {
    /// Every target, in the order docs/IPC.md lists them.
    pub const ALL: [FixTarget; 7] = [
        FixTarget::Console,
        FixTarget::Restrict,
        FixTarget::Paste,
        FixTarget::ContactProvider,
        FixTarget::WaitRetry,
        FixTarget::Retry,
        FixTarget::Welcome,
    ];

    /// Where the window sends the customer to fix a failure of `kind`. A refused onboarding code
    /// is fixed at Welcome, where a new code is entered.
    pub fn for_kind(kind: ErrorKind) -> FixTarget {
        match kind {
            ErrorKind::IntakeUnauthorized => FixTarget::Welcome,
            other => other.fix_step().into(),
        }
    }
}

impl FixTarget {
    /// The snake_case name the window and the support report use.
    pub fn as_str(self) -> &'static str {
        match self {
            FixTarget::Welcome => "welcome",
            FixTarget::Console => "console",
            FixTarget::Restrict => "restrict",
            FixTarget::Paste => "paste",
            FixTarget::ContactProvider => "contact_provider",
            FixTarget::WaitRetry => "wait_retry",
            FixTarget::Retry => "retry",
        }
    }
}

impl std::fmt::Display for FixTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<FixStep> for FixTarget {
    fn from(step: FixStep) -> FixTarget {
        match step {
            FixStep::Paste => FixTarget::Paste,
            FixStep::Restrict => FixTarget::Restrict,
            FixStep::Console => FixTarget::Console,
            FixStep::ContactProvider => FixTarget::ContactProvider,
            FixStep::WaitRetry => FixTarget::WaitRetry,
            FixStep::Retry => FixTarget::Retry,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `value` serialises as `name` and reads back.
    fn pinned<T>(value: T, name: &str)
    where
        T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        assert_eq!(serde_json::to_value(&value).unwrap(), name, "{value:?}");
        assert_eq!(serde_json::from_value::<T>(name.into()).unwrap(), value);
    }

    #[test]
    fn the_window_names_of_steps_items_kinds_and_fix_targets_are_pinned() {
        let steps = [
            "welcome", "console", "restrict", "paste", "verify", "send", "done",
        ];
        let all_steps = [
            Step::Welcome,
            Step::Console,
            Step::Restrict,
            Step::Paste,
            Step::Verify,
            Step::Send,
            Step::Done,
        ];
        for (step, name) in all_steps.into_iter().zip(steps) {
            pinned(step, name);
            assert_eq!(step.as_str(), name);
        }
        let items = [
            "only_specific_apps",
            "client_id_added",
            "expiry_considered",
            "copied_credential",
        ];
        for (item, name) in ChecklistItem::ALL.into_iter().zip(items) {
            pinned(item, name);
        }
        let kinds = [
            "plausible",
            "empty",
            "client_id",
            "client_secret",
            "access_token",
            "not_jwt",
            "not_ringcentral",
            "wrong_environment",
            "expired",
            "too_large",
        ];
        for (kind, name) in InspectionKind::ALL.into_iter().zip(kinds) {
            pinned(kind, name);
        }
        let targets = [
            "console",
            "restrict",
            "paste",
            "contact_provider",
            "wait_retry",
            "retry",
            "welcome",
        ];
        for (target, name) in FixTarget::ALL.into_iter().zip(targets) {
            pinned(target, name);
        }
    }

    #[test]
    fn a_failure_is_fixed_where_its_kind_says_except_a_refused_code_at_welcome() {
        for kind in ErrorKind::ALL {
            let target = FixTarget::for_kind(kind);
            let expected = match kind {
                ErrorKind::IntakeUnauthorized => "welcome",
                other => other.fix_step().as_str(),
            };
            assert_eq!(serde_json::to_value(target).unwrap(), expected, "{kind}");
        }
    }

    #[test]
    fn a_fix_target_reads_the_same_in_the_report_as_on_the_wire() {
        for target in FixTarget::ALL {
            assert_eq!(serde_json::to_value(target).unwrap(), target.as_str());
            assert_eq!(target.to_string(), target.as_str());
        }
    }
}
