//! The one place where errors become what the window sees: `{ "kind": "...", "message": "..." }`.

use serde::Serialize;

/// A command's failure, serialised for the window.
#[derive(Debug, Serialize)]
pub struct CommandError {
    pub kind: &'static str,
    pub message: String,
}

impl CommandError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> CommandError {
        CommandError {
            kind,
            message: message.into(),
        }
    }
}

impl From<rc_onboard_session::SessionError> for CommandError {
    fn from(error: rc_onboard_session::SessionError) -> CommandError {
        CommandError::new(error.kind(), error.to_string())
    }
}

#[cfg(feature = "demo")]
impl From<rc_onboard_demo::DemoError> for CommandError {
    fn from(error: rc_onboard_demo::DemoError) -> CommandError {
        CommandError::new("demo", error.to_string())
    }
}

/// Result type of every command.
pub type CommandResult<T> = Result<T, CommandError>;
