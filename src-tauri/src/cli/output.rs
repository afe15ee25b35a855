//! How subcommands report: one JSON object on stdout with `--json`, plain sentences otherwise,
//! and the exit codes of the contract (0 ok, 1 not acceptable, 2 usage or profile, 3 later).

use rc_onboard_verify::report::terminal_safe;
use rc_onboard_verify::ErrorKind;
use serde_json::json;

use super::input::EXIT_USAGE;

/// A failure before or outside verification, with its stable kind (or `None` for usage errors).
#[derive(Debug)]
pub struct Failure {
    pub kind: Option<ErrorKind>,
    pub message: String,
}

impl Failure {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Failure {
        Failure {
            kind: Some(kind),
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            kind: None,
            message: message.into(),
        }
    }

    /// Exit code: the kind's, or 2 for usage problems.
    pub fn exit_code(&self) -> i32 {
        self.kind.map(ErrorKind::exit_code).unwrap_or(EXIT_USAGE)
    }
}

/// Prints one JSON value as a single line on stdout.
pub fn print_json(value: &serde_json::Value) {
    println!("{value}");
}

/// Reports a usage or profile error and returns exit code 2.
pub fn usage_error(json: bool, message: &str) -> i32 {
    if json {
        print_json(&json!({"ok": false, "error": {"kind": "usage", "message": message}}));
    } else {
        eprintln!("rc-onboard: {}", terminal_safe(message));
    }
    EXIT_USAGE
}

/// A line of progress for a person, on stderr (never in `--json` mode's stdout).
pub fn progress(json: bool, line: &str) {
    if !json {
        eprintln!("{line}");
    }
}

/// Text safe to print to a terminal.
pub fn safe(text: &str) -> String {
    terminal_safe(text)
}
