//! The RingCentral simulator and the reference intake, started in-process on 127.0.0.1 on one
//! multi-threaded runtime that lives as long as the test binary (so a server shared by several
//! tests keeps serving between them).

use std::sync::OnceLock;
use std::time::Duration;

use rc_onboard_intake_protocol::KeyPair;
use rc_onboard_intake_server::{AttemptLog, Faults, IntakeHandle, IntakeServer, ServerConfig};
use rc_onboard_simulator::{demo, AllowedApps, CredentialSpec, Expiry, SimConfig, SimHandle};
use tempfile::TempDir;
use tokio::runtime::Runtime;

/// The key id of every test intake.
pub const KEY_ID: &str = "test-2026";

/// The runtime the servers run on.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

/// A simulator with the demo seed (provider app, Jane Cooper ext 101, disabled Robert Fox).
pub fn start_simulator() -> SimHandle {
    runtime()
        .block_on(rc_onboard_simulator::start(SimConfig::default()))
        .unwrap()
}

/// A never-expiring credential of Jane Cooper restricted to `client_id`.
pub fn credential_for(sim: &SimHandle, client_id: &str) -> String {
    credential(sim, demo::JANE_EXTENSION_ID, client_id, Expiry::Never)
}

/// A credential of `owner` restricted to `client_id`.
pub fn credential(sim: &SimHandle, owner: u64, client_id: &str, expires: Expiry) -> String {
    sim.create_credential(CredentialSpec {
        owner_extension_id: owner,
        allowed: AllowedApps::Only(vec![client_id.to_owned()]),
        expires,
    })
    .jwt
}

/// A running reference intake with its database folder.
pub struct Intake {
    pub handle: IntakeHandle,
    /// The public key in the profile's format (base64url, no padding).
    pub public_key: String,
    _dir: TempDir,
}

impl Intake {
    /// Starts an intake with a fresh key and database.
    pub fn start() -> Intake {
        let dir = tempfile::tempdir().unwrap();
        let key = KeyPair::generate().unwrap();
        let config = ServerConfig::new(
            dir.path().join("intake.db"),
            key.private_key().clone(),
            KEY_ID,
        );
        let handle = runtime().block_on(IntakeServer::start(config)).unwrap();
        Intake {
            handle,
            public_key: key.public_key().to_b64url(),
            _dir: dir,
        }
    }

    /// `http://127.0.0.1:PORT/v1/submissions`.
    pub fn url(&self) -> String {
        self.handle.submissions_url()
    }

    /// A fresh one-time onboarding code.
    pub fn code(&self) -> String {
        self.handle
            .issue_code("Cooper Dental LLC", Duration::from_secs(3600))
            .unwrap()
    }

    /// Replaces the injected faults.
    pub fn set_faults(&self, fail_next: &[u16], down: bool) {
        self.handle.set_faults(Faults {
            fail_next: fail_next.to_vec(),
            down,
        });
    }

    /// Stored submission ids, oldest first.
    pub fn stored_ids(&self) -> Vec<String> {
        self.handle
            .submissions()
            .unwrap()
            .into_iter()
            .map(|s| s.submission_id)
            .collect()
    }

    /// How many stored submissions have this id.
    pub fn stored_count(&self, submission_id: &str) -> usize {
        self.stored_ids()
            .iter()
            .filter(|id| *id == submission_id)
            .count()
    }

    /// The receipt id the intake stored for `submission_id`.
    pub fn stored_receipt(&self, submission_id: &str) -> String {
        self.handle
            .submissions()
            .unwrap()
            .into_iter()
            .find(|s| s.submission_id == submission_id)
            .map(|s| s.receipt_id)
            .unwrap_or_else(|| panic!("submission {submission_id} is not stored"))
    }

    /// Every `POST` the intake answered, oldest first.
    pub fn attempts(&self) -> Vec<AttemptLog> {
        self.handle.received_attempts()
    }

    /// The statuses answered to attempts carrying `Idempotency-Key: submission_id`.
    pub fn statuses_for(&self, submission_id: &str) -> Vec<u16> {
        self.attempts()
            .into_iter()
            .filter(|a| a.idempotency_key.as_deref() == Some(submission_id))
            .map(|a| a.status)
            .collect()
    }

    /// The plaintext the intake opens from the stored envelope.
    pub fn export(&self, submission_id: &str) -> Vec<u8> {
        self.handle.export(submission_id).unwrap().to_vec()
    }
}
