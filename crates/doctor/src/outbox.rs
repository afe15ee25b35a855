//! The outbox check: how many sealed submissions wait for delivery, how old the oldest is, and
//! whether any outbox file is unreadable.

use std::time::{Duration, Instant};

use rc_onboard_core::error_chain::format_error_chain;
use rc_onboard_delivery::{Listing, Outbox, OutboxError};
use time::OffsetDateTime;

use crate::check::{self, Check, Status};
use crate::text::{count, human_duration, list_some};

/// A submission waiting longer than this is a warning: its deliveries keep failing.
pub const STUCK_AFTER: Duration = Duration::from_secs(60 * 60);

/// Reads the outbox (off the async executor) and describes it.
pub(crate) async fn check_outbox(outbox: &Result<Outbox, OutboxError>) -> Check {
    let started = Instant::now();
    let outbox = match outbox {
        Ok(outbox) => outbox.clone(),
        Err(error) => {
            return Check::fail(
                check::OUTBOX,
                format!("the outbox cannot be opened: {}", format_error_chain(error)),
                "Check that the data folder exists and belongs to you (see --data-dir).",
                started.elapsed(),
            )
        }
    };
    let folder = outbox.pending_dir().display().to_string();
    let listing = tokio::task::spawn_blocking(move || outbox.list()).await;
    let elapsed = started.elapsed();
    match listing {
        Ok(Ok(listing)) => {
            let (status, detail, fix) = describe(&listing, &folder, OffsetDateTime::now_utc());
            Check::new(check::OUTBOX, status, detail, fix, elapsed)
        }
        Ok(Err(error)) => Check::fail(
            check::OUTBOX,
            format!("the outbox cannot be read: {}", format_error_chain(&error)),
            format!("Check that {folder} exists and belongs to you."),
            elapsed,
        ),
        Err(join_error) => Check::fail(
            check::OUTBOX,
            format!("reading the outbox ended abnormally: {join_error}"),
            "Run the doctor again; if it persists, report it with this output.",
            elapsed,
        ),
    }
}

/// Status, detail and fix of a listing at `now`.
pub(crate) fn describe(
    listing: &Listing,
    folder: &str,
    now: OffsetDateTime,
) -> (Status, String, Option<String>) {
    if listing.is_empty() {
        return (
            Status::Pass,
            format!("nothing waiting to be delivered ({folder})"),
            None,
        );
    }
    let mut parts = Vec::new();
    let mut fixes = Vec::new();
    let mut status = Status::Pass;
    if let Some(oldest) = listing.pending.first() {
        let age: Duration = (now - oldest.created_at).try_into().unwrap_or_default();
        let mut part = format!(
            "{} waiting, oldest queued {} ago",
            count(listing.pending.len(), "submission", "submissions"),
            human_duration(age)
        );
        let last_errors: Vec<&str> = listing
            .pending
            .iter()
            .filter_map(|entry| entry.last_error.as_ref().map(|error| error.kind.as_str()))
            .collect();
        if let Some(kind) = last_errors.last() {
            part.push_str(&format!(" (last error: {kind})"));
        }
        parts.push(part);
        if age > STUCK_AFTER {
            status = Status::Warn;
            fixes.push(
                "Waiting submissions are retried while rc-onboard runs; `rc-onboard outbox flush` \
                 retries now. If they keep failing, see the intake lines above."
                    .to_owned(),
            );
        }
    }
    if !listing.corrupt.is_empty() {
        status = Status::Warn;
        let names: Vec<&str> = listing
            .corrupt
            .iter()
            .map(|entry| entry.name.as_str())
            .collect();
        parts.push(format!(
            "{}: {}",
            count(listing.corrupt.len(), "unreadable file", "unreadable files"),
            list_some(&names, 3)
        ));
        fixes.push(format!(
            "Unreadable outbox files are left in place in {folder}; send them to the provider's \
             support, then remove them."
        ));
    }
    let fix = (!fixes.is_empty()).then(|| fixes.join(" "));
    (status, parts.join("; "), fix)
}

#[cfg(test)]
mod tests {
    use rc_onboard_delivery::{CorruptEntry, LastError, PendingEntry};

    use super::*;

    /// Built from JSON so fields the outbox adds later keep their defaults.
    fn pending(id: &str, created_at: OffsetDateTime) -> PendingEntry {
        let at = created_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let mut entry: PendingEntry = serde_json::from_value(serde_json::json!({
            "submission_id": id,
            "created_at": at,
            "intake_url": "https://intake.example/v1/submissions",
            "key_id": "k1",
            "attempts": 3,
            "last_error": null,
            "next_attempt_at": at,
            "body": "{}",
            "code_ref": format!("code:{id}"),
        }))
        .unwrap();
        entry.last_error = Some(LastError {
            kind: "intake_unavailable".to_owned(),
            message: "503".to_owned(),
            at: created_at,
        });
        entry
    }

    #[test]
    fn an_empty_outbox_passes() {
        let (status, detail, fix) =
            describe(&Listing::default(), "/d/outbox", OffsetDateTime::now_utc());
        assert_eq!(status, Status::Pass);
        assert!(detail.contains("nothing waiting"));
        assert!(fix.is_none());
    }

    #[test]
    fn a_fresh_entry_passes_and_an_old_one_warns() {
        let now = OffsetDateTime::now_utc();
        let fresh = Listing {
            pending: vec![pending("a", now - time::Duration::minutes(5))],
            corrupt: vec![],
        };
        let (status, detail, _) = describe(&fresh, "/d/outbox", now);
        assert_eq!(status, Status::Pass);
        assert_eq!(
            detail,
            "1 submission waiting, oldest queued 5 min ago (last error: intake_unavailable)"
        );
        let stale = Listing {
            pending: vec![
                pending("a", now - time::Duration::hours(3)),
                pending("b", now),
            ],
            corrupt: vec![],
        };
        let (status, detail, fix) = describe(&stale, "/d/outbox", now);
        assert_eq!(status, Status::Warn);
        assert!(detail.starts_with("2 submissions waiting, oldest queued 3 h ago"));
        assert!(fix.unwrap().contains("rc-onboard outbox flush"));
    }

    #[test]
    fn corrupt_files_warn() {
        let listing = Listing {
            pending: vec![],
            corrupt: vec![CorruptEntry {
                path: "/d/outbox/x.json".into(),
                name: "x".to_owned(),
                error: "not a valid entry".to_owned(),
            }],
        };
        let (status, detail, fix) = describe(&listing, "/d/outbox", OffsetDateTime::now_utc());
        assert_eq!(status, Status::Warn);
        assert_eq!(detail, "1 unreadable file: x");
        assert!(fix.unwrap().contains("/d/outbox"));
    }
}
