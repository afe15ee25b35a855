//! rc-onboard: the desktop shell and command line around the Tauri-free core crates.
//!
//! `run` parses the command line; with a subcommand it runs that headless command, without one it
//! opens the wizard window.

pub mod cli;
mod environment;
mod gui;

use clap::Parser;

/// Entry point shared by `main`: returns the process exit code.
pub fn run() -> i32 {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(error) => {
            // clap prints help and version to stdout with exit code 0, usage errors to stderr with 2.
            let _ = error.print();
            return error.exit_code();
        }
    };
    match args.command {
        Some(command) => cli::run_command(&args.global, command),
        None => gui::run(&args.global),
    }
}
