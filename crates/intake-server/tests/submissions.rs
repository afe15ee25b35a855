//! `POST /v1/submissions` over real loopback HTTP: every status code of the protocol,
//! idempotent replay, one use per code, and what the provider sees afterwards.

#[macro_use]
mod common;

use std::time::Duration;

use common::{answer, error_code, new_submission_id, start, start_with, Db, JWT, KEY_ID};
use rc_onboard_intake_protocol::{credential_fingerprint, KeyPair, MAX_BODY_BYTES};
use rc_onboard_intake_server::{AttemptLog, Faults, TrustedProxies, MAX_FAILURES_PER_WINDOW};

async fn stores_a_submission_with_201_and_a_receipt(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    let response = fx.post(&code, &id, fx.body(&id)).await;
    assert_eq!(response.headers().get("cache-control").unwrap(), "no-store");
    let (status, json) = answer(response).await;
    assert_eq!(status, 201, "{json}");
    let receipt_id = json["receipt_id"].as_str().unwrap();
    assert!(json["received_at"].as_str().unwrap().ends_with('Z'));

    let stored = fx.server.submissions().unwrap();
    assert_eq!(stored.len(), 1);
    let summary = &stored[0];
    assert_eq!(summary.submission_id, id);
    assert_eq!(summary.receipt_id, receipt_id);
    assert_eq!(summary.customer, "Acme Dental");
    assert_eq!(summary.key_id, KEY_ID);
    assert_eq!(summary.account_id, "37439510");
    assert_eq!(summary.extension_id, "101");
    assert_eq!(summary.permissions, ["ReadAccounts", "SMS"]);
    assert_eq!(
        summary.credential_fingerprint,
        credential_fingerprint(JWT.as_bytes())
    );
    let listed = serde_json::to_string(&stored).unwrap();
    assert!(
        !listed.contains(JWT),
        "the provider view must not contain the JWT"
    );

    assert_eq!(fx.server.export(&id).unwrap().as_slice(), JWT.as_bytes());
}

async fn a_replay_of_the_same_body_gets_200_and_the_same_receipt(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    let body = fx.body(&id);
    let (first_status, first) = answer(fx.post(&code, &id, body.clone()).await).await;
    assert_eq!(first_status, 201);
    // The code is consumed now, but the same submission replayed is still answered.
    for _ in 0..2 {
        let (status, again) = answer(fx.post(&code, &id, body.clone()).await).await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(again, first);
    }
    assert_eq!(fx.server.submissions().unwrap().len(), 1);
}

async fn the_same_submission_id_with_another_body_is_409(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    assert_eq!(fx.post(&code, &id, fx.body(&id)).await.status(), 201);
    // Sealing again gives a different envelope: a different body under the same id.
    let (status, json) = answer(fx.post(&code, &id, fx.body(&id)).await).await;
    assert_eq!(status, 409, "{json}");
    assert_eq!(error_code(&json), "submission_conflict");
}

async fn a_code_holder_cannot_block_another_customers_queued_submission(db: &Db) {
    let fx = start(db).await;
    let victim = fx.code();
    let attacker = fx.code();
    // The attacker learnt the id of the victim's queued submission and sends first with it.
    let id = new_submission_id();
    assert_eq!(fx.post(&attacker, &id, fx.body(&id)).await.status(), 201);
    // The victim's delivery is stored, not refused with 409; its replay still answers 200.
    let victim_body = fx.body(&id);
    let (status, stored) = answer(fx.post(&victim, &id, victim_body.clone()).await).await;
    assert_eq!(status, 201, "{stored}");
    let (status, replay) = answer(fx.post(&victim, &id, victim_body).await).await;
    assert_eq!(status, 200);
    assert_eq!(replay["receipt_id"], stored["receipt_id"]);
    let rows = fx.server.submissions().unwrap();
    assert_eq!(rows.len(), 2);
    // Two rows share the submission id: export asks for a receipt id, and takes one.
    let error = fx.server.export(&id).unwrap_err().to_string();
    assert!(error.contains("receipt id"), "{error}");
    let receipt = stored["receipt_id"].as_str().unwrap();
    assert_eq!(
        fx.server.export(receipt).unwrap().as_slice(),
        JWT.as_bytes()
    );
}

