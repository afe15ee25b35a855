//! Secret hygiene of the CLI (issue 7): full flows in one data folder (successes, every kind of
//! failure, delivery with retries, kill -9 mid-delivery, queued entries, flushes, `--verbose`),
//! then every file under the data folder (logs, outbox, receipts, failed) and every captured
//! stdout and stderr is searched for the JWTs, the onboarding codes and the client secret. The
//! client secret is a distinctive value given through `client_secret_env` in one profile and
//! inline in another.

mod common;

use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::cli::{finish, Cli, Output};
use common::jwt::{crafted_jwt, identifying_parts};
use common::profile::{ProfileSpec, Secret};
use common::relay::Relay;
use common::servers::{credential, start_simulator, Intake};
use common::wait;
use rc_onboard_delivery::keystore::probe;
use rc_onboard_delivery::OsKeyring;
use rc_onboard_simulator::{demo, AllowedApps, App, CredentialSpec, Expiry, SimHandle};
use time::OffsetDateTime;

const CLIENT_ID: &str = "hygiene-provider-app";
/// Distinctive, so any occurrence anywhere is a leak.
const CLIENT_SECRET: &str = "Hyg13ne-ClientSecret-q7Zr4xPw9kLm2vT8";
const SECRET_VAR: &str = "RC_ONBOARD_HYGIENE_CLIENT_SECRET";
/// Another distinctive secret: the wrong one of the client_auth_failed run.
const WRONG_SECRET: &str = "Wr0ng-ClientSecret-Jd83kQm1Xs0aPz";
const BAD_CODE: &str = "bad-onboarding-code-Zx81Qw4nT6";

/// A value that must appear nowhere, with a name that can be printed instead of it.
struct Needle {
    name: String,
    value: String,
}

/// Everything a run of the flows used and printed.
struct Flows {
    dir: tempfile::TempDir,
    data_dir: PathBuf,
    sim: SimHandle,
    intake: Intake,
    needles: Vec<Needle>,
    transcript: Vec<(String, Output)>,
}

impl Flows {
    fn new() -> Flows {
        if let Err(error) = probe(&OsKeyring::new()) {
            panic!(
                "this test needs the OS keyring (Secret Service): run it as `dbus-run-session -- \
                 ./dev.sh _in-test-session cargo test -p rc-onboard --test secret_hygiene` ({error})"
            );
        }
        let sim = start_simulator();
        let mut app = App::new(CLIENT_ID, CLIENT_SECRET);
        app.permissions = vec!["ReadAccounts".into(), "ReadCallLog".into()];
        sim.add_app(app);
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let mut flows = Flows {
            dir,
            data_dir,
            sim,
            intake: Intake::start(),
            needles: Vec::new(),
            transcript: Vec::new(),
        };
        flows.secret("client secret", CLIENT_SECRET);
        flows.secret("wrong client secret", WRONG_SECRET);
        flows.secret("bad onboarding code", BAD_CODE);
        for (name, secret) in [
            ("client secret", CLIENT_SECRET),
            ("wrong secret", WRONG_SECRET),
        ] {
            let basic = STANDARD.encode(format!("{CLIENT_ID}:{secret}"));
            flows.secret(&format!("HTTP Basic value of the {name}"), &basic);
        }
        flows
    }

