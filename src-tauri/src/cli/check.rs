//! `rc-onboard check`: verifies a JWT credential with RingCentral and says whose account it
//! connects. Waits for the session revoke before exiting.

use clap::Args;
use rc_onboard_verify::engine::{Stage, Verifier, VerifierOptions};
use rc_onboard_verify::report::{render_failure, render_success, CheckFailure, CheckSuccess};

use super::input::{client_secret, read_jwt, require_profile, JwtInput};
use super::output::{progress, safe, usage_error, Failure, JsonShape, Output};
use super::GlobalOptions;
use crate::exit::Exit;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: JwtInput,
    /// Print exactly one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Announces each stage to a person.
pub fn stage_line(stage: Stage) -> Option<&'static str> {
    match stage {
        Stage::Inspecting => Some("Checking the credential locally…"),
        Stage::Exchanging => Some("Exchanging it with RingCentral…"),
        Stage::FetchingIdentity => Some("Reading whose account it is…"),
        Stage::Revoking | Stage::Done => None,
    }
}

pub async fn run(global: &GlobalOptions, args: &CheckArgs) -> Exit {
    let output = Output::new(args.json, JsonShape::Check);
    let profile = match require_profile(global, output) {
        Ok(profile) => profile,
        Err(exit) => return exit,
    };
    let prepared = async {
        let jwt = read_jwt(&args.input)?;
        let secret = client_secret(&profile).await?;
        let verifier = Verifier::new(VerifierOptions::default())
            .map_err(|e| Failure::new(e.kind(), e.message()))?;
        Ok::<_, Failure>((jwt, secret, verifier))
    }
    .await;
    let (jwt, secret, verifier) = match prepared {
        Ok(ready) => ready,
        Err(failure) => return report_failure(args.json, &failure),
    };
    let json = args.json;
    let on_stage = move |stage: Stage| {
        if let Some(line) = stage_line(stage) {
            progress(json, line);
        }
    };
    match verifier.verify(&profile, &secret, &jwt, &on_stage).await {
        Ok(verification) => {
            tracing::info!(
                account_id = %verification.identity.account_id,
                request_ids = ?verification.request_ids,
                "check: credential verified"
            );
            if args.json {
                println!(
                    "{}",
                    CheckSuccess::from_verification(&verification).to_json_line()
                );
            } else {
                println!("{}", render_success(&verification));
            }
            if let Err(error) = verification.revoke.finish().await {
                tracing::warn!(%error, "the verification session could not be revoked");
            }
            Exit::Ok
        }
        Err(error) => {
            tracing::info!(
                kind = error.kind().as_str(),
                request_ids = ?error.request_ids(),
                "check: credential not accepted"
            );
            if args.json {
                println!("{}", CheckFailure::from_error(&error).to_json_line());
            } else {
                eprintln!("{}", render_failure(&error));
            }
            error.kind().into()
        }
    }
}

/// Reports a failure found before RingCentral was asked.
fn report_failure(json: bool, failure: &Failure) -> Exit {
    match failure.kind {
        Some(kind) if json => {
            println!(
                "{}",
                CheckFailure::new(kind, failure.message.clone()).to_json_line()
            )
        }
        Some(_) => eprintln!("{}", safe(&failure.message)),
        None => return usage_error(Output::new(json, JsonShape::Check), &failure.message),
    }
    failure.exit()
}