async fn a_code_is_consumed_by_its_first_submission(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let first = new_submission_id();
    assert_eq!(fx.post(&code, &first, fx.body(&first)).await.status(), 201);
    let second = new_submission_id();
    let (status, json) = answer(fx.post(&code, &second, fx.body(&second)).await).await;
    assert_eq!(status, 401, "{json}");
    assert_eq!(error_code(&json), "code_used");
    assert_eq!(fx.server.submissions().unwrap().len(), 1);
}

async fn concurrent_submissions_with_one_code_store_exactly_one(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let id = new_submission_id();
        let request = fx
            .http
            .post(fx.server.submissions_url())
            .bearer_auth(&code)
            .header("Idempotency-Key", &id)
            .header("Content-Type", "application/json")
            .body(fx.body(&id));
        tasks.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    let mut statuses = tasks.join_all().await;
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 401, 401, 401, 401, 401, 401, 401]);
    assert_eq!(fx.server.submissions().unwrap().len(), 1);
}

async fn bad_missing_and_expired_codes_are_401(db: &Db) {
    let fx = start(db).await;
    let id = new_submission_id();
    let body = fx.body(&id);

    let (status, json) = answer(
        fx.post_with(None, Some(&id), Some("application/json"), body.clone())
            .await,
    )
    .await;
    assert_eq!((status, error_code(&json)), (401, "code_invalid"));

    let unknown = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789";
    let (status, json) = answer(fx.post(unknown, &id, body.clone()).await).await;
    assert_eq!((status, error_code(&json)), (401, "code_invalid"));

    let (status, json) = answer(fx.post("not a code", &id, body.clone()).await).await;
    assert_eq!((status, error_code(&json)), (401, "code_invalid"));

    let expired = fx.server.issue_code("Acme Dental", Duration::ZERO).unwrap();
    let (status, json) = answer(fx.post(&expired, &id, body).await).await;
    assert_eq!((status, error_code(&json)), (401, "code_expired"));
    assert!(fx.server.submissions().unwrap().is_empty());
}

async fn a_code_typed_by_hand_still_matches(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let sloppy = code.to_lowercase().replace('-', "");
    let id = new_submission_id();
    assert_eq!(fx.post(&sloppy, &id, fx.body(&id)).await.status(), 201);
}

async fn bodies_over_64_kib_are_413_and_exactly_64_kib_is_accepted(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    let mut body = fx.body(&id);
    body.resize(MAX_BODY_BYTES + 1, b' ');
    let (status, json) = answer(fx.post(&code, &id, body.clone()).await).await;
    assert_eq!((status, error_code(&json)), (413, "body_too_large"));

    body.truncate(MAX_BODY_BYTES);
    let (status, json) = answer(fx.post(&code, &id, body).await).await;
    assert_eq!(status, 201, "{json}");
}

async fn a_chunked_body_over_64_kib_is_413_without_a_content_length(db: &Db) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    let mut stream = tokio::net::TcpStream::connect(fx.server.local_addr())
        .await
        .unwrap();
    let head = format!(
        "POST /v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {code}\r\n\
         Idempotency-Key: {id}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 16 * 1024];
    for _ in 0..5 {
        let sent = async {
            stream
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            stream.write_all(&chunk).await?;
            stream.write_all(b"\r\n").await
        };
        // The server may answer and close before the whole body is sent.
        if sent.await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("body_too_large"), "{response}");
}

async fn non_json_content_types_are_415(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let (status, json) = answer(
            fx.post_with(Some(&code), Some(&id), content_type, fx.body(&id))
                .await,
        )
        .await;
        assert_eq!((status, error_code(&json)), (415, "unsupported_media_type"));
    }
    let (status, _) = answer(
        fx.post_with(
            Some(&code),
            Some(&id),
            Some("application/json; charset=utf-8"),
            fx.body(&id),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201);
}

