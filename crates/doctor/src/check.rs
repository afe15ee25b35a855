//! One doctor line ([`Check`]), its [`Status`], the fixed list of checks every report holds
//! ([`planned_checks`]) and the [`DoctorReport`] they make up.

use std::time::Duration;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// Outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Works.
    Pass,
    /// Works now but needs attention (certificate expiring soon, clock drifting, corrupt outbox file).
    Warn,
    /// Broken: onboarding will fail because of it.
    Fail,
    /// Not run, because an earlier check it depends on failed.
    Skip,
}

impl Status {
    /// The four-letter label of text output: `PASS`, `WARN`, `FAIL`, `SKIP`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }
}

/// The stable id and the human title of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CheckName {
    /// Stable machine id, e.g. `ringcentral.dns`.
    pub id: &'static str,
    /// Short human title, e.g. `ringcentral dns`.
    pub title: &'static str,
}

const fn name(id: &'static str, title: &'static str) -> CheckName {
    CheckName { id, title }
}

pub(crate) const PROFILE: CheckName = name("profile", "profile");
pub(crate) const RINGCENTRAL_DNS: CheckName = name("ringcentral.dns", "ringcentral dns");
pub(crate) const RINGCENTRAL_TCP: CheckName = name("ringcentral.tcp", "ringcentral tcp");
pub(crate) const RINGCENTRAL_TLS: CheckName = name("ringcentral.tls", "ringcentral tls");
pub(crate) const RINGCENTRAL_HTTP: CheckName = name("ringcentral.http", "ringcentral http");
pub(crate) const CONSOLE_DNS: CheckName = name("console.dns", "console dns");
pub(crate) const CONSOLE_TCP: CheckName = name("console.tcp", "console tcp");
pub(crate) const CONSOLE_TLS: CheckName = name("console.tls", "console tls");
pub(crate) const CONSOLE_HTTP: CheckName = name("console.http", "console http");
pub(crate) const INTAKE_DNS: CheckName = name("intake.dns", "intake dns");
pub(crate) const INTAKE_TCP: CheckName = name("intake.tcp", "intake tcp");
pub(crate) const INTAKE_TLS: CheckName = name("intake.tls", "intake tls");
pub(crate) const INTAKE_HTTP: CheckName = name("intake.http", "intake http");
pub(crate) const CLOCK: CheckName = name("clock", "clock");
pub(crate) const KEYRING: CheckName = name("keyring", "keyring");
pub(crate) const OUTBOX: CheckName = name("outbox", "outbox");

const ALL_CHECKS: [CheckName; 16] = [
    PROFILE,
    RINGCENTRAL_DNS,
    RINGCENTRAL_TCP,
    RINGCENTRAL_TLS,
    RINGCENTRAL_HTTP,
    CONSOLE_DNS,
    CONSOLE_TCP,
    CONSOLE_TLS,
    CONSOLE_HTTP,
    INTAKE_DNS,
    INTAKE_TCP,
    INTAKE_TLS,
    INTAKE_HTTP,
    CLOCK,
    KEYRING,
    OUTBOX,
];

/// Every check a report holds, in report order. A report always has exactly these, each once, so
/// a user interface can draw all rows before the first result arrives.
pub fn planned_checks() -> &'static [CheckName] {
    &ALL_CHECKS
}

/// One line of the doctor's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable machine id, e.g. `intake.tls`.
    pub id: &'static str,
    /// Short human title, e.g. `intake tls`.
    pub title: &'static str,
    pub status: Status,
    /// What was found, e.g. `platform.ringcentral.com → 3 addresses: …`.
    pub detail: String,
    /// What the user can do about a warning or failure.
    pub fix: Option<String>,
    /// How long the check took.
    pub duration_ms: u64,
}

impl Check {
    pub(crate) fn new(
        name: CheckName,
        status: Status,
        detail: impl Into<String>,
        fix: Option<String>,
        duration: Duration,
    ) -> Check {
        Check {
            id: name.id,
            title: name.title,
            status,
            detail: detail.into(),
            fix,
            duration_ms: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
        }
    }

    pub(crate) fn pass(name: CheckName, detail: impl Into<String>, duration: Duration) -> Check {
        Check::new(name, Status::Pass, detail, None, duration)
    }

    pub(crate) fn warn(
        name: CheckName,
        detail: impl Into<String>,
        fix: impl Into<String>,
        duration: Duration,
    ) -> Check {
        Check::new(name, Status::Warn, detail, Some(fix.into()), duration)
    }

    pub(crate) fn fail(
        name: CheckName,
        detail: impl Into<String>,
        fix: impl Into<String>,
        duration: Duration,
    ) -> Check {
        Check::new(name, Status::Fail, detail, Some(fix.into()), duration)
    }

    pub(crate) fn skip(name: CheckName, reason: impl Into<String>) -> Check {
        Check::new(name, Status::Skip, reason, None, Duration::ZERO)
    }
}

/// Every check's result, in [`planned_checks`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorReport {
    pub checks: Vec<Check>,
}

impl DoctorReport {
    /// True when no check failed (warnings and skips do not count).
    pub fn ok(&self) -> bool {
        !self.checks.iter().any(|check| check.status == Status::Fail)
    }

    /// The check with this id.
    pub fn get(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|check| check.id == id)
    }

    /// How many checks ended with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.checks
            .iter()
            .filter(|check| check.status == status)
            .count()
    }
}

/// Serialises as `{"ok": bool, "checks": [...]}`.
impl Serialize for DoctorReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut report = serializer.serialize_struct("DoctorReport", 2)?;
        report.serialize_field("ok", &self.ok())?;
        report.serialize_field("checks", &self.checks)?;
        report.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_ids_are_unique_and_titles_follow_ids() {
        let ids: std::collections::HashSet<_> = planned_checks().iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), planned_checks().len());
        for check in planned_checks() {
            assert_eq!(check.title, check.id.replace('.', " "), "{}", check.id);
        }
    }

    #[test]
    fn a_report_is_ok_unless_a_check_failed() {
        let mut report = DoctorReport {
            checks: vec![
                Check::pass(PROFILE, "fine", Duration::ZERO),
                Check::warn(CLOCK, "drifting", "set it", Duration::ZERO),
                Check::skip(OUTBOX, "not run"),
            ],
        };
        assert!(report.ok());
        report
            .checks
            .push(Check::fail(KEYRING, "gone", "install one", Duration::ZERO));
        assert!(!report.ok());
        assert_eq!(report.count(Status::Fail), 1);
        assert_eq!(report.get("clock").map(|c| c.status), Some(Status::Warn));
    }
}
