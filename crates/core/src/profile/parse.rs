//! Field-by-field validation of a parsed profile table: each check names the dotted key and the fix.

use std::path::{Component, Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use toml::{Table, Value};
use url::Url;

use super::ringcentral_hosts::{
    is_allowed_ringcentral_url, RINGCENTRAL_API_HOSTS, RINGCENTRAL_CONSOLE_HOSTS,
};
use super::{
    default_console, ClientSecretSource, IntakeSettings, ProfileError, ProviderSettings,
    RingCentralSettings,
};
use crate::secret::SecretString;
use crate::spki::SpkiPin;
use crate::text::{is_unsafe_char, printable};
use crate::url_rule::is_allowed_url;

const MAX_NAME_CHARS: usize = 120;
/// A `client_secret_env` variable starts with this prefix or ends with [`CLIENT_SECRET_VAR_SUFFIX`],
/// so a profile cannot read an unrelated secret (`AWS_SECRET_ACCESS_KEY`) and send it as Basic auth.
const CLIENT_SECRET_VAR_PREFIX: &str = "RC_ONBOARD_";
/// See [`CLIENT_SECRET_VAR_PREFIX`].
const CLIENT_SECRET_VAR_SUFFIX: &str = "_RC_CLIENT_SECRET";
/// Longest key quoted in an error (quoted TOML keys can hold anything).
const MAX_KEY_CHARS: usize = 80;

/// Validation context: the file name every error carries.
pub(super) struct Ctx<'a> {
    pub(super) path: &'a Path,
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

    pub(super) fn deny_unknown(
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
                    key: printable(&dotted, MAX_KEY_CHARS),
                    allowed: allowed.join(", "),
                });
            }
        }
        Ok(())
    }

    pub(super) fn table<'t>(&self, root: &'t Table, name: &str) -> Result<&'t Table, ProfileError> {
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

    /// A base URL that must be one of RingCentral's `hosts` (exact name) or this computer.
    fn ringcentral_url(
        &self,
        text: &str,
        dotted: &str,
        hosts: &[&str],
    ) -> Result<Url, ProfileError> {
        let example = format!("https://{}", hosts.first().copied().unwrap_or_default());
        let url = self.base_url(text, dotted, &example)?;
        if !is_allowed_ringcentral_url(&url, hosts) {
            return Err(self.invalid(
                dotted,
                format!(
                    "names the host {}, which is not RingCentral's",
                    printable(url.host_str().unwrap_or(""), MAX_KEY_CHARS)
                ),
                format!(
                    "Use {} (exactly, without a port), or a simulator on this computer (127.0.0.1, ::1 or localhost).",
                    hosts.join(" or ")
                ),
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
        if text.chars().any(is_unsafe_char) {
            return Err(self.invalid(
                dotted,
                "contains control or invisible direction-changing characters",
                "Use plain text.",
            ));
        }
        Ok(text.to_owned())
    }

    pub(super) fn provider(&self, table: &Table) -> Result<ProviderSettings, ProfileError> {
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
            .any(|c| c.is_whitespace() || is_unsafe_char(c) || "<>?&%/:#".contains(c))
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

    pub(super) fn ringcentral(&self, table: &Table) -> Result<RingCentralSettings, ProfileError> {
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
                "permission_probes",
            ],
        )?;
        let server = self.required_string(
            table,
            "server",
            "ringcentral.server",
            "Add server = \"https://platform.ringcentral.com\" under [ringcentral].",
        )?;
        let server = self.ringcentral_url(server, "ringcentral.server", RINGCENTRAL_API_HOSTS)?;
        let console = match self.string(table, "console", "ringcentral.console")? {
            Some(text) => {
                self.ringcentral_url(text, "ringcentral.console", RINGCENTRAL_CONSOLE_HOSTS)?
            }
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
                if !is_client_secret_variable(var) {
                    return Err(self.invalid(
                        "ringcentral.client_secret_env",
                        format!(
                            "names {}, which does not start with {CLIENT_SECRET_VAR_PREFIX} or end in {CLIENT_SECRET_VAR_SUFFIX}",
                            printable(var, MAX_KEY_CHARS)
                        ),
                        "Name a variable kept for this secret, such as client_secret_env = \"ACME_RC_CLIENT_SECRET\" or \"RC_ONBOARD_CLIENT_SECRET\"; a profile may not read other variables.",
                    ));
                }
                ClientSecretSource::Env(var.to_owned())
            }
            (None, None) => ClientSecretSource::None,
        };
        let required_permissions = self.permissions(table)?;
        let permission_probes = self.permission_probes(table)?;
        Ok(RingCentralSettings {
            server,
            console,
            client_id: client_id.to_owned(),
            client_secret,
            required_permissions,
            permission_probes,
        })
    }

    fn permissions(&self, table: &Table) -> Result<Vec<String>, ProfileError> {
        let key = "ringcentral.required_permissions";
        let fix = "Write it as required_permissions = [\"ReadAccounts\"].";
        let names = self.string_list(table, "required_permissions", key, fix, usize::MAX)?;
        let is_name = |name: &String| {
            !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric())
        };
        if !names.iter().all(is_name) {
            return Err(self.invalid(
                key,
                "lists something that is not a RingCentral permission name",
                "Use names from the developer console such as ReadAccounts or ReadCallLog.",
            ));
        }
        Ok(names)
    }

    /// `permission_probes`: at most [`super::MAX_PERMISSION_PROBES`] paths below `/restapi/`, each
    /// with an optional query, no fragment, no `..`, no spaces or control characters.
    fn permission_probes(&self, table: &Table) -> Result<Vec<String>, ProfileError> {
        let key = "ringcentral.permission_probes";
        let fix =
            "Write it as permission_probes = [\"/restapi/v1.0/account/~/call-log?perPage=1\"].";
        let limit = super::MAX_PERMISSION_PROBES;
        let paths = self.string_list(table, "permission_probes", key, fix, limit)?;
        if paths.iter().any(|path| !is_probe_path(path)) {
            return Err(self.invalid(
                key,
                "lists something that is not a RingCentral REST path",
                fix,
            ));
        }
        Ok(paths)
    }

    /// The optional list of strings at `name` (shown as `key`), trimmed, without repeats, at most
    /// `limit` long; `fix` says how to write it.
    fn string_list(
        &self,
        table: &Table,
        name: &str,
        key: &str,
        fix: &str,
        limit: usize,
    ) -> Result<Vec<String>, ProfileError> {
        let items = match table.get(name) {
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
        if items.len() > limit {
            return Err(self.invalid(key, format!("lists more than {limit} entries"), fix));
        }
        let mut list: Vec<String> = Vec::new();
        for item in items {
            let text = match item {
                Value::String(text) => text.trim(),
                other => {
                    return Err(self.invalid(
                        key,
                        format!("must list text strings, not a {}", other.type_str()),
                        fix,
                    ))
                }
            };
            if !list.iter().any(|seen| seen == text) {
                list.push(text.to_owned());
            }
        }
        Ok(list)
    }

    pub(super) fn intake(&self, table: &Table) -> Result<IntakeSettings, ProfileError> {
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
        let fix = "Write it as spki_pin = \"sha256/<base64 of the SHA-256 of the certificate's public key>\".";
        text.parse::<SpkiPin>()
            .map(<[u8; 32]>::from)
            .map_err(|error| self.invalid("intake.spki_pin", error.to_string(), fix))
    }
}

/// Whether a profile may read the client secret from the environment variable `name`.
fn is_client_secret_variable(name: &str) -> bool {
    name.starts_with(CLIENT_SECRET_VAR_PREFIX) || name.ends_with(CLIENT_SECRET_VAR_SUFFIX)
}

/// A path below `/restapi/` with an optional query: printable ASCII without spaces, `#`, `\`,
/// `//` or `..`, at most 200 characters.
fn is_probe_path(path: &str) -> bool {
    let (route, _) = path.split_once('?').unwrap_or((path, ""));
    path.len() <= 200
        && route.starts_with("/restapi/")
        && path.bytes().all(|b| b.is_ascii_graphic())
        && !path.contains(['#', '\\'])
        && !route.contains("//")
        && !route.contains("..")
}
