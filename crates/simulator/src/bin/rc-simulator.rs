//! `rc-simulator`: runs the RingCentral simulator with the demo seed on 127.0.0.1 until Ctrl-C,
//! printing the base URL, the demo app's client ID/secret and a ready-made JWT for the demo user
//! restricted to the demo app (all simulated values, not real secrets).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use rc_onboard_simulator::{demo, start, Scenario, Seed, SimConfig};

/// Faithful RingCentral simulator (token exchange, identity endpoints, simulated console).
#[derive(Debug, Parser)]
#[command(name = "rc-simulator", version)]
struct Args {
    /// Address to listen on (127.0.0.1 only; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Latency added to every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = SimConfig {
        listen: args.listen,
        latency: Duration::from_millis(args.latency_ms),
        seed: Seed::Demo,
    };
    let sim = match start(config).await {
        Ok(sim) => sim,
        Err(error) => {
            eprintln!("rc-simulator: {error}");
            return ExitCode::from(2);
        }
    };
    let Some(credential) = sim.apply_scenario(Scenario::HappyPath, demo::PROVIDER_CLIENT_ID) else {
        eprintln!("rc-simulator: the demo seed has no provider app or console user");
        return ExitCode::FAILURE;
    };
    println!("RingCentral simulator listening on {}", sim.base_url());
    println!("server        = \"{}\"", sim.base_url());
    println!("client_id     = \"{}\"", demo::PROVIDER_CLIENT_ID);
    println!("client_secret = \"{}\"", demo::PROVIDER_CLIENT_SECRET);
    println!(
        "console       = {}",
        sim.console_url(demo::PROVIDER_CLIENT_ID)
    );
    println!(
        "Simulated JWT for {} (ext. {}), restricted to {}:",
        demo::JANE_NAME,
        demo::JANE_EXTENSION_NUMBER,
        demo::PROVIDER_CLIENT_ID
    );
    println!("{}", credential.jwt);
    eprintln!("Press Ctrl-C to stop.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("rc-simulator: cannot wait for Ctrl-C: {error}");
    }
    sim.shutdown().await;
    ExitCode::SUCCESS
}
