//! `Faults::token_refusal`: the next token requests answer with any status and body.

use rc_onboard_simulator::{Faults, TokenRefusal};
use reqwest::StatusCode;

use crate::common::*;

#[tokio::test]
async fn oau_140_is_a_401_with_the_full_envelope() {
    let sim = demo_sim().await;
    sim.set_faults(Faults {
        token_refusal: Some(TokenRefusal::invalid_resource_owner()),
        ..Faults::default()
    });
    let issued = provider_credential(&sim);
    let reply = exchange(&sim, &issued.jwt).await;
    let body = reply.assert_oauth_error(401, "invalid_grant", "OAU-140");
    assert_eq!(
        body["error_description"],
        "Invalid resource owner credentials."
    );
    assert_eq!(
        reply.header("www-authenticate"),
        "Basic realm=\"RingCentral REST API\""
    );
    assert_eq!(reply.header("x-rate-limit-group"), "auth");
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
    assert_eq!(
        reply.text,
        "{\n  \"error\" : \"invalid_grant\",\n  \"errors\" : [ {\n    \"errorCode\" : \"OAU-140\",\n    \"message\" : \"Invalid resource owner credentials.\"\n  } ],\n  \"error_description\" : \"Invalid resource owner credentials.\"\n}"
    );
    // Used up: the next request is exchanged normally.
    assert_eq!(sim.faults().token_refusal, None);
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
    assert_eq!(sim.open_sessions(), 1);
}

#[tokio::test]
async fn a_body_without_error_has_errors_only() {
    let sim = demo_sim().await;
    sim.set_faults(Faults {
        token_refusal: Some(TokenRefusal::errors_only(400, "OAU-999", "Something new").times(2)),
        ..Faults::default()
    });
    let issued = provider_credential(&sim);
    for _ in 0..2 {
        let reply = exchange(&sim, &issued.jwt).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            reply.header("content-type"),
            "application/json;charset=UTF-8"
        );
        let body = reply.json();
        assert!(body.get("error").is_none(), "{}", reply.text);
        assert!(body.get("error_description").is_none(), "{}", reply.text);
        assert_eq!(body["errors"][0]["errorCode"], "OAU-999");
        assert_eq!(body["errors"][0]["message"], "Something new");
        assert!(reply.headers.get("www-authenticate").is_none());
    }
    assert_eq!(exchange(&sim, &issued.jwt).await.status, StatusCode::OK);
}

#[tokio::test]
async fn any_status_and_combination_is_sent_as_configured() {
    let sim = demo_sim().await;
    let issued = provider_credential(&sim);
    let bare = TokenRefusal {
        requests: 1,
        status: 502,
        error: None,
        error_description: None,
        error_code: None,
        message: None,
    };
    let cases = [
        TokenRefusal::new(
            403,
            "access_denied",
            "OAU-112",
            "The client is unauthorized",
        ),
        TokenRefusal {
            error_code: None,
            message: None,
            ..TokenRefusal::new(400, "invalid_request", "", "Bad request")
        },
        TokenRefusal {
            error: None,
            error_description: Some("only a description".to_owned()),
            ..TokenRefusal::errors_only(418, "X-1", "teapot")
        },
        bare.clone(),
    ];
    for refusal in cases {
        sim.set_faults(Faults {
            token_refusal: Some(refusal.clone()),
            ..Faults::default()
        });
        let reply = exchange(&sim, &issued.jwt).await;
        assert_eq!(reply.status.as_u16(), refusal.status, "{refusal:?}");
        let body = reply.json();
        assert_eq!(
            body.get("error").and_then(|v| v.as_str()),
            refusal.error.as_deref()
        );
        assert_eq!(
            body.get("error_description").and_then(|v| v.as_str()),
            refusal.error_description.as_deref()
        );
        let detail = body.get("errors").and_then(|errors| errors.get(0));
        assert_eq!(
            detail.and_then(|d| d["errorCode"].as_str()),
            refusal.error_code.as_deref()
        );
        assert_eq!(
            detail
                .and_then(|d| d.get("message"))
                .and_then(|m| m.as_str()),
            refusal.message.as_deref()
        );
    }
    sim.set_faults(Faults {
        token_refusal: Some(bare),
        ..Faults::default()
    });
    assert_eq!(exchange(&sim, &issued.jwt).await.text, "{ }");
    assert_eq!(sim.open_sessions(), 0);
}

#[tokio::test]
async fn unavailable_and_rate_limit_faults_come_first() {
    let sim = demo_sim().await;
    sim.set_faults(Faults {
        unavailable: 1,
        token_refusal: Some(TokenRefusal::invalid_resource_owner()),
        ..Faults::default()
    });
    let issued = provider_credential(&sim);
    assert_eq!(
        exchange(&sim, &issued.jwt).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        exchange(&sim, &issued.jwt).await.status,
        StatusCode::UNAUTHORIZED
    );
}
