//! `POST /restapi/oauth/token`: the success body and headers, and every error outcome.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use rc_onboard_simulator::{
    demo, start, AllowedApps, App, Expiry, SigningAlgorithm, SimConfig, JWT_BEARER_GRANT,
    NEVER_EXPIRES_SECONDS,
};
use reqwest::StatusCode;

use crate::common::*;

#[tokio::test]
async fn success_body_and_headers_look_like_ringcentral() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    let reply = exchange(&sim, &issued.jwt).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.header("content-type"),
        "application/json;charset=UTF-8"
    );
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
    assert_eq!(reply.header("x-rate-limit-group"), "auth");
    let limit: u32 = reply.header("x-rate-limit-limit").parse().unwrap();
    let remaining: u32 = reply.header("x-rate-limit-remaining").parse().unwrap();
    assert!(remaining < limit);
    assert_eq!(reply.header("x-rate-limit-window"), "60");
    assert_eq!(reply.header("cache-control"), "no-store");

    assert!(
        reply.text.starts_with("{\n  \"access_token\" : \""),
        "{}",
        reply.text
    );
    let body = reply.json();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["refresh_token_expires_in"], 604_800);
    assert_eq!(body["scope"], "ReadAccounts ReadCallLog");
    assert_eq!(body["owner_id"], demo::JANE_EXTENSION_ID.to_string());
    assert_eq!(body["owner_id"], claims(&issued.jwt)["sub"]);
    for key in ["access_token", "refresh_token", "endpoint_id", "session_id"] {
        assert!(!body[key].as_str().unwrap().is_empty(), "{key}");
    }
    assert_ne!(body["access_token"], body["refresh_token"]);
    assert_eq!(sim.open_sessions(), 1);
}

