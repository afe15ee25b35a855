//! The one place where errors become what the window sees: `{ "kind": "...", "message": "..." }`,
//! the kind one of [`CommandErrorKind`] (listed in docs/IPC.md).

pub use rc_onboard_session::window::CommandErrorKind;
use serde::Serialize;

/// A command's failure, serialised for the window.
#[derive(Debug, Serialize)]
pub struct CommandError {
    pub kind: CommandErrorKind,
    pub message: String,
}

impl CommandError {
    pub fn new(kind: CommandErrorKind, message: impl Into<String>) -> CommandError {
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
        CommandError::new(CommandErrorKind::Demo, error.to_string())
    }
}

/// Result type of every command.
pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_error_serialises_as_kind_and_message() {
        let error = CommandError::new(CommandErrorKind::NoSupportContact, "none");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({ "kind": "no_support_contact", "message": "none" })
        );
    }
}
