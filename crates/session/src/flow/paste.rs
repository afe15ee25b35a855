//! The credential: inspected locally as it is pasted (no network), held when it looks right —
//! or handed over by the shell — and then verified.

use rc_onboard_verify::inspect::{inspect, InspectContext};
use rc_onboard_verify::{Inspection, SecretString};
use time::OffsetDateTime;

use super::state::Inspected;
use super::Session;
use crate::view::{InspectionView, View};

impl Session {
    /// Inspects a paste locally (no network) and returns the facts; nothing is kept.
    pub async fn inspect_paste(&self, text: &str) -> InspectionView {
        InspectionView::from_inspection(&self.inspect(text).await)
    }

    /// Takes the pasted credential. When it looks right, it is held, the wizard moves to Verify
    /// and verification starts; otherwise the view carries the inspection's message.
    pub async fn submit_credential(&self, text: &str) -> View {
        let inspection = self.inspect(text).await;
        self.take_inspection(inspection)
    }

    /// Holds a credential handed over by the shell rather than pasted, with the onboarding code
    /// that goes with it: the session starts over at Paste with the checklist done, then takes
    /// `jwt` as if it had been pasted.
    pub async fn hold_credential(&self, code: SecretString, jwt: &SecretString) -> View {
        self.update(|state| state.start_over_for_handover(code));
        self.submit_credential(jwt.expose_secret()).await
    }

    async fn inspect(&self, text: &str) -> Inspection {
        let secret = self.client_secret().await;
        inspect(
            text,
            &InspectContext::new(
                &self.inner.profile,
                secret.as_ref(),
                OffsetDateTime::now_utc(),
            ),
        )
    }

    fn take_inspection(&self, inspection: Inspection) -> View {
        let inspected = Inspected {
            view: InspectionView::from_inspection(&inspection),
            facts: inspection.verdict.facts().cloned(),
            kind: inspection.verdict.kind(),
            jwt: inspection.into_jwt(),
        };
        let (start, view) = self.update(|state| state.take_inspection(inspected));
        if start {
            self.start_verify_task(false);
            return self.view();
        }
        view
    }
}
