//! Small wording helpers shared by the checks: ages, address lists. (Error chains are
//! [`rc_onboard_core::error_chain::format_error_chain`].)

use std::fmt::Write;
use std::time::Duration;

/// A rough human age: `42 s`, `5 min`, `3 h`, `2 days`.
pub(crate) fn human_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match seconds {
        0..=119 => format!("{seconds} s"),
        120..=7_199 => format!("{} min", seconds / 60),
        7_200..=172_799 => format!("{} h", seconds / 3_600),
        _ => format!("{} days", seconds / 86_400),
    }
}

/// `a, b, c` for up to `limit` items, then `and N more`.
pub(crate) fn list_some<T: ToString>(items: &[T], limit: usize) -> String {
    let shown: Vec<String> = items.iter().take(limit).map(ToString::to_string).collect();
    let mut text = shown.join(", ");
    if items.len() > limit {
        let _ = write!(text, " and {} more", items.len() - limit);
    }
    text
}

/// `1 thing` or `N things`.
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::from_secs(5)), "5 s");
        assert_eq!(human_duration(Duration::from_secs(600)), "10 min");
        assert_eq!(human_duration(Duration::from_secs(3 * 3_600)), "3 h");
        assert_eq!(human_duration(Duration::from_secs(5 * 86_400)), "5 days");
    }

    #[test]
    fn lists_and_counts_read_naturally() {
        assert_eq!(list_some(&[1, 2, 3], 2), "1, 2 and 1 more");
        assert_eq!(list_some(&[1, 2], 2), "1, 2");
        assert_eq!(count(1, "address", "addresses"), "1 address");
        assert_eq!(count(3, "address", "addresses"), "3 addresses");
    }
}
