//! `SimHandle`: the running simulator's address and its runtime controls (apps, users and their
//! permissions, credentials, faults, counters, shutdown).

use std::sync::Arc;

use tokio::task::JoinHandle;

use crate::faults::{Counters, Faults};
use crate::model::{App, CredentialSpec, IssuedCredential, SigningAlgorithm, User};
use crate::state::Shared;

/// A running simulator. Dropping it stops the server too; `shutdown` also waits for it.
pub struct SimHandle {
    pub(crate) shared: Arc<Shared>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl SimHandle {
    pub(crate) fn new(shared: Arc<Shared>, task: JoinHandle<()>) -> Self {
        SimHandle {
            shared,
            task: Some(task),
        }
    }

    /// The platform base URL, e.g. `http://127.0.0.1:41234` (a profile's `server`, and the
    /// `iss` of every credential this simulator creates).
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The simulated console's "Create JWT" link for `client_id`.
    pub fn console_url(&self, client_id: &str) -> String {
        let encoded: String = url::form_urlencoded::byte_serialize(client_id.as_bytes()).collect();
        format!(
            "{}{}?client_id={encoded}",
            self.shared.base_url,
            crate::console::CREATE_PATH
        )
    }

    /// Registers (or replaces) an app; its permissions become the baseline scenarios restore.
    pub fn add_app(&self, app: App) {
        self.shared.tables().add_app(app);
    }

    /// Adds (or replaces) a user. The first enabled user signs in to the console.
    pub fn add_user(&self, user: User) {
        self.shared.tables().add_user(user);
    }

    /// Signs `extension_id` in to the simulated console. Returns false for an unknown user.
    pub fn set_console_user(&self, extension_id: u64) -> bool {
        let mut tables = self.shared.tables();
        let known = tables.users.contains_key(&extension_id);
        if known {
            tables.console_user = Some(extension_id);
        }
        known
    }

    /// Creates a credential as the console would (the owner need not exist: the exchange then
    /// answers "Extension not found").
    pub fn create_credential(&self, spec: CredentialSpec) -> IssuedCredential {
        self.create_credential_with(spec, SigningAlgorithm::Rs256)
    }

    /// Creates a credential signed with `algorithm` (the token endpoint accepts RS256 and
    /// ES256 credentials this simulator signed).
    pub fn create_credential_with(
        &self,
        spec: CredentialSpec,
        algorithm: SigningAlgorithm,
    ) -> IssuedCredential {
        self.shared.issue_credential(spec, algorithm)
    }

    /// Revokes a credential by its `jti`. Returns false if there is no such credential.
    pub fn revoke_credential(&self, jti: &str) -> bool {
        match self.shared.tables().credentials.get_mut(jti) {
            Some(credential) => {
                credential.revoked = true;
                true
            }
            None => false,
        }
    }

    /// Enables or disables a user. Returns false for an unknown user.
    pub fn set_user_enabled(&self, extension_id: u64, enabled: bool) -> bool {
        match self.shared.tables().users.get_mut(&extension_id) {
            Some(user) => {
                user.enabled = enabled;
                true
            }
            None => false,
        }
    }

    /// Grants or takes away a user permission of `extension_id`'s role (e.g. `ReadCallLog`):
    /// without it, the endpoints needing it answer 403 CMN-408 for that user even though the
    /// token exchange succeeds. Returns false for an unknown user.
    pub fn set_user_permission(&self, extension_id: u64, permission: &str, granted: bool) -> bool {
        let mut tables = self.shared.tables();
        if !tables.users.contains_key(&extension_id) {
            return false;
        }
        let denied = tables.denied_permissions.entry(extension_id).or_default();
        if granted {
            denied.remove(permission);
        } else {
            denied.insert(permission.to_owned());
        }
        if denied.is_empty() {
            tables.denied_permissions.remove(&extension_id);
        }
        true
    }

    /// Turns the app's JWT grant on or off. Returns false for an unknown app.
    pub fn set_app_jwt_grant(&self, client_id: &str, enabled: bool) -> bool {
        match self.shared.tables().apps.get_mut(client_id) {
            Some(record) => {
                record.app.jwt_grant = enabled;
                true
            }
            None => false,
        }
    }

    /// Replaces the app's permissions (new tokens carry them as `scope`). Returns false for an
    /// unknown app.
    pub fn set_app_permissions(&self, client_id: &str, permissions: Vec<String>) -> bool {
        match self.shared.tables().apps.get_mut(client_id) {
            Some(record) => {
                record.app.permissions = permissions;
                true
            }
            None => false,
        }
    }

    /// Forgets every (user, app) count and penalty of the enforced Auth rate limit.
    pub fn reset_auth_rate_limit(&self) {
        self.shared.auth_limiter.reset();
    }

    /// Replaces the fault settings (clearing `hang` releases held token requests).
    pub fn set_faults(&self, faults: Faults) {
        self.shared.faults.send_replace(faults);
    }

    /// The current fault settings (counted faults show what is left).
    pub fn faults(&self) -> Faults {
        self.shared.faults.borrow().clone()
    }

    /// How many requests reached each endpoint so far.
    pub fn counters(&self) -> Counters {
        self.shared.counters()
    }

    /// Waits until the counters satisfy `condition` (e.g. "a token request has arrived") and
    /// returns them. Lets tests synchronise on the server having received a request.
    pub async fn wait_for_counters(
        &self,
        mut condition: impl FnMut(&Counters) -> bool,
    ) -> Counters {
        let mut counters = self.shared.counters.subscribe();
        let result = match counters.wait_for(|c| condition(c)).await {
            Ok(seen) => *seen,
            // The sender lives as long as `self`; fall back to the current value regardless.
            Err(_) => self.counters(),
        };
        result
    }

    /// How many OAuth sessions (access tokens) are open.
    pub fn open_sessions(&self) -> usize {
        self.shared.tables().sessions.len()
    }

    /// Stops accepting connections, releases hung requests and waits for the server to stop.
    pub async fn shutdown(mut self) {
        self.shared.shutdown.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.shared.shutdown.send_replace(true);
    }
}
