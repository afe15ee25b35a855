//! The `rc-onboard` executable: parses the command line and hands over to the library.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    rc_onboard::run().into()
}
