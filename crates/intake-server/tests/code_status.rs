//! `GET /v1/submissions/code-status` over real loopback HTTP.

#[macro_use]
mod common;

use std::time::Duration;

use common::{answer, error_code, new_submission_id, start, Db};

async fn a_fresh_code_is_valid_with_customer_and_expiry(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    let (status, json) = answer(fx.code_status(Some(&code)).await).await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["valid"], true);
    assert_eq!(json["customer"], "Acme Dental");
    let expires_at = json["expires_at"].as_str().unwrap();
    assert!(
        expires_at.ends_with('Z') && expires_at.len() == 24,
        "{expires_at}"
    );
    assert!(json.get("reason").is_none());
}

async fn unknown_expired_and_used_codes_say_why(db: &Db) {
    let fx = start(db).await;
    let unknown = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789";
    let expired = fx.server.issue_code("Acme", Duration::ZERO).unwrap();
    let used = fx.code();
    let id = new_submission_id();
    assert_eq!(fx.post(&used, &id, fx.body(&id)).await.status(), 201);

    for (code, reason) in [
        (unknown, "unknown"),
        ("garbage", "unknown"),
        (expired.as_str(), "expired"),
        (used.as_str(), "used"),
    ] {
        let (status, json) = answer(fx.code_status(Some(code)).await).await;
        assert_eq!(status, 200, "{json}");
        assert_eq!(json, serde_json::json!({"valid": false, "reason": reason}));
    }
}

async fn checking_a_code_does_not_consume_it(db: &Db) {
    let fx = start(db).await;
    let code = fx.code();
    for _ in 0..3 {
        let (_, json) = answer(fx.code_status(Some(&code)).await).await;
        assert_eq!(json["valid"], true);
    }
    let id = new_submission_id();
    assert_eq!(fx.post(&code, &id, fx.body(&id)).await.status(), 201);
}

async fn no_code_at_all_is_401(db: &Db) {
    let fx = start(db).await;
    let (status, json) = answer(fx.code_status(None).await).await;
    assert_eq!((status, error_code(&json)), (401, "code_invalid"));
}

on_both_backends!(
    a_fresh_code_is_valid_with_customer_and_expiry,
    unknown_expired_and_used_codes_say_why,
    checking_a_code_does_not_consume_it,
    no_code_at_all_is_401,
);
