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

/// How a subcommand prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Sentences for a person.
    Human,
    /// One JSON object in the subcommand's own failure shape.
    Json(JsonShape),
}

/// The failure object each subcommand's `--json` promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonShape {
    /// `{"ok":false,"error":{"kind","message"}}`
    Plain,
    /// `check`: the error also has `retry_after_s`, `missing_permissions` and `ringcentral`.
    Check,
    /// `send`: the object also has `queued` and `submission_id`.
    Send,
}

impl Output {
    pub fn new(json: bool, shape: JsonShape) -> Output {
        if json {
            Output::Json(shape)
        } else {
            Output::Human
        }
    }

    pub fn is_json(self) -> bool {
        matches!(self, Output::Json(_))
    }
}

/// Reports a usage or profile error (kind `usage`) and returns exit code 2.
pub fn usage_error(output: Output, message: &str) -> i32 {
    match output {
        Output::Human => eprintln!("rc-onboard: {}", terminal_safe(message)),
        Output::Json(shape) => {
            let mut error = json!({"kind": "usage", "message": message});
            let mut object = json!({"ok": false});
            match shape {
                JsonShape::Plain => {}
                JsonShape::Check => {
                    error["retry_after_s"] = serde_json::Value::Null;
                    error["missing_permissions"] = json!([]);
                    error["ringcentral"] = serde_json::Value::Null;
                }
                JsonShape::Send => {
                    object["queued"] = json!(false);
                    object["submission_id"] = serde_json::Value::Null;
                }
            }
            object["error"] = error;
            print_json(&object);
        }
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
