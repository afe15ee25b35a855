//! The window contract's fixed parts (docs/IPC.md): the events that carry views and doctor
//! checks, the wait the window counts down after a rate limit that named none, and the kinds a
//! failed command rejects with. Rust defines each once; the window receives the constants through `app_info`.

use serde::{Deserialize, Serialize};

/// The event that carries every new view to the window.
pub const VIEW_EVENT: &str = "wizard://view";

/// The event that carries each doctor check as it finishes.
pub const DOCTOR_EVENT: &str = "doctor://check";

/// Seconds to wait after a rate limit that names no wait (RingCentral's guidance).
pub use rc_onboard_verify::ringcentral::DEFAULT_RETRY_AFTER_S;

/// The constants the window takes from Rust instead of defining its own copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WindowConstants {
    /// The event name of [`VIEW_EVENT`].
    pub view_event: &'static str,
    /// The event name of [`DOCTOR_EVENT`].
    pub doctor_event: &'static str,
    /// [`DEFAULT_RETRY_AFTER_S`].
    pub default_retry_after_s: u64,
}

impl WindowConstants {
    /// The constants of this build.
    pub const CURRENT: WindowConstants = WindowConstants {
        view_event: VIEW_EVENT,
        doctor_event: DOCTOR_EVENT,
        default_retry_after_s: DEFAULT_RETRY_AFTER_S,
    };
}

/// Why a window command failed: the `kind` of the `{ kind, message }` it rejects with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandErrorKind {
    /// Refused in the current state; the message says what to do first.
    NotNow,
    /// The data folder (its outbox) cannot be used.
    DataDir,
    /// Something that should not happen (an engine or client could not start).
    Unexpected,
    /// No browser (or mail program) could be opened.
    NoBrowser,
    /// The profile names no support contact.
    NoSupportContact,
    /// The support report could not be written.
    SaveFailed,
    /// A demo command outside demo mode.
    NotDemo,
    /// The built-in demo failed (an unknown preset, its services).
    Demo,
}

impl CommandErrorKind {
    /// Every kind, in the order docs/IPC.md lists them.
    pub const ALL: [CommandErrorKind; 8] = [
        CommandErrorKind::NotNow,
        CommandErrorKind::DataDir,
        CommandErrorKind::Unexpected,
        CommandErrorKind::NoBrowser,
        CommandErrorKind::NoSupportContact,
        CommandErrorKind::SaveFailed,
        CommandErrorKind::NotDemo,
        CommandErrorKind::Demo,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPC_DOC: &str = include_str!("../../../docs/IPC.md");

    #[test]
    fn every_command_error_kind_is_pinned_and_documented() {
        let expected = [
            "not_now",
            "data_dir",
            "unexpected",
            "no_browser",
            "no_support_contact",
            "save_failed",
            "not_demo",
            "demo",
        ];
        assert_eq!(CommandErrorKind::ALL.len(), expected.len());
        for (kind, name) in CommandErrorKind::ALL.into_iter().zip(expected) {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            let back: CommandErrorKind = serde_json::from_str(&json).unwrap();
            assert_eq!(back, kind);
            assert!(
                IPC_DOC.contains(&format!("| `{name}` |")),
                "docs/IPC.md lists no command error kind `{name}`"
            );
        }
    }

    #[test]
    fn the_window_constants_are_the_ones_the_window_knew() {
        let json = serde_json::to_value(WindowConstants::CURRENT).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "view_event": "wizard://view",
                "doctor_event": "doctor://check",
                "default_retry_after_s": 60
            })
        );
    }
}
