//! `rc-onboard send`: verifies the credential, seals it to the provider's key, queues it
//! durably (the code in the OS keyring) and delivers it, trying for about 20 seconds before it
//! leaves it queued for `outbox flush` or the app.

use clap::Args;
use rc_onboard_delivery::service::{self, Outcome, SendOutcome, ServiceError, Submission};
use rc_onboard_delivery::{ClientOptions, IntakeClient, Outbox, RetryPolicy};
use rc_onboard_session::submission::{self, VerifiedFacts};
use rc_onboard_verify::engine::{Stage, Verifier, VerifierOptions};
use rc_onboard_verify::report::connected_as;
use rc_onboard_verify::{ErrorKind, SecretString};
use serde::Serialize;
use time::OffsetDateTime;

use super::check::stage_line;
use super::input::{client_secret, read_jwt, require_profile, JwtInput};
use super::output::{
    print_json, progress, safe, usage_error, ErrorBody, Failure, JsonShape, Output, SendFailure,
};
use super::GlobalOptions;
use crate::exit::Exit;

#[derive(Debug, Args)]
pub struct SendArgs {
    #[command(flatten)]
    pub input: JwtInput,
    /// Print exactly one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// The outcome of `send`, printed once.
struct Report {
    exit: Exit,
    json: SendJson,
    human: String,
}

/// What `send --json` prints.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum SendJson {
    Delivered(SendDelivered),
    Failed(SendFailure),
}

/// `{"ok":true,"receipt_id":"…","submission_id":"…"}`.
#[derive(Debug, Serialize)]
struct SendDelivered {
    ok: bool,
    receipt_id: String,
    submission_id: String,
}

fn delivered(submission_id: &str, receipt_id: &str, human: String) -> Report {
    Report {
        exit: Exit::Ok,
        json: SendJson::Delivered(SendDelivered {
            ok: true,
            receipt_id: receipt_id.to_owned(),
            submission_id: submission_id.to_owned(),
        }),
        human,
    }
}

fn failed(submission_id: Option<&str>, queued: bool, kind: ErrorKind, message: &str) -> Report {
    Report {
        exit: if queued { Exit::Later } else { kind.into() },
        json: SendJson::Failed(SendFailure::new(
            submission_id,
            queued,
            ErrorBody::new(kind.as_str(), message),
        )),
        human: message.to_owned(),
    }
}

pub async fn run(global: &GlobalOptions, args: &SendArgs) -> Exit {
    let output = Output::new(args.json, JsonShape::Send);
    let profile = match require_profile(global, output) {
        Ok(profile) => profile,
        Err(exit) => return exit,
    };
    let Some(code) = global
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    else {
        return usage_error(
            output,
            "send needs the onboarding code from your provider: add --code-file FILE, --code-stdin or --code CODE",
        );
    };
    let code = SecretString::from(code);
    let report = match deliver(global, args, &profile, &code).await {
        Ok(report) => report,
        Err(failure) => match failure.kind {
            Some(kind) => failed(None, false, kind, &failure.message),
            None => return usage_error(output, &failure.message),
        },
    };
    if args.json {
        print_json(&report.json);
    } else if report.exit == Exit::Ok {
        println!("{}", safe(&report.human));
    } else {
        eprintln!("{}", safe(&report.human));
    }
    report.exit
}

async fn deliver(
    global: &GlobalOptions,
    args: &SendArgs,
    profile: &rc_onboard_verify::Profile,
    code: &SecretString,
) -> Result<Report, Failure> {
    let jwt = read_jwt(&args.input)?;
    let secret = client_secret(profile).await?;
    let verifier = Verifier::new(VerifierOptions::default())
        .map_err(|e| Failure::new(e.kind(), e.message()))?;
    let json = args.json;
    let on_stage = move |stage: Stage| {
        if let Some(line) = stage_line(stage) {
            progress(json, line);
        }
    };
    let verification = match verifier.verify(profile, &secret, &jwt, &on_stage).await {
        Ok(verification) => verification,
        Err(error) => return Ok(failed(None, false, error.kind(), &error.message())),
    };
    progress(json, &format!("{}.", connected_as(&verification.identity)));
    tracing::info!(
        account_id = %verification.identity.account_id,
        request_ids = ?verification.request_ids,
        "send: credential verified"
    );
    let facts = VerifiedFacts::from_verification(&verification, OffsetDateTime::now_utc());
    // Whatever happens next, the verification session is revoked before the process exits.
    let revoke = verification.revoke;
    let result = seal_and_deliver(global, profile, &facts, &jwt, code, json).await;
    if let Err(error) = revoke.finish().await {
        tracing::warn!(%error, "the verification session could not be revoked");
    }
    result
}

