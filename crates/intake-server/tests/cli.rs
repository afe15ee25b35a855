//! The `rc-intake` binary end to end: keygen (mode 0600, no overwrite, profile output),
//! issue-code, serve on 127.0.0.1, a real submission, list, export, and no secret in the logs.

#[macro_use]
mod common;

use std::path::Path;

use common::process::{rc_intake, stdout_of, Server};
use common::{new_submission_id, Db, JWT};
use rc_onboard_intake_protocol::{credential_fingerprint, PublicKey};

fn profile_value<'a>(printed: &'a str, name: &str) -> &'a str {
    printed
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} = \"")))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("no {name} in {printed:?}"))
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn keygen_writes_a_0600_key_once_and_prints_the_profile_lines() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("intake.key");
    let key_arg = key.to_str().unwrap();
    let printed = stdout_of(&rc_intake(&[
        "keygen", "--out", key_arg, "--key-id", "2026-11",
    ]));
    assert_eq!(profile_value(&printed, "key_id"), "2026-11");
    let public = PublicKey::from_b64url(profile_value(&printed, "public_key")).unwrap();
    #[cfg(unix)]
    assert_eq!(mode(&key), 0o600);

    let written = std::fs::read_to_string(&key).unwrap();
    let parsed = rc_onboard_intake_protocol::KeyFile::parse(&written).unwrap();
    assert_eq!(parsed.private_key.public_key().unwrap(), public);
    let secret = parsed.private_key.to_b64url();
    assert!(
        !printed.contains(secret.as_str()),
        "keygen printed the private key"
    );

    let again = rc_intake(&["keygen", "--out", key_arg]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(&key).unwrap(), written);
}

#[test]
fn keygen_rejects_a_bad_key_id_as_usage() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k");
    let output = rc_intake(&["keygen", "--out", key.to_str().unwrap(), "--key-id", "a b"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!key.exists());
}

async fn serve_accepts_a_submission_that_list_shows_and_export_opens(db: &Db) {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("intake.key");
    let db = db.argument(dir.path());
    let (key, db) = (key.to_str().unwrap(), db.as_str());
    let printed = stdout_of(&rc_intake(&["keygen", "--out", key, "--key-id", "k1"]));
    let public = PublicKey::from_b64url(profile_value(&printed, "public_key")).unwrap();

    let (mut server, url) = Server::start(&["--db", db, "--key", key]);
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/v1/submissions"));

    // Issued while the server holds the database open.
    let code_output = rc_intake(&[
        "issue-code",
        "--db",
        db,
        "--customer",
        "Acme Dental",
        "--ttl",
        "1h",
    ]);
    let code = stdout_of(&code_output).trim().to_owned();
    assert_eq!(code.len(), 39, "{code:?}");
    assert!(String::from_utf8_lossy(&code_output.stderr).contains("Acme Dental"));

    let id = new_submission_id();
    let body = common::request(&public, "k1", &id, JWT).to_json().unwrap();
    let response = reqwest::Client::new()
        .post(&url)
        .bearer_auth(&code)
        .header("Idempotency-Key", &id)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);

    let listed = stdout_of(&rc_intake(&["list", "--db", db, "--json"]));
    let json: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(json[0]["submission_id"], id.as_str());
    assert_eq!(json[0]["customer"], "Acme Dental");
    assert_eq!(
        json[0]["credential_fingerprint"],
        credential_fingerprint(JWT.as_bytes()).as_str()
    );
    assert!(!listed.contains(JWT));
    let table = stdout_of(&rc_intake(&["list", "--db", db]));
    assert!(table.contains(&id) && !table.contains(JWT));

    let exported = stdout_of(&rc_intake(&[
        "export",
        "--db",
        db,
        "--key",
        key,
        "--submission",
        &id,
    ]));
    assert_eq!(exported, format!("{JWT}\n"));

    let other_key = dir.path().join("other.key");
    stdout_of(&rc_intake(&[
        "keygen",
        "--out",
        other_key.to_str().unwrap(),
        "--key-id",
        "k2",
    ]));
    let refused = rc_intake(&[
        "export",
        "--db",
        db,
        "--key",
        other_key.to_str().unwrap(),
        "--submission",
        &id,
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("sealed to key_id \"k1\""));

    server.signal("TERM");
    let status = server.0.wait().unwrap();
    assert!(status.success(), "serve exited with {status}");
    let logs = server.stderr();
    assert!(logs.contains("submission accepted"), "{logs}");
    assert!(!logs.contains(JWT), "the JWT reached the server log");
    assert!(
        !logs.contains(&code),
        "the onboarding code reached the server log"
    );
}

on_both_backends!(serve_accepts_a_submission_that_list_shows_and_export_opens);

/// `rc-intake` sets umask 077 first thing: the SQLite database and its journal files are private.
#[cfg(unix)]
#[test]
fn the_sqlite_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("state");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("intake.db");
    stdout_of(&rc_intake(&[
        "issue-code",
        "--db",
        db.to_str().unwrap(),
        "--customer",
        "Acme Dental",
    ]));
    let mut files = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        files += 1;
    }
    assert!(files >= 1);
}

#[test]
fn attempts_lists_nothing_on_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("intake.db");
    let db = db.to_str().unwrap();
    let printed = stdout_of(&rc_intake(&["attempts", "--db", db]));
    assert_eq!(printed.trim(), "no verifications recorded");
    let printed = stdout_of(&rc_intake(&[
        "attempts",
        "--db",
        db,
        "--customer",
        "Cooper Dental",
        "--json",
    ]));
    assert_eq!(printed.trim(), "[]");
}
