//! The simulator's server-side state: apps, users, credentials and access-token sessions (behind
//! a mutex), the fault settings (a watch channel, so hung requests wake when cleared), request
//! counters, the rate-limit header windows and the enforced Auth-group limiter.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use time::{OffsetDateTime, Time, UtcOffset};
use tokio::sync::watch;

use crate::auth_limit::AuthLimiter;
use crate::faults::{Counters, Endpoint, Faults};
use crate::jwt::{new_jti, Claims, JwtSigner};
use crate::model::{
    AllowedApps, App, CredentialSpec, Expiry, IssuedCredential, SigningAlgorithm, User,
};
use crate::response::RateHeaders;

/// `exp - iat` of a credential created without an expiration date.
pub(crate) const NEVER_EXPIRES_SECONDS: i64 = 2_147_483_647;

/// An app and the permissions it was registered with (scenarios restore them).
#[derive(Clone, Debug)]
pub(crate) struct AppRecord {
    pub app: App,
    pub baseline_permissions: Vec<String>,
}

/// A JWT credential as the platform remembers it.
#[derive(Clone, Debug)]
pub(crate) struct CredentialRecord {
    pub owner_extension_id: u64,
    pub allowed: AllowedApps,
    pub revoked: bool,
    pub exp: i64,
}

/// One OAuth session opened by a successful exchange.
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub client_id: String,
    pub extension_id: u64,
    pub scope: Vec<String>,
    pub access_expires: Instant,
    pub refresh_token: String,
}

/// Everything the platform knows, guarded by one mutex.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub apps: BTreeMap<String, AppRecord>,
    pub users: BTreeMap<u64, User>,
    pub credentials: HashMap<String, CredentialRecord>,
    /// Access token → session.
    pub sessions: HashMap<String, Session>,
    /// The user signed in to the simulated console (owner of credentials created there).
    pub console_user: Option<u64>,
    /// User permissions each user's role lacks (e.g. `ReadCallLog`), by extension id: the
    /// endpoints needing one answer 403 CMN-408 for that user.
    pub denied_permissions: BTreeMap<u64, BTreeSet<String>>,
}

impl Tables {
    pub(crate) fn add_app(&mut self, app: App) {
        let baseline_permissions = app.permissions.clone();
        self.apps.insert(
            app.client_id.clone(),
            AppRecord {
                app,
                baseline_permissions,
            },
        );
    }

    pub(crate) fn add_user(&mut self, user: User) {
        if self.console_user.is_none() && user.enabled {
            self.console_user = Some(user.extension_id);
        }
        self.users.insert(user.extension_id, user);
    }
}

/// Which `X-Rate-Limit-Group` a request belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum RateGroup {
    Auth,
    Light,
    Heavy,
}

impl RateGroup {
    fn name(self) -> &'static str {
        match self {
            RateGroup::Auth => "auth",
            RateGroup::Light => "light",
            RateGroup::Heavy => "heavy",
        }
    }

    /// Limits as seen in captures of real responses (auth 200/60 s, light 1000/60 s); heavy
    /// as documented (10/60 s).
    fn limit(self) -> u32 {
        match self {
            RateGroup::Auth => 200,
            RateGroup::Light => 1000,
            RateGroup::Heavy => 10,
        }
    }
}

const RATE_WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug)]
struct RateWindow {
    started: Instant,
    used: u32,
}

