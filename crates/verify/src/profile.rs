//! The provider profile: a small TOML file a provider ships to say who they are, which RingCentral
//! app the credential must be restricted to, and where the sealed credential goes.
//!
//! Parsing is strict: unknown keys, missing keys, bad URLs, plain-http URLs (except loopback), a bad
//! public key, invalid UTF-8 or an oversized file each give a [`ProfileError`] that names the file,
//! the key and the fix.

use std::fmt;
use std::io::Read;
use std::net::{IpAddr, Ipv6Addr};
use std::path::{Component, Path, PathBuf};

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use toml::{Table, Value};
use url::{Host, Url};

use crate::secret::SecretString;

/// The largest profile file accepted, in bytes.
pub const MAX_PROFILE_BYTES: usize = 64 * 1024;

/// The RingCentral developer console used when the profile does not name one.
pub const DEFAULT_CONSOLE: &str = "https://developers.ringcentral.com";

/// Name shown as the origin of the built-in demo profile.
pub const DEMO_ORIGIN: &str = "<built-in demo profile>";

const MAX_NAME_CHARS: usize = 120;

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
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
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
        let root: Table = text.parse().map_err(|e: toml::de::Error| {
            let (line, column) = e
                .span()
                .map(|span| line_and_column(text, span.start))
                .unwrap_or((1, 1));
            ProfileError::Syntax {
                path: origin.to_path_buf(),
                line,
                column,
                message: e.message().trim_end_matches('\n').to_owned(),
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

/// Whether `url` points at this machine (127.0.0.0/8, ::1 or localhost).
pub fn is_loopback_url(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip == Ipv6Addr::LOCALHOST,
        Some(Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name
                    .parse::<IpAddr>()
                    .map(|ip| ip.is_loopback())
                    .unwrap_or(false)
        }
        None => false,
    }
}

/// Whether `url` may be used: https, or http to a loopback host.
pub fn is_allowed_url(url: &Url) -> bool {
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => is_loopback_url(url),
        _ => false,
    }
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

/// Validation context: the file name every error carries.
struct Ctx<'a> {
    path: &'a Path,
}

impl Ctx<'_> {
    fn invalid(
        &self,
        key: &str,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) -> ProfileError {
        ProfileError::InvalidValue {
            path: self.path.to_path_buf(),
            key: key.to_owned(),
            problem: problem.into(),
            fix: fix.into(),
        }
    }

    fn missing(&self, key: &str, fix: impl Into<String>) -> ProfileError {
        ProfileError::MissingKey {
            path: self.path.to_path_buf(),
            key: key.to_owned(),
            fix: fix.into(),
        }
    }

    fn deny_unknown(
        &self,
        table: &Table,
        prefix: &str,
        allowed: &[&str],
    ) -> Result<(), ProfileError> {
        for key in table.keys() {
            if !allowed.contains(&key.as_str()) {
                let dotted = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                return Err(ProfileError::UnknownKey {
                    path: self.path.to_path_buf(),
                    key: printable(&dotted),
                    allowed: allowed.join(", "),
                });
            }
        }
        Ok(())
    }

    fn table<'t>(&self, root: &'t Table, name: &str) -> Result<&'t Table, ProfileError> {
        match root.get(name) {
            Some(Value::Table(table)) => Ok(table),
            Some(_) => Err(self.invalid(
                name,
                "must be a table",
                format!("Write it as a section header: [{name}]."),
            )),
            None => Err(self.missing(name, format!("Add a [{name}] section."))),
        }
    }

    fn string<'t>(
        &self,
        table: &'t Table,
        key: &str,
        dotted: &str,
    ) -> Result<Option<&'t str>, ProfileError> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::String(text)) if text.trim().is_empty() => Err(self.invalid(
                dotted,
                "is empty",
                "Give it a value, or remove the key if it is optional.",
            )),
            Some(Value::String(text)) => Ok(Some(text.as_str())),
            Some(other) => Err(self.invalid(
                dotted,
                format!("must be a text string, not a {}", other.type_str()),
                "Put the value in double quotes.",
            )),
        }
    }

    fn required_string<'t>(
        &self,
        table: &'t Table,
        key: &str,
        dotted: &str,
        fix: &str,
    ) -> Result<&'t str, ProfileError> {
        self.string(table, key, dotted)?
            .ok_or_else(|| self.missing(dotted, fix))
    }

    fn url(&self, text: &str, dotted: &str, example: &str) -> Result<Url, ProfileError> {
        let url = Url::parse(text.trim()).map_err(|e| {
            self.invalid(
                dotted,
                format!("is not a valid URL ({e})"),
                format!("Write a full URL such as {example}."),
            )
        })?;
        if !is_allowed_url(&url) {
            return Err(self.invalid(
                dotted,
                format!("uses {}:// instead of https://", url.scheme()),
                format!(
                    "Use an https:// URL such as {example} (plain http is only allowed for 127.0.0.1, ::1 and localhost)."
                ),
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(self.invalid(
                dotted,
                "contains a user name or password",
                "Remove the user:password@ part from the URL.",
            ));
        }
        Ok(url)
    }

    fn base_url(&self, text: &str, dotted: &str, example: &str) -> Result<Url, ProfileError> {
        let url = self.url(text, dotted, example)?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(self.invalid(
                dotted,
                "has a ?query or #fragment",
                format!("Give only the base URL, such as {example}."),
            ));
        }
        Ok(url)
    }

    fn display_text(&self, text: &str, dotted: &str) -> Result<String, ProfileError> {
        let text = text.trim();
        if text.chars().count() > MAX_NAME_CHARS {
            return Err(self.invalid(
                dotted,
                format!("is longer than {MAX_NAME_CHARS} characters"),
                "Shorten it.",
            ));
        }
        if text.chars().any(is_hidden_or_control) {
            return Err(self.invalid(
                dotted,
                "contains control or invisible direction-changing characters",
                "Use plain text.",
            ));
        }
        Ok(text.to_owned())
    }

    fn provider(&self, table: &Table) -> Result<ProviderSettings, ProfileError> {
        self.deny_unknown(
            table,
            "provider",
            &[
                "name",
                "support_email",
                "support_url",
                "logo",
                "accent_color",
            ],
        )?;
        let name = self.required_string(
            table,
            "name",
            "provider.name",
            "Add name = \"Your Company\" under [provider].",
        )?;
        let name = self.display_text(name, "provider.name")?;
        let support_email = match self.string(table, "support_email", "provider.support_email")? {
            Some(email) => Some(self.email(email)?),
            None => None,
        };
        let support_url = self
            .string(table, "support_url", "provider.support_url")?
            .map(|text| self.url(text, "provider.support_url", "https://acme.example/help"))
            .transpose()?;
        let logo = self
            .string(table, "logo", "provider.logo")?
            .map(|text| self.logo(text))
            .transpose()?;
        let accent_color = self
            .string(table, "accent_color", "provider.accent_color")?
            .map(|text| self.accent_color(text))
            .transpose()?;
        Ok(ProviderSettings {
            name,
            support_email,
            support_url,
            logo,
            accent_color,
        })
    }

    fn email(&self, text: &str) -> Result<String, ProfileError> {
        let text = text.trim();
        let valid = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.contains('@')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        } && !text
            .chars()
            .any(|c| c.is_whitespace() || is_hidden_or_control(c) || c == '<' || c == '>')
            && text.len() <= 254;
        if valid {
            Ok(text.to_owned())
        } else {
            Err(self.invalid(
                "provider.support_email",
                "is not an e-mail address",
                "Write it as support_email = \"help@example.com\".",
            ))
        }
    }

    fn logo(&self, text: &str) -> Result<PathBuf, ProfileError> {
        let relative = Path::new(text.trim());
        let fix = "Give a path relative to the profile file, such as logo = \"acme.png\" (png, jpg, svg or webp).";
        if relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(self.invalid(
                "provider.logo",
                "must be a relative path inside the profile's folder",
                fix,
            ));
        }
        let extension = relative
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if !matches!(
            extension.as_deref(),
            Some("png" | "jpg" | "jpeg" | "svg" | "webp")
        ) {
            return Err(self.invalid("provider.logo", "is not a png, jpg, svg or webp image", fix));
        }
        let folder = self.path.parent().unwrap_or_else(|| Path::new(""));
        Ok(folder.join(relative))
    }

    fn accent_color(&self, text: &str) -> Result<String, ProfileError> {
        let text = text.trim();
        let valid = text.len() == 7
            && text.starts_with('#')
            && text[1..].chars().all(|c| c.is_ascii_hexdigit());
        if valid {
            Ok(text.to_ascii_lowercase())
        } else {
            Err(self.invalid(
                "provider.accent_color",
                "is not a colour in #RRGGBB form",
                "Write it like accent_color = \"#1a73e8\".",
            ))
        }
    }

    fn ringcentral(&self, table: &Table) -> Result<RingCentralSettings, ProfileError> {
        self.deny_unknown(
            table,
            "ringcentral",
            &[
                "server",
                "console",
                "client_id",
                "client_secret",
                "client_secret_env",
                "required_permissions",
            ],
        )?;
        let server = self.required_string(
            table,
            "server",
            "ringcentral.server",
            "Add server = \"https://platform.ringcentral.com\" under [ringcentral].",
        )?;
        let server = self.base_url(
            server,
            "ringcentral.server",
            "https://platform.ringcentral.com",
        )?;
        let console = match self.string(table, "console", "ringcentral.console")? {
            Some(text) => self.base_url(text, "ringcentral.console", DEFAULT_CONSOLE)?,
            None => default_console(),
        };
        let client_id = self.required_string(
            table,
            "client_id",
            "ringcentral.client_id",
            "Add client_id = \"…\" with your app's client ID from the RingCentral developer console.",
        )?;
        let client_id = client_id.trim();
        if client_id.len() > 128
            || !client_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
        {
            return Err(self.invalid(
                "ringcentral.client_id",
                "is not a RingCentral client ID (letters, digits, - and _ only)",
                "Copy the client ID from your app's Credentials page in the RingCentral developer console.",
            ));
        }
        let inline = self.string(table, "client_secret", "ringcentral.client_secret")?;
        let env = self.string(table, "client_secret_env", "ringcentral.client_secret_env")?;
        let client_secret = match (inline, env) {
            (Some(_), Some(_)) => {
                return Err(ProfileError::ConflictingSecret {
                    path: self.path.to_path_buf(),
                })
            }
            (Some(secret), None) => ClientSecretSource::Inline(SecretString::from(secret.trim())),
            (None, Some(var)) => {
                let var = var.trim();
                let valid = var
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err(self.invalid(
                        "ringcentral.client_secret_env",
                        "is not an environment variable name",
                        "Use letters, digits and _ only, such as client_secret_env = \"ACME_RC_CLIENT_SECRET\".",
                    ));
                }
                ClientSecretSource::Env(var.to_owned())
            }
            (None, None) => ClientSecretSource::None,
        };
        let required_permissions = self.permissions(table)?;
        Ok(RingCentralSettings {
            server,
            console,
            client_id: client_id.to_owned(),
            client_secret,
            required_permissions,
        })
    }

    fn permissions(&self, table: &Table) -> Result<Vec<String>, ProfileError> {
        let key = "ringcentral.required_permissions";
        let fix = "Write it as required_permissions = [\"ReadAccounts\"].";
        let items = match table.get("required_permissions") {
            None => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(self.invalid(
                    key,
                    format!("must be a list, not a {}", other.type_str()),
                    fix,
                ))
            }
        };
        let mut permissions: Vec<String> = Vec::new();
        for item in items {
            let name = match item {
                Value::String(name) => name.trim(),
                other => {
                    return Err(self.invalid(
                        key,
                        format!("must list text strings, not a {}", other.type_str()),
                        fix,
                    ))
                }
            };
            if name.is_empty()
                || name.len() > 64
                || !name.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return Err(self.invalid(
                    key,
                    "lists something that is not a RingCentral permission name",
                    "Use names from the developer console such as ReadAccounts or ReadCallLog.",
                ));
            }
            if !permissions.iter().any(|p| p == name) {
                permissions.push(name.to_owned());
            }
        }
        Ok(permissions)
    }

    fn intake(&self, table: &Table) -> Result<IntakeSettings, ProfileError> {
        self.deny_unknown(
            table,
            "intake",
            &["url", "key_id", "public_key", "spki_pin"],
        )?;
        let url = self.required_string(
            table,
            "url",
            "intake.url",
            "Add url = \"https://intake.example/v1/submissions\" under [intake].",
        )?;
        let url = self.url(
            url,
            "intake.url",
            "https://intake.acme.example/v1/submissions",
        )?;
        let key_id = self.required_string(
            table,
            "key_id",
            "intake.key_id",
            "Add key_id = \"…\" naming your current intake key.",
        )?;
        let key_id = key_id.trim();
        if key_id.len() > 64 || !key_id.chars().all(|c| c.is_ascii_graphic()) {
            return Err(self.invalid(
                "intake.key_id",
                "must be at most 64 printable ASCII characters without spaces",
                "Use the key ID printed by your intake server, such as \"2026-11\".",
            ));
        }
        let public_key = self.required_string(
            table,
            "public_key",
            "intake.public_key",
            "Add public_key = \"…\" with your intake server's X25519 public key (base64url, no padding).",
        )?;
        let public_key = self.public_key(public_key)?;
        let spki_pin = self
            .string(table, "spki_pin", "intake.spki_pin")?
            .map(|text| self.spki_pin(text))
            .transpose()?;
        Ok(IntakeSettings {
            url,
            key_id: key_id.to_owned(),
            public_key,
            spki_pin,
        })
    }

    fn public_key(&self, text: &str) -> Result<[u8; 32], ProfileError> {
        let key = "intake.public_key";
        let fix = "Copy the 43-character public key printed by your intake server.";
        let text = text.trim();
        if text.ends_with('=') {
            return Err(self.invalid(
                key,
                "has base64 padding (=)",
                "Remove the trailing = characters.",
            ));
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| self.invalid(key, "is not base64url (letters, digits, - and _)", fix))?;
        <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
            self.invalid(
                key,
                format!(
                    "decodes to {} bytes; an X25519 public key is exactly 32",
                    bytes.len()
                ),
                fix,
            )
        })
    }

    fn spki_pin(&self, text: &str) -> Result<[u8; 32], ProfileError> {
        let key = "intake.spki_pin";
        let fix = "Write it as spki_pin = \"sha256/<base64 of the SHA-256 of the certificate's public key>\".";
        let encoded = text
            .trim()
            .strip_prefix("sha256/")
            .ok_or_else(|| self.invalid(key, "does not start with sha256/", fix))?;
        let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(encoded).ok())
            .ok_or_else(|| self.invalid(key, "is not base64", fix))?;
        <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
            self.invalid(
                key,
                format!(
                    "decodes to {} bytes; a SHA-256 pin is exactly 32",
                    bytes.len()
                ),
                fix,
            )
        })
    }
}

/// Control characters, bidi overrides and zero-width characters that would let a profile disguise text.
fn is_hidden_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{2060}')
}

/// Makes a key printable in an error message (keys can contain anything in quoted TOML).
fn printable(key: &str) -> String {
    let mut out: String = key
        .chars()
        .map(|c| if is_hidden_or_control(c) { '?' } else { c })
        .take(80)
        .collect();
    if key.chars().count() > 80 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
