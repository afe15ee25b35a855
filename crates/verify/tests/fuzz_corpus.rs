//! Replays the fuzzers' corpora as regression tests: every input in `crates/fuzz/corpus/<target>/`
//! (minimised libFuzzer corpora) and `crates/fuzz/seeds/<target>/` (hand-made seeds) goes
//! through the same invariant checks the fuzz targets run (`rc_onboard_verify::fuzzing`), for local
//! inspection, the profile parser and RingCentral error answers. The error answers are also
//! served by a real HTTP server on 127.0.0.1 to the token exchange, whose refusal must agree with
//! the offline classification and never carry a credential, a control character or an overlong
//! description.
//!
//! Fuzzing itself is not part of this suite; see `crates/fuzz/run.sh`.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rc_onboard_testkit::FakeJwt;
use rc_onboard_verify::fuzzing::{
    inspect as inspect_checks, profile as profile_checks, rc_error as rc_error_checks,
};
use rc_onboard_verify::ringcentral::{
    HttpOptions, RingCentralClient, RingCentralError, MAX_RETRY_AFTER_S,
};
use rc_onboard_verify::{ErrorKind, SecretString};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use url::Url;

/// Fewer files than this in a corpus means it is missing, not small.
const MIN_CORPUS_FILES: usize = 10;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Every corpus and seed input of `target`, sorted by path.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut corpus_files = 0;
    for (kind, dir) in [
        ("corpus", fuzz_dir().join("corpus").join(target)),
        ("seeds", fuzz_dir().join("seeds").join(target)),
    ] {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                found.push((path, bytes));
                if kind == "corpus" {
                    corpus_files += 1;
                }
            }
        }
    }
    assert!(
        corpus_files >= MIN_CORPUS_FILES,
        "crates/fuzz/corpus/{target} has {corpus_files} files; regenerate it with crates/fuzz/run.sh {target} 600"
    );
    found.sort();
    found
}

/// Runs `check` on every input, collecting the files that panic, and fails listing them.
fn replay<T>(target: &str, check: impl Fn(&[u8]) -> T) -> Vec<T> {
    let mut results = Vec::new();
    let mut failures = Vec::new();
    for (path, bytes) in inputs(target) {
        match catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
            Ok(result) => results.push(result),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!("{}: {message}", path.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} {target} input(s) broke an invariant:\n{}",
        failures.len(),
        failures.join("\n")
    );
    results
}

#[test]
fn inspection_corpus_keeps_every_invariant() {
    let inspections = replay("inspect", inspect_checks::check);
    let kinds: BTreeSet<String> = inspections
        .iter()
        .map(|i| format!("{:?}", i.verdict.kind()))
        .collect();
    // The corpus reaches every outcome: plausible, malformed, foreign, sandbox, expired.
    for kind in [
        "None",
        "Some(Malformed)",
        "Some(NotRingCentral)",
        "Some(WrongEnvironment)",
        "Some(Expired)",
    ] {
        assert!(kinds.contains(kind), "no input gives {kind}; got {kinds:?}");
    }
}

#[test]
fn profile_corpus_keeps_every_invariant() {
    let outcomes = replay("profile", profile_checks::check);
    let accepted = outcomes.iter().filter(|o| o.is_ok()).count();
    assert!(accepted >= 1, "no corpus profile is accepted");
    assert!(accepted < outcomes.len(), "no corpus profile is refused");
}

#[test]
fn profile_checker_refuses_what_it_should() {
    // The invariant checker itself must tell a plain-http remote server from a loopback one.
    let remote = Url::parse("http://platform.ringcentral.com").unwrap();
    let loopback = Url::parse("http://127.0.0.2:9000").unwrap();
    let mapped = Url::parse("http://[::ffff:127.0.0.1]/").unwrap();
    assert!(!profile_checks::is_https_or_loopback_http(&remote));
    assert!(profile_checks::is_https_or_loopback_http(&loopback));
    assert!(!profile_checks::is_https_or_loopback_http(&mapped));
}

#[test]
fn rc_error_corpus_keeps_every_invariant() {
    let classified = replay("rc_error", rc_error_checks::check);
    let kinds: BTreeSet<String> = classified
        .iter()
        .map(|c| format!("{:?}", c.token_kind))
        .collect();
    for kind in [
        ErrorKind::AppNotEnabled,
        ErrorKind::ClientAuthFailed,
        ErrorKind::UserDisabled,
        ErrorKind::Rejected,
        ErrorKind::RateLimited,
        ErrorKind::Unavailable,
        ErrorKind::Unexpected,
    ] {
        assert!(
            kinds.contains(&format!("{kind:?}")),
            "no input maps to {kind:?}"
        );
    }
    assert!(classified
        .iter()
        .any(|c| c.api_kind == ErrorKind::MissingPermissions));
}

