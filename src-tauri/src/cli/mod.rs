//! The command line: global options shared by the window and every subcommand, and dispatch of
//! the headless subcommands (each in its own module).

mod check;
mod doctor;
mod input;
mod outbox;
mod output;
mod profile;
mod send;

pub use input::read_code_input;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::exit::Exit;

/// What a build without the `demo` feature says when the demo is asked for, with `--demo` or by
/// opening the window without `--profile`.
pub const NO_DEMO: &str = "this build of rc-onboard has no built-in demo: it needs a provider \
     profile, so add --profile FILE (the TOML file your provider gave you)";

/// Guided RingCentral JWT onboarding: create a credential restricted to your provider's app,
/// verify it, and deliver it securely.
///
/// Without a subcommand, opens the onboarding window. Without --profile, runs the built-in demo
/// (simulated RingCentral and intake on this machine).
#[derive(Debug, Parser)]
#[command(name = "rc-onboard", version, propagate_version = true)]
#[cfg_attr(
    not(feature = "demo"),
    command(
        long_about = "Guided RingCentral JWT onboarding: create a credential restricted to \
        your provider's app, verify it, and deliver it securely.\n\nWithout a subcommand, opens \
        the onboarding window for the provider profile given with --profile."
    )
)]
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
    #[cfg_attr(not(feature = "demo"), arg(help = "Provider profile (TOML) to use"))]
    pub profile: Option<PathBuf>,

    /// Where the outbox, receipts and logs live [default: the per-user app data folder].
    #[arg(long, global = true, value_name = "DIR", env = "RC_ONBOARD_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// The onboarding code from your provider (the window opens at Welcome with it filled in).
    /// Other users of this computer can see command lines: prefer --code-file or --code-stdin.
    #[arg(
        long,
        global = true,
        value_name = "CODE",
        env = "RC_ONBOARD_CODE",
        hide_env_values = true,
        conflicts_with_all = ["code_file", "code_stdin"]
    )]
    pub code: Option<String>,

    /// Read the onboarding code from this file (first line), so it is not on the command line.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        conflicts_with = "code_stdin"
    )]
    pub code_file: Option<PathBuf>,

    /// Read the onboarding code from standard input (first line).
    #[arg(long, global = true)]
    pub code_stdin: bool,

    /// Run the built-in demo even if a profile is given elsewhere (window only).
    #[arg(long, global = true)]
    #[cfg_attr(not(feature = "demo"), arg(hide = true))]
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

/// Whether `command` reads the JWT from standard input (which `--code-stdin` then cannot use).
pub fn reads_jwt_from_stdin(command: &Command) -> bool {
    match command {
        Command::Check(args) => args.input.jwt_stdin,
        Command::Send(args) => args.input.jwt_stdin,
        _ => false,
    }
}

/// Whether what was asked for can run in this build: `--demo` needs the `demo` feature.
pub fn demo_available(global: &GlobalOptions) -> Result<(), &'static str> {
    if global.demo && cfg!(not(feature = "demo")) {
        Err(NO_DEMO)
    } else {
        Ok(())
    }
}

/// Runs a headless subcommand and returns how it ended.
pub fn run_command(global: &GlobalOptions, command: Command) -> Exit {
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
            return Exit::Refused;
        }
    };
    let exit = runtime.block_on(async {
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
    exit
}