    fn secret(&mut self, name: &str, value: &str) {
        self.needles.push(Needle {
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }

    /// A credential of `owner`, registered as a needle (whole and by its parts).
    fn jwt(&mut self, name: &str, owner: u64, expires: Expiry) -> String {
        let jwt = credential(&self.sim, owner, CLIENT_ID, expires);
        self.jwt_needle(name, &jwt);
        jwt
    }

    fn jwt_needle(&mut self, name: &str, jwt: &str) {
        self.secret(&format!("JWT ({name})"), jwt);
        for (index, part) in identifying_parts(jwt).iter().enumerate() {
            self.secret(&format!("JWT ({name}), segment {}", index + 2), part);
        }
    }

    fn code(&mut self) -> String {
        let code = self.intake.code();
        let index = self.needles.len();
        self.secret(&format!("onboarding code #{index}"), &code);
        code
    }

    fn profile(&self, name: &str, secret: Secret, intake_url: Option<String>) -> Cli {
        let mut spec = ProfileSpec::demo(&self.sim.base_url(), &self.intake);
        spec.client_id = CLIENT_ID.to_owned();
        spec.secret = secret;
        if let Some(url) = intake_url {
            spec.intake_url = url;
        }
        let profile = spec.write(self.dir.path(), name);
        Cli::new(&profile, &self.data_dir).with_env(SECRET_VAR, CLIENT_SECRET)
    }

    /// The profile reading the secret from the environment.
    fn env_cli(&self) -> Cli {
        self.profile("env.toml", Secret::Env(SECRET_VAR.to_owned()), None)
    }

    /// The profile with the secret written in it.
    fn inline_cli(&self) -> Cli {
        self.profile(
            "inline.toml",
            Secret::Inline(CLIENT_SECRET.to_owned()),
            None,
        )
    }

    fn paste_file(&self, contents: &str) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("paste-{}.txt", NEXT.fetch_add(1, Ordering::SeqCst));
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path.to_str().unwrap().to_owned()
    }

    /// Runs and records; asserts the exit code.
    fn run(&mut self, what: &str, cli: &Cli, args: &[&str], exit: i32) -> Output {
        let output = cli.run(args);
        self.transcript.push((what.to_owned(), output.clone()));
        output.assert_exit(exit);
        output
    }

    fn check(&mut self, what: &str, cli: &Cli, paste: &str, extra: &[&str], exit: i32) -> Output {
        let file = self.paste_file(paste);
        let mut args = vec!["check", "--jwt-file", file.as_str()];
        args.extend_from_slice(extra);
        self.run(what, cli, &args, exit)
    }

    fn send(&mut self, what: &str, cli: &Cli, code: &str, jwt: &str, extra: &[&str], exit: i32) {
        let file = self.paste_file(jwt);
        let mut args = vec!["send", "--code", code, "--jwt-file", file.as_str()];
        args.extend_from_slice(extra);
        self.run(what, cli, &args, exit);
    }

    /// Starts `send --verbose` in the background.
    fn spawn_send(&self, cli: &Cli, code: &str, jwt: &str) -> Child {
        let file = self.paste_file(jwt);
        cli.spawn(&[
            "send",
            "--code",
            code,
            "--jwt-file",
            file.as_str(),
            "--verbose",
        ])
    }

    /// Kills `child` with SIGKILL and records what it printed.
    fn kill(&mut self, what: &str, mut child: Child) {
        child.kill().unwrap();
        let output = finish(child);
        assert_eq!(output.code, None, "{what}: ended by SIGKILL");
        self.transcript.push((what.to_owned(), output));
    }

    /// Asserts no needle is in any file under the data folder or in any captured output; returns
    /// how many files were searched.
    fn assert_clean(&self, moment: &str) -> usize {
        let files = files_under(&self.data_dir);
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            self.assert_absent(&bytes, &format!("{} ({moment})", path.display()));
        }
        for (what, output) in &self.transcript {
            self.assert_absent(&output.stdout, &format!("stdout of {what}"));
            self.assert_absent(&output.stderr, &format!("stderr of {what}"));
        }
        files.len()
    }

    fn assert_absent(&self, haystack: &[u8], place: &str) {
        for needle in &self.needles {
            assert!(
                !contains(haystack, needle.value.as_bytes()),
                "the {} appears in {place}",
                needle.name
            );
        }
    }

