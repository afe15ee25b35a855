//! `rc-intake`: the reference intake server's command line (keygen, issue-code, serve, list,
//! export). See `rc-intake --help` and docs/intake-protocol.md.

mod cli;

fn main() -> std::process::ExitCode {
    rc_onboard_core::process::private_files();
    cli::run()
}
