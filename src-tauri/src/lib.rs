//! rc-onboard: the desktop shell and command line around the Tauri-free core crates.
//!
//! `run` parses the command line; with a subcommand it runs that headless command, without one it
//! opens the wizard window.

pub mod cli;
mod environment;
mod gui;
mod hardening;

use clap::Parser;

/// Entry point shared by `main`: returns the process exit code.
pub fn run() -> i32 {
    hardening::apply();
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(error) => {
            // clap prints help and version to stdout with exit code 0, usage errors to stderr with 2.
            let _ = error.print();
            return error.exit_code();
        }
    };
    let mut global = args.global;
    if let Some(link) = &args.link {
        match cli::deep_link::code_from_link(link) {
            Ok(code) => global.code = Some(code),
            Err(problem) => {
                eprintln!("rc-onboard: {problem}");
                return 2;
            }
        }
    }
    match args.command {
        Some(command) => cli::run_command(&global, command),
        None => gui::run(&global),
    }
}