#[tokio::test]
async fn credential_is_shaped_like_a_real_one() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    let header = segment(&issued.jwt, 0);
    assert!(header.starts_with(r#"{"kid":""#), "{header}");
    assert!(
        header.ends_with(r#"","typ":"JWT","alg":"RS256"}"#),
        "{header}"
    );
    let payload = segment(&issued.jwt, 1);
    let keys: Vec<usize> = ["aud", "sub", "iss", "exp", "iat", "jti"]
        .iter()
        .map(|k| payload.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{payload}");
    let claims = claims(&issued.jwt);
    assert_eq!(claims["iss"], sim.base_url());
    assert_eq!(
        claims["aud"],
        format!("{}/restapi/oauth/token", sim.base_url())
    );
    assert_eq!(claims["sub"], demo::JANE_EXTENSION_ID.to_string());
    assert_eq!(claims["jti"], issued.jti);
    assert_eq!(issued.jti.len(), 22);
    assert_eq!(URL_SAFE_NO_PAD.decode(&issued.jti).unwrap().len(), 16);
    let (exp, iat) = (
        claims["exp"].as_i64().unwrap(),
        claims["iat"].as_i64().unwrap(),
    );
    assert_eq!(exp - iat, NEVER_EXPIRES_SECONDS);
    assert_eq!(issued.jwt.split('.').nth(2).unwrap().len(), 342);
}

#[tokio::test]
async fn chosen_expiry_is_the_end_of_that_utc_day() {
    let sim = demo_sim().await;
    let date = time::macros::datetime!(2031-05-17 09:30 UTC);
    let issued = credential(
        &sim,
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::At(date),
    );
    let end_of_day = time::macros::datetime!(2031-05-17 23:59:59 UTC).unix_timestamp();
    assert_eq!(claims(&issued.jwt)["exp"], end_of_day);
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
}

#[tokio::test]
async fn access_token_ttl_is_clamped_between_600_and_3600() {
    let sim = demo_sim().await;
    for (requested, granted) in [("600", 600), ("5", 600), ("99999", 3600), ("junk", 3600)] {
        let issued = provider_credential(&sim);
        let response = http()
            .post(format!("{}/restapi/oauth/token", sim.base_url()))
            .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
            .form(&[
                ("grant_type", JWT_BEARER_GRANT),
                ("assertion", issued.jwt.as_str()),
                ("access_token_ttl", requested),
            ])
            .send()
            .await
            .unwrap();
        let reply = Reply::read(response).await;
        assert_eq!(reply.json()["expires_in"], granted, "ttl {requested}");
    }
}

#[tokio::test]
async fn unknown_client_id_is_oau_153_with_parameters() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    let reply = exchange_as(&sim, "no-such-app", "x", &issued.jwt).await;
    let body = reply.assert_oauth_error(400, "invalid_client", "OAU-153");
    assert_eq!(body["errors"][0]["message"], "Invalid client: no-such-app");
    assert_eq!(
        body["errors"][0]["parameters"][0]["parameterName"],
        "client_id"
    );
    assert_eq!(
        body["errors"][0]["parameters"][0]["parameterValue"],
        "no-such-app"
    );
    assert!(reply.text.contains("\"errors\" : [ {"), "{}", reply.text);
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
    assert_eq!(sim.open_sessions(), 0);
}

#[tokio::test]
async fn wrong_secret_is_oau_146() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    let reply = exchange_as(&sim, demo::PROVIDER_CLIENT_ID, "wrong", &issued.jwt).await;
    let body = reply.assert_oauth_error(401, "invalid_client", "OAU-146");
    assert_eq!(body["error_description"], "Invalid client credentials");
    assert!(!reply.text.contains("wrong"), "the secret is never echoed");
}

#[tokio::test]
async fn missing_or_garbled_basic_auth_is_oau_123() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    let url = format!("{}/restapi/oauth/token", sim.base_url());
    let form = [
        ("grant_type", JWT_BEARER_GRANT),
        ("assertion", issued.jwt.as_str()),
    ];
    let missing = http().post(&url).form(&form).send().await.unwrap();
    Reply::read(missing)
        .await
        .assert_oauth_error(401, "invalid_client", "OAU-123");
    let no_colon = format!("Basic {}", STANDARD.encode("just-an-id"));
    for header in ["Basic %%%", "Bearer abc", no_colon.as_str()] {
        let garbled = http()
            .post(&url)
            .header("authorization", header)
            .form(&form)
            .send()
            .await
            .unwrap();
        Reply::read(garbled)
            .await
            .assert_oauth_error(401, "invalid_client", "OAU-123");
    }
}

#[tokio::test]
async fn app_without_jwt_grant_is_oau_251() {
    let sim = demo_sim().await;
    assert!(sim.set_app_jwt_grant(demo::PROVIDER_CLIENT_ID, false));
    let issued = provider_credential(&sim);
    let reply = exchange(&sim, &issued.jwt).await;
    let body = reply.assert_oauth_error(400, "unauthorized_client", "OAU-251");
    assert_eq!(
        body["error_description"],
        "Unauthorized for this grant type"
    );
    assert!(sim.set_app_jwt_grant(demo::PROVIDER_CLIENT_ID, true));
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
    assert!(!sim.set_app_jwt_grant("no-such-app", true));
}

#[tokio::test]
async fn other_grant_types_and_missing_parameters_are_refused() {
    let sim = demo_sim().await;
    let url = format!("{}/restapi/oauth/token", sim.base_url());
    let send = |form: Vec<(&'static str, &'static str)>| {
        http()
            .post(&url)
            .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
            .form(&form)
            .send()
    };
    let password = send(vec![("grant_type", "password"), ("username", "u")])
        .await
        .unwrap();
    Reply::read(password)
        .await
        .assert_oauth_error(400, "unauthorized_client", "OAU-251");
    let no_grant = send(vec![("assertion", "x.y.z")]).await.unwrap();
    Reply::read(no_grant)
        .await
        .assert_oauth_error(400, "invalid_request", "OAU-101");
    let no_assertion = send(vec![("grant_type", JWT_BEARER_GRANT)]).await.unwrap();
    let body =
        Reply::read(no_assertion)
            .await
            .assert_oauth_error(400, "invalid_request", "OAU-101");
    assert_eq!(
        body["error_description"],
        "Parameter [assertion] is invalid"
    );
}

