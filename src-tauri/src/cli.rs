//! The command line: global options shared by the window and every subcommand, and dispatch of
//! headless subcommands.

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
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalOptions {
    /// Provider profile (TOML) to use; without it the built-in demo runs.
    #[arg(long, global = true, value_name = "FILE")]
    pub profile: Option<PathBuf>,

    /// Where the outbox, receipts and logs live [default: the per-user app data folder].
    #[arg(long, global = true, value_name = "DIR", env = "RC_ONBOARD_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// More detail in the log files.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// Headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {}

/// Runs a headless subcommand and returns its exit code.
pub fn run_command(_global: &GlobalOptions, command: Command) -> i32 {
    match command {}
}
