//! The provider profile: a small TOML file a provider ships to say who they are, which RingCentral
//! app the credential must be restricted to, and where the sealed credential goes.
//!
//! Parsing is strict: unknown keys, missing keys, bad URLs, plain-http URLs (except loopback), a bad
//! public key, invalid UTF-8 or an oversized file each give a [`ProfileError`] that names the file,
//! the key and the fix. URLs follow [`crate::url_rule`]; text quoted from the file in an error goes
//! through [`crate::text::printable`].

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use toml::Table;
use url::Url;

use crate::secret::SecretString;
use crate::text::printable;

/// The largest profile file accepted, in bytes.
pub const MAX_PROFILE_BYTES: usize = 64 * 1024;

/// Longest TOML parser message quoted in a [`ProfileError::Syntax`].
const MAX_MESSAGE_CHARS: usize = 200;

/// The RingCentral developer console used when the profile does not name one.
pub const DEFAULT_CONSOLE: &str = "https://developers.ringcentral.com";

/// Most `[ringcentral] permission_probes` a profile may list.
pub const MAX_PERMISSION_PROBES: usize = 8;

/// Name shown as the origin of the built-in demo profile.
pub const DEMO_ORIGIN: &str = "<built-in demo profile>";

/// A validated provider profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The file this profile was read from (or [`DEMO_ORIGIN`]).
    pub origin: PathBuf,
    /// `[provider]`.
    pub provider: ProviderSettings,
    /// `[ringcentral]`.
    pub ringcentral: RingCentralSettings,
    /// `[intake]`.
    pub intake: IntakeSettings,
}

/// `[provider]`: who the customer is connecting to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSettings {
    /// Display name, e.g. "Acme Analytics".
    pub name: String,
    /// Support e-mail address.
    pub support_email: Option<String>,
    /// Support web page.
    pub support_url: Option<Url>,
    /// Logo image, resolved relative to the profile file.
    pub logo: Option<PathBuf>,
    /// Accent colour as `#RRGGBB`.
    pub accent_color: Option<String>,
}

/// `[ringcentral]`: the provider's RingCentral app.
#[derive(Debug, Clone)]
pub struct RingCentralSettings {
    /// Token and REST base URL, e.g. `https://platform.ringcentral.com`.
    pub server: Url,
    /// Developer console base URL.
    pub console: Url,
    /// The provider app's client ID (public).
    pub client_id: String,
    /// Where the client secret comes from.
    pub client_secret: ClientSecretSource,
    /// Permissions the app's token must carry.
    pub required_permissions: Vec<String>,
    /// `GET` paths (with an optional query) on the server that the provider's calls need; each is
    /// called with the verification's access token, and a 403 means the user lacks a permission.
    pub permission_probes: Vec<String>,
}

/// `[intake]`: where the sealed credential is delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeSettings {
    /// Submission endpoint.
    pub url: Url,
    /// Identifier of the provider's current intake key.
    pub key_id: String,
    /// X25519 public key the credential is sealed to.
    pub public_key: [u8; 32],
    /// Optional SHA-256 pin of the intake server certificate's SubjectPublicKeyInfo.
    pub spki_pin: Option<[u8; 32]>,
}

/// Where the provider's client secret comes from.
#[derive(Debug, Clone)]
pub enum ClientSecretSource {
    /// Written in the profile (`client_secret`).
    Inline(SecretString),
    /// Read from this environment variable (`client_secret_env`).
    Env(String),
    /// Not in the profile (the OS keyring may hold it).
    None,
}

impl ClientSecretSource {
    /// Resolves the secret, reading the process environment for [`ClientSecretSource::Env`].
    /// `Ok(None)` when the profile names no secret.
    pub fn resolve(&self, origin: &Path) -> Result<Option<SecretString>, ProfileError> {
        self.resolve_with(origin, |name| std::env::var(name).ok())
    }

