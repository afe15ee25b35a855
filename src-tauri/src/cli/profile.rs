//! `rc-onboard profile store-secret|delete-secret`: keeps the provider app's client secret in
//! the OS keyring, so it need not be written in the profile file.

use std::io::BufRead;

use clap::Subcommand;
use rc_onboard_delivery::keystore;
use rc_onboard_verify::SecretString;

use super::input::require_profile;
use super::output::{usage_error, Output};
use super::GlobalOptions;
use crate::exit::Exit;

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Read the client secret from standard input (one line) and keep it in the OS keyring.
    StoreSecret,
    /// Remove the client secret from the OS keyring.
    DeleteSecret,
}

pub async fn run(global: &GlobalOptions, command: &ProfileCommand) -> Exit {
    let profile = match require_profile(global, Output::Human) {
        Ok(profile) => profile,
        Err(exit) => return exit,
    };
    let client_id = &profile.ringcentral.client_id;
    let server = &profile.ringcentral.server;
    let store = crate::environment::keyring();
    match command {
        ProfileCommand::StoreSecret => {
            let mut line = zeroize::Zeroizing::new(String::new());
            if let Err(error) = std::io::stdin().lock().read_line(&mut line) {
                return usage_error(
                    Output::Human,
                    &format!("could not read standard input: {error}"),
                );
            }
            let secret = SecretString::from(line.trim());
            if secret.is_empty() {
                return usage_error(Output::Human, "no client secret on standard input");
            }
            match keystore::store_client_secret(&store, server, client_id, &secret).await {
                Ok(()) => {
                    println!("The client secret for {client_id} is in the OS keyring.");
                    Exit::Ok
                }
                Err(error) => {
                    eprintln!("rc-onboard: the OS keyring could not keep the secret: {error}");
                    Exit::Refused
                }
            }
        }
        ProfileCommand::DeleteSecret => {
            match keystore::delete_client_secret(&store, server, client_id).await {
                Ok(()) => {
                    println!("No client secret for {client_id} is kept in the OS keyring now.");
                    Exit::Ok
                }
                Err(error) => {
                    eprintln!("rc-onboard: the OS keyring could not delete the secret: {error}");
                    Exit::Refused
                }
            }
        }
    }
}
