//! Scenario presets: each drives the real error path of the exchange.

use rc_onboard_simulator::{demo, start, Scenario, Seed, SimConfig, RATE_LIMITED_RETRY_AFTER_S};
use reqwest::StatusCode;

use crate::common::*;

async fn run(sim: &rc_onboard_simulator::SimHandle, scenario: Scenario) -> Reply {
    let issued = sim
        .apply_scenario(scenario, demo::PROVIDER_CLIENT_ID)
        .unwrap();
    exchange(sim, &issued.jwt).await
}

#[tokio::test]
async fn each_preset_produces_its_outcome() {
    let sim = demo_sim().await;

    let ok = run(&sim, Scenario::HappyPath).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.json()["scope"], "ReadAccounts ReadCallLog");

    let issued = sim
        .apply_scenario(Scenario::ExpiredCredential, demo::PROVIDER_CLIENT_ID)
        .unwrap();
    assert!(claims(&issued.jwt)["exp"].as_i64().unwrap() < now_unix());
    let reply = exchange(&sim, &issued.jwt).await;
    assert_eq!(reply.json()["error"], "invalid_grant");

    let reply = run(&sim, Scenario::RestrictedToAnotherApp).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "invalid_grant");

    run(&sim, Scenario::Revoked)
        .await
        .assert_oauth_error(400, "invalid_grant", "OAU-211");
    run(&sim, Scenario::AppNotEnabled).await.assert_oauth_error(
        400,
        "unauthorized_client",
        "OAU-251",
    );
    run(&sim, Scenario::UserDisabled)
        .await
        .assert_oauth_error(400, "invalid_grant", "OAU-236");

    let reply = run(&sim, Scenario::MissingPermission).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["scope"], "ReadAccounts");

    let reply = run(&sim, Scenario::RateLimited).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        reply.header("retry-after"),
        RATE_LIMITED_RETRY_AFTER_S.to_string()
    );
}

#[tokio::test]
async fn presets_restore_the_baseline_first() {
    let sim = demo_sim().await;
    for scenario in Scenario::ALL {
        sim.apply_scenario(scenario, demo::PROVIDER_CLIENT_ID)
            .unwrap();
        let reply = run(&sim, Scenario::HappyPath).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "happy path after {scenario:?}: {}",
            reply.text
        );
        assert_eq!(reply.json()["scope"], "ReadAccounts ReadCallLog");
        assert!(!scenario.title().is_empty());
    }
}

#[tokio::test]
async fn presets_need_a_provider_app_and_a_user() {
    let sim = start(SimConfig {
        seed: Seed::Empty,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    assert!(sim
        .apply_scenario(Scenario::HappyPath, demo::PROVIDER_CLIENT_ID)
        .is_none());
    let seeded = demo_sim().await;
    assert!(seeded
        .apply_scenario(Scenario::HappyPath, "not-registered")
        .is_none());
}
