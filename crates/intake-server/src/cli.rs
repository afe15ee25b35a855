//! Subcommands of `rc-intake` (keygen, issue-code, serve, list, export, keys); `--db` is a SQLite
//! file or a `postgres://` URL for every command that takes it. Exit status: 0 done, 1 failed, 2 usage error.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rc_onboard_core::printable;
use rc_onboard_intake_protocol::{is_valid_key_id, KeyError, KeyFile, KeyPair};
use rc_onboard_intake_server::codes::{parse_ttl, TtlError};
use rc_onboard_intake_server::key_io::{self, KeyIoError};
use rc_onboard_intake_server::{
    export_with_keyring, DatabaseLocation, ExportError, IntakeServer, IntakeVerifier, Keyring,
    KeyringError, ServerConfig, ServerError, Storage, StoreError, SubmissionSummary,
    TrustedProxies, VerificationAttempt, VerifyProfileError,
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
        /// SQLite database file (created if missing) or postgres:// URL.
        #[arg(long, value_parser = parse_db)]
        db: DatabaseLocation,
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
        /// SQLite database file (created if missing) or postgres:// URL (several instances
        /// may share one PostgreSQL database).
        #[arg(long, value_parser = parse_db)]
        db: DatabaseLocation,
        /// Private key file written by keygen; repeat to keep older keys after a rotation. The
        /// first is the current key (the one the profile names); every one opens envelopes
        /// sealed to its key_id.
        #[arg(long, required = true)]
        key: Vec<PathBuf>,
        /// Most PostgreSQL connections this instance opens.
        #[arg(long, default_value_t = rc_onboard_intake_server::storage::DEFAULT_POOL_SIZE)]
        db_pool_size: usize,
        /// Request log format on stderr: text or json.
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        log_format: LogFormat,
        /// Seconds requests in flight get to finish on SIGTERM or Ctrl-C.
        #[arg(long, default_value_t = 10)]
        drain_timeout: u64,
        /// A TLS-terminating proxy (address or CIDR network, e.g. 10.0.0.0/8; repeatable) whose
        /// X-Forwarded-For header names the client address for the failed-code limit. Without
        /// it the header is ignored and every client behind a proxy shares the proxy's limit.
        #[arg(long = "trust-proxy", value_name = "CIDR")]
        trust_proxy: Vec<String>,
        /// Provider profile whose [ringcentral] names the RingCentral client secret (normally
        /// client_secret_env): the intake then verifies credentials at POST /v1/verifications
        /// for apps that carry no secret. Without it that endpoint answers 501.
        #[arg(long, value_name = "FILE")]
        verify_profile: Option<PathBuf>,
    },
    /// List the verifications the intake ran (--verify-profile), oldest first: time, customer,
    /// ok or the error kind, RingCentral's status, code and request id, and the client. Never
    /// the credential.
    Attempts {
        /// SQLite database file or postgres:// URL.
        #[arg(long, value_parser = parse_db)]
        db: DatabaseLocation,
        /// Only this customer's (as named when the code was issued).
        #[arg(long)]
        customer: Option<String>,
        /// One JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List stored submissions (metadata and credential fingerprints, no secrets).
    List {
        /// SQLite database file or postgres:// URL.
        #[arg(long, value_parser = parse_db)]
        db: DatabaseLocation,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one stored credential in plaintext, for the provider's own pipeline.
    Export {
        /// SQLite database file or postgres:// URL.
        #[arg(long, value_parser = parse_db)]
        db: DatabaseLocation,
        /// Private key file of the key the submission was sealed to (repeatable: the key whose
        /// key_id the envelope names opens it).
        #[arg(long, required = true)]
        key: Vec<PathBuf>,
        /// Submission id to open.
        #[arg(long)]
        submission: String,
    },
    /// List the key ids and public-key fingerprints of key files (nothing secret is printed).
    Keys {
        /// Private key file; repeatable, the current key first.
        #[arg(long, required = true)]
        key: Vec<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// How `serve` writes its logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

fn parse_db(text: &str) -> Result<DatabaseLocation, String> {
    if text.trim().is_empty() {
        return Err("give a SQLite file path or a postgres:// URL".to_owned());
    }
    Ok(DatabaseLocation::parse(text))
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
    Keyring(#[from] KeyringError),
    #[error(transparent)]
    Ttl(#[from] TtlError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Server(#[from] ServerError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    VerifyProfile(#[from] VerifyProfileError),
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
            db_pool_size,
            log_format,
            drain_timeout,
            verify_profile,
        } => serve(
            ServeOptions {
                listen,
                db,
                db_pool_size,
                drain_timeout: std::time::Duration::from_secs(drain_timeout),
                log_format,
                verify_profile,
            },
            &key,
            &trust_proxy,
        ),
        Command::List { db, json } => list(&db, json),
        Command::Attempts { db, customer, json } => attempts(&db, customer.as_deref(), json),
        Command::Export {
            db,
            key,
            submission,
        } => export(&db, &key, &submission),
        Command::Keys { key, json } => keys(&key, json),
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

/// Runs `work` on a small runtime: the commands other than `serve` do a few queries.
fn with_storage<T>(
    db: &DatabaseLocation,
    work: impl AsyncFnOnce(&Storage) -> Result<T, CliError>,
) -> Result<T, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)?;
    runtime.block_on(async {
        let storage = Storage::open(db).await?;
        let result = work(&storage).await;
        storage.close().await;
        result
    })
}

fn issue_code(db: &DatabaseLocation, customer: &str, ttl: &str) -> Result<(), CliError> {
    let ttl = parse_ttl(ttl)?;
    let issued = with_storage(db, async |storage| {
        storage
            .issue_code(customer, ttl)
            .await
            .map_err(|e| match e {
                StoreError::InvalidInput(message) => {
                    CliError::Usage(format!("--customer: {message}"))
                }
                other => CliError::Store(other),
            })
    })?;
    eprintln!(
        "One-time onboarding code for {} (expires {}):",
        issued.customer, issued.expires_at
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", issued.code.as_str()).map_err(CliError::Output)
}

struct ServeOptions {
    listen: SocketAddr,
    db: DatabaseLocation,
    db_pool_size: usize,
    drain_timeout: std::time::Duration,
    log_format: LogFormat,
    verify_profile: Option<PathBuf>,
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
    }
}

/// Reads the key files, the first being the current key.
fn read_keys(paths: &[PathBuf]) -> Result<Vec<rc_onboard_intake_protocol::KeyFile>, CliError> {
    let mut keys = Vec::with_capacity(paths.len());
    for path in paths {
        keys.push(key_io::read_key_file(path)?);
        if key_io::readable_by_others(path) {
            tracing::warn!(
                path = %path.display(),
                "the key file is readable by other users; run chmod 600 on it"
            );
        }
    }
    Ok(keys)
}

fn serve(
    options: ServeOptions,
    key_paths: &[PathBuf],
    trust_proxy: &[String],
) -> Result<(), CliError> {
    let trusted_proxies =
        TrustedProxies::parse(trust_proxy).map_err(|e| CliError::Usage(e.to_string()))?;
    init_logging(options.log_format);
    let mut keys = read_keys(key_paths)?.into_iter();
    let current = keys
        .next()
        .ok_or_else(|| CliError::Usage("give at least one --key".to_owned()))?;
    let verifier = options
        .verify_profile
        .as_deref()
        .map(IntakeVerifier::load)
        .transpose()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)?;
    runtime.block_on(async move {
        let mut config =
            ServerConfig::with_database(options.db, current.private_key, current.key_id);
        config.listen = options.listen;
        config.pool_size = options.db_pool_size;
        config.older_keys = keys.collect();
        config.trusted_proxies = trusted_proxies;
        config.drain_timeout = options.drain_timeout;
        config.verifier = verifier;
        let handle = IntakeServer::start(config).await?;
        {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "listening on {}", handle.submissions_url())
                .and_then(|()| stdout.flush())
                .map_err(CliError::Output)?;
        }
        wait_for_stop_signal().await;
        tracing::info!("draining: no new connections, finishing requests in flight");
        handle.shutdown().await;
        tracing::info!("stopped");
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

fn list(db: &DatabaseLocation, json: bool) -> Result<(), CliError> {
    let submissions = with_storage(db, async |storage| Ok(storage.list().await?))?;
    let mut stdout = std::io::stdout().lock();
    if json {
        let text =
            serde_json::to_string_pretty(&submissions).map_err(|e| CliError::Output(e.into()))?;
        return writeln!(stdout, "{text}").map_err(CliError::Output);
    }
    write_table(&mut stdout, &submissions).map_err(CliError::Output)
}

/// Longest value shown in one column of `list`.
const MAX_COLUMN_CHARS: usize = 120;

fn attempts(db: &DatabaseLocation, customer: Option<&str>, json: bool) -> Result<(), CliError> {
    let attempts = with_storage(db, async |storage| Ok(storage.attempts(customer).await?))?;
    let mut stdout = std::io::stdout().lock();
    if json {
        let text =
            serde_json::to_string_pretty(&attempts).map_err(|e| CliError::Output(e.into()))?;
        return writeln!(stdout, "{text}").map_err(CliError::Output);
    }
    write_attempts(&mut stdout, &attempts).map_err(CliError::Output)
}

fn write_attempts(out: &mut impl Write, attempts: &[VerificationAttempt]) -> std::io::Result<()> {
    if attempts.is_empty() {
        return writeln!(out, "no verifications recorded");
    }
    writeln!(
        out,
        "{:<24}  {:<22}  {:<26}  {:<36}  CUSTOMER",
        "AT", "OUTCOME", "RINGCENTRAL", "CLIENT"
    )?;
    // The client's app, version and OS and RingCentral's codes come from outside: printable only.
    let shown = |text: &str| printable(text, MAX_COLUMN_CHARS);
    for a in attempts {
        let ringcentral = match a.ringcentral_status {
            Some(status) => format!(
                "{status} {} {}",
                a.ringcentral_code.as_deref().unwrap_or("-"),
                a.ringcentral_request_id.as_deref().unwrap_or("-")
            ),
            None => "-".to_owned(),
        };
        writeln!(
            out,
            "{:<24}  {:<22}  {:<26}  {:<36}  {}",
            shown(&a.at),
            shown(&a.outcome),
            shown(&ringcentral),
            shown(&format!(
                "{} {} {}",
                a.client_app, a.client_version, a.client_os
            )),
            shown(&a.customer)
        )?;
    }
    Ok(())
}

fn write_table(out: &mut impl Write, submissions: &[SubmissionSummary]) -> std::io::Result<()> {
    if submissions.is_empty() {
        return writeln!(out, "no submissions stored");
    }
    writeln!(
        out,
        "{:<24}  {:<36}  {:<36}  {:<8}  {:<16}  {:<24}  {:<11}  CUSTOMER",
        "RECEIVED_AT",
        "SUBMISSION_ID",
        "RECEIPT_ID",
        "KEY_ID",
        "FINGERPRINT",
        "ACCOUNT/EXTENSION",
        "VERIFIED_BY"
    )?;
    // Every column but the server's own timestamps holds text a client sent or an operator
    // typed: it goes through the one printable-text rule so it cannot move the cursor, recolour
    // the terminal or reverse the line.
    let shown = |text: &str| printable(text, MAX_COLUMN_CHARS);
    for s in submissions {
        writeln!(
            out,
            "{:<24}  {:<36}  {:<36}  {:<8}  {:<16}  {:<24}  {:<11}  {}",
            shown(&s.received_at),
            shown(&s.submission_id),
            shown(&s.receipt_id),
            shown(&s.key_id),
            shown(&s.credential_fingerprint),
            shown(&format!("{}/{}", s.account_id, s.extension_id)),
            s.verified_by,
            shown(&s.customer)
        )?;
    }
    Ok(())
}

fn export(db: &DatabaseLocation, key_paths: &[PathBuf], id: &str) -> Result<(), CliError> {
    let keys = Keyring::new(read_keys(key_paths)?)?;
    let matches = with_storage(db, async |storage| Ok(storage.stored(id).await?))?;
    let credential = export_with_keyring(matches, &keys, id)?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&credential)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush())
        .map_err(CliError::Output)
}

fn keys(key_paths: &[PathBuf], json: bool) -> Result<(), CliError> {
    let keys = Keyring::new(read_keys(key_paths)?)?.describe();
    let mut stdout = std::io::stdout().lock();
    if json {
        let text = serde_json::to_string_pretty(&keys).map_err(|e| CliError::Output(e.into()))?;
        return writeln!(stdout, "{text}").map_err(CliError::Output);
    }
    let write = |out: &mut std::io::StdoutLock<'_>| -> std::io::Result<()> {
        writeln!(
            out,
            "{:<24}  {:<39}  {:<43}  CURRENT",
            "KEY_ID", "FINGERPRINT", "PUBLIC_KEY"
        )?;
        for key in &keys {
            writeln!(
                out,
                "{:<24}  {:<39}  {:<43}  {}",
                key.key_id,
                key.fingerprint,
                key.public_key,
                if key.current { "yes" } else { "no" }
            )?;
        }
        Ok(())
    };
    write(&mut stdout).map_err(CliError::Output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_shows_client_text_through_the_printable_rule() {
        let hostile = SubmissionSummary {
            submission_id: "id-\u{1b}[2J".to_owned(),
            receipt_id: "r-1".to_owned(),
            received_at: "2026-12-04T10:00:00Z".to_owned(),
            customer: "Acme\u{202e}moc.live\u{7}".to_owned(),
            key_id: "k\r1".to_owned(),
            server: "https://platform.ringcentral.com".to_owned(),
            client_id: "app".to_owned(),
            account_id: "1\u{1b}]0;title\u{7}".to_owned(),
            extension_id: "2\n3".to_owned(),
            permissions: Vec::new(),
            credential_expires_at: None,
            validated_at: "2026-12-04T10:00:00Z".to_owned(),
            client_app: "rc-onboard".to_owned(),
            client_version: "1".to_owned(),
            client_os: "linux".to_owned(),
            credential_fingerprint: "f".repeat(500),
            verified_by: "client".to_owned(),
        };
        let mut out = Vec::new();
        write_table(&mut out, &[hostile]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 2, "{text:?}");
        for unsafe_char in ['\u{1b}', '\u{202e}', '\u{7}', '\r'] {
            assert!(!text.contains(unsafe_char), "{unsafe_char:?} in {text:?}");
        }
        assert!(
            !text.contains(&"f".repeat(121)),
            "an overlong value was shown whole"
        );
        assert!(text.contains("Acme"));
    }
}
