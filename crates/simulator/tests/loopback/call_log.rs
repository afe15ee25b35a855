//! `GET /restapi/v1.0/account/~/call-log`: a small page, the app permission (CMN-401), the
//! per-user permission (CMN-408) and the "User lacks a permission" preset.

use rc_onboard_simulator::{demo, Scenario};
use reqwest::StatusCode;

use crate::common::*;

const CALL_LOG: &str = "/restapi/v1.0/account/~/call-log";
const CMN_408_MESSAGE: &str =
    "In order to call this API endpoint, user needs to have [ReadCallLog] permission for requested resource.";

#[tokio::test]
async fn call_log_answers_a_small_valid_page() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    let reply = get_with_token(&sim, &format!("{CALL_LOG}?perPage=2"), &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=UTF-8"
    );
    assert_eq!(reply.header("x-rate-limit-group"), "heavy");
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
    assert!(
        reply.text.starts_with("{\n  \"uri\" : \""),
        "{}",
        reply.text
    );
    let body = reply.json();
    let records = body["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    for record in records {
        for key in ["uri", "id", "sessionId", "startTime", "direction", "result"] {
            assert!(record[key].is_string(), "{key}: {record}");
        }
        assert!(record["duration"].is_u64());
        assert_eq!(record["type"], "Voice");
    }
    assert_eq!(body["paging"]["page"], 1);
    assert_eq!(body["paging"]["perPage"], 2);
    assert_eq!(body["paging"]["pageStart"], 0);
    assert_eq!(body["paging"]["pageEnd"], 1);
    let uri = body["uri"].as_str().unwrap();
    assert!(
        uri.starts_with(&format!(
            "{}/restapi/v1.0/account/{}/call-log",
            sim.base_url(),
            demo::ACCOUNT_ID
        )),
        "{uri}"
    );
    assert_eq!(body["navigation"]["firstPage"]["uri"], uri);
    assert_eq!(sim.counters().call_log, 1);

    let default_page = get_with_token(&sim, CALL_LOG, &token).await.json();
    assert_eq!(default_page["paging"]["perPage"], 100);
    assert_eq!(default_page["records"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn bad_per_page_and_bad_tokens_are_refused() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    let reply = get_with_token(&sim, &format!("{CALL_LOG}?perPage=0"), &token).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    assert_eq!(reply.json()["errorCode"], "CMN-101");
    let reply = get_with_token(&sim, CALL_LOG, "not-a-token").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["errors"][0]["errorCode"], "OAU-149");
}

#[tokio::test]
async fn an_app_without_read_call_log_gets_cmn_401() {
    let sim = demo_sim().await;
    sim.set_app_permissions(demo::PROVIDER_CLIENT_ID, vec!["ReadAccounts".to_owned()]);
    let token = access_token(&sim).await;
    let reply = get_with_token(&sim, CALL_LOG, &token).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["errorCode"], "CMN-401");
    assert_eq!(
        body["errors"][0]["message"],
        "In order to call this API endpoint, application needs to have [ReadCallLog] permission"
    );
}

#[tokio::test]
async fn a_user_whose_role_lacks_read_call_log_gets_cmn_408() {
    let sim = demo_sim().await;
    assert!(sim.set_user_permission(demo::JANE_EXTENSION_ID, "ReadCallLog", false));
    assert!(!sim.set_user_permission(42, "ReadCallLog", false));
    let token = access_token(&sim).await;
    // Who-am-I still works: only the endpoint needing the permission refuses.
    let who = get_with_token(&sim, "/restapi/v1.0/account/~/extension/~", &token).await;
    assert_eq!(who.status, StatusCode::OK);
    let reply = get_with_token(&sim, &format!("{CALL_LOG}?perPage=1"), &token).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=UTF-8"
    );
    assert_eq!(reply.header("x-rate-limit-group"), "heavy");
    let expected = format!(
        "{{\n  \"errorCode\" : \"CMN-408\",\n  \"message\" : \"{CMN_408_MESSAGE}\",\n  \"errors\" : [ {{\n    \"errorCode\" : \"CMN-408\",\n    \"message\" : \"{CMN_408_MESSAGE}\"\n  }} ]\n}}"
    );
    assert_eq!(reply.text, expected);
    assert!(sim.set_user_permission(demo::JANE_EXTENSION_ID, "ReadCallLog", true));
    let reply = get_with_token(&sim, CALL_LOG, &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

#[tokio::test]
async fn user_lacks_permission_preset_exchanges_then_refuses_the_call_log() {
    let sim = demo_sim().await;
    assert_eq!(
        Scenario::UserLacksPermission.title(),
        "User lacks a permission"
    );
    assert!(Scenario::ALL.contains(&Scenario::UserLacksPermission));
    let issued = sim
        .apply_scenario(Scenario::UserLacksPermission, demo::PROVIDER_CLIENT_ID)
        .unwrap();
    let reply = exchange(&sim, &issued.jwt).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["scope"], "ReadAccounts ReadCallLog");
    let token = reply.json()["access_token"].as_str().unwrap().to_owned();
    let refused = get_with_token(&sim, CALL_LOG, &token).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["errorCode"], "CMN-408");
    assert_eq!(refused.json()["message"], CMN_408_MESSAGE);

    // The next preset gives the permission back.
    let happy = sim
        .apply_scenario(Scenario::HappyPath, demo::PROVIDER_CLIENT_ID)
        .unwrap();
    let reply = exchange(&sim, &happy.jwt).await;
    let token = reply.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        get_with_token(&sim, CALL_LOG, &token).await.status,
        StatusCode::OK
    );
}
