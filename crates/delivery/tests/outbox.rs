//! Outbox durability: file layout, atomic writes and leftover temp files, corrupt entries, receipts,
//! the failed folder, and per-entry locks across processes.

use std::fs;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use rc_onboard_delivery::{FailureReason, LastError, Outbox, OutboxError, PendingEntry, Receipt};
use time::OffsetDateTime;

/// Tests run on parallel threads of one process. A child process started by one test inherits,
/// between fork and exec, every open file of the others, a lock file's included, and so holds its
/// lock for that moment. Tests that start a child and tests that check a lock is free again right
/// after it was dropped take this guard, so neither happens during the other.
static FORK_GUARD: Mutex<()> = Mutex::new(());

fn fork_guard() -> MutexGuard<'static, ()> {
    FORK_GUARD
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn entry(id: &str, created_at: OffsetDateTime) -> PendingEntry {
    PendingEntry {
        submission_id: id.to_owned(),
        created_at,
        intake_url: "https://intake.example/v1/submissions".to_owned(),
        key_id: "k1".to_owned(),
        attempts: 0,
        last_error: None,
        next_attempt_at: created_at,
        body: format!("{{\"version\":1,\"submission_id\":\"{id}\"}}"),
        code_ref: format!("code:{id}"),
        spki_pin: None,
    }
}

fn insert(outbox: &Outbox, entry: &PendingEntry) {
    let lock = outbox.try_lock(&entry.submission_id).unwrap().unwrap();
    outbox.insert(&lock, entry).unwrap();
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn entries_are_one_json_file_each_with_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let created = time::macros::datetime!(2025-03-04 05:06:07 UTC);
    insert(&outbox, &entry("s-1", created));

    assert_eq!(
        names(&dir.path().join("outbox")),
        vec!["s-1.json", "s-1.lock"]
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("outbox/s-1.json")).unwrap()).unwrap();
    let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "attempts",
            "body",
            "code_ref",
            "created_at",
            "intake_url",
            "key_id",
            "last_error",
            "next_attempt_at",
            "submission_id"
        ]
    );
    assert_eq!(json["created_at"], "2025-03-04T05:06:07Z");
    assert_eq!(json["last_error"], serde_json::Value::Null);
    assert_eq!(outbox.get("s-1").unwrap().unwrap(), entry("s-1", created));
}

#[cfg(unix)]
#[test]
fn outbox_folders_and_files_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path().join("data")).unwrap();
    insert(&outbox, &entry("s-1", OffsetDateTime::now_utc()));
    for folder in ["outbox", "receipts", "failed"] {
        let mode = fs::metadata(dir.path().join("data").join(folder))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "{folder}");
    }
    let mode = fs::metadata(dir.path().join("data/outbox/s-1.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn list_is_sorted_by_creation_time() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let t0 = OffsetDateTime::now_utc();
    insert(&outbox, &entry("c", t0 + Duration::from_secs(2)));
    insert(&outbox, &entry("a", t0 + Duration::from_secs(3)));
    insert(&outbox, &entry("b", t0));
    let listing = outbox.list().unwrap();
    let ids: Vec<_> = listing
        .pending
        .iter()
        .map(|e| e.submission_id.as_str())
        .collect();
    assert_eq!(ids, ["b", "c", "a"]);
    assert!(listing.corrupt.is_empty());
}

#[test]
fn a_temp_file_left_by_a_crashed_writer_is_ignored_then_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    insert(&outbox, &entry("s-1", OffsetDateTime::now_utc()));
    // What a writer killed between write and rename leaves behind: a partial temp file.
    let young = dir.path().join("outbox/.tmp-0123-s-2.json");
    let old = dir.path().join("outbox/.tmp-4567-s-3.json");
    fs::write(&young, b"{\"submission_id\":\"s-2\",\"bo").unwrap();
    fs::write(&old, b"{\"submission_id\":\"s-3\"").unwrap();
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();

    let listing = outbox.list().unwrap();
    let ids: Vec<_> = listing
        .pending
        .iter()
        .map(|e| e.submission_id.as_str())
        .collect();
    assert_eq!(ids, ["s-1"]);
    assert!(
        listing.corrupt.is_empty(),
        "temp files are not entries: {:?}",
        listing.corrupt
    );
    assert!(!old.exists(), "an abandoned temp file is removed");
    assert!(
        young.exists(),
        "a recent temp file may belong to a live writer and is kept"
    );
}

#[test]
fn corrupt_entries_are_reported_not_deleted_and_do_not_hide_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    insert(&outbox, &entry("good", OffsetDateTime::now_utc()));
    let garbage = dir.path().join("outbox/garbage.json");
    fs::write(&garbage, b"\x00\xffnot json").unwrap();
    let truncated = dir.path().join("outbox/truncated.json");
    fs::write(
        &truncated,
        b"{\"submission_id\":\"truncated\",\"created_at\":",
    )
    .unwrap();
    // Valid JSON whose id does not match its file name (a copied or renamed file).
    let mut renamed = entry("other", OffsetDateTime::now_utc());
    renamed.submission_id = "other".into();
    fs::write(
        dir.path().join("outbox/renamed.json"),
        serde_json::to_vec(&renamed).unwrap(),
    )
    .unwrap();

    let listing = outbox.list().unwrap();
    assert_eq!(listing.pending.len(), 1);
    assert_eq!(listing.pending[0].submission_id, "good");
    let corrupt: Vec<_> = listing.corrupt.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(corrupt, ["garbage", "renamed", "truncated"]);
    assert!(listing.corrupt.iter().all(|c| !c.error.is_empty()));
    assert!(garbage.exists() && truncated.exists());
    assert!(matches!(
        outbox.get("garbage"),
        Err(OutboxError::Corrupt { .. })
    ));
}

