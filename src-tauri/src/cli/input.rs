//! Reading what the subcommands need: the profile (or a usage error), the JWT from a file or
//! standard input (bounded, UTF-8), and the client secret (profile, its variable, or keyring).

use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use rc_onboard_delivery::keystore;
use rc_onboard_verify::{ErrorKind, Profile, SecretString};

use super::output::{usage_error, Failure, Output};
use super::GlobalOptions;
use crate::exit::Exit;

/// Read at most this much; anything larger is not a credential and inspection says so.
const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Where the JWT comes from.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct JwtInput {
    /// Read the JWT credential from this file.
    #[arg(long, value_name = "FILE")]
    pub jwt_file: Option<PathBuf>,
    /// Read the JWT credential from standard input.
    #[arg(long)]
    pub jwt_stdin: bool,
}

/// The profile named by `--profile`, or how the process ends after reporting why not.
pub fn require_profile(global: &GlobalOptions, output: Output) -> Result<Profile, Exit> {
    match crate::environment::load_profile(global) {
        Some(Ok(profile)) => Ok(profile),
        Some(Err(error)) => Err(usage_error(output, &error.to_string())),
        None => Err(usage_error(
            output,
            "this command needs a provider profile: add --profile FILE (the TOML file your provider gave you)",
        )),
    }
}

/// Reads the JWT; a problem with the input itself is a [`Failure`] (the file is missing,
/// unreadable, or not text).
pub fn read_jwt(input: &JwtInput) -> Result<SecretString, Failure> {
    let mut bytes = Vec::new();
    let read = match &input.jwt_file {
        Some(path) => std::fs::File::open(path)
            .and_then(|file| file.take(MAX_INPUT_BYTES).read_to_end(&mut bytes))
            .map_err(|error| format!("could not read {}: {error}", path.display())),
        None => std::io::stdin()
            .take(MAX_INPUT_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|error| format!("could not read standard input: {error}")),
    };
    if let Err(problem) = read {
        return Err(Failure::usage(problem));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SecretString::from(text)),
        Err(error) => {
            // Whatever it was, it may be secret: wipe it before dropping it.
            zeroize::Zeroize::zeroize(&mut error.into_bytes());
            Err(Failure::new(
                ErrorKind::Malformed,
                "That input is not text (it is not valid UTF-8), so it is not a JWT credential. \
                 Copy the credential from the RingCentral developer console and save it as plain text.",
            ))
        }
    }
}

/// The provider app's client secret: the profile (inline or its variable), else the OS keyring.
pub async fn client_secret(profile: &Profile) -> Result<SecretString, Failure> {
    match profile.client_secret() {
        Ok(Some(secret)) => return Ok(secret),
        Ok(None) => {}
        Err(error) => return Err(Failure::usage(error.to_string())),
    }
    let store = crate::environment::keyring();
    keystore::client_secret(
        &store,
        &profile.ringcentral.server,
        &profile.ringcentral.client_id,
    )
    .await
    .map_err(|error| {
        Failure::new(
            ErrorKind::ClientAuthFailed,
            format!(
                "No client secret for the provider's app: the profile names none and the OS \
                     keyring has none ({error}). Set client_secret_env in the profile or run \
                     `rc-onboard profile store-secret --profile FILE`."
            ),
        )
    })
}

/// Longest onboarding-code input read from `--code-file` or `--code-stdin`.
const MAX_CODE_BYTES: u64 = 4096;

/// Fills `global.code` from `--code-file` or `--code-stdin` (the first line, trimmed); says why
/// when the input cannot be read or holds no code.
pub fn read_code_input(global: &mut GlobalOptions) -> Result<(), String> {
    let (text, source) = match (&global.code_file, global.code_stdin) {
        (Some(path), _) => {
            let mut text = zeroize::Zeroizing::new(String::new());
            std::fs::File::open(path)
                .and_then(|file| file.take(MAX_CODE_BYTES).read_to_string(&mut text))
                .map_err(|error| {
                    format!("could not read the code file {}: {error}", path.display())
                })?;
            (text, format!("the code file {}", path.display()))
        }
        (None, true) => {
            let mut text = zeroize::Zeroizing::new(String::new());
            std::io::stdin()
                .take(MAX_CODE_BYTES)
                .read_to_string(&mut text)
                .map_err(|error| format!("could not read the code from standard input: {error}"))?;
            (text, "standard input".to_owned())
        }
        (None, false) => return Ok(()),
    };
    let code = text.lines().next().unwrap_or_default().trim();
    if code.is_empty() {
        return Err(format!("{source} holds no onboarding code"));
    }
    global.code = Some(code.to_owned());
    Ok(())
}
