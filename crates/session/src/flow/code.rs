//! The onboarding code: typed at Welcome or given by the shell, and checked with the provider's
//! intake right away so a bad, used or expired code is reported at Welcome rather than at the end.

use rc_onboard_delivery::CodeCheck;

use super::text::sanitize;
use super::Session;
use crate::view::{CodeStatusView, DeliveryStatus, Step, View};

/// What became of an onboarding code that arrived by link while the window was open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkCode {
    /// Held now (the customer was at Welcome and no credential was held).
    Taken,
    /// Ignored: the customer is past Welcome or a credential is already held, so a link cannot
    /// swap the code a credential will be delivered with.
    Ignored,
}

impl Session {
    /// Stores the onboarding code typed at Welcome (kept only in memory until delivery).
    pub fn set_code(&self, code: &str) -> View {
        self.update(|state| state.set_code(code)).1
    }

    /// A code from a link opened while the window is open. It is taken only at Welcome, before a
    /// credential is held and before anything is sealed; otherwise it is ignored and the timeline
    /// (and so the support report) says so.
    pub fn take_link_code(&self, code: &str) -> LinkCode {
        self.update(|state| {
            let at_start = state.step == Step::Welcome
                && state.credential.is_none()
                && state.delivery.status == DeliveryStatus::Idle;
            if at_start {
                state.set_code(code);
                LinkCode::Taken
            } else {
                state
                    .timeline
                    .record("code from a link ignored: past Welcome", None, None);
                LinkCode::Ignored
            }
        })
        .0
    }

    /// Records the intake's answer about the held code (see [`Session::check_code`]).
    pub fn set_code_status(&self, status: Option<CodeStatusView>) -> View {
        self.update(|state| state.set_code_status(status)).1
    }

    /// Asks the provider's intake whether the held code is valid, so a bad, used or expired
    /// code is reported at Welcome rather than at the end. When the intake cannot be reached
    /// the code is not judged (delivery will try later anyway).
    pub async fn check_code(&self) -> View {
        let Some(code) = self.state().code.clone() else {
            return self.view();
        };
        let answer = self
            .inner
            .intake
            .code_status(self.inner.profile.intake.url.as_str(), &code)
            .await;
        let status = match answer {
            Ok(check) => Some(code_status(&check, &self.inner.profile.provider.name)),
            Err(error) => {
                tracing::info!(%error, "the onboarding code could not be checked now");
                None
            }
        };
        // Only apply the answer if the code was not changed meanwhile.
        let still_same = self
            .state()
            .code
            .as_ref()
            .is_some_and(|held| held.constant_time_eq(code.expose_secret()));
        if still_same {
            self.set_code_status(status)
        } else {
            self.view()
        }
    }
}

/// What the customer reads about the intake's answer on a code.
fn code_status(check: &CodeCheck, provider: &str) -> CodeStatusView {
    if check.valid {
        return CodeStatusView {
            valid: true,
            message: match &check.expires_at {
                Some(at) => format!("Your onboarding code is valid until {}.", sanitize(at)),
                None => "Your onboarding code is valid.".to_owned(),
            },
        };
    }
    CodeStatusView {
        valid: false,
        message: match check.reason.as_deref() {
            Some("expired") => {
                format!("This onboarding code has expired. Ask {provider} for a new one.")
            }
            Some("used") => {
                format!("This onboarding code has already been used. Ask {provider} for a new one.")
            }
            _ => format!(
                "{provider} does not recognise this onboarding code. Check it for typing \
                 mistakes, or ask {provider} for a new one."
            ),
        },
    }
}
