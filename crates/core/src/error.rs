//! The stable error kinds shared by the UI, the CLI, logs and support reports.
//!
//! Every crate maps its own `thiserror` enum once to an [`ErrorKind`]. The snake_case strings, the CLI
//! exit codes and the wizard step that fixes each kind are part of the product's contract.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong, in one stable word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The paste is not a JWT credential (empty, a client ID or secret, an access token, garbage).
    Malformed,
    /// A JWT issued by someone other than RingCentral.
    #[serde(rename = "not_ringcentral")]
    NotRingCentral,
    /// A RingCentral JWT for another environment (e.g. sandbox).
    WrongEnvironment,
    /// The credential's expiry date has passed.
    Expired,
    /// RingCentral refused the credential: revoked, deleted, or not restricted to the provider's app.
    Rejected,
    /// The provider's app is not enabled for the JWT grant.
    AppNotEnabled,
    /// The provider's client ID or secret is wrong.
    ClientAuthFailed,
    /// The RingCentral user or account cannot sign in (disabled, frozen, deleted).
    UserDisabled,
    /// The provider's app lacks a permission it needs.
    MissingPermissions,
    /// The RingCentral user's role lacks a permission the provider's calls need (403 CMN-408).
    UserPermissionMissing,
    /// RingCentral asked us to slow down.
    RateLimited,
    /// RingCentral could not be reached or answered 5xx, or a request timed out.
    Unavailable,
    /// Anything RingCentral answered that we did not expect.
    Unexpected,
    /// The intake refused the onboarding code (HTTP 401).
    IntakeUnauthorized,
    /// The intake already holds a different submission for this onboarding code (HTTP 409).
    IntakeConflict,
    /// The intake refused the submission as too large or invalid (HTTP 413/422).
    IntakeRejected,
    /// The intake could not be reached; the submission is queued for later.
    IntakeUnavailable,
}

/// The wizard step that fixes an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixStep {
    /// Paste the credential again.
    Paste,
    /// Go back to the console and restrict the credential to the provider's app.
    Restrict,
    /// Go back to the RingCentral developer console (new credential, production, enabled user).
    Console,
    /// Nothing the customer can do: contact the provider's support.
    ContactProvider,
    /// Wait the indicated time, then try again.
    WaitRetry,
    /// Try again (now or later).
    Retry,
}

impl FixStep {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            FixStep::Paste => "paste",
            FixStep::Restrict => "restrict",
            FixStep::Console => "console",
            FixStep::ContactProvider => "contact_provider",
            FixStep::WaitRetry => "wait_retry",
            FixStep::Retry => "retry",
        }
    }
}

impl fmt::Display for FixStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ErrorKind {
    /// Every kind, in contract order.
    pub const ALL: [ErrorKind; 17] = [
        ErrorKind::Malformed,
        ErrorKind::NotRingCentral,
        ErrorKind::WrongEnvironment,
        ErrorKind::Expired,
        ErrorKind::Rejected,
        ErrorKind::AppNotEnabled,
        ErrorKind::ClientAuthFailed,
        ErrorKind::UserDisabled,
        ErrorKind::MissingPermissions,
        ErrorKind::UserPermissionMissing,
        ErrorKind::RateLimited,
        ErrorKind::Unavailable,
        ErrorKind::Unexpected,
        ErrorKind::IntakeUnauthorized,
        ErrorKind::IntakeConflict,
        ErrorKind::IntakeRejected,
        ErrorKind::IntakeUnavailable,
    ];

