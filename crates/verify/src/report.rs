//! The `rc-onboard check` output: the `--json` shapes (one JSON object per run) and the human text.

use rc_onboard_core::text::printable;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::engine::{Identity, RingCentralDetails, Verification, VerifyError};
use crate::error::ErrorKind;
use crate::inspect::format_date;

/// `{"ok":true,…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSuccess {
    /// Always `true`.
    pub ok: bool,
    /// Whose account the credential connects.
    pub identity: Identity,
    /// Permissions the provider app's token carries.
    pub permissions: Vec<String>,
    /// Always empty on success.
    pub missing_permissions: Vec<String>,
    /// When the credential expires.
    pub credential: CheckCredential,
}

/// `"credential":{"expires_at":"RFC3339"|null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckCredential {
    /// `null` when the credential never expires.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

/// `{"ok":false,"error":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckFailure {
    /// Always `false`.
    pub ok: bool,
    /// What went wrong.
    pub error: CheckError,
}

/// The `error` object of a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckError {
    /// The stable kind.
    pub kind: ErrorKind,
    /// What happened and what to do, for a person.
    pub message: String,
    /// Seconds to wait before retrying.
    pub retry_after_s: Option<u64>,
    /// Required permissions the provider app lacks.
    pub missing_permissions: Vec<String>,
    /// What RingCentral said, when it answered.
    pub ringcentral: Option<RingCentralDetails>,
}

impl CheckSuccess {
    /// The success object for a verification.
    pub fn from_verification(verification: &Verification) -> CheckSuccess {
        CheckSuccess {
            ok: true,
            identity: verification.identity.clone(),
            permissions: verification.permissions.clone(),
            missing_permissions: verification.missing_permissions.clone(),
            credential: CheckCredential {
                expires_at: verification.expires_at,
            },
        }
    }

    /// One line of JSON, without a trailing newline.
    pub fn to_json_line(&self) -> String {
        to_json_line(self)
    }
}

impl CheckFailure {
    /// The failure object for a verification error.
    pub fn from_error(error: &VerifyError) -> CheckFailure {
        CheckFailure {
            ok: false,
            error: CheckError {
                kind: error.kind(),
                message: error.message(),
                retry_after_s: error.retry_after_s(),
                missing_permissions: error.missing_permissions().to_vec(),
                ringcentral: error.ringcentral(),
            },
        }
    }

    /// A failure with only a kind and a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> CheckFailure {
        CheckFailure {
            ok: false,
            error: CheckError {
                kind,
                message: message.into(),
                retry_after_s: None,
                missing_permissions: Vec::new(),
                ringcentral: None,
            },
        }
    }

    /// One line of JSON, without a trailing newline.
    pub fn to_json_line(&self) -> String {
        to_json_line(self)
    }
}

fn to_json_line(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| {
        r#"{"ok":false,"error":{"kind":"unexpected","message":"could not write the result","retry_after_s":null,"missing_permissions":[],"ringcentral":null}}"#.to_owned()
    })
}

/// Human text for a verified credential:
/// `Connected as NAME (ext. N), COMPANY, account ID …` and the details below it.
pub fn render_success(verification: &Verification) -> String {
    let identity = &verification.identity;
    let mut lines = vec![format!("{}.", connected_as(identity))];
    if let Some(email) = &identity.email {
        lines.push(format!("E-mail: {}", terminal_safe(email)));
    }
    if !verification.permissions.is_empty() {
        lines.push(format!(
            "Permissions: {}",
            terminal_safe(&verification.permissions.join(", "))
        ));
    }
    lines.push(match verification.expires_at {
        None => "Credential: never expires.".to_owned(),
        Some(at) if verification.expires_soon => format!(
            "Credential: expires on {} (soon: you will need a new one then).",
            format_date(at)
        ),
        Some(at) => format!("Credential: expires on {}.", format_date(at)),
    });
    lines.push(format!(
        "Credential fingerprint: {}",
        verification.credential.fingerprint
    ));
    for note in &verification.notes {
        lines.push(format!("Note: {}", note.message()));
    }
    lines.join("\n")
}

/// `Connected as NAME (ext. N), COMPANY, account ID …`
pub fn connected_as(identity: &Identity) -> String {
    let mut text = format!("Connected as {}", terminal_safe(&identity.name));
    if !identity.extension_number.is_empty() {
        text.push_str(&format!(
            " (ext. {})",
            terminal_safe(&identity.extension_number)
        ));
    }
    if let Some(company) = &identity.company {
        text.push_str(&format!(", {}", terminal_safe(company)));
    }
    text.push_str(&format!(
        ", account ID {}",
        terminal_safe(&identity.account_id)
    ));
    text
}

/// Human text for a failure: the message, the kind, RingCentral's details and the next step.
pub fn render_failure(error: &VerifyError) -> String {
    let kind = error.kind();
    let mut lines = vec![format!("Not verified ({kind}): {}", error.message())];
    if let Some(identity) = error.identity() {
        lines.push(format!("{}.", connected_as(identity)));
    }
    if let Some(details) = error.ringcentral() {
        lines.push(format!(
            "RingCentral: {}",
            terminal_safe(&details.to_string())
        ));
        if let Some(message) = &details.message {
            lines.push(format!("RingCentral said: {}", terminal_safe(message)));
        }
    }
    let ids = error.request_ids();
    if !ids.is_empty() {
        lines.push(format!(
            "RingCentral request IDs: {}",
            terminal_safe(&ids.join(", "))
        ));
    }
    lines.push(format!("Next step: {}", kind.fix_step()));
    lines.join("\n")
}

