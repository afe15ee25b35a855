//! Hostile input through the command line: every input of the inspection fuzz corpus and its
//! seeds (NUL bytes, invalid UTF-8, RTL overrides, zero-width characters, emoji, HTML, JSON,
//! `alg: none`, huge and negative `exp`, nested base64, …) given to `rc-onboard check` as a file
//! gets exactly one JSON failure with a stable kind, never a panic, and never the input echoed.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use common::cli::Cli;
use common::profile::write_text;

const KINDS: [&str; 12] = [
    "malformed",
    "not_ringcentral",
    "wrong_environment",
    "expired",
    "rejected",
    "app_not_enabled",
    "client_auth_failed",
    "user_disabled",
    "missing_permissions",
    "rate_limited",
    "unavailable",
    "unexpected",
];

fn corpus_files() -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/fuzz");
    let mut files = Vec::new();
    for dir in ["corpus/inspect", "seeds/inspect"] {
        let entries = std::fs::read_dir(fuzz.join(dir))
            .unwrap_or_else(|e| panic!("the fuzz corpus {dir} is missing: {e}"));
        files.extend(entries.map(|entry| entry.unwrap().path()));
    }
    files.sort();
    files
}

#[test]
fn every_hostile_input_gets_one_specific_json_failure() {
    let dir = tempfile::tempdir().unwrap();
    // RingCentral is a closed loopback port: an input that passes local inspection would be
    // `unavailable`, so nothing here leaves the machine.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let profile = write_text(
        dir.path(),
        "hostile.toml",
        &format!(
            "[provider]\nname = \"Acme\"\n\n[ringcentral]\nserver = \"http://127.0.0.1:{closed}\"\n\
             console = \"http://127.0.0.1:{closed}\"\nclient_id = \"hostile-app\"\n\
             client_secret = \"hostile-app-secret\"\n\n[intake]\n\
             url = \"http://127.0.0.1:{closed}/v1/submissions\"\nkey_id = \"k\"\n\
             public_key = \"{key}\"\n",
            key = "A".repeat(43)
        ),
    );
    let cli = Cli::new(&profile, &dir.path().join("data"));
    let files = corpus_files();
    assert!(files.len() >= 60, "only {} corpus inputs", files.len());

    // Four processes at a time; each checks its share and reports the kinds it saw.
    let kinds_seen: std::collections::BTreeSet<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(files.len().div_ceil(4))
            .map(|share| scope.spawn(|| check_each(&cli, share)))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap())
            .collect()
    });
    // The corpus reaches several outcomes, so a CLI that said "malformed" to everything fails.
    for expected in ["malformed", "not_ringcentral", "wrong_environment"] {
        assert!(
            kinds_seen.contains(expected),
            "no input gave {expected}: {kinds_seen:?}"
        );
    }
}

/// Runs `check` on each file and returns the error kinds seen.
fn check_each(cli: &Cli, files: &[PathBuf]) -> Vec<String> {
    let mut kinds_seen = Vec::new();
    for file in files {
        let input = std::fs::read(file).unwrap();
        let path = file.to_str().unwrap();
        let output = cli.run(&["check", "--jwt-file", path, "--json"]);
        let stderr = output.stderr_text();
        assert!(!stderr.contains("panicked"), "{path}: {stderr}");
        assert!(
            matches!(output.code, Some(1) | Some(3)),
            "{path}: exit {:?}\n{}\n{stderr}",
            output.code,
            output.stdout_text()
        );
        let json = output.json();
        assert_eq!(json["ok"], false, "{path}: {json}");
        let kind = json["error"]["kind"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            KINDS.contains(&kind.as_str()),
            "{path}: unknown kind {kind:?}"
        );
        let message = json["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{path}: no message");
        if let Ok(text) = std::str::from_utf8(&input) {
            let trimmed = text.trim();
            if trimmed.len() > 40 {
                assert!(
                    !output.stdout_text().contains(trimmed) && !stderr.contains(trimmed),
                    "{path}: the input was echoed"
                );
            }
        }
        kinds_seen.push(kind);
    }
    kinds_seen
}
