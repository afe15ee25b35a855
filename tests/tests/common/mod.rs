//! A real provider for the end-to-end tests that do not use the demo: a RingCentral simulator and
//! a reference intake started in the test on 127.0.0.1, and a provider profile (TOML, with an
//! optional logo file next to it) pointing at them. The test knows the onboarding code and the
//! credential, so it can look for them where they must never appear.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rc_onboard_e2e::AppOptions;
use rc_onboard_intake_protocol::KeyPair;
use rc_onboard_intake_server::{IntakeHandle, IntakeServer, ServerConfig};
use rc_onboard_simulator::{demo, Scenario, SimConfig, SimHandle};

const KEY_ID: &str = "e2e-2026";

/// What the profile says about the provider.
pub struct ProviderSpec<'a> {
    pub name: &'a str,
    pub support_email: Option<&'a str>,
    pub support_url: Option<&'a str>,
    /// `(file name, contents)` of a logo written next to the profile.
    pub logo: Option<(&'a str, &'a str)>,
    pub accent_color: Option<&'a str>,
}

/// The running services and the profile file.
pub struct RealProvider {
    pub simulator: SimHandle,
    pub intake: IntakeHandle,
    pub profile: PathBuf,
    _profile_dir: tempfile::TempDir,
    _intake_dir: tempfile::TempDir,
}

impl RealProvider {
    /// Starts the simulator and the intake and writes the profile.
    pub async fn start(spec: &ProviderSpec<'_>) -> RealProvider {
        let simulator = rc_onboard_simulator::start(SimConfig::default())
            .await
            .unwrap();
        let intake_dir = tempfile::tempdir().unwrap();
        let (private_key, public_key) = KeyPair::generate().unwrap().into_parts();
        let intake = IntakeServer::start(ServerConfig::new(
            intake_dir.path().join("intake.sqlite"),
            private_key,
            KEY_ID,
        ))
        .await
        .unwrap();
        let profile_dir = tempfile::tempdir().unwrap();
        let profile = profile_dir.path().join("provider.toml");
        let mut provider = format!("[provider]\nname = \"{}\"\n", spec.name);
        if let Some(email) = spec.support_email {
            provider.push_str(&format!("support_email = \"{email}\"\n"));
        }
        if let Some(url) = spec.support_url {
            provider.push_str(&format!("support_url = \"{url}\"\n"));
        }
        if let Some((file, contents)) = spec.logo {
            std::fs::write(profile_dir.path().join(file), contents).unwrap();
            provider.push_str(&format!("logo = \"{file}\"\n"));
        }
        if let Some(accent) = spec.accent_color {
            provider.push_str(&format!("accent_color = \"{accent}\"\n"));
        }
        let toml = format!(
            r#"{provider}
[ringcentral]
server = "{server}"
console = "{server}"
client_id = "{client_id}"
client_secret = "{secret}"
required_permissions = ["ReadAccounts"]

[intake]
url = "{intake_url}"
key_id = "{KEY_ID}"
public_key = "{public_key}"
"#,
            server = simulator.base_url(),
            client_id = demo::PROVIDER_CLIENT_ID,
            secret = demo::PROVIDER_CLIENT_SECRET,
            intake_url = intake.submissions_url(),
            public_key = public_key.to_b64url(),
        );
        std::fs::write(&profile, toml).unwrap();
        RealProvider {
            simulator,
            intake,
            profile,
            _profile_dir: profile_dir,
            _intake_dir: intake_dir,
        }
    }

    /// A fresh onboarding code, valid for an hour.
    pub fn issue_code(&self) -> String {
        self.intake
            .issue_code("Cooper Dental LLC", Duration::from_secs(3600))
            .unwrap()
    }

    /// A credential that exercises `scenario` (the simulated console created it).
    pub fn credential(&self, scenario: Scenario) -> String {
        self.simulator
            .apply_scenario(scenario, demo::PROVIDER_CLIENT_ID)
            .unwrap()
            .jwt
    }

    /// Launch options: this profile, `code` given with `--code`, a private data folder and a
    /// light or dark GTK theme.
    pub fn options(&self, data: &Path, code: Option<&str>, gtk_theme: &str) -> AppOptions {
        let mut args = vec!["--profile".to_owned(), self.profile.display().to_string()];
        if let Some(code) = code {
            args.push("--code".to_owned());
            args.push(code.to_owned());
        }
        let mut env = HashMap::new();
        env.insert("RC_ONBOARD_DATA_DIR".to_owned(), data.display().to_string());
        env.insert("GTK_THEME".to_owned(), gtk_theme.to_owned());
        AppOptions { args, env }
    }

    pub async fn shutdown(self) {
        self.intake.shutdown().await;
        self.simulator.shutdown().await;
    }
}
