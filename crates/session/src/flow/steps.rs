//! Moving between the wizard's steps (Back, Next, fix buttons), the step-3 checklist, and notes
//! for the timeline.

use super::{Session, SessionError};
use crate::view::{ChecklistItem, Step, View};

impl Session {
    /// Moves to `step` (Back, Next, or a fix button). Steps whose prerequisites are missing are
    /// refused with a message saying what is missing. Going back to Paste or earlier forgets the
    /// pasted credential.
    pub fn go(&self, step: Step) -> Result<View, SessionError> {
        let (result, view) = self.update(|state| state.go(step));
        result.map_err(SessionError::not_now).map(|()| view)
    }

    /// Ticks or clears a step-3 checklist item.
    pub fn set_check(&self, item: ChecklistItem, checked: bool) -> View {
        let ((), view) = self.update(|state| state.checklist.set(item, checked));
        view
    }

    /// Records that something happened (e.g. the console link was opened) in the timeline.
    pub fn note(&self, what: &str) {
        self.state().timeline.record(what, None, None);
    }
}