/// Server text made safe for a terminal with [`rc_onboard_core::text::printable`], uncut: the
/// callers pass fields that are already short, or whole messages.
pub fn terminal_safe(text: &str) -> String {
    printable(text, usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::{NotJwtReason, Verdict};

    fn identity() -> Identity {
        Identity {
            account_id: "208594004".into(),
            extension_id: "208594005".into(),
            extension_number: "101".into(),
            name: "Jane Cooper".into(),
            email: Some("jane@cooper.example".into()),
            company: Some("Cooper Dental LLC".into()),
        }
    }

    #[test]
    fn success_json_has_exactly_the_issue_shape() {
        let success = CheckSuccess {
            ok: true,
            identity: identity(),
            permissions: vec!["ReadAccounts".into()],
            missing_permissions: vec![],
            credential: CheckCredential {
                expires_at: Some(OffsetDateTime::from_unix_timestamp(1_769_903_999).unwrap()),
            },
        };
        let line = success.to_json_line();
        assert!(!line.contains('\n'));
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "ok": true,
                "identity": {
                    "account_id": "208594004",
                    "extension_id": "208594005",
                    "extension_number": "101",
                    "name": "Jane Cooper",
                    "email": "jane@cooper.example",
                    "company": "Cooper Dental LLC"
                },
                "permissions": ["ReadAccounts"],
                "missing_permissions": [],
                "credential": {"expires_at": "2026-01-31T23:59:59Z"}
            })
        );
        let never = CheckSuccess {
            credential: CheckCredential { expires_at: None },
            identity: Identity {
                email: None,
                company: None,
                ..identity()
            },
            ..success
        };
        let value: serde_json::Value = serde_json::from_str(&never.to_json_line()).unwrap();
        assert_eq!(value["credential"]["expires_at"], serde_json::Value::Null);
        assert_eq!(value["identity"]["email"], serde_json::Value::Null);
        assert_eq!(value["identity"]["company"], serde_json::Value::Null);
        let back: CheckSuccess = serde_json::from_value(value).unwrap();
        assert_eq!(back, never);
    }

    #[test]
    fn failure_json_has_exactly_the_issue_shape() {
        let error = VerifyError::Inspection {
            verdict: Verdict::NotJwt(NotJwtReason::Unsigned),
            notes: vec![],
        };
        let failure = CheckFailure::from_error(&error);
        let value: serde_json::Value = serde_json::from_str(&failure.to_json_line()).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "ok": false,
                "error": {
                    "kind": "malformed",
                    "message": error.message(),
                    "retry_after_s": null,
                    "missing_permissions": [],
                    "ringcentral": null
                }
            })
        );
        let mut with_rc = CheckFailure::new(ErrorKind::AppNotEnabled, "x");
        with_rc.error.ringcentral = Some(RingCentralDetails {
            status: 400,
            error: Some("unauthorized_client".into()),
            code: Some("OAU-251".into()),
            request_id: None,
            message: Some("Unauthorized for this grant type".into()),
        });
        with_rc.error.retry_after_s = Some(30);
        let value: serde_json::Value = serde_json::from_str(&with_rc.to_json_line()).unwrap();
        assert_eq!(
            value["error"]["ringcentral"],
            serde_json::json!({"status":400,"error":"unauthorized_client","code":"OAU-251","request_id":null,"message":"Unauthorized for this grant type"})
        );
        assert_eq!(value["error"]["kind"], "app_not_enabled");
        assert_eq!(value["error"]["retry_after_s"], 30);
    }

    #[test]
    fn connected_as_line() {
        assert_eq!(
            connected_as(&identity()),
            "Connected as Jane Cooper (ext. 101), Cooper Dental LLC, account ID 208594004"
        );
        let bare = Identity {
            extension_number: String::new(),
            company: None,
            ..identity()
        };
        assert_eq!(
            connected_as(&bare),
            "Connected as Jane Cooper, account ID 208594004"
        );
    }

    #[test]
    fn terminal_escapes_from_the_server_are_neutralised() {
        let hostile = Identity {
            name: "Jane\u{1b}[2J\u{202e}Cooper".into(),
            ..identity()
        };
        let line = connected_as(&hostile);
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{202e}'),
            "{line:?}"
        );
        // The whole escape sequence and the override are each replaced by one U+FFFD.
        assert!(line.contains("Jane\u{fffd}\u{fffd}Cooper"), "{line:?}");
    }

    #[test]
    fn failure_text_names_kind_and_next_step() {
        let error = VerifyError::Inspection {
            verdict: Verdict::Empty,
            notes: vec![],
        };
        let text = render_failure(&error);
        assert!(
            text.starts_with("Not verified (malformed): Nothing was pasted."),
            "{text}"
        );
        assert!(text.ends_with("Next step: paste"), "{text}");
    }
}
