//! `Faults::auth_rate_limit`: RingCentral's Auth group enforced per (user, app) on the token
//! and revoke endpoints, with the penalty restarted by every request that arrives during it.

use std::time::Duration;

use rc_onboard_simulator::{demo, AllowedApps, AuthRateLimit, Expiry, Faults, Scenario, SimHandle};
use reqwest::StatusCode;

use crate::common::*;

fn enforce(sim: &SimHandle, limit: AuthRateLimit) {
    sim.set_faults(Faults {
        auth_rate_limit: Some(limit),
        ..Faults::default()
    });
}

fn assert_rate_headers(reply: &Reply, remaining: u32) {
    assert_eq!(reply.header("x-rate-limit-group"), "auth");
    assert_eq!(reply.header("x-rate-limit-limit"), "5");
    assert_eq!(
        reply.header("x-rate-limit-remaining"),
        remaining.to_string()
    );
    assert_eq!(reply.header("x-rate-limit-window"), "60");
}

async fn revoke(sim: &SimHandle, token: &str) -> Reply {
    let response = http()
        .post(format!("{}/restapi/oauth/revoke", sim.base_url()))
        .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap();
    Reply::read(response).await
}

#[tokio::test]
async fn sixth_token_request_in_a_minute_is_429_with_auth_headers() {
    let sim = demo_sim().await;
    enforce(&sim, AuthRateLimit::RINGCENTRAL);
    let issued = provider_credential(&sim);
    for remaining in (0..5).rev() {
        let reply = exchange(&sim, &issued.jwt).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_rate_headers(&reply, remaining);
        assert!(reply.headers.get("retry-after").is_none());
    }
    let reply = exchange(&sim, &issued.jwt).await;
    reply.assert_rate_limited("60");
    assert_rate_headers(&reply, 0);
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
    assert_eq!(sim.open_sessions(), 5);

    // Another credential of the same user through the same app shares the count.
    let again = provider_credential(&sim);
    exchange(&sim, &again.jwt).await.assert_rate_limited("60");
    // The same user through another app is counted separately.
    let org_wide = credential(
        &sim,
        demo::JANE_EXTENSION_ID,
        AllowedApps::Org,
        Expiry::Never,
    );
    let other_app = exchange_as(
        &sim,
        demo::ORG_CLIENT_ID,
        demo::ORG_CLIENT_SECRET,
        &org_wide.jwt,
    )
    .await;
    assert_eq!(other_app.status, StatusCode::OK, "{}", other_app.text);
    assert_rate_headers(&other_app, 4);
}

#[tokio::test]
async fn every_request_during_the_penalty_restarts_it() {
    let sim = demo_sim().await;
    let penalty = Duration::from_secs(2);
    enforce(
        &sim,
        AuthRateLimit {
            requests: 1,
            window: Duration::from_secs(60),
            penalty,
        },
    );
    let issued = provider_credential(&sim);
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
    let limited = exchange(&sim, &issued.jwt).await;
    limited.assert_rate_limited("2");
    assert_eq!(limited.header("x-rate-limit-limit"), "1");
    assert_eq!(limited.header("x-rate-limit-remaining"), "0");
    // Two retries 1.2 s apart: the second comes more than a penalty after the first 429, and
    // is still refused because the first retry restarted the penalty.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    exchange(&sim, &issued.jwt).await.assert_rate_limited("2");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    exchange(&sim, &issued.jwt).await.assert_rate_limited("2");
    // A whole penalty without a request: allowed again.
    tokio::time::sleep(penalty + Duration::from_millis(300)).await;
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
}

#[tokio::test]
async fn revokes_count_against_the_same_user_and_app() {
    let sim = demo_sim().await;
    enforce(&sim, AuthRateLimit::RINGCENTRAL);
    let issued = provider_credential(&sim);
    for check in 0..3 {
        let reply = exchange(&sim, &issued.jwt).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "check {check}: {}",
            reply.text
        );
        let token = reply.json()["access_token"].as_str().unwrap().to_owned();
        let revoked = revoke(&sim, &token).await;
        if check < 2 {
            assert_eq!(revoked.status, StatusCode::OK);
            assert_rate_headers(&revoked, 3 - 2 * check);
        } else {
            // The sixth Auth request of the minute.
            revoked.assert_rate_limited("60");
            assert_rate_headers(&revoked, 0);
        }
    }
    assert_eq!(sim.open_sessions(), 1, "the refused revoke ended nothing");
    exchange(&sim, &issued.jwt).await.assert_rate_limited("60");
}

#[tokio::test]
async fn requests_not_tied_to_a_user_are_not_counted_and_carry_no_headers() {
    let sim = demo_sim().await;
    enforce(&sim, AuthRateLimit::RINGCENTRAL);
    let issued = provider_credential(&sim);
    for _ in 0..6 {
        let reply = exchange_as(&sim, demo::PROVIDER_CLIENT_ID, "wrong", &issued.jwt).await;
        reply.assert_oauth_error(401, "invalid_client", "OAU-146");
        assert!(reply.headers.get("x-rate-limit-group").is_none());
        let garbage = exchange(&sim, "wrong-jwt").await;
        assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
        assert!(garbage.headers.get("x-rate-limit-limit").is_none());
    }
    let reply = exchange(&sim, &issued.jwt).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_rate_headers(&reply, 4);
}

#[tokio::test]
async fn refused_credentials_of_a_known_user_still_count() {
    let sim = demo_sim().await;
    enforce(&sim, AuthRateLimit::RINGCENTRAL);
    let issued = provider_credential(&sim);
    assert!(sim.revoke_credential(&issued.jti));
    for remaining in (0..5).rev() {
        let reply = exchange(&sim, &issued.jwt).await;
        reply.assert_oauth_error(400, "invalid_grant", "OAU-211");
        assert_rate_headers(&reply, remaining);
    }
    exchange(&sim, &issued.jwt).await.assert_rate_limited("60");
}

#[tokio::test]
async fn off_by_default_and_presets_start_with_a_fresh_count() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    for _ in 0..7 {
        let reply = exchange(&sim, &issued.jwt).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("x-rate-limit-limit"), "200");
    }
    enforce(&sim, AuthRateLimit::RINGCENTRAL);
    for _ in 0..6 {
        exchange(&sim, &issued.jwt).await;
    }
    exchange(&sim, &issued.jwt).await.assert_rate_limited("60");
    let fresh = sim
        .apply_scenario(Scenario::HappyPath, demo::PROVIDER_CLIENT_ID)
        .unwrap();
    assert!(sim.faults().auth_rate_limit.is_some(), "the switch is kept");
    let reply = exchange(&sim, &fresh.jwt).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_rate_headers(&reply, 4);
}
