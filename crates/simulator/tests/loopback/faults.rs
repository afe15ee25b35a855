//! Fault injection over loopback HTTP: latency, 429 with Retry-After, 503, hang, and the
//! request counters.

use std::time::{Duration, Instant};

use rc_onboard_simulator::{demo, Faults, RateLimitFault};
use reqwest::StatusCode;

use crate::common::*;

#[tokio::test]
async fn latency_delays_every_request() {
    let sim = demo_sim().await;
    let latency = Duration::from_millis(120);
    sim.set_faults(Faults {
        latency,
        ..Faults::default()
    });
    let issued = provider_credential(&sim);
    let started = Instant::now();
    let reply = exchange(&sim, &issued.jwt).await;
    assert_eq!(reply.status, StatusCode::OK);
    // Only a lower bound: the sleep guarantees it, so this cannot flake.
    assert!(started.elapsed() >= latency);
    let started = Instant::now();
    let page = http()
        .get(sim.console_url(demo::PROVIDER_CLIENT_ID))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(started.elapsed() >= latency);
}

#[tokio::test]
async fn rate_limit_answers_429_for_the_next_token_requests() {
    let sim = demo_sim().await;
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            requests: 2,
            retry_after_s: 7,
        }),
        ..Faults::default()
    });
    let issued = provider_credential(&sim);
    for _ in 0..2 {
        exchange(&sim, &issued.jwt).await.assert_rate_limited("7");
    }
    assert_eq!(sim.faults().rate_limit, None);
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
    assert_eq!(sim.counters().token, 3);
}

#[tokio::test]
async fn rate_limit_leaves_rest_calls_alone() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    sim.set_faults(Faults {
        rate_limit: Some(RateLimitFault {
            requests: 1,
            retry_after_s: 30,
        }),
        ..Faults::default()
    });
    let reply = get_with_token(&sim, "/restapi/v1.0/account/~/extension/~", &token).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(sim.faults().rate_limit.is_some());
}

#[tokio::test]
async fn unavailable_answers_503_for_the_next_requests() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    sim.set_faults(Faults {
        unavailable: 2,
        ..Faults::default()
    });
    let issued = provider_credential(&sim);
    let reply = exchange(&sim, &issued.jwt).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    let body = reply.json();
    assert_eq!(body["message"], "Service Unavailable");
    assert_eq!(body["error"], "service_unavailable");
    assert_eq!(body["error_description"], "Service Unavailable");
    let rest = get_with_token(&sim, "/restapi/v1.0/account/~/extension/~", &token).await;
    assert_eq!(rest.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(sim.faults().unavailable, 0);
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
}

#[tokio::test]
async fn hang_holds_token_requests_until_cleared() {
    let sim = demo_sim().await;
    sim.set_faults(Faults {
        hang: true,
        ..Faults::default()
    });
    let issued = provider_credential(&sim);
    let url = format!("{}/restapi/oauth/token", sim.base_url());
    let jwt = issued.jwt.clone();
    let held = tokio::spawn(async move {
        http()
            .post(url)
            .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
            .form(&[
                ("grant_type", rc_onboard_simulator::JWT_BEARER_GRANT),
                ("assertion", jwt.as_str()),
            ])
            .send()
            .await
            .unwrap()
            .status()
    });
    sim.wait_for_counters(|c| c.token == 1).await;
    // Other endpoints still answer while the token request is held.
    let other = get_with_token(&sim, "/restapi/v1.0/account/~", "x").await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
    assert!(!held.is_finished());
    assert_eq!(sim.open_sessions(), 0);

    sim.set_faults(Faults::default());
    assert_eq!(held.await.unwrap(), StatusCode::OK);
    assert_eq!(sim.open_sessions(), 1);
}

#[tokio::test]
async fn shutdown_releases_hung_requests() {
    let sim = demo_sim().await;
    sim.set_faults(Faults {
        hang: true,
        ..Faults::default()
    });
    let issued = provider_credential(&sim);
    let url = format!("{}/restapi/oauth/token", sim.base_url());
    let held = tokio::spawn(async move {
        http()
            .post(url)
            .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
            .form(&[
                ("grant_type", rc_onboard_simulator::JWT_BEARER_GRANT),
                ("assertion", issued.jwt.as_str()),
            ])
            .send()
            .await
            .map(|r| r.status())
    });
    sim.wait_for_counters(|c| c.token == 1).await;
    sim.shutdown().await;
    let status = held.await.unwrap().unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn counters_count_each_endpoint() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    get_with_token(&sim, "/restapi/v1.0/account/~/extension/~", &token).await;
    get_with_token(&sim, "/restapi/v1.0/account/~/extension/~", &token).await;
    exchange(&sim, "garbage").await;
    let counters = sim.counters();
    assert_eq!(counters.token, 2);
    assert_eq!(counters.extension, 2);
    assert_eq!(counters.revoke, 0);
}
