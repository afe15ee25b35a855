//! Starts and owns the demo's local services and hands out the demo profile, the onboarding
//! code and the presets' ready-made credentials.

use std::time::Duration;

use rc_onboard_intake_protocol::{KeyError, KeyPair};
use rc_onboard_intake_server::{
    Faults as IntakeFaults, IntakeHandle, IntakeServer, ServerConfig, ServerError, StoreError,
};
use rc_onboard_simulator::{Scenario, SimConfig, SimError, SimHandle};
use rc_onboard_verify::{Profile, SecretString};
use serde::Serialize;
use url::Url;

use crate::scenarios;

/// The key id the demo intake announces.
const DEMO_KEY_ID: &str = "demo";
/// The call the demo provider makes with the customer's credential, probed during verification.
pub const DEMO_CALL_LOG_PROBE: &str = "/restapi/v1.0/account/~/call-log?perPage=1";
/// How long the demo's onboarding code lives.
const DEMO_CODE_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How many delivery attempts the "intake down, then recovering" preset refuses with 503.
pub const INTAKE_OUTAGE_ATTEMPTS: usize = 4;

/// Why the demo could not start or apply a preset.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the simulated RingCentral platform could not start: {0}")]
    Simulator(#[from] SimError),
    #[error("the demo intake server could not start: {0}")]
    Intake(#[from] ServerError),
    #[error("the demo intake's key could not be made: {0}")]
    Key(#[from] KeyError),
    #[error("the demo intake's database failed: {0}")]
    Store(#[from] StoreError),
    #[error("a temporary folder for the demo could not be created: {0}")]
    TempDir(#[source] std::io::Error),
    #[error("a local service reported an address that is not a URL: {0}")]
    Url(#[from] url::ParseError),
    #[error("there is no demo preset called {0:?}")]
    UnknownScenario(String),
    #[error("the simulated platform has no demo provider app")]
    NoProviderApp,
}

/// One delivery as the provider's intake recorded it: what the provider view shows. No JWT.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProviderRow {
    pub receipt_id: String,
    pub submission_id: String,
    pub received_at: String,
    pub customer: String,
    pub key_id: String,
    pub account_id: String,
    pub extension_id: String,
    pub permissions: Vec<String>,
    pub credential_expires_at: Option<String>,
    pub fingerprint: String,
}

/// The running demo. Dropping it stops both services and deletes the temporary database.
pub struct DemoEnvironment {
    simulator: SimHandle,
    intake: IntakeHandle,
    profile: Profile,
    code: SecretString,
    _dir: tempfile::TempDir,
}

impl DemoEnvironment {
    /// Starts the simulator and the intake on 127.0.0.1 and issues an onboarding code.
    pub async fn start() -> Result<DemoEnvironment, DemoError> {
        let simulator = rc_onboard_simulator::start(SimConfig::default()).await?;
        let dir = tempfile::Builder::new()
            .prefix("rc-onboard-demo-")
            .tempdir()
            .map_err(DemoError::TempDir)?;
        let key = KeyPair::generate()?;
        let (private_key, public_key) = key.into_parts();
        let intake = IntakeServer::start(ServerConfig::new(
            dir.path().join("intake.sqlite"),
            private_key,
            DEMO_KEY_ID,
        ))
        .await?;
        let server = Url::parse(&simulator.base_url())?;
        let mut profile = Profile::demo(
            server.clone(),
            Url::parse(&intake.submissions_url())?,
            *public_key.as_bytes(),
            DEMO_KEY_ID,
        );
        // The simulator also serves the credential form, in place of the developer console.
        profile.ringcentral.console = server;
        // The demo provider needs every permission its simulated app is registered with, so the
        // "missing permission" preset (which takes one away) shows that failure.
        profile.ringcentral.required_permissions = rc_onboard_simulator::demo::PROVIDER_PERMISSIONS
            .iter()
            .map(|p| (*p).to_owned())
            .collect();
        // The demo provider reads the call log, so the "user lacks a permission" preset (whose
        // user's role cannot) shows that failure.
        profile.ringcentral.permission_probes = vec![DEMO_CALL_LOG_PROBE.to_owned()];
        let code =
            SecretString::from(intake.issue_code("Cooper Dental LLC (demo)", DEMO_CODE_TTL)?);
        Ok(DemoEnvironment {
            simulator,
            intake,
            profile,
            code,
            _dir: dir,
        })
    }

    /// The demo provider profile ("Acme Analytics (demo)") pointing at the local services.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// A valid one-time onboarding code issued by the demo intake.
    pub fn onboarding_code(&self) -> SecretString {
        self.code.clone()
    }

    /// Issues another onboarding code (each delivery consumes one).
    pub fn issue_code(&self) -> Result<SecretString, DemoError> {
        Ok(SecretString::from(
            self.intake
                .issue_code("Cooper Dental LLC (demo)", DEMO_CODE_TTL)?,
        ))
    }

    /// The simulated platform, for tests that need to look inside.
    pub fn simulator(&self) -> &SimHandle {
        &self.simulator
    }

    /// The demo intake, for tests that need to look inside.
    pub fn intake(&self) -> &IntakeHandle {
        &self.intake
    }

    /// Applies a preset and returns its ready-made credential, so the demo works without a
    /// browser. Every preset first restores the normal state of both services.
    pub fn apply(&self, id: &str) -> Result<SecretString, DemoError> {
        let scenario = match scenarios::find(id).map(|s| s.id) {
            Some("happy_path") | Some("intake_down_then_recovering") => Scenario::HappyPath,
            Some("expired_credential") => Scenario::ExpiredCredential,
            Some("restricted_to_another_app") => Scenario::RestrictedToAnotherApp,
            Some("revoked") => Scenario::Revoked,
            Some("app_not_enabled") => Scenario::AppNotEnabled,
            Some("user_disabled") => Scenario::UserDisabled,
            Some("missing_permission") => Scenario::MissingPermission,
            Some("user_lacks_permission") => Scenario::UserLacksPermission,
            Some("rate_limited") => Scenario::RateLimited,
            _ => return Err(DemoError::UnknownScenario(id.to_string())),
        };
        let intake_faults = if id == "intake_down_then_recovering" {
            IntakeFaults {
                fail_next: vec![503; INTAKE_OUTAGE_ATTEMPTS],
                down: false,
            }
        } else {
            IntakeFaults::default()
        };
        self.intake.set_faults(intake_faults);
        let issued = self
            .simulator
            .apply_scenario(scenario, &self.profile.ringcentral.client_id)
            .ok_or(DemoError::NoProviderApp)?;
        Ok(SecretString::from(issued.jwt.clone()))
    }

    /// What the provider's intake has received, newest last.
    pub fn provider_view(&self) -> Result<Vec<ProviderRow>, DemoError> {
        Ok(self
            .intake
            .submissions()?
            .into_iter()
            .map(|s| ProviderRow {
                receipt_id: s.receipt_id,
                submission_id: s.submission_id,
                received_at: s.received_at,
                customer: s.customer,
                key_id: s.key_id,
                account_id: s.account_id,
                extension_id: s.extension_id,
                permissions: s.permissions,
                credential_expires_at: s.credential_expires_at,
                fingerprint: s.credential_fingerprint,
            })
            .collect())
    }

    /// Stops both services.
    pub async fn shutdown(self) {
        self.intake.shutdown().await;
        self.simulator.shutdown().await;
    }
}
