//! The simulated console: the form page, adding apps without JavaScript, creating a credential
//! that the exchange then accepts or rejects according to the choice made, and HTML escaping.

use rc_onboard_simulator::{demo, start, Seed, SimConfig, SimHandle};
use reqwest::StatusCode;

use crate::common::*;

async fn submit(sim: &SimHandle, form: &[(&str, &str)]) -> Reply {
    let response = http()
        .post(format!("{}/console/my-credentials", sim.base_url()))
        .form(form)
        .send()
        .await
        .unwrap();
    Reply::read(response).await
}

/// The JWT shown in the created page's textarea.
fn shown_jwt(html: &str) -> String {
    let start = html.find("<textarea id=\"jwt\"").expect("jwt textarea");
    let open_end = start + html[start..].find('>').unwrap() + 1;
    let close = open_end + html[open_end..].find("</textarea>").unwrap();
    html[open_end..close].to_owned()
}

#[tokio::test]
async fn form_page_has_the_console_fields_and_prefills_the_client_id() {
    let sim = demo_sim().await;
    let response = http()
        .get(sim.console_url(demo::PROVIDER_CLIENT_ID))
        .send()
        .await
        .unwrap();
    let reply = Reply::read(response).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("content-type").starts_with("text/html"));
    uuid::Uuid::parse_str(reply.header("rcrequestid")).unwrap();
    let html = &reply.text;
    for id in [
        "create-jwt-form",
        "label",
        "apps-all",
        "apps-specific",
        "client-id",
        "add-app",
        "app-table",
        "expiration-date",
        "create-jwt",
        "simulated-badge",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "missing #{id}");
    }
    assert!(html.contains("What apps are permitted to use this credential?"));
    assert!(html.contains("All apps created by developers within my organization"));
    assert!(html.contains("Only specific apps of my choice"));
    assert!(html.contains("Expiration Date (UTC)"));
    assert!(html.contains(&format!("value=\"{}\"", demo::PROVIDER_CLIENT_ID)));
    assert!(html.contains("Jane Cooper"));
    assert!(!html.contains("<script"), "works without scripts");
    assert_eq!(sim.counters().console_page, 1);
}

