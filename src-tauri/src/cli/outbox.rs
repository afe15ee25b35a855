//! `rc-onboard outbox list|flush`: shows what is waiting to be delivered and retries it.

use clap::{Args, Subcommand};
use rc_onboard_delivery::service::{self, FlushOptions, Outcome, ServiceError};
use rc_onboard_delivery::{ClientOptions, IntakeClient, Outbox};
use serde_json::json;

use super::output::{print_json, safe, usage_error, JsonShape, Output};
use super::GlobalOptions;
use rc_onboard_session::submission::rfc3339;

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// List submissions waiting to be delivered.
    List(OutboxArgs),
    /// Try to deliver everything waiting now.
    Flush(OutboxArgs),
}

#[derive(Debug, Args)]
pub struct OutboxArgs {
    /// Print exactly one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(global: &GlobalOptions, command: &OutboxCommand) -> i32 {
    let json = match command {
        OutboxCommand::List(args) | OutboxCommand::Flush(args) => args.json,
    };
    let output = Output::new(json, JsonShape::Plain);
    let data_dir = crate::environment::data_dir(global);
    let outbox = match Outbox::open(&data_dir) {
        Ok(outbox) => outbox,
        Err(error) => {
            return usage_error(
                output,
                &format!(
                    "the data folder {} cannot be used: {error}",
                    data_dir.display()
                ),
            )
        }
    };
    match command {
        OutboxCommand::List(_) => list(&outbox, output),
        OutboxCommand::Flush(_) => flush(&outbox, output).await,
    }
}

fn list(outbox: &Outbox, output: Output) -> i32 {
    let json = output.is_json();
    let listing = match outbox.list() {
        Ok(listing) => listing,
        Err(error) => return usage_error(output, &format!("the outbox cannot be read: {error}")),
    };
    if json {
        let pending: Vec<_> = listing
            .pending
            .iter()
            .map(|entry| {
                json!({
                    "submission_id": entry.submission_id,
                    "created_at": rfc3339(entry.created_at),
                    "attempts": entry.attempts,
                    "last_error": entry.last_error.as_ref().map(|e| json!({
                        "kind": e.kind, "message": e.message, "at": rfc3339(e.at),
                    })),
                })
            })
            .collect();
        print_json(&json!({ "pending": pending }));
    } else if listing.pending.is_empty() {
        println!("Nothing is waiting to be delivered.");
    } else {
        for entry in &listing.pending {
            let last = entry
                .last_error
                .as_ref()
                .map(|e| format!(" — last error: {} ({})", safe(&e.message), e.kind))
                .unwrap_or_default();
            println!(
                "{}  queued {}  attempts {}{}",
                entry.submission_id,
                rfc3339(entry.created_at),
                entry.attempts,
                last
            );
        }
    }
    for corrupt in &listing.corrupt {
        eprintln!(
            "rc-onboard: the outbox file {} could not be read and was left in place: {}",
            corrupt.path.display(),
            safe(&corrupt.error)
        );
    }
    0
}

async fn flush(outbox: &Outbox, output: Output) -> i32 {
    let json = output.is_json();
    let client = match IntakeClient::new(ClientOptions::default()) {
        Ok(client) => client,
        Err(error) => return usage_error(output, &error.to_string()),
    };
    let store = crate::environment::keyring();
    let report = match service::flush_all(outbox, &store, &client, &FlushOptions::default()).await {
        Ok(report) => report,
        Err(error) => return usage_error(output, &format!("the outbox cannot be read: {error}")),
    };
    let mut delivered = Vec::new();
    let mut pending = Vec::new();
    let mut refused = Vec::new();
    for item in &report.items {
        let id = item.submission_id.as_str();
        match &item.result {
            Ok(Outcome::Delivered(receipt)) => {
                delivered.push(json!({"submission_id": id, "receipt_id": receipt.receipt_id}))
            }
            Ok(Outcome::Refused(error)) => refused.push(json!({
                "submission_id": id,
                "error": {"kind": error.kind().as_str(), "message": error.to_string()},
            })),
            Ok(Outcome::PreviouslyRefused(reason)) => refused.push(json!({
                "submission_id": id,
                "error": {"kind": reason.kind, "message": reason.message},
            })),
            Ok(Outcome::Queued { last_error, .. }) => pending.push(json!({
                "submission_id": id,
                "error": {"kind": last_error.kind().as_str(), "message": last_error.to_string()},
            })),
            Ok(Outcome::Busy) => pending.push(json!({"submission_id": id, "error": null})),
            Ok(Outcome::NotPending) => {}
            // Only a lost onboarding code takes an entry out of the queue; anything else (the
            // keyring locked right now, a file error) leaves it pending for the next flush.
            Err(error @ ServiceError::CodeMissing { .. }) => refused.push(json!({
                "submission_id": id,
                "error": {"kind": "code_missing", "message": error.to_string()},
            })),
            Err(error) => pending.push(json!({
                "submission_id": id,
                "error": {"kind": "unexpected", "message": error.to_string()},
            })),
        }
    }
    let exit_code = if !refused.is_empty() {
        1
    } else if !pending.is_empty() || !report.corrupt.is_empty() {
        3
    } else {
        0
    };
    if json {
        print_json(&json!({
            "delivered": delivered,
            "pending": pending,
            "refused": refused,
        }));
    } else {
        println!(
            "Delivered {}, still waiting {}, refused {}.",
            delivered.len(),
            pending.len(),
            refused.len()
        );
        for item in refused.iter().chain(pending.iter()) {
            eprintln!("{}", safe(&item.to_string()));
        }
    }
    exit_code
}