#[tokio::test]
async fn unparseable_assertion_is_invalid_grant() {
    let sim = demo_sim().await;
    for garbage in ["wrong-jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30"] {
        let reply = exchange(&sim, garbage).await;
        let body = reply.assert_oauth_error(400, "invalid_grant", &error_code(&reply));
        assert_eq!(
            body["error_description"], "Unparseable assertion",
            "{garbage}"
        );
    }
}

fn error_code(reply: &Reply) -> String {
    reply.json()["errors"][0]["errorCode"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn tampered_or_foreign_credentials_are_invalid_grant() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);

    // Same signature, payload changed to another user.
    let mut payload = claims(&issued.jwt);
    payload["sub"] = serde_json::json!("1");
    let parts: Vec<&str> = issued.jwt.split('.').collect();
    let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    let forged = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
    let reply = exchange(&sim, &forged).await;
    reply.assert_oauth_error(400, "invalid_grant", &error_code(&reply));
    assert_eq!(
        reply.json()["error_description"],
        "Invalid assertion signature"
    );

    // HS256 is not accepted for the JWT bearer grant.
    let hs_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let hs = format!("{hs_header}.{}.{}", parts[1], parts[2]);
    exchange(&sim, &hs)
        .await
        .assert_oauth_error(400, "invalid_grant", "OAU-347");

    // A credential issued by another environment (another simulator, another issuer).
    let other = start(SimConfig::default()).await.unwrap();
    let foreign = provider_credential(&other);
    let reply = exchange(&sim, &foreign.jwt).await;
    reply.assert_oauth_error(400, "invalid_grant", &error_code(&reply));
    assert!(reply.text.contains("issuer"), "{}", reply.text);
    other.shutdown().await;
}

#[tokio::test]
async fn revoked_credential_is_invalid_grant() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    assert!(sim.revoke_credential(&issued.jti));
    exchange(&sim, &issued.jwt)
        .await
        .assert_oauth_error(400, "invalid_grant", "OAU-211");
    assert!(!sim.revoke_credential("no-such-jti"));
}

#[tokio::test]
async fn expired_credential_is_invalid_grant() {
    let sim = demo_sim().await;
    let issued = credential(
        &sim,
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::Exp(now_unix() - 60),
    );
    let reply = exchange(&sim, &issued.jwt).await;
    reply.assert_oauth_error(400, "invalid_grant", &error_code(&reply));
    assert!(reply.text.contains("expired"), "{}", reply.text);
}

#[tokio::test]
async fn credential_restricted_to_another_app_is_invalid_grant() {
    let sim = demo_sim().await;
    let issued = credential(
        &sim,
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![demo::ORG_CLIENT_ID.to_owned()]),
        Expiry::Never,
    );
    let reply = exchange(&sim, &issued.jwt).await;
    reply.assert_oauth_error(400, "invalid_grant", &error_code(&reply));
    // The app it was restricted to may use it.
    let reply = exchange_as(
        &sim,
        demo::ORG_CLIENT_ID,
        demo::ORG_CLIENT_SECRET,
        &issued.jwt,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["scope"], "ReadAccounts");
}

