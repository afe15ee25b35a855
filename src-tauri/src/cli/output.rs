//! How subcommands report: one JSON object on stdout with `--json`, plain sentences otherwise,
//! and the exit statuses of the contract (0 ok, 1 not acceptable, 2 usage or profile, 3 later).
//!
//! The JSON objects are typed; their fields are declared in the order they are printed.

use rc_onboard_verify::engine::RingCentralDetails;
use rc_onboard_verify::report::terminal_safe;
use rc_onboard_verify::ErrorKind;
use serde::Serialize;

use crate::exit::Exit;

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

    /// How the process ends: as the kind says, or [`Exit::Usage`] for usage problems.
    pub fn exit(&self) -> Exit {
        self.kind.map_or(Exit::Usage, Exit::from)
    }
}

/// Prints one JSON value as a single line on stdout.
pub fn print_json(value: &impl Serialize) {
    match serde_json::to_string(value) {
        Ok(line) => println!("{line}"),
        Err(error) => eprintln!("rc-onboard: the result could not be written as JSON: {error}"),
    }
}

/// The `error` object: `{"kind":"…","message":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorBody {
    pub kind: String,
    pub message: String,
}

impl ErrorBody {
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            kind: kind.into(),
            message: message.into(),
        }
    }

    /// A usage or profile error (kind `usage`).
    fn usage(message: &str) -> ErrorBody {
        ErrorBody::new("usage", message)
    }
}

/// `{"error":{…},"ok":false}`: the plain failure object.
#[derive(Debug, Serialize)]
struct PlainFailure {
    error: ErrorBody,
    ok: bool,
}

/// `check`'s failure object for a usage error:
/// `{"error":{"kind","message","missing_permissions","retry_after_s","ringcentral"},"ok":false}`.
#[derive(Debug, Serialize)]
struct CheckUsageFailure {
    error: CheckUsageError,
    ok: bool,
}

/// The `error` of [`CheckUsageFailure`]: nothing was asked of RingCentral.
#[derive(Debug, Serialize)]
struct CheckUsageError {
    kind: &'static str,
    message: String,
    missing_permissions: Vec<String>,
    retry_after_s: Option<u64>,
    ringcentral: Option<RingCentralDetails>,
}

/// `send`'s failure object: `{"error":{…},"ok":false,"queued":…,"submission_id":…}`.
#[derive(Debug, Serialize)]
pub struct SendFailure {
    error: ErrorBody,
    ok: bool,
    queued: bool,
    submission_id: Option<String>,
}

impl SendFailure {
    /// The submission `submission_id` (when one was prepared) failed; `queued` when it waits in
    /// the outbox for a later try.
    pub fn new(submission_id: Option<&str>, queued: bool, error: ErrorBody) -> SendFailure {
        SendFailure {
            error,
            ok: false,
            queued,
            submission_id: submission_id.map(str::to_owned),
        }
    }
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
    /// `{"error":{"kind","message"},"ok":false}`
    Plain,
    /// `check`: the error also has `missing_permissions`, `retry_after_s` and `ringcentral`.
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

/// Reports a usage or profile error (kind `usage`); the process ends with [`Exit::Usage`].
pub fn usage_error(output: Output, message: &str) -> Exit {
    match output {
        Output::Human => eprintln!("rc-onboard: {}", terminal_safe(message)),
        Output::Json(JsonShape::Plain) => print_json(&PlainFailure {
            error: ErrorBody::usage(message),
            ok: false,
        }),
        Output::Json(JsonShape::Check) => print_json(&CheckUsageFailure {
            error: CheckUsageError {
                kind: "usage",
                message: message.to_owned(),
                missing_permissions: Vec::new(),
                retry_after_s: None,
                ringcentral: None,
            },
            ok: false,
        }),
        Output::Json(JsonShape::Send) => {
            print_json(&SendFailure::new(None, false, ErrorBody::usage(message)))
        }
    }
    Exit::Usage
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(value: &impl Serialize) -> String {
        serde_json::to_string(value).unwrap()
    }

    #[test]
    fn usage_failures_print_as_before() {
        let plain = PlainFailure {
            error: ErrorBody::usage("m"),
            ok: false,
        };
        assert_eq!(
            line(&plain),
            r#"{"error":{"kind":"usage","message":"m"},"ok":false}"#
        );
        let check = CheckUsageFailure {
            error: CheckUsageError {
                kind: "usage",
                message: "m".to_owned(),
                missing_permissions: Vec::new(),
                retry_after_s: None,
                ringcentral: None,
            },
            ok: false,
        };
        assert_eq!(
            line(&check),
            r#"{"error":{"kind":"usage","message":"m","missing_permissions":[],"retry_after_s":null,"ringcentral":null},"ok":false}"#
        );
    }

    #[test]
    fn send_failures_print_as_before() {
        assert_eq!(
            line(&SendFailure::new(None, false, ErrorBody::usage("m"))),
            r#"{"error":{"kind":"usage","message":"m"},"ok":false,"queued":false,"submission_id":null}"#
        );
        assert_eq!(
            line(&SendFailure::new(
                Some("id-1"),
                true,
                ErrorBody::new("intake_unavailable", "later")
            )),
            r#"{"error":{"kind":"intake_unavailable","message":"later"},"ok":false,"queued":true,"submission_id":"id-1"}"#
        );
    }

    #[test]
    fn usage_problems_exit_2_and_kinds_exit_with_theirs() {
        assert_eq!(Failure::usage("m").exit(), Exit::Usage);
        assert_eq!(
            Failure::new(ErrorKind::Malformed, "m").exit(),
            Exit::Refused
        );
        assert_eq!(
            Failure::new(ErrorKind::Unavailable, "m").exit(),
            Exit::Later
        );
    }
}