    /// Like [`ClientSecretSource::resolve`] with a custom environment lookup.
    pub fn resolve_with(
        &self,
        origin: &Path,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<SecretString>, ProfileError> {
        match self {
            ClientSecretSource::Inline(secret) => Ok(Some(secret.clone())),
            ClientSecretSource::None => Ok(None),
            ClientSecretSource::Env(var) => match lookup(var) {
                Some(value) if !value.trim().is_empty() => {
                    Ok(Some(SecretString::new(value.trim().to_owned())))
                }
                _ => Err(ProfileError::SecretEnvUnset {
                    path: origin.to_path_buf(),
                    var: var.clone(),
                }),
            },
        }
    }
}

/// Why a profile could not be used. Display names the file, the key and the fix.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read.
    #[error("cannot read the provider profile {}: {source}. Check the path given to --profile.", .path.display())]
    Read {
        /// The profile file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_PROFILE_BYTES`].
    #[error("the provider profile {} is larger than {max} bytes. Check that --profile names the provider's .toml profile.", .path.display(), max = MAX_PROFILE_BYTES)]
    TooLarge {
        /// The profile file.
        path: PathBuf,
    },
    /// The file is not UTF-8.
    #[error("the provider profile {} is not UTF-8 text (invalid byte at offset {offset}). Save it as UTF-8.", .path.display())]
    NotUtf8 {
        /// The profile file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The TOML syntax is wrong.
    #[error("the provider profile {} is not valid TOML (line {line}, column {column}): {message}. Fix the syntax there.", .path.display())]
    Syntax {
        /// The profile file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message (no file content).
        message: String,
    },
    /// A key the profile format does not have.
    #[error("the provider profile {}: unknown key `{key}`. Remove it or fix its spelling; allowed here: {allowed}.", .path.display())]
    UnknownKey {
        /// The profile file.
        path: PathBuf,
        /// Dotted key, e.g. `ringcentral.sever`.
        key: String,
        /// The keys allowed in that table.
        allowed: String,
    },
    /// A required key is absent.
    #[error("the provider profile {}: `{key}` is missing. {fix}", .path.display())]
    MissingKey {
        /// The profile file.
        path: PathBuf,
        /// Dotted key.
        key: String,
        /// How to fix it.
        fix: String,
    },
    /// A key has a value that cannot be used.
    #[error("the provider profile {}: `{key}` {problem}. {fix}", .path.display())]
    InvalidValue {
        /// The profile file.
        path: PathBuf,
        /// Dotted key.
        key: String,
        /// What is wrong (never echoes a secret).
        problem: String,
        /// How to fix it.
        fix: String,
    },
    /// Both `client_secret` and `client_secret_env` are set.
    #[error("the provider profile {}: `ringcentral.client_secret` and `ringcentral.client_secret_env` are both set. Keep only one (client_secret_env keeps the secret out of the file).", .path.display())]
    ConflictingSecret {
        /// The profile file.
        path: PathBuf,
    },
    /// `client_secret_env` names a variable that is not set.
    #[error("the provider profile {} (`ringcentral.client_secret_env`) reads the client secret from the environment variable {var}, which is not set or empty. Set {var} before starting rc-onboard.", .path.display())]
    SecretEnvUnset {
        /// The profile file.
        path: PathBuf,
        /// The variable name.
        var: String,
    },
}

impl ProfileError {
    /// The dotted key this error is about, when it is about one key.
    pub fn key(&self) -> Option<&str> {
        match self {
            ProfileError::UnknownKey { key, .. }
            | ProfileError::MissingKey { key, .. }
            | ProfileError::InvalidValue { key, .. } => Some(key),
            ProfileError::ConflictingSecret { .. } => Some("ringcentral.client_secret"),
            ProfileError::SecretEnvUnset { .. } => Some("ringcentral.client_secret_env"),
            _ => None,
        }
    }

    /// The profile file this error is about.
    pub fn path(&self) -> &Path {
        match self {
            ProfileError::Read { path, .. }
            | ProfileError::TooLarge { path }
            | ProfileError::NotUtf8 { path, .. }
            | ProfileError::Syntax { path, .. }
            | ProfileError::UnknownKey { path, .. }
            | ProfileError::MissingKey { path, .. }
            | ProfileError::InvalidValue { path, .. }
            | ProfileError::ConflictingSecret { path }
            | ProfileError::SecretEnvUnset { path, .. } => path,
        }
    }
}

impl Profile {
    /// Reads and validates the profile at `path`.
    pub fn load(path: impl AsRef<Path>) -> Result<Profile, ProfileError> {
        let path = path.as_ref();
        let read_error = |source| ProfileError::Read {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        let mut bytes = Vec::new();
        file.take(MAX_PROFILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() > MAX_PROFILE_BYTES {
            return Err(ProfileError::TooLarge {
                path: path.to_path_buf(),
            });
        }
        let text = std::str::from_utf8(&bytes).map_err(|e| ProfileError::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.valid_up_to(),
        })?;
        Profile::from_toml_str(text, path)
    }

    /// Parses and validates profile text; `origin` names the file in errors and anchors `logo`.
    pub fn from_toml_str(text: &str, origin: &Path) -> Result<Profile, ProfileError> {
        let ctx = Ctx { path: origin };
        if text.len() > MAX_PROFILE_BYTES {
            return Err(ProfileError::TooLarge {
                path: origin.to_path_buf(),
            });
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(offset) = nesting::too_deep_at(text) {
            let (line, column) = line_and_column(text, offset);
            return Err(ProfileError::Syntax {
                path: origin.to_path_buf(),
                line,
                column,
                message: format!(
                    "arrays or inline tables nested more than {} levels deep",
                    nesting::MAX_NESTING
                ),
            });
        }
        let root: Table = text.parse().map_err(|e: toml::de::Error| {
            let (line, column) = e
                .span()
                .map(|span| line_and_column(text, span.start))
                .unwrap_or((1, 1));
            ProfileError::Syntax {
                path: origin.to_path_buf(),
                line,
                column,
                // The message can quote a key from the file (`duplicate key `…``), and quoted
                // keys can hold terminal escapes.
                message: printable(e.message().trim_end_matches('\n'), MAX_MESSAGE_CHARS),
            }
        })?;
        ctx.deny_unknown(&root, "", &["provider", "ringcentral", "intake"])?;
        let provider = ctx.table(&root, "provider")?;
        let ringcentral = ctx.table(&root, "ringcentral")?;
        let intake = ctx.table(&root, "intake")?;
        Ok(Profile {
            origin: origin.to_path_buf(),
            provider: ctx.provider(provider)?,
            ringcentral: ctx.ringcentral(ringcentral)?,
            intake: ctx.intake(intake)?,
        })
    }

    /// The built-in demo profile, pointing at a local simulator and intake.
    pub fn demo(
        server: Url,
        intake_url: Url,
        public_key: [u8; 32],
        key_id: impl Into<String>,
    ) -> Profile {
        Profile {
            origin: PathBuf::from(DEMO_ORIGIN),
            provider: ProviderSettings {
                name: "Acme Analytics (demo)".to_owned(),
                support_email: Some("help@acme.example".to_owned()),
                support_url: None,
                logo: None,
                accent_color: None,
            },
            ringcentral: RingCentralSettings {
                server,
                console: default_console(),
                client_id: "rc-demo-provider-app".to_owned(),
                client_secret: ClientSecretSource::Inline(SecretString::from(
                    "rc-demo-provider-secret",
                )),
                required_permissions: vec!["ReadAccounts".to_owned()],
                permission_probes: Vec::new(),
            },
            intake: IntakeSettings {
                url: intake_url,
                key_id: key_id.into(),
                public_key,
                spki_pin: None,
            },
        }
    }

    /// Where the client secret comes from.
    pub fn client_secret_source(&self) -> ClientSecretSource {
        self.ringcentral.client_secret.clone()
    }

    /// The client secret from the profile or its environment variable; `Ok(None)` when the profile
    /// names none (the caller may then try the OS keyring).
    pub fn client_secret(&self) -> Result<Option<SecretString>, ProfileError> {
        self.ringcentral.client_secret.resolve(&self.origin)
    }

    /// The console page that creates a JWT credential pre-restricted to the provider's app:
    /// `{console}/console/my-credentials/create?client_id={client_id}`.
    pub fn console_create_url(&self) -> Url {
        let mut url = self.ringcentral.console.clone();
        let base_path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base_path}/console/my-credentials/create"));
        url.set_fragment(None);
        url.query_pairs_mut()
            .clear()
            .append_pair("client_id", &self.ringcentral.client_id);
        url
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}, client ID {})",
            self.provider.name, self.ringcentral.server, self.ringcentral.client_id
        )
    }
}

fn default_console() -> Url {
    Url::parse(DEFAULT_CONSOLE).expect("DEFAULT_CONSOLE is a valid URL")
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

mod nesting;
mod parse;
mod ringcentral_hosts;
mod support_contact;

pub use ringcentral_hosts::{
    is_allowed_ringcentral_url, RINGCENTRAL_API_HOSTS, RINGCENTRAL_CONSOLE_HOSTS,
};
pub use support_contact::mailto_url;

use parse::Ctx;

#[cfg(test)]
mod tests;
