//! The identity endpoints with the access token, bearer errors, `ReadAccounts` enforcement and
//! session revocation.

use rc_onboard_simulator::{demo, Faults};
use reqwest::StatusCode;

use crate::common::*;

const EXTENSION: &str = "/restapi/v1.0/account/~/extension/~";
const BUSINESS_ADDRESS: &str = "/restapi/v1.0/account/~/business-address";
const ACCOUNT: &str = "/restapi/v1.0/account/~";

#[tokio::test]
async fn extension_tells_who_the_token_belongs_to() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    let reply = get_with_token(&sim, EXTENSION, &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=UTF-8"
    );
    assert_eq!(reply.header("x-rate-limit-group"), "light");
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
    assert!(
        reply.text.contains("\"extensionNumber\" : \"101\""),
        "{}",
        reply.text
    );
    let body = reply.json();
    assert_eq!(
        body["id"],
        demo::JANE_EXTENSION_ID,
        "extension id is a number"
    );
    assert!(body["id"].is_u64());
    assert_eq!(
        body["account"]["id"],
        demo::ACCOUNT_ID.to_string(),
        "account id is a string"
    );
    assert_eq!(body["name"], demo::JANE_NAME);
    assert_eq!(body["status"], "Enabled");
    assert_eq!(body["contact"]["email"], demo::JANE_EMAIL);
    assert_eq!(body["contact"]["company"], demo::COMPANY);
    assert_eq!(body["contact"]["firstName"], "Jane");
}

#[tokio::test]
async fn business_address_and_account_are_served() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    let address = get_with_token(&sim, BUSINESS_ADDRESS, &token).await;
    assert_eq!(address.status, StatusCode::OK, "{}", address.text);
    assert_eq!(address.json()["company"], demo::COMPANY);
    let account = get_with_token(&sim, ACCOUNT, &token).await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.text);
    assert_eq!(
        account.json()["id"],
        demo::ACCOUNT_ID,
        "account id is a number here"
    );
    assert_eq!(account.json()["status"], "Confirmed");
    let counters = sim.counters();
    assert_eq!(
        (
            counters.token,
            counters.business_address,
            counters.account,
            counters.extension
        ),
        (1, 1, 1, 0)
    );
}

#[tokio::test]
async fn bad_or_missing_tokens_get_rest_error_envelopes() {
    let sim = demo_sim().await;
    let reply = get_with_token(&sim, EXTENSION, "not-a-token").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let body = reply.json();
    assert_eq!(body["errorCode"], "TokenInvalid");
    assert_eq!(body["message"], "OAuth token is invalid");
    assert_eq!(body["errors"][0]["errorCode"], "OAU-149");

    let response = http()
        .get(format!("{}{BUSINESS_ADDRESS}", sim.base_url()))
        .send()
        .await
        .unwrap();
    let reply = Reply::read(response).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["errorCode"], "AGW-401");
    assert_eq!(
        reply.json()["errors"][0]["message"],
        "Authorization header is not specified"
    );
}

#[tokio::test]
async fn revoke_kills_the_session() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    assert_eq!(sim.open_sessions(), 1);
    let response = http()
        .post(format!("{}/restapi/oauth/revoke", sim.base_url()))
        .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    let reply = Reply::read(response).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text, "");
    assert_eq!(reply.header("x-rate-limit-group"), "auth");
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
    assert_eq!(sim.open_sessions(), 0);
    assert_eq!(sim.counters().revoke, 1);

    let after = get_with_token(&sim, EXTENSION, &token).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.json()["errors"][0]["errorCode"], "OAU-149");
}

#[tokio::test]
async fn revoke_by_refresh_token_ends_the_session_too() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    let body = exchange(&sim, &issued.jwt).await.json();
    let refresh = body["refresh_token"].as_str().unwrap();
    let response = http()
        .post(format!(
            "{}/restapi/oauth/revoke?token={refresh}",
            sim.base_url()
        ))
        .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let access = body["access_token"].as_str().unwrap();
    assert_eq!(
        get_with_token(&sim, EXTENSION, access).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn revoke_needs_client_auth_and_a_token() {
    let sim = demo_sim().await;
    let token = access_token(&sim).await;
    let url = format!("{}/restapi/oauth/revoke", sim.base_url());
    let wrong_secret = http()
        .post(&url)
        .basic_auth(demo::PROVIDER_CLIENT_ID, Some("nope"))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    Reply::read(wrong_secret)
        .await
        .assert_oauth_error(401, "invalid_client", "OAU-146");
    let no_auth = http()
        .post(&url)
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    Reply::read(no_auth)
        .await
        .assert_oauth_error(401, "invalid_client", "OAU-123");
    let no_token = http()
        .post(&url)
        .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
        .send()
        .await
        .unwrap();
    Reply::read(no_token)
        .await
        .assert_oauth_error(400, "invalid_request", "OAU-101");
    // Another app cannot end this app's session.
    let other = http()
        .post(&url)
        .basic_auth(demo::ORG_CLIENT_ID, Some(demo::ORG_CLIENT_SECRET))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::BAD_REQUEST);
    assert_eq!(sim.open_sessions(), 1);
}

#[tokio::test]
async fn missing_read_accounts_is_403_when_enforced() {
    let sim = demo_sim().await;
    sim.set_app_permissions(demo::PROVIDER_CLIENT_ID, vec!["ReadCallLog".to_owned()]);
    let token = access_token(&sim).await;
    // Off by default.
    assert_eq!(
        get_with_token(&sim, EXTENSION, &token).await.status,
        StatusCode::OK
    );
    sim.set_faults(Faults {
        enforce_read_accounts: true,
        ..sim.faults()
    });
    let reply = get_with_token(&sim, EXTENSION, &token).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["errorCode"], "CMN-401");
    assert_eq!(
        body["errors"][0]["message"],
        "In order to call this API endpoint, application needs to have [ReadAccounts] permission"
    );
    // A token of an app that has the permission is fine.
    sim.set_app_permissions(demo::PROVIDER_CLIENT_ID, vec!["ReadAccounts".to_owned()]);
    let token = access_token(&sim).await;
    assert_eq!(
        get_with_token(&sim, EXTENSION, &token).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn unknown_paths_get_a_rest_404() {
    let sim = demo_sim().await;
    let reply = get_with_token(&sim, "/restapi/v1.0/nothing-here", "x").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["errorCode"], "CMN-120");
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
}
