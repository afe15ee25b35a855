//! Demo scenario presets: each resets the simulator to its baseline, then sets the server state
//! so the real error path happens on the next verification, and hands back a ready-made
//! credential for the presenter.

use time::{Duration as TimeDuration, OffsetDateTime};

use crate::call_log::READ_CALL_LOG;
use crate::faults::RateLimitFault;
use crate::handle::SimHandle;
use crate::model::{AllowedApps, CredentialSpec, Expiry, IssuedCredential};
use crate::state::Tables;

/// `Retry-After` seconds of the rate-limited preset (short enough to retry during a demo).
pub const RATE_LIMITED_RETRY_AFTER_S: u64 = 15;

/// The client ID used for "restricted to another app" when no other app is registered.
pub const OTHER_APP_CLIENT_ID: &str = "rc-demo-other-app";

/// A demo preset. Every preset first restores the baseline: the provider app's JWT grant on and
/// its original permissions, the console user enabled and holding every user permission, no
/// 429/503/hang/refusal faults and no Auth-group usage counted (latency, `enforce_read_accounts`
/// and `auth_rate_limit` are kept).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// A valid credential restricted to the provider app: "Connected as …".
    HappyPath,
    /// The credential's expiration date was yesterday (local inspection catches it).
    ExpiredCredential,
    /// Restricted to some other app: the exchange answers `invalid_grant`.
    RestrictedToAnotherApp,
    /// The credential was revoked in the console: `invalid_grant` "Token revoked".
    Revoked,
    /// The provider app's JWT grant is off: `unauthorized_client` OAU-251.
    AppNotEnabled,
    /// The credential's owner is disabled: OAU-236.
    UserDisabled,
    /// The provider app keeps only `ReadAccounts` (or nothing if that was all it had), so the
    /// token's scope lacks the profile's other required permissions.
    MissingPermission,
    /// The next token request answers 429 with `Retry-After: 15`.
    RateLimited,
    /// The console user's role lacks the `ReadCallLog` user permission: the exchange succeeds,
    /// the call log answers 403 CMN-408.
    UserLacksPermission,
}

impl Scenario {
    /// Every preset, in the order a demo panel lists them.
    pub const ALL: [Scenario; 9] = [
        Scenario::HappyPath,
        Scenario::ExpiredCredential,
        Scenario::RestrictedToAnotherApp,
        Scenario::Revoked,
        Scenario::AppNotEnabled,
        Scenario::UserDisabled,
        Scenario::MissingPermission,
        Scenario::RateLimited,
        Scenario::UserLacksPermission,
    ];

    /// A short title for a demo panel.
    pub fn title(self) -> &'static str {
        match self {
            Scenario::HappyPath => "Happy path",
            Scenario::ExpiredCredential => "Expired credential",
            Scenario::RestrictedToAnotherApp => "Restricted to another app",
            Scenario::Revoked => "Revoked credential",
            Scenario::AppNotEnabled => "App not enabled for JWT",
            Scenario::UserDisabled => "User disabled",
            Scenario::MissingPermission => "Missing permission",
            Scenario::RateLimited => "Rate limited",
            Scenario::UserLacksPermission => "User lacks a permission",
        }
    }
}

impl SimHandle {
    /// Applies `scenario` for the app `provider_client_id` and returns a credential that
    /// exercises it. `None` when the provider app is not registered or no user is signed in to
    /// the console (e.g. `Seed::Empty` without setup).
    pub fn apply_scenario(
        &self,
        scenario: Scenario,
        provider_client_id: &str,
    ) -> Option<IssuedCredential> {
        let owner = {
            let mut tables = self.shared.tables();
            restore_baseline(&mut tables, provider_client_id)?
        };
        let mut faults = self.faults();
        faults.rate_limit = None;
        faults.unavailable = 0;
        faults.hang = false;
        faults.token_refusal = None;
        self.set_faults(faults.clone());
        self.reset_auth_rate_limit();

        let only_provider = AllowedApps::Only(vec![provider_client_id.to_owned()]);
        let spec = |owner_extension_id, allowed, expires| CredentialSpec {
            owner_extension_id,
            allowed,
            expires,
        };
        let issued = match scenario {
            Scenario::HappyPath => {
                self.create_credential(spec(owner, only_provider, Expiry::Never))
            }
            Scenario::ExpiredCredential => {
                let yesterday = OffsetDateTime::now_utc() - TimeDuration::days(1);
                self.create_credential(spec(owner, only_provider, Expiry::At(yesterday)))
            }
            Scenario::RestrictedToAnotherApp => {
                let other = self.other_app(provider_client_id);
                self.create_credential(spec(owner, AllowedApps::Only(vec![other]), Expiry::Never))
            }
            Scenario::Revoked => {
                let issued = self.create_credential(spec(owner, only_provider, Expiry::Never));
                self.revoke_credential(&issued.jti);
                issued
            }
            Scenario::AppNotEnabled => {
                self.set_app_jwt_grant(provider_client_id, false);
                self.create_credential(spec(owner, only_provider, Expiry::Never))
            }
            Scenario::UserDisabled => {
                let disabled = self.disabled_user().unwrap_or_else(|| {
                    self.set_user_enabled(owner, false);
                    owner
                });
                self.create_credential(spec(disabled, only_provider, Expiry::Never))
            }
            Scenario::MissingPermission => {
                self.strip_permissions(provider_client_id);
                self.create_credential(spec(owner, only_provider, Expiry::Never))
            }
            Scenario::RateLimited => {
                faults.rate_limit = Some(RateLimitFault {
                    requests: 1,
                    retry_after_s: RATE_LIMITED_RETRY_AFTER_S,
                });
                self.set_faults(faults);
                self.create_credential(spec(owner, only_provider, Expiry::Never))
            }
            Scenario::UserLacksPermission => {
                self.set_user_permission(owner, READ_CALL_LOG, false);
                self.create_credential(spec(owner, only_provider, Expiry::Never))
            }
        };
        Some(issued)
    }

    /// Some registered app other than the provider's, or a made-up client ID.
    fn other_app(&self, provider_client_id: &str) -> String {
        self.shared
            .tables()
            .apps
            .keys()
            .find(|id| *id != provider_client_id)
            .cloned()
            .unwrap_or_else(|| OTHER_APP_CLIENT_ID.to_owned())
    }

    /// A disabled user other than the console user, if the seed has one.
    fn disabled_user(&self) -> Option<u64> {
        let tables = self.shared.tables();
        tables
            .users
            .values()
            .find(|user| !user.enabled && Some(user.extension_id) != tables.console_user)
            .map(|user| user.extension_id)
    }

    fn strip_permissions(&self, client_id: &str) {
        let mut tables = self.shared.tables();
        if let Some(record) = tables.apps.get_mut(client_id) {
            let kept: Vec<String> = record
                .baseline_permissions
                .iter()
                .filter(|p| *p == "ReadAccounts")
                .cloned()
                .collect();
            record.app.permissions = if kept == record.baseline_permissions {
                Vec::new()
            } else {
                kept
            };
        }
    }
}

/// Restores the provider app and the console user; returns the console user.
fn restore_baseline(tables: &mut Tables, provider_client_id: &str) -> Option<u64> {
    let owner = tables.console_user?;
    let record = tables.apps.get_mut(provider_client_id)?;
    record.app.jwt_grant = true;
    record.app.permissions = record.baseline_permissions.clone();
    if let Some(user) = tables.users.get_mut(&owner) {
        user.enabled = true;
    }
    tables.denied_permissions.remove(&owner);
    Some(owner)
}
