//! Public data types of the simulated platform: apps, users, credentials and how to describe them.

use std::fmt;

use time::OffsetDateTime;

/// A RingCentral app registration (what a developer creates in the console).
#[derive(Clone, PartialEq, Eq)]
pub struct App {
    /// The app's client ID (sent as the Basic auth user name).
    pub client_id: String,
    /// The app's client secret (sent as the Basic auth password). Redacted from `Debug`.
    pub client_secret: String,
    /// Display name, shown in the simulated console's app table.
    pub name: String,
    /// Whether the "JWT auth flow" grant is enabled for the app.
    pub jwt_grant: bool,
    /// App permissions (OAuth scopes), e.g. `ReadAccounts`; the token's `scope` lists them.
    pub permissions: Vec<String>,
    /// The app belongs to the customer's own organization. Only such apps are covered by a
    /// credential created for "All apps created by developers within my organization".
    pub org_app: bool,
}

impl App {
    /// A third-party app with the JWT grant enabled and the `ReadAccounts` permission.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        let client_id = client_id.into();
        App {
            name: client_id.clone(),
            client_id,
            client_secret: client_secret.into(),
            jwt_grant: true,
            permissions: vec!["ReadAccounts".to_owned()],
            org_app: false,
        }
    }
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("name", &self.name)
            .field("jwt_grant", &self.jwt_grant)
            .field("permissions", &self.permissions)
            .field("org_app", &self.org_app)
            .finish()
    }
}

/// A user (extension) of the customer's RingCentral account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Extension id: the JWT's `sub`, the token's `owner_id`, `id` of `extension/~`.
    pub extension_id: u64,
    /// Account id: `account.id` of `extension/~`, `id` of `account/~`.
    pub account_id: u64,
    /// Short dialling number, e.g. "101".
    pub extension_number: String,
    /// Full name, e.g. "Jane Cooper".
    pub name: String,
    /// Contact e-mail, if any.
    pub email: Option<String>,
    /// Company name (`contact.company` and `business-address.company`), if any.
    pub company: Option<String>,
    /// Disabled users cannot sign in (the exchange answers OAU-236).
    pub enabled: bool,
}

/// Which apps may exchange a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowedApps {
    /// "All apps created by developers within my organization": only apps with `org_app`.
    Org,
    /// "Only specific apps of my choice": exactly these client IDs.
    Only(Vec<String>),
}

/// When a credential expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// No expiration date: `exp = iat + 2147483647`, as RingCentral does.
    Never,
    /// An expiration date: `exp` is that date (in UTC) at 23:59:59.
    At(OffsetDateTime),
    /// A raw `exp` value in Unix seconds (e.g. in the past, for expired-credential tests).
    Exp(i64),
}

/// How a credential is signed. RingCentral issues RS256 credentials; ES256 is there to check
/// that a client does not refuse other algorithms locally (RingCentral's own guide shows an
/// ES256 sample). The token endpoint accepts both when this simulator signed them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SigningAlgorithm {
    /// RSA-2048 with SHA-256, as real credentials are signed (342-character signatures).
    #[default]
    Rs256,
    /// ECDSA P-256 with SHA-256 (86-character signatures).
    Es256,
}

impl SigningAlgorithm {
    /// The JWT header's `alg`.
    pub fn name(self) -> &'static str {
        match self {
            SigningAlgorithm::Rs256 => "RS256",
            SigningAlgorithm::Es256 => "ES256",
        }
    }

    /// The algorithm a header's `alg` names, if this simulator signs with it.
    pub(crate) fn from_name(alg: &str) -> Option<SigningAlgorithm> {
        [SigningAlgorithm::Rs256, SigningAlgorithm::Es256]
            .into_iter()
            .find(|algorithm| algorithm.name() == alg)
    }
}

/// What to create a JWT credential with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialSpec {
    /// The user who owns the credential (the JWT's `sub`).
    pub owner_extension_id: u64,
    /// Which apps may use it.
    pub allowed: AllowedApps,
    /// When it expires.
    pub expires: Expiry,
}

/// A freshly created credential. `Debug` never shows the JWT.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedCredential {
    /// The compact JWT (RS256 unless created otherwise), as the console would show it once.
    pub jwt: String,
    /// The credential id (the JWT's `jti`), used to revoke it.
    pub jti: String,
}

impl fmt::Debug for IssuedCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedCredential")
            .field("jwt", &"[redacted]")
            .field("jti", &self.jti)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_secrets() {
        let app = App::new("client", "very-secret-value");
        assert!(!format!("{app:?}").contains("very-secret-value"));
        let issued = IssuedCredential {
            jwt: "eyJhbGciOi.payload.sig".to_owned(),
            jti: "abc".to_owned(),
        };
        let text = format!("{issued:?}");
        assert!(!text.contains("eyJhbGciOi"));
        assert!(text.contains("abc"));
    }
}
