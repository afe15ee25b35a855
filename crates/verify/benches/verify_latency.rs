//! Verification wall time against the simulator injecting a latency R on every request:
//! the floor is two sequential round trips (exchange, then identity + company together), so
//! the target is ≤ 2R + 10 ms. Runs 10 verifications for R = 50 ms and R = 200 ms (and R = 0 as a
//! baseline of pure overhead) and prints the
//! median and the maximum. `cargo bench -p rc-onboard-verify --bench verify_latency`

use std::time::{Duration, Instant};

use rc_onboard_simulator::{demo, start, AllowedApps, CredentialSpec, Expiry, SimConfig};
use rc_onboard_verify::{Profile, SecretString, Verifier, VerifierOptions};
use url::Url;

const ITERATIONS: usize = 10;
const BUDGET_OVER_FLOOR: Duration = Duration::from_millis(10);

fn main() {
    // `cargo test --benches` runs this with `--bench`-less arguments; only measure under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("verify_latency: skipped (run with cargo bench)");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut all_within = true;
    for latency_ms in [0u64, 50, 200] {
        all_within &= runtime.block_on(measure(Duration::from_millis(latency_ms)));
    }
    if !all_within {
        eprintln!("verify_latency: a run exceeded 2R + 10 ms");
        std::process::exit(1);
    }
}

async fn measure(latency: Duration) -> bool {
    let sim = start(SimConfig {
        latency,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let profile = Profile::demo(
        Url::parse(&sim.base_url()).expect("simulator URL"),
        Url::parse("http://127.0.0.1:9/v1/submissions").expect("URL"),
        [0; 32],
        "bench",
    );
    let verifier = Verifier::new(VerifierOptions::default()).expect("verifier");
    let secret = SecretString::from(demo::PROVIDER_CLIENT_SECRET);

    let mut times = Vec::with_capacity(ITERATIONS);
    for _ in 0..ITERATIONS {
        let jwt = SecretString::new(
            sim.create_credential(CredentialSpec {
                owner_extension_id: demo::JANE_EXTENSION_ID,
                allowed: AllowedApps::Only(vec![demo::PROVIDER_CLIENT_ID.to_owned()]),
                expires: Expiry::Never,
            })
            .jwt,
        );
        let started = Instant::now();
        let verification = verifier
            .verify(&profile, &secret, &jwt, &|_| {})
            .await
            .expect("verification succeeds");
        times.push(started.elapsed());
        // Not part of the measured path: the GUI shows the result before the revoke ends.
        verification.revoke.finish().await.expect("revoke");
    }
    times.sort();
    let median = (times[ITERATIONS / 2 - 1] + times[ITERATIONS / 2]) / 2;
    let max = times[ITERATIONS - 1];
    let budget = latency * 2 + BUDGET_OVER_FLOOR;
    let within = max <= budget;
    println!(
        "verify_latency: R = {:>3} ms, {ITERATIONS} runs: median {:.1} ms, max {:.1} ms, budget 2R + 10 ms = {} ms: {}",
        latency.as_millis(),
        median.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        budget.as_millis(),
        if within { "within" } else { "OVER" }
    );
    sim.shutdown().await;
    within
}
