//! Output of `rc-onboard doctor`: aligned text lines with indented fix hints, or the JSON shape
//! `{"ok": bool, "checks": [...]}`.

use std::fmt::Write;

use crate::check::{Check, DoctorReport, Status};

/// One line per check (`PASS  ringcentral dns  platform.ringcentral.com → 3 addresses (12 ms)`;
/// lines that took under a millisecond show no timing),
/// an indented `fix:` line under each check that has one, and a closing summary line.
pub fn render_text(report: &DoctorReport) -> String {
    let title_width = report
        .checks
        .iter()
        .map(|check| check.title.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for check in &report.checks {
        out.push_str(&render_line(check, title_width));
        out.push('\n');
        if let Some(fix) = &check.fix {
            let _ = writeln!(out, "      fix: {fix}");
        }
    }
    let _ = writeln!(
        out,
        "{}: {} passed, {} warnings, {} failed, {} skipped",
        if report.ok() {
            "doctor ok"
        } else {
            "doctor found problems"
        },
        report.count(Status::Pass),
        report.count(Status::Warn),
        report.count(Status::Fail),
        report.count(Status::Skip),
    );
    out
}

/// The text line of one check, without a newline; the title is padded to `title_width`.
/// Progress output can print these as checks finish.
pub fn render_line(check: &Check, title_width: usize) -> String {
    let mut line = format!(
        "{}  {:<title_width$}  {}",
        check.status.label(),
        check.title,
        check.detail
    );
    // Untimed lines (profile, clock, skips) and instant ones carry no timing.
    if check.status != Status::Skip && check.duration_ms > 0 {
        let _ = write!(line, " ({} ms)", check.duration_ms);
    }
    line
}

/// The report as compact JSON: `{"ok":bool,"checks":[{"id","title","status","detail","fix","duration_ms"}]}`.
pub fn render_json(report: &DoctorReport) -> String {
    // Serialising plain strings, numbers and enums cannot fail; keep a valid document regardless.
    serde_json::to_string(report).unwrap_or_else(|_| r#"{"ok":false,"checks":[]}"#.to_owned())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::check::{KEYRING, PROFILE, RINGCENTRAL_DNS};

    fn report() -> DoctorReport {
        DoctorReport {
            checks: vec![
                Check::pass(
                    RINGCENTRAL_DNS,
                    "platform.ringcentral.com → 3 addresses",
                    Duration::from_millis(12),
                ),
                Check::fail(
                    KEYRING,
                    "no usable OS keyring",
                    "unlock it",
                    Duration::from_millis(3),
                ),
                Check::skip(PROFILE, "not run"),
            ],
        }
    }

    #[test]
    fn text_has_status_title_detail_timing_and_fix_lines() {
        let text = render_text(&report());
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(
            lines[0],
            "PASS  ringcentral dns  platform.ringcentral.com → 3 addresses (12 ms)"
        );
        assert_eq!(
            lines[1],
            "FAIL  keyring          no usable OS keyring (3 ms)"
        );
        assert_eq!(lines[2], "      fix: unlock it");
        assert_eq!(lines[3], "SKIP  profile          not run");
        assert_eq!(
            lines[4],
            "doctor found problems: 1 passed, 0 warnings, 1 failed, 1 skipped"
        );
    }

    #[test]
    fn json_has_ok_and_every_field_of_every_check() {
        let value: serde_json::Value = serde_json::from_str(&render_json(&report())).unwrap();
        assert_eq!(value["ok"], false);
        let checks = value["checks"].as_array().unwrap();
        assert_eq!(checks.len(), 3);
        assert_eq!(checks[0]["id"], "ringcentral.dns");
        assert_eq!(checks[0]["title"], "ringcentral dns");
        assert_eq!(checks[0]["status"], "pass");
        assert_eq!(checks[0]["duration_ms"], 12);
        assert!(checks[0]["fix"].is_null());
        assert_eq!(checks[1]["status"], "fail");
        assert_eq!(checks[1]["fix"], "unlock it");
        assert_eq!(checks[2]["status"], "skip");
    }
}