/// The credential the replayed token exchanges send (and an echoing server sends back).
fn replay_jwt() -> String {
    FakeJwt::with_header(r#"{"alg":"RS256"}"#)
        .payload(r#"{"sub":"fuzz-replay"}"#)
        .build()
}
const CLIENT_SECRET: &str = "replay-client-secret-value";

/// Serves, to each connection on 127.0.0.1 in turn, the next queued raw HTTP answer.
async fn scripted_server() -> (Url, mpsc::UnboundedSender<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    let (send, mut answers) = mpsc::unbounded_channel::<Vec<u8>>();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let Some(answer) = answers.recv().await else {
                break;
            };
            let _ = answer_once(stream, &answer).await;
        }
    });
    (url, send)
}

async fn answer_once(mut stream: TcpStream, answer: &[u8]) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&chunk[..n]);
        if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&chunk[..n]);
    }
    stream.write_all(answer).await?;
    stream.shutdown().await
}

/// The corpus input as a refusal the server can send: a 4xx/5xx status, a header-safe
/// `Retry-After`, and the placeholders `ECHO_ASSERTION` / `ECHO_SECRET` replaced by the
/// credentials the request carried (as a server echoing them would).
fn as_served(data: &[u8], jwt: &str) -> (Vec<u8>, Vec<u8>) {
    let refusal = rc_error_checks::split(data);
    let status = if (400..=599).contains(&refusal.status) {
        refusal.status
    } else {
        400 + refusal.status % 200
    };
    let retry = refusal.retry_after.trim();
    let retry = if !retry.is_empty() && retry.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        retry.to_owned()
    } else {
        String::new()
    };
    let body = String::from_utf8_lossy(refusal.body)
        .replace("ECHO_ASSERTION", jwt)
        .replace("ECHO_SECRET", CLIENT_SECRET)
        .into_bytes();

    let mut input = status.to_be_bytes().to_vec();
    input.push(u8::try_from(retry.len()).unwrap());
    input.extend_from_slice(retry.as_bytes());
    input.extend_from_slice(&body);

    let mut answer = format!(
        "HTTP/1.1 {status} Refused\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\nRCRequestId: replay\r\n",
        body.len()
    );
    if !retry.is_empty() {
        answer.push_str(&format!("Retry-After: {retry}\r\n"));
    }
    answer.push_str("\r\n");
    let mut answer = answer.into_bytes();
    answer.extend_from_slice(&body);
    (input, answer)
}

#[tokio::test]
async fn rc_error_corpus_served_over_http_gives_clean_refusals() {
    let (server, answers) = scripted_server().await;
    let client = RingCentralClient::new(HttpOptions::default()).unwrap();
    let jwt_text = replay_jwt();
    let jwt = SecretString::from(jwt_text.as_str());
    let secret = SecretString::from(CLIENT_SECRET);
    let mut failures = Vec::new();
    let mut scrubbed = 0;
    for (path, data) in inputs("rc_error") {
        let (input, answer) = as_served(&data, &jwt_text);
        let expected = rc_error_checks::check(&input);
        answers.send(answer).unwrap();
        let error = match client
            .exchange_jwt(&server, "replay-client", &secret, &jwt)
            .await
        {
            Ok(_) => {
                failures.push(format!("{}: a refusal was accepted", path.display()));
                continue;
            }
            Err(error) => error,
        };
        let shown = format!("{error} {error:?}");
        let mut problems = Vec::new();
        if shown.contains(&jwt_text) || shown.contains(CLIENT_SECRET) {
            problems.push("carries a credential".to_owned());
        }
        match &error {
            RingCentralError::Refused {
                kind,
                details,
                retry_after_s,
                ..
            } => {
                if *kind != expected.token_kind {
                    problems.push(format!(
                        "kind {kind:?}, offline classification {:?}",
                        expected.token_kind
                    ));
                }
                if details.code.is_some() != expected.code.is_some() {
                    problems.push(format!("code {:?} vs {:?}", details.code, expected.code));
                }
                if retry_after_s.is_some_and(|s| s > MAX_RETRY_AFTER_S)
                    || (*kind == ErrorKind::RateLimited && retry_after_s.is_none())
                {
                    problems.push(format!("retry_after_s {retry_after_s:?}"));
                }
                let texts = [details.message.as_deref(), details.error.as_deref()]
                    .into_iter()
                    .chain([details.code.as_deref(), details.request_id.as_deref()])
                    .flatten();
                for text in texts {
                    if !text.chars().all(inspect_checks::is_safe_to_show) {
                        problems.push(format!("unsafe characters in {text:?}"));
                    }
                }
                if let Some(description) = &details.message {
                    if description.chars().count() > 301 {
                        problems.push("description longer than 300 characters".to_owned());
                    }
                    if description.contains("[redacted]") {
                        scrubbed += 1;
                    }
                }
            }
            other => problems.push(format!("not a refusal: {other}")),
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", path.display(), problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(scrubbed >= 1, "no input echoed a credential to scrub");
}
