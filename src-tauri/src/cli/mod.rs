//! The command line: global options shared by the window and every subcommand, and dispatch of
//! the headless subcommands (each in its own module).

mod check;
pub mod deep_link;
mod doctor;
mod input;
mod outbox;
mod output;
mod profile;
mod send;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Guided RingCentral JWT onboarding: create a credential restricted to your provider's app,
/// verify it, and deliver it securely.
///
/// Without a subcommand, opens the onboarding window. Without --profile, runs the built-in demo
/// (simulated RingCentral and intake on this machine).
#[derive(Debug, Parser)]
#[command(name = "rc-onboard", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOptions,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// An `rc-onboard://start?code=CODE` link, as the desktop passes it when a link is opened.
    #[arg(value_name = "LINK", hide = true)]
    pub link: Option<String>,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalOptions {
    /// Provider profile (TOML) to use; without it the window runs the built-in demo.
    #[arg(long, global = true, value_name = "FILE")]
    pub profile: Option<PathBuf>,

    /// Where the outbox, receipts and logs live [default: the per-user app data folder].
    #[arg(long, global = true, value_name = "DIR", env = "RC_ONBOARD_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// The onboarding code from your provider (the window opens at Welcome with it filled in).
    #[arg(
        long,
        global = true,
        value_name = "CODE",
        env = "RC_ONBOARD_CODE",
        hide_env_values = true
    )]
    pub code: Option<String>,

    /// Run the built-in demo even if a profile is given elsewhere (window only).
    #[arg(long, global = true)]
    pub demo: bool,

    /// More detail in the log files.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// Headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Verify a JWT credential with RingCentral (no window).
    Check(check::CheckArgs),
    /// Verify a credential, seal it to the provider's key and deliver it to the provider's intake.
    Send(send::SendArgs),
    /// Show or retry submissions waiting in the outbox.
    #[command(subcommand)]
    Outbox(outbox::OutboxCommand),
    /// Check the profile, the network path to RingCentral, the console and the intake, the clock,
    /// the OS keyring and the outbox.
    Doctor(doctor::DoctorArgs),
    /// Keep the provider app's client secret in the OS keyring instead of the profile.
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
}

/// Runs a headless subcommand and returns its exit code.
pub fn run_command(global: &GlobalOptions, command: Command) -> i32 {
    let data_dir = crate::environment::data_dir(global);
    let _log_guard = crate::environment::init_logging(&data_dir, global.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("rc-onboard: could not start: {error}");
            return 1;
        }
    };
    let code = runtime.block_on(async {
        match command {
            Command::Check(args) => check::run(global, &args).await,
            Command::Send(args) => send::run(global, &args).await,
            Command::Outbox(command) => outbox::run(global, &command).await,
            Command::Doctor(args) => doctor::run(global, &args).await,
            Command::Profile(command) => profile::run(global, &command).await,
        }
    });
    // A keyring call that never answered must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    code
}
