//! Throughput of the reference intake server on this machine.
//!
//! Starts one server on 127.0.0.1 with a fresh SQLite database and, when
//! RC_INTAKE_BENCH_POSTGRES_URL names an empty PostgreSQL database (or pg_virtualenv's PG*
//! variables are set), two servers sharing it. For each, issues one code per request, seals
//! every submission in advance, then a load generator with `CONCURRENCY` workers over keep-alive
//! connections (spread over the instances) sends them all (bounded in count and time) and
//! prints sealed submissions per second, p50/p99 latency and the machine load (/proc/loadavg).
//! Each 201 is a committed transaction.
//!
//! `cargo bench -p rc-onboard-intake-server --bench throughput`
//! Environment: RC_INTAKE_BENCH_REQUESTS (20000), RC_INTAKE_BENCH_CONCURRENCY (32),
//! RC_INTAKE_BENCH_MAX_SECS (60), RC_INTAKE_BENCH_CLIENT_THREADS (2: load generator threads),
//! RC_INTAKE_BENCH_POSTGRES_URL.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rc_onboard_intake_protocol::PublicKey;
use rc_onboard_intake_protocol::{seal, ClientInfo, IntakeRequest, KeyPair, RingCentralFacts};
use rc_onboard_intake_server::{DatabaseLocation, IntakeServer, ServerConfig, Storage};
use rc_onboard_testkit::{ringcentral_claims, FakeJwt};

const KEY_ID: &str = "bench";
/// A JWT-shaped plaintext, built here so no credential-looking string is stored: RingCentral's
/// header and claims with a made-up signature (nothing verifies it; the bench only seals it).
fn synthetic_jwt() -> String {
    FakeJwt::rs256()
        .payload(ringcentral_claims(
            "https://platform.ringcentral.com",
            1_826_208_000,
            1_794_672_000,
        ))
        .build()
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Prepared {
    code: String,
    submission_id: String,
    body: Vec<u8>,
}

async fn prepare(storage: &Storage, public: &PublicKey, count: usize) -> Vec<Prepared> {
    let jwt = synthetic_jwt();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        out.push({
            let submission_id = uuid::Uuid::new_v4().to_string();
            let request = IntakeRequest {
                version: 1,
                submission_id: submission_id.clone(),
                sealed_credential: seal(public, KEY_ID, &submission_id, jwt.as_bytes())
                    .expect("seal"),
                ringcentral: RingCentralFacts {
                    server: "https://platform.ringcentral.com".into(),
                    client_id: "AbCdEfGhIjKlMnOpQrStUv".into(),
                    account_id: format!("{}", 37_000_000 + i),
                    extension_id: "101".into(),
                    permissions: vec!["ReadAccounts".into(), "SMS".into(), "ReadMessages".into()],
                    credential_expires_at: Some("2027-11-28T10:00:00Z".into()),
                    validated_at: "2026-11-28T10:00:00Z".into(),
                },
                client: ClientInfo {
                    app: "rc-onboard".into(),
                    version: "0.1.0".into(),
                    os: "linux".into(),
                },
            };
            Prepared {
                code: storage
                    .issue_code(&format!("Customer {i}"), Duration::from_secs(86_400))
                    .await
                    .expect("issue code")
                    .code
                    .as_str()
                    .to_owned(),
                submission_id,
                body: request.to_json().expect("json"),
            }
        });
    }
    out
}

struct RunResult {
    latencies_us: Vec<u64>,
    created: usize,
    other: Vec<u16>,
    elapsed: Duration,
}

async fn run_load(
    urls: &[String],
    work: Arc<Vec<Prepared>>,
    concurrency: usize,
    max: Duration,
) -> RunResult {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + max;
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, work, next, urls) = (
            client.clone(),
            Arc::clone(&work),
            Arc::clone(&next),
            urls.to_vec(),
        );
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut created = 0usize;
            let mut other = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= work.len() || Instant::now() >= deadline {
                    break;
                }
                let item = &work[index];
                let sent = Instant::now();
                let status = match client
                    .post(&urls[index % urls.len()])
                    .bearer_auth(&item.code)
                    .header("Idempotency-Key", &item.submission_id)
                    .header("Content-Type", "application/json")
                    .body(item.body.clone())
                    .send()
                    .await
                {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        status
                    }
                    Err(_) => 0,
                };
                latencies.push(sent.elapsed().as_micros() as u64);
                if status == 201 {
                    created += 1;
                } else {
                    other.push(status);
                }
            }
            (latencies, created, other)
        });
    }
    let mut result = RunResult {
        latencies_us: Vec::new(),
        created: 0,
        other: Vec::new(),
        elapsed: Duration::ZERO,
    };
    while let Some(joined) = workers.join_next().await {
        let (latencies, created, other) = joined.expect("worker");
        result.latencies_us.extend(latencies);
        result.created += created;
        result.other.extend(other);
    }
    result.elapsed = started.elapsed();
    result
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