#[test]
fn update_attempt_counts_and_records_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let now = OffsetDateTime::now_utc();
    insert(&outbox, &entry("s-1", now));
    let lock = outbox.try_lock("s-1").unwrap().unwrap();
    let error = LastError {
        kind: "intake_unavailable".into(),
        message: "HTTP 503".into(),
        at: now,
    };
    let later = now + Duration::from_secs(60);
    outbox
        .update_attempt(&lock, 3, error.clone(), later)
        .unwrap();
    let updated = outbox
        .update_attempt(&lock, 2, error.clone(), later)
        .unwrap();
    assert_eq!(updated.attempts, 5);
    let reread = outbox.get("s-1").unwrap().unwrap();
    assert_eq!(reread.attempts, 5);
    assert_eq!(reread.last_error, Some(error));
    assert_eq!(reread.next_attempt_at, later);
    assert_eq!(
        reread.body,
        entry("s-1", now).body,
        "the body is never rewritten"
    );
}

#[test]
fn recording_a_receipt_removes_the_entry_and_its_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    insert(&outbox, &entry("s-1", OffsetDateTime::now_utc()));
    let lock = outbox.try_lock("s-1").unwrap().unwrap();
    let receipt = Receipt {
        receipt_id: "r-9".into(),
        received_at: Some("2025-01-01T00:00:00Z".into()),
    };
    outbox.record_receipt(&lock, &receipt).unwrap();
    drop(lock);
    assert!(outbox.get("s-1").unwrap().is_none());
    assert!(names(&dir.path().join("outbox")).is_empty());
    let stored = outbox.receipt("s-1").unwrap().unwrap();
    assert_eq!(stored.receipt(), receipt);
    assert_eq!(stored.submission_id, "s-1");
    assert!(outbox.receipt("s-2").unwrap().is_none());
}

#[test]
fn refused_entries_move_to_the_failed_folder_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let original = entry("s-1", OffsetDateTime::now_utc());
    insert(&outbox, &original);
    let lock = outbox.try_lock("s-1").unwrap().unwrap();
    let reason = FailureReason {
        kind: "intake_unauthorized".into(),
        message: "HTTP 401".into(),
    };
    outbox.move_to_failed(&lock, reason.clone()).unwrap();
    assert!(outbox.list().unwrap().is_empty());
    let failed = outbox.failed("s-1").unwrap().unwrap();
    assert_eq!(failed.entry, original);
    assert_eq!(failed.failure, reason);
    assert!(dir.path().join("failed/s-1.json").exists());
}

#[test]
fn unsafe_submission_ids_never_become_paths() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    for bad in ["../escape", "a/b", "", "x.json"] {
        assert!(
            matches!(outbox.try_lock(bad), Err(OutboxError::InvalidSubmissionId)),
            "{bad}"
        );
        assert!(
            matches!(outbox.get(bad), Err(OutboxError::InvalidSubmissionId)),
            "{bad}"
        );
    }
    let lock = outbox.try_lock("s-1").unwrap().unwrap();
    let other = entry("s-2", OffsetDateTime::now_utc());
    assert!(matches!(
        outbox.insert(&lock, &other),
        Err(OutboxError::LockMismatch { .. })
    ));
}

#[test]
fn inserting_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let e = entry("s-1", OffsetDateTime::now_utc());
    let lock = outbox.try_lock("s-1").unwrap().unwrap();
    outbox.insert(&lock, &e).unwrap();
    assert!(matches!(
        outbox.insert(&lock, &e),
        Err(OutboxError::AlreadyExists { .. })
    ));
}

#[test]
fn a_lock_is_exclusive_between_two_outbox_handles() {
    let _no_fork = fork_guard();
    let dir = tempfile::tempdir().unwrap();
    let gui = Outbox::open(dir.path()).unwrap();
    let cli = Outbox::open(dir.path()).unwrap();
    let held = gui.try_lock("s-1").unwrap().unwrap();
    assert!(cli.try_lock("s-1").unwrap().is_none());
    assert!(cli.try_lock("s-2").unwrap().is_some());
    drop(held);
    assert!(cli.try_lock("s-1").unwrap().is_some());
}

/// Another process (util-linux `flock`, which uses the same `flock(2)` lock) holds the entry lock.
#[cfg(target_os = "linux")]
#[test]
fn a_lock_held_by_another_process_is_respected_and_released_when_it_exits() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let _no_fork = fork_guard();
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    let lock_path = dir.path().join("outbox/s-1.lock");
    let mut child = Command::new("flock")
        .arg(&lock_path)
        .args(["-c", "echo held; cat >/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("util-linux flock is installed");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "held");
    assert!(
        outbox.try_lock("s-1").unwrap().is_none(),
        "lock held by another process"
    );

    drop(child.stdin.take()); // the child's `cat` ends, it exits, the OS releases its lock
    assert!(child.wait().unwrap().success());
    let ours = outbox
        .try_lock("s-1")
        .unwrap()
        .expect("free after the other process exited");

    // And the other way round: while we hold it, another process cannot take it.
    let status = Command::new("flock")
        .args(["-n"])
        .arg(&lock_path)
        .arg("true")
        .status()
        .unwrap();
    assert!(!status.success());
    drop(ours);
}

#[test]
fn orphan_lock_files_are_swept_but_not_while_held() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path()).unwrap();
    fs::write(dir.path().join("outbox/gone.lock"), b"").unwrap();
    let held = outbox.try_lock("being-created").unwrap().unwrap();
    outbox.list().unwrap();
    assert_eq!(
        names(&dir.path().join("outbox")),
        vec!["being-created.lock"]
    );
    drop(held);
}