async fn unacceptable_bodies_are_422_with_their_reason(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    let good: serde_json::Value = serde_json::from_slice(&fx.body(&id)).unwrap();

    let mut cases: Vec<(&str, Vec<u8>, Option<String>)> = vec![
        ("malformed_body", b"{not json".to_vec(), Some(id.clone())),
        (
            "malformed_body",
            br#"{"version":1}"#.to_vec(),
            Some(id.clone()),
        ),
        ("idempotency_key_mismatch", fx.body(&id), None),
        (
            "idempotency_key_mismatch",
            fx.body(&id),
            Some(new_submission_id()),
        ),
    ];
    let mut version_2 = good.clone();
    version_2["version"] = 2.into();
    cases.push((
        "unsupported_version",
        version_2.to_string().into(),
        Some(id.clone()),
    ));
    let mut other_suite = good.clone();
    other_suite["sealed_credential"]["suite"] =
        "DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/ChaCha20Poly1305".into();
    cases.push((
        "unsupported_suite",
        other_suite.to_string().into(),
        Some(id.clone()),
    ));
    let mut bad_time = good.clone();
    bad_time["ringcentral"]["validated_at"] = "yesterday".into();
    cases.push((
        "malformed_body",
        bad_time.to_string().into(),
        Some(id.clone()),
    ));

    let unknown_key = common::request(&fx.public, "2019-01", &id, JWT)
        .to_json()
        .unwrap();
    cases.push(("unknown_key_id", unknown_key, Some(id.clone())));
    let stranger = KeyPair::generate().unwrap();
    let wrong_key = common::request(stranger.public_key(), KEY_ID, &id, JWT)
        .to_json()
        .unwrap();
    cases.push(("undecryptable", wrong_key, Some(id.clone())));
    // Sealed for another submission id (aad) but sent under this one.
    let mut moved: serde_json::Value =
        serde_json::from_slice(&fx.body(&new_submission_id())).unwrap();
    moved["submission_id"] = id.clone().into();
    cases.push(("undecryptable", moved.to_string().into(), Some(id.clone())));

    for (expected, body, key) in cases {
        let (status, json) = answer(
            fx.post_with(Some(&code), key.as_deref(), Some("application/json"), body)
                .await,
        )
        .await;
        assert_eq!((status, error_code(&json)), (422, expected), "{json}");
        assert!(!json["error"]["message"].as_str().unwrap().is_empty());
    }
    // None of them consumed the code.
    assert_eq!(fx.post(&code, &id, fx.body(&id)).await.status(), 201);
}

async fn injected_503s_then_success_store_one_and_log_every_attempt(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    let body = fx.body(&id);
    fx.server.set_faults(Faults {
        fail_next: vec![503, 503],
        down: false,
    });
    for _ in 0..2 {
        let response = fx.post(&code, &id, body.clone()).await;
        assert_eq!(response.headers().get("retry-after").unwrap(), "1");
        let (status, json) = answer(response).await;
        assert_eq!((status, error_code(&json)), (503, "unavailable"));
    }
    assert_eq!(fx.post(&code, &id, body).await.status(), 201);
    let attempts = fx.server.received_attempts();
    let expected: Vec<AttemptLog> = [503, 503, 201]
        .into_iter()
        .map(|status| AttemptLog {
            idempotency_key: Some(id.clone()),
            status,
        })
        .collect();
    assert_eq!(attempts, expected);
    assert_eq!(fx.server.submissions().unwrap().len(), 1);
}

async fn injected_429_carries_retry_after(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    fx.server.set_faults(Faults {
        fail_next: vec![429],
        down: false,
    });
    let response = fx.post(&code, &id, fx.body(&id)).await;
    assert_eq!(response.headers().get("retry-after").unwrap(), "1");
    let (status, json) = answer(response).await;
    assert_eq!((status, error_code(&json)), (429, "rate_limited"));
    assert_eq!(fx.post(&code, &id, fx.body(&id)).await.status(), 201);
}

async fn an_address_guessing_codes_is_throttled_with_429(db: &Db) {
    let fx = start(db).await;
    let good = fx.code();
    let id = new_submission_id();
    for i in 0..MAX_FAILURES_PER_WINDOW {
        let guess = format!("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-{:04}", i);
        let (status, _) = answer(fx.post(&guess, &id, fx.body(&id)).await).await;
        assert_eq!(status, 401);
    }
    let response = fx.post(&good, &id, fx.body(&id)).await;
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    let (status, json) = answer(response).await;
    assert_eq!((status, error_code(&json)), (429, "rate_limited"));
}