/// The PostgreSQL database to measure on, if any.
fn postgres_url() -> Option<String> {
    if let Ok(url) = std::env::var("RC_INTAKE_BENCH_POSTGRES_URL") {
        return Some(url);
    }
    let var = |name: &str| std::env::var(name).ok();
    Some(format!(
        "postgres://{}:{}@{}:{}/{}",
        var("PGUSER")?,
        var("PGPASSWORD")?,
        var("PGHOST")?,
        var("PGPORT")?,
        var("PGDATABASE")?
    ))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn main() {
    bench("SQLite, one instance", None, 1);
    if let Some(url) = postgres_url() {
        bench("PostgreSQL, two instances", Some(url), 2);
    } else {
        println!("PostgreSQL: set RC_INTAKE_BENCH_POSTGRES_URL (or run under pg_virtualenv) to measure it");
    }
}

fn bench(label: &str, postgres: Option<String>, instances: usize) {
    let requests = env_number("RC_INTAKE_BENCH_REQUESTS", 20_000) as usize;
    let concurrency = env_number("RC_INTAKE_BENCH_CONCURRENCY", 32) as usize;
    let max = Duration::from_secs(env_number("RC_INTAKE_BENCH_MAX_SECS", 60));
    let warmup = (requests / 20).clamp(1, 1_000);

    let dir = tempfile::tempdir().expect("tempdir");
    let location = match postgres {
        Some(url) => DatabaseLocation::Postgres(url),
        None => DatabaseLocation::Sqlite(dir.path().join("bench.db")),
    };
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("server runtime");
    let key = KeyPair::generate().expect("key");
    let servers: Vec<_> = (0..instances)
        .map(|_| {
            let mut config =
                ServerConfig::with_database(location.clone(), key.private_key().clone(), KEY_ID);
            config.pool_size = 8;
            server_runtime
                .block_on(IntakeServer::start(config))
                .expect("start server")
        })
        .collect();
    let urls: Vec<String> = servers.iter().map(|s| s.submissions_url()).collect();

    let prepare_started = Instant::now();
    let (warm, work) = server_runtime.block_on(async {
        let storage = Storage::open(&location).await.expect("open storage");
        let warm = prepare(&storage, key.public_key(), warmup).await;
        let work = prepare(&storage, key.public_key(), requests).await;
        storage.close().await;
        (Arc::new(warm), Arc::new(work))
    });
    eprintln!(
        "prepared {} codes and sealed submissions in {:.1} s",
        warmup + requests,
        prepare_started.elapsed().as_secs_f64()
    );

    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(env_number("RC_INTAKE_BENCH_CLIENT_THREADS", 2) as usize)
        .enable_all()
        .build()
        .expect("client runtime");
    client_runtime.block_on(run_load(&urls, warm, concurrency, max));
    let load_before = load_average();
    let result = client_runtime.block_on(run_load(&urls, work, concurrency, max));
    let load_after = load_average();

    let mut sorted = result.latencies_us.clone();
    sorted.sort_unstable();
    let stored = servers[0].submissions().expect("list").len();
    let per_second = result.created as f64 / result.elapsed.as_secs_f64();
    println!(
        "intake throughput, {label}: {} requests, concurrency {concurrency}, keep-alive, 127.0.0.1",
        sorted.len()
    );
    println!(
        "  201 created: {} in {:.2} s = {:.0} sealed submissions/s",
        result.created,
        result.elapsed.as_secs_f64(),
        per_second
    );
    println!(
        "  latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        percentile(&sorted, 50.0),
        percentile(&sorted, 90.0),
        percentile(&sorted, 99.0),
        percentile(&sorted, 100.0)
    );
    println!(
        "  other statuses: {}  (0 = transport error)",
        summarize(&result.other)
    );
    println!("  stored (warm-up included): {stored}");
    println!("  load average (1/5/15 min) before: {load_before}, after: {load_after}");
    for server in servers {
        server_runtime.block_on(server.shutdown());
    }
}

fn summarize(statuses: &[u16]) -> String {
    if statuses.is_empty() {
        return "none".to_owned();
    }
    let mut counts = std::collections::BTreeMap::new();
    for status in statuses {
        *counts.entry(status).or_insert(0usize) += 1;
    }
    counts
        .iter()
        .map(|(status, count)| format!("{status}×{count}"))
        .collect::<Vec<_>>()
        .join(", ")
}
