//! Several intakes on one PostgreSQL database behave as one: every code consumed once across
//! instances, replays answered with the same receipt by either, and an instance killed with
//! SIGKILL mid-load loses nothing it accepted while the other carries on.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use common::process::{keygen, rc_intake, stdout_of, Server};
use common::{body, new_submission_id, KEY_ID};
use rc_onboard_intake_protocol::KeyPair;
use rc_onboard_intake_server::{DatabaseLocation, IntakeServer, ServerConfig, Storage};
use tokio::sync::Semaphore;

const CODES: usize = 200;
const SENDS_PER_INSTANCE: usize = 5;

async fn issue_codes(location: &DatabaseLocation, count: usize) -> Vec<String> {
    let storage = Storage::open(location).await.unwrap();
    let mut codes = Vec::with_capacity(count);
    for i in 0..count {
        let issued = storage
            .issue_code(&format!("Customer {i}"), Duration::from_secs(3600))
            .await
            .unwrap();
        codes.push(issued.code.as_str().to_owned());
    }
    storage.close().await;
    codes
}

async fn send(
    http: &reqwest::Client,
    url: &str,
    code: &str,
    id: &str,
    body: Vec<u8>,
) -> Result<(u16, serde_json::Value), reqwest::Error> {
    let response = http
        .post(url)
        .bearer_auth(code)
        .header("Idempotency-Key", id)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await?;
    let status = response.status().as_u16();
    let json = response.json().await?;
    Ok((status, json))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_store_each_submission_exactly_once() {
    let Some(url) = common::postgres::fresh_database() else {
        return;
    };
    let location = DatabaseLocation::Postgres(url);
    let pair = KeyPair::generate().unwrap();
    let mut instances = Vec::new();
    for _ in 0..2 {
        let config =
            ServerConfig::with_database(location.clone(), pair.private_key().clone(), KEY_ID);
        instances.push(IntakeServer::start(config).await.unwrap());
    }
    let urls: Vec<String> = instances.iter().map(|i| i.submissions_url()).collect();
    let codes = issue_codes(&location, CODES).await;

    let http = reqwest::Client::new();
    let limit = Arc::new(Semaphore::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, code) in codes.iter().enumerate() {
        let id = new_submission_id();
        let body = body(pair.public_key(), &id);
        for round in 0..SENDS_PER_INSTANCE * urls.len() {
            let (http, url, code, id, body, limit) = (
                http.clone(),
                urls[round % urls.len()].clone(),
                code.clone(),
                id.clone(),
                body.clone(),
                Arc::clone(&limit),
            );
            tasks.spawn(async move {
                let _permit = limit.acquire().await.unwrap();
                (index, send(&http, &url, &code, &id, body).await.unwrap())
            });
        }
    }
    let mut answers: HashMap<usize, Vec<(u16, serde_json::Value)>> = HashMap::new();
    for (index, answer) in tasks.join_all().await {
        answers.entry(index).or_default().push(answer);
    }
    for (index, answers) in &answers {
        let created: Vec<_> = answers.iter().filter(|(s, _)| *s == 201).collect();
        assert_eq!(created.len(), 1, "code {index}: {answers:?}");
        let receipt = &created[0].1["receipt_id"];
        for (status, json) in answers {
            assert!(
                *status == 201 || *status == 200,
                "code {index}: {status} {json}"
            );
            assert_eq!(&json["receipt_id"], receipt, "code {index}: {json}");
        }
    }
    assert_eq!(answers.len(), CODES);
    let stored = instances[1].submissions().unwrap();
    assert_eq!(stored.len(), CODES);
    let distinct: HashSet<_> = stored.iter().map(|s| &s.customer).collect();
    assert_eq!(distinct.len(), CODES);
    for instance in instances {
        instance.shutdown().await;
    }
}

/// One submission to send: code, id, body.
struct Planned {
    code: String,
    id: String,
    body: Vec<u8>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_one_instance_loses_nothing_it_accepted() {
    let Some(url) = common::postgres::fresh_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("intake.key");
    let key = key.to_str().unwrap();
    let public = keygen(key, KEY_ID);
    let (victim, victim_url) = Server::start(&["--db", &url, "--key", key]);
    let (_survivor, survivor_url) = Server::start(&["--db", &url, "--key", key]);
    let location = DatabaseLocation::Postgres(url.clone());
    let plan: Vec<Planned> = issue_codes(&location, 300)
        .await
        .into_iter()
        .map(|code| {
            let id = new_submission_id();
            let body = body(&public, &id);
            Planned { code, id, body }
        })
        .collect();
    let plan = Arc::new(plan);

    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..8 {
        let (http, plan) = (http.clone(), Arc::clone(&plan));
        let (victim_url, survivor_url) = (victim_url.clone(), survivor_url.clone());
        tasks.spawn(async move {
            let mut accepted = Vec::new();
            let mut survivor_created = 0;
            for (i, planned) in plan.iter().enumerate().filter(|(i, _)| i % 8 == worker) {
                let first = if i % 2 == 0 {
                    &victim_url
                } else {
                    &survivor_url
                };
                // A client whose request fails retries on the other instance, as behind a load
                // balancer.
                let mut result = send(
                    &http,
                    first,
                    &planned.code,
                    &planned.id,
                    planned.body.clone(),
                )
                .await;
                if result.is_err() {
                    result = send(
                        &http,
                        &survivor_url,
                        &planned.code,
                        &planned.id,
                        planned.body.clone(),
                    )
                    .await;
                }
                let (status, json) = result.unwrap();
                assert!(status == 201 || status == 200, "{status} {json}");
                if status == 201 && first == &survivor_url {
                    survivor_created += 1;
                }
                accepted.push((
                    planned.id.clone(),
                    json["receipt_id"].as_str().unwrap().to_owned(),
                ));
            }
            (accepted, survivor_created)
        });
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    victim.signal("KILL");
    let results = tasks.join_all().await;
    let accepted: Vec<(String, String)> = results.iter().flat_map(|(a, _)| a.clone()).collect();
    assert_eq!(accepted.len(), plan.len());
    assert!(results.iter().map(|(_, n)| n).sum::<usize>() > 0);

    let listed = stdout_of(&rc_intake(&["list", "--db", &url, "--json"]));
    let listed: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    let stored: HashMap<&str, &str> = listed
        .iter()
        .map(|s| {
            (
                s["submission_id"].as_str().unwrap(),
                s["receipt_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(stored.len(), plan.len());
    for (id, receipt) in &accepted {
        assert_eq!(stored.get(id.as_str()), Some(&receipt.as_str()), "{id}");
    }
}
