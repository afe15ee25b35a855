//! Text for people: the final summary ("Copy summary") and the redacted support report. Neither
//! ever contains the JWT, the onboarding code or the client secret: the credential appears only as
//! its jti, sub, exp and short fingerprint.

use std::fmt::Write as _;

use rc_onboard_verify::inspect::CredentialFacts;

use crate::timeline::Timeline;
use crate::view::{FailureView, View};

/// Extra lines for the support report (e.g. doctor results), already redacted.
pub type ExtraSection = (String, Vec<String>);

/// The final summary shown on the Done screen.
pub fn summary(view: &View) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "RingCentral connected to {}", view.provider.name);
    if let Some(identity) = &view.verification.identity {
        let _ = write!(text, "Connected as {}", identity.name);
        if !identity.extension_number.is_empty() {
            let _ = write!(text, " (ext. {})", identity.extension_number);
        }
        if let Some(company) = &identity.company {
            let _ = write!(text, ", {company}");
        }
        let _ = writeln!(text, ", account {}", identity.account_id);
    }
    if !view.verification.permissions.is_empty() {
        let _ = writeln!(
            text,
            "Permissions: {}",
            view.verification.permissions.join(", ")
        );
    }
    if let Some(inspection) = &view.inspection {
        match &inspection.expires_at {
            Some(at) => {
                let _ = writeln!(text, "Credential expires: {at}");
            }
            None => {
                let _ = writeln!(text, "Credential expires: never");
            }
        }
        if let Some(fingerprint) = &inspection.fingerprint {
            let _ = writeln!(text, "Credential fingerprint: {fingerprint}");
        }
    }
    if let Some(receipt) = &view.delivery.receipt_id {
        let _ = writeln!(text, "Receipt: {receipt}");
    }
    if let Some(at) = &view.delivery.received_at {
        let _ = writeln!(text, "Received by {}: {at}", view.provider.name);
    }
    if let Some(id) = &view.delivery.submission_id {
        let _ = writeln!(text, "Submission: {id}");
    }
    let _ = writeln!(text, "Session: {}", view.session_id);
    if let Some(email) = &view.provider.support_email {
        let _ = writeln!(text, "Support: {email}");
    }
    if let Some(url) = &view.provider.support_url {
        let _ = writeln!(text, "Help: {url}");
    }
    text
}

/// A verification failure: its kind, message and fix, and what RingCentral said (status, codes,
/// request id and its own words, already printable and short).
fn write_failure(text: &mut String, failure: &FailureView) {
    let _ = writeln!(
        text,
        "  error: {} (fix: {})",
        failure.kind, failure.fix_step
    );
    let _ = writeln!(text, "  message: {}", failure.message);
    if let Some(seconds) = failure.retry_after_s {
        let _ = writeln!(text, "  retry after: {seconds} s");
    }
    if let Some(details) = &failure.ringcentral {
        let _ = writeln!(text, "  ringcentral: {details}");
        if let Some(message) = &details.message {
            let _ = writeln!(text, "  ringcentral said: {message}");
        }
    }
}

/// The redacted support report.
pub fn support_report(
    view: &View,
    timeline: &Timeline,
    credential: Option<&CredentialFacts>,
    extra: &[ExtraSection],
) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "rc-onboard support report");
    let _ = writeln!(text, "app version: {}", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(
        text,
        "os: {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    let _ = writeln!(text, "session: {}", view.session_id);
    let _ = writeln!(text, "provider: {}", view.provider.name);
    let _ = writeln!(text, "client id: {}", view.client_id);
    let _ = writeln!(text, "demo: {}", view.demo);
    let _ = writeln!(text, "current step: {}", view.step.as_str());
    let _ = writeln!(
        text,
        "onboarding code: {}",
        if view.code.present {
            "present (not shown)"
        } else {
            "missing"
        }
    );
    let _ = writeln!(text);
    let _ = writeln!(text, "credential:");
    match credential {
        Some(facts) => {
            let _ = writeln!(text, "  jti: {}", facts.jti.as_deref().unwrap_or("-"));
            let _ = writeln!(text, "  sub: {}", facts.sub.as_deref().unwrap_or("-"));
            let _ = writeln!(text, "  exp: {}", facts.exp);
            let _ = writeln!(text, "  fingerprint: {}", facts.fingerprint);
        }
        None => {
            let _ = writeln!(text, "  none held");
        }
    }
    let _ = writeln!(text);
    let _ = writeln!(text, "verification: {:?}", view.verification.status);
    if let Some(identity) = &view.verification.identity {
        let _ = writeln!(
            text,
            "  account {} extension {} ({})",
            identity.account_id, identity.extension_id, identity.extension_number
        );
    }
    if let Some(failure) = &view.verification.error {
        write_failure(&mut text, failure);
    }
    let _ = writeln!(text, "delivery: {:?}", view.delivery.status);
    if let Some(id) = &view.delivery.submission_id {
        let _ = writeln!(text, "  submission: {id}");
    }
    if let Some(receipt) = &view.delivery.receipt_id {
        let _ = writeln!(text, "  receipt: {receipt}");
    }
    let _ = writeln!(text);
    let _ = writeln!(text, "recent errors:");
    let errors = timeline.recent_errors();
    if errors.is_empty() {
        let _ = writeln!(text, "  none");
    }
    for event in errors.iter().take(20) {
        let _ = writeln!(
            text,
            "  {} {} kind={} request_id={}",
            event.at,
            event.what,
            event.kind.as_deref().unwrap_or("-"),
            event.request_id.as_deref().unwrap_or("-")
        );
    }
    let _ = writeln!(text);
    let _ = writeln!(text, "timeline:");
    for event in timeline.events() {
        let _ = write!(text, "  {} {}", event.at, event.what);
        if let Some(kind) = &event.kind {
            let _ = write!(text, " kind={kind}");
        }
        if let Some(request_id) = &event.request_id {
            let _ = write!(text, " request_id={request_id}");
        }
        let _ = writeln!(text);
    }
    for (title, lines) in extra {
        let _ = writeln!(text);
        let _ = writeln!(text, "{title}:");
        for line in lines {
            let _ = writeln!(text, "  {line}");
        }
    }
    text
}
