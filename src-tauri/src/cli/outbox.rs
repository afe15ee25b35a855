//! `rc-onboard outbox list|flush`: shows what is waiting to be delivered and retries it.

use clap::{Args, Subcommand};
use rc_onboard_delivery::service::{self, FlushOptions, Outcome, ServiceError};
use rc_onboard_delivery::{ClientOptions, IntakeClient, Outbox, PendingEntry};
use rc_onboard_session::submission::rfc3339;
use serde::Serialize;

use super::output::{print_json, safe, usage_error, ErrorBody, JsonShape, Output};
use super::GlobalOptions;
use crate::exit::Exit;

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

/// `outbox list --json`: `{"pending":[…]}`.
#[derive(Debug, Serialize)]
struct PendingList {
    pending: Vec<PendingItem>,
}

/// One submission waiting to be delivered.
#[derive(Debug, Serialize)]
struct PendingItem {
    attempts: u32,
    created_at: String,
    last_error: Option<LastErrorItem>,
    submission_id: String,
}

/// Why the last attempt failed, and when.
#[derive(Debug, Serialize)]
struct LastErrorItem {
    at: String,
    kind: String,
    message: String,
}

impl From<&PendingEntry> for PendingItem {
    fn from(entry: &PendingEntry) -> PendingItem {
        PendingItem {
            attempts: entry.attempts,
            created_at: rfc3339(entry.created_at),
            last_error: entry.last_error.as_ref().map(|e| LastErrorItem {
                at: rfc3339(e.at),
                kind: e.kind.clone(),
                message: e.message.clone(),
            }),
            submission_id: entry.submission_id.clone(),
        }
    }
}

/// `outbox flush --json`: `{"delivered":[…],"pending":[…],"refused":[…]}`.
#[derive(Debug, Serialize)]
struct FlushReport {
    delivered: Vec<DeliveredItem>,
    pending: Vec<FlushItem>,
    refused: Vec<FlushItem>,
}

/// A submission the intake took.
#[derive(Debug, Serialize)]
struct DeliveredItem {
    receipt_id: String,
    submission_id: String,
}

/// A submission still waiting or refused, and why (`null` while another process delivers it).
#[derive(Debug, Serialize)]
struct FlushItem {
    error: Option<ErrorBody>,
    submission_id: String,
}

impl FlushItem {
    fn new(submission_id: &str, kind: &str, message: impl Into<String>) -> FlushItem {
        FlushItem {
            error: Some(ErrorBody::new(kind, message)),
            submission_id: submission_id.to_owned(),
        }
    }
}

pub async fn run(global: &GlobalOptions, command: &OutboxCommand) -> Exit {
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

fn list(outbox: &Outbox, output: Output) -> Exit {
    let json = output.is_json();
    let listing = match outbox.list() {
        Ok(listing) => listing,
        Err(error) => return usage_error(output, &format!("the outbox cannot be read: {error}")),
    };
    if json {
        print_json(&PendingList {
            pending: listing.pending.iter().map(PendingItem::from).collect(),
        });
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
    Exit::Ok
}

async fn flush(outbox: &Outbox, output: Output) -> Exit {
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
            Ok(Outcome::Delivered(receipt)) => delivered.push(DeliveredItem {
                receipt_id: receipt.receipt_id.clone(),
                submission_id: id.to_owned(),
            }),
            Ok(Outcome::Refused(error)) => {
                refused.push(FlushItem::new(id, error.kind().as_str(), error.to_string()))
            }
            Ok(Outcome::PreviouslyRefused(reason)) => {
                refused.push(FlushItem::new(id, &reason.kind, reason.message.clone()))
            }
            Ok(Outcome::Queued { last_error, .. }) => pending.push(FlushItem::new(
                id,
                last_error.kind().as_str(),
                last_error.to_string(),
            )),
            Ok(Outcome::Busy) => pending.push(FlushItem {
                error: None,
                submission_id: id.to_owned(),
            }),
            Ok(Outcome::NotPending) => {}
            // Only a lost onboarding code takes an entry out of the queue; anything else (the
            // keyring locked right now, a file error) leaves it pending for the next flush.
            Err(error @ ServiceError::CodeMissing { .. }) => {
                refused.push(FlushItem::new(id, "code_missing", error.to_string()))
            }
            Err(error) => pending.push(FlushItem::new(id, "unexpected", error.to_string())),
        }
    }
    let exit = if !refused.is_empty() {
        Exit::Refused
    } else if !pending.is_empty() || !report.corrupt.is_empty() {
        Exit::Later
    } else {
        Exit::Ok
    };
    let result = FlushReport {
        delivered,
        pending,
        refused,
    };
    if json {
        print_json(&result);
    } else {
        println!(
            "Delivered {}, still waiting {}, refused {}.",
            result.delivered.len(),
            result.pending.len(),
            result.refused.len()
        );
        for item in result.refused.iter().chain(result.pending.iter()) {
            match serde_json::to_string(item) {
                Ok(line) => eprintln!("{}", safe(&line)),
                Err(error) => eprintln!("rc-onboard: {}: {error}", item.submission_id),
            }
        }
    }
    exit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_prints_as_before() {
        let item = PendingItem {
            attempts: 2,
            created_at: "2024-01-02T03:04:05Z".to_owned(),
            last_error: Some(LastErrorItem {
                at: "2024-01-02T03:05:00Z".to_owned(),
                kind: "intake_unavailable".to_owned(),
                message: "down".to_owned(),
            }),
            submission_id: "id-1".to_owned(),
        };
        assert_eq!(
            serde_json::to_string(&PendingList {
                pending: vec![item]
            })
            .unwrap(),
            r#"{"pending":[{"attempts":2,"created_at":"2024-01-02T03:04:05Z","last_error":{"at":"2024-01-02T03:05:00Z","kind":"intake_unavailable","message":"down"},"submission_id":"id-1"}]}"#
        );
    }

    #[test]
    fn flush_report_prints_as_before() {
        let report = FlushReport {
            delivered: vec![DeliveredItem {
                receipt_id: "r-1".to_owned(),
                submission_id: "id-1".to_owned(),
            }],
            pending: vec![FlushItem {
                error: None,
                submission_id: "id-2".to_owned(),
            }],
            refused: vec![FlushItem::new("id-3", "code_missing", "gone")],
        };
        assert_eq!(
            serde_json::to_string(&report).unwrap(),
            r#"{"delivered":[{"receipt_id":"r-1","submission_id":"id-1"}],"pending":[{"error":null,"submission_id":"id-2"}],"refused":[{"error":{"kind":"code_missing","message":"gone"},"submission_id":"id-3"}]}"#
        );
    }
}