    fn count_files(&self, folder: &str, suffix: &str) -> usize {
        files_under(&self.data_dir.join(folder))
            .iter()
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .count()
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn no_jwt_code_or_client_secret_reaches_disk_logs_or_output() {
    let mut flows = Flows::new();
    let env_cli = flows.env_cli();
    let inline_cli = flows.inline_cli();
    let wrong_cli = flows.profile("wrong.toml", Secret::Inline(WRONG_SECRET.to_owned()), None);
    let jane = demo::JANE_EXTENSION_ID;

    // check: successes, both secret sources, JSON and human, verbose.
    let good = flows.jwt("valid", jane, Expiry::Never);
    flows.check("check (env secret)", &env_cli, &good, &["--json"], 0);
    let human = flows.check(
        "check (inline, verbose)",
        &inline_cli,
        &good,
        &["--verbose"],
        0,
    );
    assert!(human.stdout_text().contains("Connected as Jane Cooper"));

    // check: failures.
    flows.check(
        "check: client secret pasted",
        &env_cli,
        CLIENT_SECRET,
        &["--json"],
        1,
    );
    flows.check(
        "check: client secret pasted (human)",
        &inline_cli,
        CLIENT_SECRET,
        &["--verbose"],
        1,
    );
    let revoked = {
        let issued = flows.sim.create_credential(CredentialSpec {
            owner_extension_id: jane,
            allowed: AllowedApps::Only(vec![CLIENT_ID.into()]),
            expires: Expiry::Never,
        });
        flows.sim.revoke_credential(&issued.jti);
        flows.jwt_needle("revoked", &issued.jwt);
        issued.jwt
    };
    flows.check("check: revoked", &env_cli, &revoked, &["--verbose"], 1);
    flows.check(
        "check: revoked (json)",
        &inline_cli,
        &revoked,
        &["--json"],
        1,
    );
    let expired = flows.jwt(
        "expired",
        jane,
        Expiry::Exp(OffsetDateTime::now_utc().unix_timestamp() - 86_400),
    );
    flows.check("check: expired", &env_cli, &expired, &["--verbose"], 1);
    let disabled = flows.jwt("disabled owner", demo::DISABLED_EXTENSION_ID, Expiry::Never);
    flows.check(
        "check: user disabled",
        &inline_cli,
        &disabled,
        &["--json", "--verbose"],
        1,
    );
    let foreign = crafted_jwt("https://login.example.com");
    flows.jwt_needle("other issuer", &foreign);
    flows.check("check: other issuer", &env_cli, &foreign, &["--verbose"], 1);
    flows.check(
        "check: wrong client secret",
        &wrong_cli,
        &good,
        &["--json", "--verbose"],
        1,
    );
    flows.check(
        "check: wrong client secret (human)",
        &wrong_cli,
        &good,
        &[],
        1,
    );

    // send: delivered, with both secret sources.
    let code = flows.code();
    let sent = flows.jwt("sent (env)", jane, Expiry::Never);
    flows.send(
        "send (env, verbose)",
        &env_cli,
        &code,
        &sent,
        &["--json", "--verbose"],
        0,
    );
    let code = flows.code();
    let sent = flows.jwt("sent (inline)", jane, Expiry::Never);
    flows.send("send (inline, human)", &inline_cli, &code, &sent, &[], 0);

    // send: 503 twice, then stored (retries).
    flows.intake.set_faults(&[503, 503], false);
    let code = flows.code();
    let retried = flows.jwt("retried", jane, Expiry::Never);
    flows.send(
        "send with retries",
        &env_cli,
        &code,
        &retried,
        &["--verbose"],
        0,
    );

    // send: refused code, and a credential problem.
    let refused = flows.jwt("refused code", jane, Expiry::Never);
    flows.send(
        "send: bad code",
        &inline_cli,
        BAD_CODE,
        &refused,
        &["--json", "--verbose"],
        1,
    );
    let code = flows.code();
    flows.send(
        "send: revoked credential",
        &env_cli,
        &code,
        &revoked,
        &["--verbose"],
        1,
    );

    // kill -9 while retrying: the entry waits on disk; a flush while the intake still fails
    // records its last error; then a flush delivers it.
    flows.intake.set_faults(&[503; 30], false);
    let code = flows.code();
    let killed = flows.jwt("killed while retrying", jane, Expiry::Never);
    let before = flows.intake.attempts().len();
    let child = flows.spawn_send(&env_cli, &code, &killed);
    wait::until("a delivery attempt of the send to kill", || {
        flows.intake.attempts().len() > before
    });
    flows.kill("send killed while retrying", child);
    flows.run(
        "outbox flush while failing",
        &inline_cli,
        &["outbox", "flush", "--verbose"],
        3,
    );
    flows.run("outbox list", &env_cli, &["outbox", "list"], 0);
    flows.run(
        "outbox list (json)",
        &env_cli,
        &["outbox", "list", "--json"],
        0,
    );
    assert_eq!(flows.count_files("outbox", ".json"), 1, "one entry queued");
    flows.assert_clean("with a queued entry");

    flows.intake.set_faults(&[], false);
    flows.run(
        "outbox flush",
        &env_cli,
        &["outbox", "flush", "--json", "--verbose"],
        0,
    );

    // kill -9 after the intake stored it but before the client heard.
    let relay = Relay::start(&format!("http://{}", flows.intake.handle.local_addr()));
    let relay_cli = flows.profile(
        "relay.toml",
        Secret::Inline(CLIENT_SECRET.to_owned()),
        Some(format!("{}/v1/submissions", relay.origin())),
    );
    let code = flows.code();
    let stored = flows.jwt("killed after storing", jane, Expiry::Never);
    let stored_before = flows.intake.stored_ids().len();
    let child = flows.spawn_send(&relay_cli, &code, &stored);
    wait::until("the intake to store the submission", || {
        flows.intake.stored_ids().len() == stored_before + 1 && relay.held() == 1
    });
    flows.kill("send killed after storing", child);
    assert_eq!(flows.count_files("outbox", ".json"), 1, "one entry pending");
    flows.assert_clean("after a kill -9 with the submission stored");
    relay.release();
    flows.run(
        "outbox flush after the kill",
        &relay_cli,
        &["outbox", "flush", "--verbose"],
        0,
    );

    // Every delivered submission was stored once; nothing is pending.
    let stored_ids = flows.intake.stored_ids();
    let mut unique = stored_ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(stored_ids.len(), 5, "five deliveries stored");
    assert_eq!(unique.len(), stored_ids.len(), "each stored once");
    assert_eq!(flows.count_files("outbox", ".json"), 0);

    // The scan covered real content: logs were written, receipts kept.
    let logs = files_under(&flows.data_dir.join("logs"));
    assert!(
        logs.iter()
            .any(|p| std::fs::metadata(p).map(|m| m.len() > 0).unwrap_or(false)),
        "log files were written: {logs:?}"
    );
    let scanned = flows.assert_clean("after all flows");
    assert!(scanned >= 2, "files searched: {scanned}");
}
