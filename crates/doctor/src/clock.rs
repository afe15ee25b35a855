//! Clock skew: this computer's time against the `Date` a server sent. Expiry checks of credentials
//! and certificates depend on the local clock being right.

use std::time::Duration;

use crate::check::{self, Check, Status};
use crate::http::ServerDate;

/// Skew beyond this is a warning.
pub const CLOCK_WARN_AFTER: Duration = Duration::from_secs(60);
/// Skew beyond this is a failure.
pub const CLOCK_FAIL_AFTER: Duration = Duration::from_secs(5 * 60);

/// Pass up to [`CLOCK_WARN_AFTER`], warn up to [`CLOCK_FAIL_AFTER`], fail beyond.
pub fn classify_skew(skew: Duration) -> Status {
    if skew > CLOCK_FAIL_AFTER {
        Status::Fail
    } else if skew > CLOCK_WARN_AFTER {
        Status::Warn
    } else {
        Status::Pass
    }
}

/// The clock line from the first server that sent a `Date` (in the order given).
pub(crate) fn check_clock(dates: &[Option<ServerDate>]) -> Check {
    let Some(date) = dates.iter().flatten().next() else {
        return Check::skip(
            check::CLOCK,
            "skipped: no server answered with a Date header",
        );
    };
    let (skew, ahead) = match date.local_time.duration_since(date.server_time) {
        Ok(ahead_by) => (ahead_by, true),
        Err(behind) => (behind.duration(), false),
    };
    let seconds = skew.as_secs();
    let host = &date.host;
    let detail = if seconds <= 1 {
        format!("this computer's clock matches {host}'s (within 1 s)")
    } else {
        let direction = if ahead { "ahead of" } else { "behind" };
        format!("this computer's clock is {seconds} s {direction} {host}'s")
    };
    let status = classify_skew(skew);
    let fix = match status {
        Status::Pass | Status::Skip => None,
        Status::Warn | Status::Fail => Some(
            "Set this computer's clock to the correct time: turn on automatic date and time \
             (network time; on Linux `timedatectl set-ntp true`). rc-onboard checks credential and \
             certificate expiry against it."
                .to_owned(),
        ),
    };
    Check::new(check::CLOCK, status, detail, fix, Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn date(local_minus_server_secs: i64) -> ServerDate {
        let server_time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let offset = Duration::from_secs(local_minus_server_secs.unsigned_abs());
        let local_time = if local_minus_server_secs >= 0 {
            server_time + offset
        } else {
            server_time - offset
        };
        ServerDate {
            host: "platform.ringcentral.com".to_owned(),
            server_time,
            local_time,
        }
    }

    #[test]
    fn skew_thresholds_are_one_and_five_minutes() {
        assert_eq!(classify_skew(Duration::from_secs(60)), Status::Pass);
        assert_eq!(classify_skew(Duration::from_secs(61)), Status::Warn);
        assert_eq!(classify_skew(Duration::from_secs(300)), Status::Warn);
        assert_eq!(classify_skew(Duration::from_secs(301)), Status::Fail);
    }

    #[test]
    fn the_line_says_ahead_or_behind_and_hints_at_the_system_clock() {
        let check = check_clock(&[None, Some(date(-90))]);
        assert_eq!(check.status, Status::Warn);
        assert!(check
            .detail
            .contains("90 s behind platform.ringcentral.com"));
        assert!(check.fix.unwrap().contains("automatic date and time"));
        let check = check_clock(&[Some(date(600)), Some(date(0))]);
        assert_eq!(check.status, Status::Fail);
        assert!(check.detail.contains("600 s ahead of"), "{}", check.detail);
        let check = check_clock(&[Some(date(1))]);
        assert_eq!((check.status, check.fix), (Status::Pass, None));
        assert_eq!(check_clock(&[None, None]).status, Status::Skip);
    }
}