async fn seal_and_deliver(
    global: &GlobalOptions,
    profile: &rc_onboard_verify::Profile,
    facts: &VerifiedFacts,
    jwt: &SecretString,
    code: &SecretString,
    json: bool,
) -> Result<Report, Failure> {
    // The normalised credential is what gets sealed (never the raw paste).
    let normalised = rc_onboard_verify::normalise(jwt.expose_secret()).value;
    let prepared = submission::prepare(profile, facts, &normalised)
        .map_err(|e| Failure::new(ErrorKind::Unexpected, e.to_string()))?;
    drop(normalised);
    let data_dir = crate::environment::data_dir(global);
    let outbox = Outbox::open(&data_dir).map_err(|e| {
        Failure::usage(format!(
            "the data folder {} cannot be used: {e}",
            data_dir.display()
        ))
    })?;
    let store = crate::environment::keyring();
    let client = IntakeClient::new(ClientOptions::for_profile(profile))
        .map_err(|e| Failure::new(e.kind(), e.to_string()))?;
    progress(
        json,
        "Sealing the credential and sending it to the provider…",
    );
    let id = prepared.submission_id.as_str();
    let submission = Submission {
        submission_id: prepared.submission_id.clone(),
        intake_url: profile.intake.url.as_str().to_owned(),
        key_id: profile.intake.key_id.clone(),
        body: prepared.body,
        code: code.clone(),
    };
    let outcome = service::send(
        &outbox,
        &store,
        &client,
        &submission,
        &RetryPolicy::send(),
        |_| {},
    )
    .await;
    Ok(match outcome {
        Ok(SendOutcome::ViaOutbox(Outcome::Delivered(receipt))) => delivered(
            id,
            &receipt.receipt_id,
            format!(
                "Delivered to {}. Receipt: {}",
                profile.provider.name, receipt.receipt_id
            ),
        ),
        Ok(SendOutcome::ViaOutbox(Outcome::Queued { last_error, .. })) => failed(
            Some(id),
            true,
            ErrorKind::IntakeUnavailable,
            &format!(
                "The provider's intake could not be reached ({last_error}). The sealed credential \
                 is saved and will be sent by `rc-onboard outbox flush` or the app."
            ),
        ),
        Ok(SendOutcome::ViaOutbox(Outcome::Busy | Outcome::NotPending)) => failed(
            Some(id),
            true,
            ErrorKind::IntakeUnavailable,
            "The submission is being delivered by another rc-onboard process.",
        ),
        Ok(SendOutcome::ViaOutbox(Outcome::Refused(error))) => failed(
            Some(id),
            false,
            error.kind(),
            &format!("{} ({error})", error.kind().message()),
        ),
        Ok(SendOutcome::ViaOutbox(Outcome::PreviouslyRefused(reason))) => {
            failed(Some(id), false, ErrorKind::IntakeRejected, &reason.message)
        }
        // Nothing could wait for later without a keyring; it was tried once directly.
        Ok(SendOutcome::DeliveredWithoutQueue { receipt, .. }) => delivered(
            id,
            &receipt.receipt_id,
            format!("Delivered. Receipt: {}", receipt.receipt_id),
        ),
        Ok(SendOutcome::NotQueued {
            error,
            keyring_error,
        }) => failed(
            Some(id),
            false,
            error.kind(),
            &format!(
                "{error} Nothing was queued, because the OS keyring is not available to keep \
                 the onboarding code ({keyring_error}). Run send again later."
            ),
        ),
        // The entry was written but its code could not be read back: it stays queued.
        Err(error @ ServiceError::Keyring(_)) => failed(
            Some(id),
            true,
            ErrorKind::IntakeUnavailable,
            &format!(
                "{error}. The sealed credential is saved; run `rc-onboard outbox flush` later."
            ),
        ),
        Err(other) => failed(Some(id), false, ErrorKind::Unexpected, &other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_print_as_before() {
        let ok = delivered("id-1", "r-1", String::new());
        assert_eq!(ok.exit, Exit::Ok);
        assert_eq!(
            serde_json::to_string(&ok.json).unwrap(),
            r#"{"ok":true,"receipt_id":"r-1","submission_id":"id-1"}"#
        );
        let refused = failed(Some("id-1"), false, ErrorKind::IntakeRejected, "no");
        assert_eq!(refused.exit, Exit::Refused);
        assert_eq!(
            serde_json::to_string(&refused.json).unwrap(),
            r#"{"error":{"kind":"intake_rejected","message":"no"},"ok":false,"queued":false,"submission_id":"id-1"}"#
        );
        let queued = failed(Some("id-1"), true, ErrorKind::IntakeUnavailable, "later");
        assert_eq!(queued.exit, Exit::Later);
        let unverified = failed(None, false, ErrorKind::RateLimited, "slow down");
        assert_eq!(unverified.exit, Exit::Later);
        assert_eq!(
            serde_json::to_string(&unverified.json).unwrap(),
            r#"{"error":{"kind":"rate_limited","message":"slow down"},"ok":false,"queued":false,"submission_id":null}"#
        );
    }
}
