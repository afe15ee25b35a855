//! Subcommands of `rc-intake`. Exit status: 0 done, 1 failed, 2 usage error.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rc_onboard_intake_protocol::{is_valid_key_id, KeyError, KeyFile, KeyPair};
use rc_onboard_intake_server::codes::{parse_ttl, TtlError};
use rc_onboard_intake_server::key_io::{self, KeyIoError};
use rc_onboard_intake_server::{
    export_credential, ExportError, IntakeServer, ServerConfig, ServerError, Store, StoreError,
    SubmissionSummary, TrustedProxies,
};

/// Reference intake server for rc-onboard protocol v1.
#[derive(Debug, Parser)]
#[command(name = "rc-intake", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a recipient key pair: writes the private key file (mode 0600, never overwritten)
    /// and prints key_id and public_key for the intake section of the profile.
    Keygen {
        /// Private key file to create.
        #[arg(long)]
        out: PathBuf,
        /// Key id to record (default: the current UTC year and month, e.g. 2026-11).
        #[arg(long)]
        key_id: Option<String>,
    },
    /// Issue a one-time onboarding code for a customer and print it (only its hash is stored).
    IssueCode {
        /// SQLite database file (created if missing).
        #[arg(long)]
        db: PathBuf,
        /// Customer the code is for.
        #[arg(long)]
        customer: String,
        /// Time to live: a number and s, m, h or d.
        #[arg(long, default_value = "7d")]
        ttl: String,
    },
    /// Serve intake protocol v1 over plain HTTP (put a TLS-terminating proxy in front).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8443")]
        listen: SocketAddr,
        /// SQLite database file (created if missing).
        #[arg(long)]
        db: PathBuf,
        /// Private key file written by keygen.
        #[arg(long)]
        key: PathBuf,
        /// A TLS-terminating proxy (address or CIDR network, e.g. 10.0.0.0/8; repeatable) whose
        /// X-Forwarded-For header names the client address for the failed-code limit. Without
        /// it the header is ignored and every client behind a proxy shares the proxy's limit.
        #[arg(long = "trust-proxy", value_name = "CIDR")]
        trust_proxy: Vec<String>,
    },
    /// List stored submissions (metadata and credential fingerprints, no secrets).
    List {
        /// SQLite database file.
        #[arg(long)]
        db: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one stored credential in plaintext, for the provider's own pipeline.
    Export {
        /// SQLite database file.
        #[arg(long)]
        db: PathBuf,
        /// Private key file of the key the submission was sealed to.
        #[arg(long)]
        key: PathBuf,
        /// Submission id to open.
        #[arg(long)]
        submission: String,
    },
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    KeyFile(#[from] KeyIoError),
    #[error(transparent)]
    Ttl(#[from] TtlError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Server(#[from] ServerError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keygen { out, key_id } => keygen(&out, key_id),
        Command::IssueCode { db, customer, ttl } => issue_code(&db, &customer, &ttl),
        Command::Serve {
            listen,
            db,
            key,
            trust_proxy,
        } => serve(listen, db, &key, &trust_proxy),
        Command::List { db, json } => list(&db, json),
        Command::Export {
            db,
            key,
            submission,
        } => export(&db, &key, &submission),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(message)) => {
            eprintln!("rc-intake: {message}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("rc-intake: error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn keygen(out: &Path, key_id: Option<String>) -> Result<(), CliError> {
    let key_id = match key_id {
        Some(id) => id,
        None => {
            let now = time::OffsetDateTime::now_utc();
            format!("{:04}-{:02}", now.year(), u8::from(now.month()))
        }
    };
    if !is_valid_key_id(&key_id) {
        return Err(CliError::Usage(format!(
            "--key-id {key_id:?} must be 1 to 64 characters from A-Z a-z 0-9 . _ -"
        )));
    }
    let (private_key, public_key) = KeyPair::generate()?.into_parts();
    key_io::write_new_key_file(
        out,
        &KeyFile {
            key_id: key_id.clone(),
            private_key,
        },
    )?;
    eprintln!(
        "Wrote the private key to {} (mode 0600). Keep it secret; back it up offline.",
        out.display()
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "# Paste into the [intake] section of the provider profile:\nkey_id = \"{key_id}\"\npublic_key = \"{}\"",
        public_key.to_b64url()
    )
    .map_err(CliError::Output)
}

fn issue_code(db: &Path, customer: &str, ttl: &str) -> Result<(), CliError> {
    let ttl = parse_ttl(ttl)?;
    let store = Store::open(db)?;
    let issued = store.issue_code(customer, ttl).map_err(|e| match e {
        StoreError::InvalidInput(message) => CliError::Usage(format!("--customer: {message}")),
        other => CliError::Store(other),
    })?;
    eprintln!(
        "One-time onboarding code for {} (expires {}):",
        issued.customer, issued.expires_at
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", issued.code.as_str()).map_err(CliError::Output)
}

fn serve(
    listen: SocketAddr,
    db: PathBuf,
    key_path: &Path,
    trust_proxy: &[String],
) -> Result<(), CliError> {
    let trusted_proxies =
        TrustedProxies::parse(trust_proxy).map_err(|e| CliError::Usage(e.to_string()))?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let key_file = key_io::read_key_file(key_path)?;
    if key_io::readable_by_others(key_path) {
        tracing::warn!(
            path = %key_path.display(),
            "the key file is readable by other users; run chmod 600 on it"
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)?;
    runtime.block_on(async move {
        let handle = IntakeServer::start(ServerConfig {
            listen,
            db_path: db,
            key: key_file.private_key,
            key_id: key_file.key_id,
            trusted_proxies,
        })
        .await?;
        {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "listening on {}", handle.submissions_url())
                .and_then(|()| stdout.flush())
                .map_err(CliError::Output)?;
        }
        wait_for_stop_signal().await;
        tracing::info!("stopping");
        handle.shutdown().await;
        Ok(())
    })
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn list(db: &Path, json: bool) -> Result<(), CliError> {
    let submissions = Store::open(db)?.list()?;
    let mut stdout = std::io::stdout().lock();
    if json {
        let text =
            serde_json::to_string_pretty(&submissions).map_err(|e| CliError::Output(e.into()))?;
        return writeln!(stdout, "{text}").map_err(CliError::Output);
    }
    write_table(&mut stdout, &submissions).map_err(CliError::Output)
}

fn write_table(out: &mut impl Write, submissions: &[SubmissionSummary]) -> std::io::Result<()> {
    if submissions.is_empty() {
        return writeln!(out, "no submissions stored");
    }
    writeln!(
        out,
        "{:<24}  {:<36}  {:<36}  {:<8}  {:<16}  {:<24}  CUSTOMER",
        "RECEIVED_AT", "SUBMISSION_ID", "RECEIPT_ID", "KEY_ID", "FINGERPRINT", "ACCOUNT/EXTENSION"
    )?;
    for s in submissions {
        writeln!(
            out,
            "{:<24}  {:<36}  {:<36}  {:<8}  {:<16}  {:<24}  {}",
            s.received_at,
            s.submission_id,
            s.receipt_id,
            s.key_id,
            s.credential_fingerprint,
            format!("{}/{}", s.account_id, s.extension_id),
            s.customer
        )?;
    }
    Ok(())
}

fn export(db: &Path, key_path: &Path, submission_id: &str) -> Result<(), CliError> {
    let key_file = key_io::read_key_file(key_path)?;
    let store = Store::open(db)?;
    let credential = export_credential(
        &store,
        &key_file.key_id,
        &key_file.private_key,
        submission_id,
    )?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&credential)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush())
        .map_err(CliError::Output)
}