#[tokio::test]
async fn org_wide_credential_covers_org_apps_only() {
    let sim = demo_sim().await;
    let issued = credential(
        &sim,
        demo::JANE_EXTENSION_ID,
        AllowedApps::Org,
        Expiry::Never,
    );
    let reply = exchange(&sim, &issued.jwt).await;
    let code = error_code(&reply);
    reply.assert_oauth_error(400, "invalid_grant", &code);
    let reply = exchange_as(
        &sim,
        demo::ORG_CLIENT_ID,
        demo::ORG_CLIENT_SECRET,
        &issued.jwt,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

#[tokio::test]
async fn credential_listing_several_apps_works_for_each() {
    let sim = demo_sim().await;
    let mut extra = App::new("second-app", "second-secret");
    extra.permissions = vec!["ReadAccounts".to_owned(), "SMS".to_owned()];
    sim.add_app(extra);
    let issued = credential(
        &sim,
        demo::JANE_EXTENSION_ID,
        AllowedApps::Only(vec![
            "second-app".to_owned(),
            demo::PROVIDER_CLIENT_ID.to_owned(),
        ]),
        Expiry::Never,
    );
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
    let reply = exchange_as(&sim, "second-app", "second-secret", &issued.jwt).await;
    assert_eq!(reply.json()["scope"], "ReadAccounts SMS");
}

#[tokio::test]
async fn disabled_or_missing_user_cannot_sign_in() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    assert!(sim.set_user_enabled(demo::JANE_EXTENSION_ID, false));
    let body =
        exchange(&sim, &issued.jwt)
            .await
            .assert_oauth_error(400, "invalid_grant", "OAU-236");
    assert_eq!(body["error_description"], "Extension is disabled or frozen");
    assert!(sim.set_user_enabled(demo::JANE_EXTENSION_ID, true));
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);

    let ghost = credential(
        &sim,
        42,
        AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
        Expiry::Never,
    );
    exchange(&sim, &ghost.jwt)
        .await
        .assert_oauth_error(400, "invalid_grant", "OAU-232");
}

#[tokio::test]
async fn scope_follows_the_app_permissions() {
    let sim = demo_sim().await;
    assert!(sim.set_app_permissions(demo::PROVIDER_CLIENT_ID, vec!["ReadCallLog".to_owned()]));
    let issued = provider_credential(&sim);
    assert_eq!(
        exchange(&sim, &issued.jwt).await.json()["scope"],
        "ReadCallLog"
    );
}

#[tokio::test]
async fn es256_credential_is_accepted_like_an_rs256_one() {
    let sim = demo_sim().await;
    let issued = sim.create_credential_with(
        rc_onboard_simulator::CredentialSpec {
            owner_extension_id: demo::JANE_EXTENSION_ID,
            allowed: AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
            expires: Expiry::Never,
        },
        SigningAlgorithm::Es256,
    );
    let header = segment(&issued.jwt, 0);
    assert!(
        header.ends_with(r#"","typ":"JWT","alg":"ES256"}"#),
        "{header}"
    );
    let signature = issued.jwt.split('.').nth(2).unwrap();
    assert_eq!(URL_SAFE_NO_PAD.decode(signature).unwrap().len(), 64);
    assert_eq!(
        claims(&issued.jwt)["sub"],
        demo::JANE_EXTENSION_ID.to_string()
    );
    let reply = exchange(&sim, &issued.jwt).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.json()["owner_id"],
        demo::JANE_EXTENSION_ID.to_string()
    );

    // The server-side checks apply the same way: a revoked ES256 credential is refused.
    assert!(sim.revoke_credential(&issued.jti));
    exchange(&sim, &issued.jwt)
        .await
        .assert_oauth_error(400, "invalid_grant", "OAU-211");

    // An ES256 signature that is not this simulator's is a bad signature.
    let other = start(SimConfig::default()).await.unwrap();
    let parts: Vec<&str> = issued.jwt.split('.').collect();
    let forged_sub = URL_SAFE_NO_PAD.encode(
        serde_json::to_vec(&{
            let mut payload = claims(&issued.jwt);
            payload["sub"] = serde_json::json!("1");
            payload
        })
        .unwrap(),
    );
    let forged = format!("{}.{forged_sub}.{}", parts[0], parts[2]);
    let reply = exchange(&sim, &forged).await;
    assert_eq!(
        reply.json()["error_description"],
        "Invalid assertion signature"
    );
    other.shutdown().await;
}
