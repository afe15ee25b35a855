//! How the process ends: the exit statuses of the command-line contract, and the one place where
//! an error kind becomes one.

use std::process::ExitCode;

use rc_onboard_verify::ErrorKind;

/// The exit status of a run (the window or a subcommand).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done: verified, delivered, nothing left pending.
    Ok,
    /// The credential, account or permissions are not acceptable, or the intake refused.
    Refused,
    /// A usage or profile error.
    Usage,
    /// Temporarily unavailable, or queued for a later retry.
    Later,
}

impl Exit {
    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Refused => 1,
            Exit::Usage => 2,
            Exit::Later => 3,
        }
    }
}

impl From<ErrorKind> for Exit {
    fn from(kind: ErrorKind) -> Exit {
        match kind.exit_code() {
            0 => Exit::Ok,
            2 => Exit::Usage,
            3 => Exit::Later,
            _ => Exit::Refused,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_are_the_contract() {
        assert_eq!(Exit::Ok.code(), 0);
        assert_eq!(Exit::Refused.code(), 1);
        assert_eq!(Exit::Usage.code(), 2);
        assert_eq!(Exit::Later.code(), 3);
    }

    #[test]
    fn error_kinds_exit_with_their_own_code() {
        for kind in ErrorKind::ALL {
            assert_eq!(
                i32::from(Exit::from(kind).code()),
                kind.exit_code(),
                "{kind:?}"
            );
        }
        assert_eq!(Exit::from(ErrorKind::RateLimited), Exit::Later);
        assert_eq!(Exit::from(ErrorKind::Rejected), Exit::Refused);
    }
}
