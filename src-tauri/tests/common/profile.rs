//! Provider profile files (the TOML format of `crates/verify/src/profile.rs`) pointing at the
//! in-process simulator and intake.

use std::path::{Path, PathBuf};

use rc_onboard_simulator::demo;

use super::servers::{Intake, KEY_ID};

/// Where the profile says the client secret comes from.
#[derive(Clone, Debug)]
pub enum Secret {
    /// `client_secret = "…"`.
    Inline(String),
    /// `client_secret_env = "VAR"`.
    Env(String),
}

/// What goes into a profile.
#[derive(Clone, Debug)]
pub struct ProfileSpec {
    pub server: String,
    pub client_id: String,
    pub secret: Secret,
    pub required_permissions: Vec<String>,
    pub intake_url: String,
    pub public_key: String,
}

impl ProfileSpec {
    /// The demo provider app on `server`, delivering to `intake`.
    pub fn demo(server: &str, intake: &Intake) -> ProfileSpec {
        ProfileSpec {
            server: server.to_owned(),
            client_id: demo::PROVIDER_CLIENT_ID.to_owned(),
            secret: Secret::Inline(demo::PROVIDER_CLIENT_SECRET.to_owned()),
            required_permissions: vec!["ReadAccounts".to_owned()],
            intake_url: intake.url(),
            public_key: intake.public_key.clone(),
        }
    }

    /// The profile as TOML text.
    pub fn to_toml(&self) -> String {
        let secret = match &self.secret {
            Secret::Inline(value) => format!("client_secret = {}", quoted(value)),
            Secret::Env(var) => format!("client_secret_env = {}", quoted(var)),
        };
        let permissions: Vec<String> = self
            .required_permissions
            .iter()
            .map(|p| quoted(p))
            .collect();
        format!(
            "[provider]\n\
             name = \"Acme Analytics\"\n\
             support_email = \"help@acme.example\"\n\
             \n\
             [ringcentral]\n\
             server = {server}\n\
             client_id = {client_id}\n\
             {secret}\n\
             required_permissions = [{permissions}]\n\
             \n\
             [intake]\n\
             url = {url}\n\
             key_id = {key_id}\n\
             public_key = {public_key}\n",
            server = quoted(&self.server),
            client_id = quoted(&self.client_id),
            permissions = permissions.join(", "),
            url = quoted(&self.intake_url),
            key_id = quoted(KEY_ID),
            public_key = quoted(&self.public_key),
        )
    }

    /// Writes the profile to `dir/name` and returns its path.
    pub fn write(&self, dir: &Path, name: &str) -> PathBuf {
        write_text(dir, name, &self.to_toml())
    }
}

/// Writes `text` to `dir/name` and returns its path.
pub fn write_text(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A TOML basic string (JSON string syntax is valid TOML for these values).
fn quoted(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}