/// State shared by the HTTP handlers and the handle.
pub(crate) struct Shared {
    pub base_url: String,
    pub signer: &'static JwtSigner,
    pub tables: Mutex<Tables>,
    pub faults: watch::Sender<Faults>,
    pub shutdown: watch::Sender<bool>,
    pub counters: watch::Sender<Counters>,
    /// Per-(user, app) usage when `Faults::auth_rate_limit` is set.
    pub auth_limiter: AuthLimiter,
    rate_windows: Mutex<HashMap<RateGroup, RateWindow>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Now, in Unix seconds.
pub(crate) fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// `exp` for a credential expiring on `date`'s day (in UTC) at 23:59:59.
pub(crate) fn end_of_day_utc(date: OffsetDateTime) -> i64 {
    let last_second = Time::from_hms(23, 59, 59).unwrap_or(Time::MIDNIGHT);
    date.to_offset(UtcOffset::UTC)
        .replace_time(last_second)
        .unix_timestamp()
}

impl Shared {
    pub(crate) fn new(base_url: String, signer: &'static JwtSigner, faults: Faults) -> Self {
        Shared {
            base_url,
            signer,
            tables: Mutex::new(Tables::default()),
            faults: watch::Sender::new(faults),
            shutdown: watch::Sender::new(false),
            counters: watch::Sender::new(Counters::default()),
            auth_limiter: AuthLimiter::default(),
            rate_windows: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn tables(&self) -> MutexGuard<'_, Tables> {
        lock(&self.tables)
    }

    pub(crate) fn count(&self, endpoint: Endpoint) {
        self.counters
            .send_modify(|counters| counters.bump(endpoint));
    }

    pub(crate) fn counters(&self) -> Counters {
        *self.counters.borrow()
    }

    /// The token endpoint URL: the `aud` of every credential.
    pub(crate) fn token_url(&self) -> String {
        format!("{}/restapi/oauth/token", self.base_url)
    }

    /// Records one request in `group`'s window and returns the headers to send.
    pub(crate) fn rate_headers(&self, group: RateGroup) -> RateHeaders {
        let now = Instant::now();
        let mut windows = lock(&self.rate_windows);
        let window = windows.entry(group).or_insert(RateWindow {
            started: now,
            used: 0,
        });
        if now.duration_since(window.started) >= RATE_WINDOW {
            window.started = now;
            window.used = 0;
        }
        window.used = window.used.saturating_add(1);
        RateHeaders {
            group: group.name(),
            limit: group.limit(),
            remaining: group.limit().saturating_sub(window.used),
            window_s: 60,
        }
    }

    /// Creates and signs a credential, remembering it server-side.
    pub(crate) fn issue_credential(
        &self,
        spec: CredentialSpec,
        algorithm: SigningAlgorithm,
    ) -> IssuedCredential {
        let iat = now_unix();
        let exp = match spec.expires {
            Expiry::Never => iat + NEVER_EXPIRES_SECONDS,
            Expiry::At(date) => end_of_day_utc(date),
            Expiry::Exp(raw) => raw,
        };
        let claims = Claims {
            aud: self.token_url(),
            sub: spec.owner_extension_id.to_string(),
            iss: self.base_url.clone(),
            exp,
            iat,
            jti: new_jti(),
        };
        let jwt = self.signer.mint(&claims, algorithm);
        self.tables().credentials.insert(
            claims.jti.clone(),
            CredentialRecord {
                owner_extension_id: spec.owner_extension_id,
                allowed: spec.allowed,
                revoked: false,
                exp,
            },
        );
        IssuedCredential {
            jwt,
            jti: claims.jti,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn chosen_date_expires_at_the_last_second_of_its_utc_day() {
        assert_eq!(
            end_of_day_utc(datetime!(2023-11-30 08:00 UTC)),
            1_701_388_799
        );
        // 2023-11-30 20:00 at UTC-5 is 2023-12-01 01:00 UTC.
        assert_eq!(
            end_of_day_utc(datetime!(2023-11-30 20:00 -5)),
            1_701_388_799 + 86_400
        );
    }

    #[test]
    fn first_enabled_user_signs_in_to_the_console() {
        let mut tables = Tables::default();
        let user = |id, enabled| User {
            extension_id: id,
            account_id: 1,
            extension_number: id.to_string(),
            name: "N".to_owned(),
            email: None,
            company: None,
            enabled,
        };
        tables.add_user(user(1, false));
        tables.add_user(user(2, true));
        tables.add_user(user(3, true));
        assert_eq!(tables.console_user, Some(2));
    }
}