async fn behind_a_trusted_proxy_each_client_has_its_own_failure_limit(db: &Db) {
    let fx = start_with(db, |config| {
        config.trusted_proxies = TrustedProxies::parse(&["127.0.0.1"]).unwrap();
    })
    .await;
    let good = fx.code();
    let id = new_submission_id();
    for i in 0..MAX_FAILURES_PER_WINDOW {
        let guess = format!("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-{:04}", i);
        let response = fx
            .post_forwarded_for("203.0.113.7", &guess, &id, fx.body(&id))
            .await;
        assert_eq!(response.status(), 401);
    }
    // The guesser is throttled; a customer behind the same proxy is not.
    let (status, json) = answer(
        fx.post_forwarded_for("203.0.113.7", &good, &id, fx.body(&id))
            .await,
    )
    .await;
    assert_eq!((status, error_code(&json)), (429, "rate_limited"));
    let body = fx.body(&id);
    let response = fx
        .post_forwarded_for("198.51.100.20", &good, &id, body)
        .await;
    assert_eq!(response.status(), 201);
}

async fn without_trust_a_forwarded_header_cannot_dodge_the_limit(db: &Db) {
    let fx = start(db).await;
    let good = fx.code();
    let id = new_submission_id();
    for i in 0..MAX_FAILURES_PER_WINDOW {
        let guess = format!("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-{:04}", i);
        let client = format!("203.0.113.{i}");
        let response = fx
            .post_forwarded_for(&client, &guess, &id, fx.body(&id))
            .await;
        assert_eq!(response.status(), 401);
    }
    let (status, json) = answer(
        fx.post_forwarded_for("198.51.100.20", &good, &id, fx.body(&id))
            .await,
    )
    .await;
    assert_eq!((status, error_code(&json)), (429, "rate_limited"));
}

async fn down_answers_503_to_everything_until_cleared(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let id = new_submission_id();
    fx.server.set_faults(Faults {
        fail_next: vec![],
        down: true,
    });
    let (status, _) = answer(fx.post(&code, &id, fx.body(&id)).await).await;
    assert_eq!(status, 503);
    let response = fx.code_status(Some(&code)).await;
    assert_eq!(response.headers().get("retry-after").unwrap(), "1");
    assert_eq!(response.status(), 503);

    fx.server.set_faults(Faults::default());
    assert_eq!(fx.post(&code, &id, fx.body(&id)).await.status(), 201);
}

async fn unknown_paths_and_methods_get_an_error_body(db: &Db) {
    let fx = start(db).await;
    let url = fx
        .server
        .submissions_url()
        .replace("/v1/submissions", "/v2/other");
    let (status, json) = answer(fx.http.get(url).send().await.unwrap()).await;
    assert_eq!((status, error_code(&json)), (404, "not_found"));
    let get = fx
        .http
        .get(fx.server.submissions_url())
        .send()
        .await
        .unwrap();
    let (status, json) = answer(get).await;
    assert_eq!((status, error_code(&json)), (405, "method_not_allowed"));
}

on_both_backends!(
    stores_a_submission_with_201_and_a_receipt,
    a_replay_of_the_same_body_gets_200_and_the_same_receipt,
    the_same_submission_id_with_another_body_is_409,
    a_code_holder_cannot_block_another_customers_queued_submission,
    a_code_is_consumed_by_its_first_submission,
    concurrent_submissions_with_one_code_store_exactly_one,
    bad_missing_and_expired_codes_are_401,
    a_code_typed_by_hand_still_matches,
    bodies_over_64_kib_are_413_and_exactly_64_kib_is_accepted,
    a_chunked_body_over_64_kib_is_413_without_a_content_length,
    non_json_content_types_are_415,
    unacceptable_bodies_are_422_with_their_reason,
    injected_503s_then_success_store_one_and_log_every_attempt,
    injected_429_carries_retry_after,
    an_address_guessing_codes_is_throttled_with_429,
    behind_a_trusted_proxy_each_client_has_its_own_failure_limit,
    without_trust_a_forwarded_header_cannot_dodge_the_limit,
    down_answers_503_to_everything_until_cleared,
    unknown_paths_and_methods_get_an_error_body,
);
