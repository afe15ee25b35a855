//! rc-onboard: the desktop shell and command line around the Tauri-free core crates.
//!
//! `run` parses the command line; with a subcommand it runs that headless command, without one it
//! opens the wizard window.

mod cli;
mod deep_link;
mod environment;
mod exit;
mod gui;
mod hardening;

use clap::Parser;

pub use exit::Exit;

/// Entry point shared by `main`: returns how the process ends.
pub fn run() -> Exit {
    hardening::apply();
    rc_onboard_core::process::private_files();
    if let Err(problem) = deep_link::check_launch_arguments(std::env::args_os().skip(1)) {
        eprintln!("rc-onboard: {problem}");
        return Exit::Usage;
    }
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(error) => {
            // clap prints help and version to stdout with exit code 0, usage errors to stderr with 2.
            let _ = error.print();
            return if error.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            };
        }
    };
    let mut global = args.global;
    if let Err(problem) = cli::demo_available(&global) {
        eprintln!("rc-onboard: {problem}");
        return Exit::Usage;
    }
    if global.code_stdin && args.command.as_ref().is_some_and(cli::reads_jwt_from_stdin) {
        eprintln!("rc-onboard: --code-stdin and --jwt-stdin cannot share standard input; give the code with --code-file");
        return Exit::Usage;
    }
    if let Err(problem) = cli::read_code_input(&mut global) {
        eprintln!("rc-onboard: {problem}");
        return Exit::Usage;
    }
    if let Some(link) = &args.link {
        match deep_link::code_from_link(link) {
            Ok(code) => global.code = Some(code),
            Err(problem) => {
                eprintln!("rc-onboard: {problem}");
                return Exit::Usage;
            }
        }
    }
    match args.command {
        Some(command) => cli::run_command(&global, command),
        None => gui::run(&global),
    }
}