    /// The stable snake_case name used in JSON, logs and support reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Malformed => "malformed",
            ErrorKind::NotRingCentral => "not_ringcentral",
            ErrorKind::WrongEnvironment => "wrong_environment",
            ErrorKind::Expired => "expired",
            ErrorKind::Rejected => "rejected",
            ErrorKind::AppNotEnabled => "app_not_enabled",
            ErrorKind::ClientAuthFailed => "client_auth_failed",
            ErrorKind::UserDisabled => "user_disabled",
            ErrorKind::MissingPermissions => "missing_permissions",
            ErrorKind::UserPermissionMissing => "user_permission_missing",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Unexpected => "unexpected",
            ErrorKind::IntakeUnauthorized => "intake_unauthorized",
            ErrorKind::IntakeConflict => "intake_conflict",
            ErrorKind::IntakeRejected => "intake_rejected",
            ErrorKind::IntakeUnavailable => "intake_unavailable",
        }
    }

    /// The CLI exit code: 1 when the credential, account, permissions or intake refused; 3 when
    /// temporarily unavailable (try later, or queued). `unexpected` counts as a refusal (1).
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::RateLimited | ErrorKind::Unavailable | ErrorKind::IntakeUnavailable => 3,
            _ => 1,
        }
    }

    /// Whether trying again later may succeed without changing anything.
    pub fn is_temporary(self) -> bool {
        self.exit_code() == 3
    }

    /// The wizard step that fixes this kind.
    pub fn fix_step(self) -> FixStep {
        match self {
            ErrorKind::Malformed | ErrorKind::NotRingCentral => FixStep::Paste,
            ErrorKind::WrongEnvironment
            | ErrorKind::Expired
            | ErrorKind::UserDisabled
            | ErrorKind::UserPermissionMissing => FixStep::Console,
            ErrorKind::Rejected => FixStep::Restrict,
            ErrorKind::AppNotEnabled
            | ErrorKind::ClientAuthFailed
            | ErrorKind::MissingPermissions
            | ErrorKind::IntakeUnauthorized
            | ErrorKind::IntakeConflict
            | ErrorKind::IntakeRejected => FixStep::ContactProvider,
            ErrorKind::RateLimited => FixStep::WaitRetry,
            ErrorKind::Unavailable | ErrorKind::Unexpected | ErrorKind::IntakeUnavailable => {
                FixStep::Retry
            }
        }
    }

    /// What happened and what to do next, written for the customer.
    pub fn message(self) -> &'static str {
        match self {
            ErrorKind::Malformed => {
                "That is not a RingCentral JWT credential. Copy the whole credential from the \
                 RingCentral developer console (it starts with \"eyJ\") and paste it again."
            }
            ErrorKind::NotRingCentral => {
                "That JWT was not issued by RingCentral. Create a JWT credential in the RingCentral \
                 developer console and paste that one."
            }
            ErrorKind::WrongEnvironment => {
                "That credential belongs to a different RingCentral environment (for example the \
                 sandbox). Create a new credential in the production developer console."
            }
            ErrorKind::Expired => {
                "That credential has expired. Create a new one in the RingCentral developer console \
                 and choose a later expiration date, or none."
            }
            ErrorKind::Rejected => {
                "RingCentral did not accept that credential. It may have been revoked or deleted, or \
                 it is not restricted to this provider's app. Create a new credential, choose \"Only \
                 specific apps of my choice\" and add this provider's client ID."
            }
            ErrorKind::AppNotEnabled => {
                "RingCentral did not let the provider's app use this credential. First check that \
                 the credential is restricted to this provider's client ID (\"Only specific apps of \
                 my choice\" in the developer console); if it is, the provider's app is not set up \
                 to accept JWT credentials: please contact the provider's support."
            }
            ErrorKind::ClientAuthFailed => {
                "RingCentral did not recognise the provider's app credentials. This is not something \
                 you can fix: please contact the provider's support."
            }
            ErrorKind::UserDisabled => {
                "RingCentral says the user who created this credential cannot sign in (the user or \
                 account is disabled, frozen or deleted). Ask your RingCentral administrator, or \
                 create the credential as an active user."
            }
            ErrorKind::MissingPermissions => {
                "The provider's RingCentral app lacks a permission it needs. This is not something \
                 you can fix: please contact the provider's support."
            }
            ErrorKind::UserPermissionMissing => {
                "The RingCentral user who created this credential lacks a permission the \
                 provider's app needs (their role does not allow it). Ask your RingCentral \
                 administrator to give that user a role with the permission, or create the \
                 credential as a user who has it."
            }
            ErrorKind::RateLimited => {
                "RingCentral is limiting how often we can check credentials. Wait a little, then \
                 try again."
            }
            ErrorKind::Unavailable => {
                "RingCentral could not be reached or did not answer in time. Check your internet \
                 connection and try again."
            }
            ErrorKind::Unexpected => {
                "RingCentral gave an answer we did not expect. Try again; if it keeps happening, \
                 send the support report to the provider."
            }
            ErrorKind::IntakeUnauthorized => {
                "The provider did not accept the onboarding code. Check the code the provider gave \
                 you, or ask them for a new one."
            }
            ErrorKind::IntakeConflict => {
                "The provider already received a different credential for this onboarding code. \
                 Ask the provider for a new onboarding code."
            }
            ErrorKind::IntakeRejected => {
                "The provider refused the submission. Please contact the provider's support."
            }
            ErrorKind::IntakeUnavailable => {
                "The provider could not be reached. Your credential is kept sealed and will be sent \
                 automatically when the connection is back."
            }
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_string_exit_code_and_fix_step_is_pinned() {
        let expected: [(ErrorKind, &str, i32, &str); 17] = [
            (ErrorKind::Malformed, "malformed", 1, "paste"),
            (ErrorKind::NotRingCentral, "not_ringcentral", 1, "paste"),
            (
                ErrorKind::WrongEnvironment,
                "wrong_environment",
                1,
                "console",
            ),
            (ErrorKind::Expired, "expired", 1, "console"),
            (ErrorKind::Rejected, "rejected", 1, "restrict"),
            (
                ErrorKind::AppNotEnabled,
                "app_not_enabled",
                1,
                "contact_provider",
            ),
            (
                ErrorKind::ClientAuthFailed,
                "client_auth_failed",
                1,
                "contact_provider",
            ),
            (ErrorKind::UserDisabled, "user_disabled", 1, "console"),
            (
                ErrorKind::MissingPermissions,
                "missing_permissions",
                1,
                "contact_provider",
            ),
            (
                ErrorKind::UserPermissionMissing,
                "user_permission_missing",
                1,
                "console",
            ),
            (ErrorKind::RateLimited, "rate_limited", 3, "wait_retry"),
            (ErrorKind::Unavailable, "unavailable", 3, "retry"),
            (ErrorKind::Unexpected, "unexpected", 1, "retry"),
            (
                ErrorKind::IntakeUnauthorized,
                "intake_unauthorized",
                1,
                "contact_provider",
            ),
            (
                ErrorKind::IntakeConflict,
                "intake_conflict",
                1,
                "contact_provider",
            ),
            (
                ErrorKind::IntakeRejected,
                "intake_rejected",
                1,
                "contact_provider",
            ),
            (
                ErrorKind::IntakeUnavailable,
                "intake_unavailable",
                3,
                "retry",
            ),
        ];
        assert_eq!(ErrorKind::ALL.len(), expected.len());
        for (kind, (pinned, name, code, step)) in ErrorKind::ALL.iter().zip(expected) {
            assert_eq!(*kind, pinned);
            assert_eq!(kind.as_str(), name);
            assert_eq!(kind.to_string(), name);
            assert_eq!(kind.exit_code(), code, "{name}");
            assert_eq!(kind.fix_step().as_str(), step, "{name}");
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            let back: ErrorKind = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *kind);
            let step_json = serde_json::to_string(&kind.fix_step()).unwrap();
            assert_eq!(step_json, format!("\"{step}\""));
        }
    }

    #[test]
    fn provider_side_kinds_send_the_customer_to_support() {
        for kind in [ErrorKind::AppNotEnabled, ErrorKind::ClientAuthFailed] {
            assert!(
                kind.message().contains("contact the provider's support"),
                "{kind}"
            );
        }
    }

    #[test]
    fn app_not_enabled_asks_for_the_restriction_first() {
        let text = ErrorKind::AppNotEnabled.message();
        let restriction = text.find("Only specific apps of my choice");
        let provider = text.find("contact the provider's support");
        assert!(restriction.is_some() && provider.is_some());
        assert!(restriction < provider);
    }

    #[test]
    fn every_message_is_distinct_and_non_empty() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            assert!(kind.message().len() > 20, "{kind}");
            assert!(seen.insert(kind.message()), "duplicate message for {kind}");
        }
    }
}