#[tokio::test]
async fn only_specific_apps_with_the_provider_is_accepted_by_the_exchange() {
    let sim = demo_sim().await;
    let added = submit(
        &sim,
        &[
            ("label", "Acme"),
            ("apps", "specific"),
            ("client_id_input", demo::PROVIDER_CLIENT_ID),
            ("action", "add_app"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text);
    let hidden = format!(
        "<input type=\"hidden\" name=\"client_id\" value=\"{}\">",
        demo::PROVIDER_CLIENT_ID
    );
    assert!(added.text.contains(&hidden), "{}", added.text);
    assert!(added.text.contains(demo::PROVIDER_APP_NAME));
    assert!(added.text.contains("value=\"Acme\""), "label is kept");

    let created = submit(
        &sim,
        &[
            ("label", "Acme"),
            ("apps", "specific"),
            ("client_id", demo::PROVIDER_CLIENT_ID),
            ("client_id_input", ""),
            ("expires", ""),
            ("action", "create"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.header("cache-control"), "no-store");
    assert!(created
        .text
        .contains("won\u{2019}t be able to see it again"));
    assert!(created.text.contains("id=\"copy-jwt\""));
    let jwt = shown_jwt(&created.text);
    let claims = claims(&jwt);
    assert_eq!(claims["sub"], demo::JANE_EXTENSION_ID.to_string());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        rc_onboard_simulator::NEVER_EXPIRES_SECONDS
    );
    let reply = exchange(&sim, &jwt).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let counters = sim.counters();
    assert_eq!(counters.console_submit, 2);
}

#[tokio::test]
async fn client_id_typed_but_not_added_counts_when_creating() {
    let sim = demo_sim().await;
    let created = submit(
        &sim,
        &[
            ("label", "Acme"),
            ("apps", "specific"),
            ("client_id_input", demo::PROVIDER_CLIENT_ID),
            ("action", "create"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(
        exchange(&sim, &shown_jwt(&created.text)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn all_apps_of_my_organization_is_rejected_for_the_provider() {
    let sim = demo_sim().await;
    let created = submit(
        &sim,
        &[
            ("label", "Org wide"),
            ("apps", "all"),
            ("client_id_input", demo::PROVIDER_CLIENT_ID),
            ("action", "create"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert!(created
        .text
        .contains("All apps created by developers within my organization"));
    let jwt = shown_jwt(&created.text);
    let reply = exchange(&sim, &jwt).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "invalid_grant");
    // The customer's own apps may use it.
    let reply = exchange_as(&sim, demo::ORG_CLIENT_ID, demo::ORG_CLIENT_SECRET, &jwt).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

#[tokio::test]
async fn credential_for_another_app_is_rejected_for_the_provider() {
    let sim = demo_sim().await;
    let created = submit(
        &sim,
        &[
            ("label", "Other"),
            ("apps", "specific"),
            ("client_id", demo::ORG_CLIENT_ID),
            ("action", "create"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let reply = exchange(&sim, &shown_jwt(&created.text)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "invalid_grant");
}

#[tokio::test]
async fn expiration_date_sets_exp_to_the_end_of_that_day() {
    let sim = demo_sim().await;
    let date = (time::OffsetDateTime::now_utc() + time::Duration::days(10)).date();
    let created = submit(
        &sim,
        &[
            ("label", "Ten days"),
            ("apps", "specific"),
            ("client_id", demo::PROVIDER_CLIENT_ID),
            ("expires", &date.to_string()),
            ("action", "create"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let expected = date
        .with_hms(23, 59, 59)
        .unwrap()
        .assume_utc()
        .unix_timestamp();
    assert_eq!(claims(&shown_jwt(&created.text))["exp"], expected);
    assert!(created.text.contains(&format!("{date} 23:59:59 UTC")));
}

#[tokio::test]
async fn incomplete_forms_are_shown_again_with_an_error() {
    let sim = demo_sim().await;
    let cases: [&[(&str, &str)]; 5] = [
        &[
            ("apps", "specific"),
            ("client_id", demo::PROVIDER_CLIENT_ID),
            ("action", "create"),
        ],
        &[
            ("label", "x"),
            ("client_id", demo::PROVIDER_CLIENT_ID),
            ("action", "create"),
        ],
        &[("label", "x"), ("apps", "specific"), ("action", "create")],
        &[
            ("label", "x"),
            ("apps", "all"),
            ("expires", "2001-01-01"),
            ("action", "create"),
        ],
        &[
            ("label", "x"),
            ("apps", "specific"),
            ("client_id_input", "unknown-app"),
            ("action", "add_app"),
        ],
    ];
    for form in cases {
        let reply = submit(&sim, form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{form:?}");
        assert!(reply.text.contains("id=\"form-error\""), "{form:?}");
        assert!(!reply.text.contains("<textarea id=\"jwt\""), "{form:?}");
    }
}

#[tokio::test]
async fn remove_takes_an_app_out_of_the_table() {
    let sim = demo_sim().await;
    let reply = submit(
        &sim,
        &[
            ("label", "x"),
            ("client_id", demo::PROVIDER_CLIENT_ID),
            ("client_id", demo::ORG_CLIENT_ID),
            ("remove", demo::ORG_CLIENT_ID),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.text.contains(&format!(
        "name=\"client_id\" value=\"{}\"",
        demo::PROVIDER_CLIENT_ID
    )));
    assert!(!reply.text.contains(&format!(
        "name=\"client_id\" value=\"{}\"",
        demo::ORG_CLIENT_ID
    )));
}

#[tokio::test]
async fn every_echoed_value_is_html_escaped() {
    let sim = demo_sim().await;
    let evil = "\"><script>alert(1)</script>";
    let response = http()
        .get(format!("{}/console/my-credentials/create", sim.base_url()))
        .query(&[("client_id", evil)])
        .send()
        .await
        .unwrap();
    let page = Reply::read(response).await;
    assert!(!page.text.contains("<script>alert(1)"), "{}", page.text);
    assert!(page
        .text
        .contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));

    let unknown = submit(
        &sim,
        &[
            ("label", evil),
            ("client_id_input", evil),
            ("action", "add_app"),
        ],
    )
    .await;
    assert!(
        !unknown.text.contains("<script>alert(1)"),
        "{}",
        unknown.text
    );
    assert!(unknown.text.contains("id=\"form-error\""));

    let forged_row = submit(
        &sim,
        &[
            ("label", "x"),
            ("client_id", evil),
            ("expires", evil),
            ("remove", "none"),
        ],
    )
    .await;
    assert!(
        !forged_row.text.contains("<script>alert(1)"),
        "{}",
        forged_row.text
    );

    let created = submit(
        &sim,
        &[
            ("label", evil),
            ("apps", "specific"),
            ("client_id", demo::PROVIDER_CLIENT_ID),
            ("action", "create"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert!(
        !created.text.contains("<script>alert(1)"),
        "{}",
        created.text
    );
    assert!(created
        .text
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn console_without_a_signed_in_user_refuses_to_create() {
    let sim = start(SimConfig {
        seed: Seed::Empty,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    sim.add_app(rc_onboard_simulator::App::new("p", "s"));
    let reply = submit(
        &sim,
        &[
            ("label", "x"),
            ("apps", "specific"),
            ("client_id", "p"),
            ("action", "create"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.text.contains("No user is signed in"));
}
