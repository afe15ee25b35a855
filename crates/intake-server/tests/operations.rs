//! Operations: `/healthz`, `/readyz`, `/metrics` on both backends; SIGTERM drains a real
//! `rc-intake serve` (a request in flight finishes, new connections are refused, exit 0); JSON
//! request logs carry no code and no credential.

#[macro_use]
mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::process::{keygen, rc_intake, stdout_of, Server};
use common::{new_submission_id, start, Db, JWT};

async fn probes_and_metrics_answer(db: &Db) {
    let fx = start(db).await;
    let health = fx.http.get(fx.server.healthz_url()).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = fx.http.get(fx.server.readyz_url()).send().await.unwrap();
    assert_eq!(ready.status(), 200);

    let code = fx.code();
    let id = new_submission_id();
    assert_eq!(fx.post(&code, &id, fx.body(&id)).await.status(), 201);
    assert_eq!(fx.post(&code, &id, fx.body(&id)).await.status(), 409);

    let metrics = fx.http.get(fx.server.metrics_url()).send().await.unwrap();
    assert_eq!(metrics.status(), 200);
    assert!(metrics.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = metrics.text().await.unwrap();
    for expected in [
        "intake_submissions_total{status=\"201\"} 1",
        "intake_submissions_total{status=\"409\"} 1",
        "intake_http_request_duration_seconds_bucket{route=\"/v1/submissions\",le=\"0.05\"}",
        "intake_http_request_duration_seconds_count{route=\"/readyz\"} 1",
        "intake_db_pool_connections{state=\"max\"}",
    ] {
        assert!(text.contains(expected), "no {expected} in\n{text}");
    }
    assert!(!text.contains(&code));
}

on_both_backends!(probes_and_metrics_answer);

#[tokio::test]
async fn sigterm_drains_and_json_logs_hold_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("intake.key");
    let db = dir.path().join("intake.db");
    let (key, db) = (key.to_str().unwrap(), db.to_str().unwrap());
    let public = keygen(key, "k1");
    let code = stdout_of(&rc_intake(&[
        "issue-code",
        "--db",
        db,
        "--customer",
        "Acme",
        "--ttl",
        "1h",
    ]))
    .trim()
    .to_owned();
    let (mut server, url) = Server::start(&["--db", db, "--key", key, "--log-format", "json"]);
    let addr = url
        .strip_prefix("http://")
        .and_then(|rest| rest.strip_suffix("/v1/submissions"))
        .unwrap()
        .to_owned();

    // A request in flight: headers and half the body sent before SIGTERM, the rest after.
    let id = new_submission_id();
    let body = common::request(&public, "k1", &id, JWT).to_json().unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST /v1/submissions HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {code}\r\n\
         Idempotency-Key: {id}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(first).unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    server.signal("TERM");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        TcpStream::connect(&addr).is_err(),
        "a new connection was accepted while draining"
    );
    stream.write_all(rest).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");

    let status = server.0.wait().unwrap();
    assert!(status.success(), "serve exited with {status}");
    let logs = server.stderr();
    let mut request_lines = 0;
    for line in logs.lines() {
        let json: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        if json["message"] == "request" {
            assert_eq!(json["route"], "/v1/submissions");
            assert_eq!(json["status"], 201);
            assert!(json["latency_ms"].is_number());
            request_lines += 1;
        }
    }
    assert_eq!(request_lines, 1, "{logs}");
    assert!(!logs.contains(&code), "the code reached the log");
    assert!(
        !logs.contains(&code.replace('-', "")),
        "the code reached the log"
    );
    assert!(!logs.contains(JWT), "the credential reached the log");
    let listed = stdout_of(&rc_intake(&["list", "--db", db, "--json"]));
    assert!(listed.contains(&id));
}
