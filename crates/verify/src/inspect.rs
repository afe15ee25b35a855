//! Local inspection of a paste: normalise it, then say precisely what it is, without any network
//! request. Signatures cannot be checked offline, so a [`Verdict::Plausible`] only means "worth
//! sending to RingCentral".

use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use rc_onboard_core::text::printable;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use time::macros::format_description;
use time::OffsetDateTime;
use url::Url;
use zeroize::Zeroizing;

use crate::error::ErrorKind;
use crate::profile::Profile;
use crate::secret::SecretString;

/// Pastes longer than this (in bytes, before normalisation) are refused without decoding.
pub const MAX_PASTE_BYTES: usize = 16 * 1024;
/// Clock skew allowed when deciding that `exp` has passed.
pub const EXPIRY_SKEW_SECONDS: i64 = 60;
/// A credential expiring within this many days gets a warning.
pub const EXPIRES_SOON_DAYS: i64 = 7;
/// RingCentral's "never expires": `exp == iat + 2^31 - 1`.
pub const NEVER_EXPIRES_LIFETIME: i64 = 2_147_483_647;

const SECONDS_PER_DAY: i64 = 86_400;

/// base64url, with or without padding.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Something normalisation removed, worth telling the person about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasteNote {
    /// Spaces, tabs or line breaks (around or inside).
    RemovedWhitespace,
    /// Surrounding quotes.
    RemovedQuotes,
    /// A leading `Bearer `.
    RemovedBearerPrefix,
    /// Zero-width characters or a byte-order mark.
    RemovedInvisibleCharacters,
}

impl PasteNote {
    /// A sentence for a person.
    pub fn message(self) -> &'static str {
        match self {
            PasteNote::RemovedWhitespace => "Spaces and line breaks were removed from the paste.",
            PasteNote::RemovedQuotes => "Quotes around the paste were removed.",
            PasteNote::RemovedBearerPrefix => "The word \"Bearer\" before the paste was removed.",
            PasteNote::RemovedInvisibleCharacters => {
                "The paste contained invisible characters (zero-width spaces or a byte-order mark); \
                 they were removed."
            }
        }
    }
}

/// A paste after normalisation. The value is still a secret.
#[derive(Debug, Clone)]
pub struct Normalised {
    /// The cleaned-up paste.
    pub value: SecretString,
    /// What was removed.
    pub notes: Vec<PasteNote>,
}

/// Strips surrounding whitespace, every space and line break inside, surrounding quotes, a leading
/// `Bearer `, tabs, zero-width characters and byte-order marks. Idempotent.
pub fn normalise(paste: &str) -> Normalised {
    let mut notes = Vec::new();
    let mut note = |n: PasteNote| {
        if !notes.contains(&n) {
            notes.push(n);
        }
    };

    let visible: Zeroizing<String>;
    let mut text = paste;
    if paste.chars().any(is_invisible) {
        visible = Zeroizing::new(paste.chars().filter(|c| !is_invisible(*c)).collect());
        text = visible.as_str();
        note(PasteNote::RemovedInvisibleCharacters);
    }

    loop {
        let before = text;
        let trimmed = text.trim();
        if trimmed.len() != text.len() {
            note(PasteNote::RemovedWhitespace);
            text = trimmed;
        }
        if let Some(inner) = strip_quotes(text) {
            note(PasteNote::RemovedQuotes);
            text = inner;
        }
        if let Some(rest) = strip_bearer(text) {
            note(PasteNote::RemovedBearerPrefix);
            text = rest;
        }
        if text.len() == before.len() {
            break;
        }
    }

    let value = if text.chars().any(char::is_whitespace) {
        note(PasteNote::RemovedWhitespace);
        text.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        text.to_owned()
    };
    Normalised {
        value: SecretString::new(value),
        notes,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

fn strip_quotes(text: &str) -> Option<&str> {
    const PAIRS: [(char, char); 6] = [
        ('"', '"'),
        ('\'', '\''),
        ('`', '`'),
        ('\u{201c}', '\u{201d}'),
        ('\u{2018}', '\u{2019}'),
        ('\u{ab}', '\u{bb}'),
    ];
    let first = text.chars().next()?;
    let last = text.chars().next_back()?;
    text.chars().nth(1)?;
    PAIRS
        .iter()
        .find(|(open, close)| first == *open && last == *close)
        .map(|(open, close)| &text[open.len_utf8()..text.len() - close.len_utf8()])
}

fn strip_bearer(text: &str) -> Option<&str> {
    let head = text.get(..6)?;
    if !head.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let rest = &text[6..];
    rest.starts_with(char::is_whitespace)
        .then(|| rest.trim_start())
}

/// A part of a JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// The first part.
    Header,
    /// The second part.
    Payload,
    /// The third part.
    Signature,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Segment::Header => "header (first part)",
            Segment::Payload => "payload (second part)",
            Segment::Signature => "signature (third part)",
        })
    }
}

/// Precisely why a paste is not a JWT credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NotJwtReason {
    /// A JWT has three dot-separated parts.
    SegmentCount {
        /// How many there are.
        found: usize,
    },
    /// A JSON document was pasted.
    Json,
    /// A web address was pasted.
    WebAddress,
    /// A part contains characters outside base64url.
    NotBase64Url {
        /// Which part.
        segment: Segment,
    },
    /// A part decodes but is not JSON.
    NotJson {
        /// Which part.
        segment: Segment,
    },
    /// A part is JSON but not an object.
    NotObject {
        /// Which part.
        segment: Segment,
    },
    /// `alg` is `none`: an unsigned token.
    Unsigned,
    /// `alg` is missing.
    MissingAlgorithm,
    /// `alg` is a shared-secret algorithm (`HS*`), not a string or not an algorithm name at all:
    /// never a RingCentral credential.
    UnsupportedAlgorithm {
        /// The algorithm named (shortened for display).
        alg: String,
    },
    /// The signature part is empty.
    MissingSignature,
    /// An RS* signature that does not decode to 256, 384 or 512 bytes: the paste was cut off.
    CutOff,
    /// A claim every RingCentral credential has is absent.
    MissingClaim {
        /// The claim name.
        claim: &'static str,
    },
    /// A claim has an impossible value.
    InvalidClaim {
        /// The claim name.
        claim: &'static str,
    },
}

impl fmt::Display for NotJwtReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotJwtReason::SegmentCount { found } => write!(
                f,
                "a JWT credential has three parts separated by dots, this has {found}"
            ),
            NotJwtReason::Json => f.write_str("this is a JSON document"),
            NotJwtReason::WebAddress => f.write_str("this is a web address"),
            NotJwtReason::NotBase64Url { segment } => write!(
                f,
                "its {segment} contains characters a JWT cannot contain (it may be cut off or altered)"
            ),
            NotJwtReason::NotJson { segment } => write!(f, "its {segment} does not decode to JSON"),
            NotJwtReason::NotObject { segment } => {
                write!(f, "its {segment} is JSON but not an object")
            }
            NotJwtReason::Unsigned => {
                f.write_str("it is unsigned (alg \"none\"), so it is not a RingCentral credential")
            }
            NotJwtReason::MissingAlgorithm => f.write_str("its header names no signing algorithm"),
            NotJwtReason::UnsupportedAlgorithm { alg } => write!(
                f,
                "it is signed with {alg}, a shared secret; RingCentral signs credentials with its private key"
            ),
            NotJwtReason::MissingSignature => f.write_str("its signature is missing"),
            NotJwtReason::CutOff => f.write_str(
                "it looks cut off: its signature (third part) is shorter than a whole credential's",
            ),
            NotJwtReason::MissingClaim { claim } => write!(
                f,
                "it has no \"{claim}\" claim, which every RingCentral credential has"
            ),
            NotJwtReason::InvalidClaim { claim } => {
                write!(f, "its \"{claim}\" claim has an impossible value")
            }
        }
    }
}

/// What can safely be shown and stored about a credential. The JWT itself is not here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialFacts {
    /// Credential ID.
    pub jti: Option<String>,
    /// The creating user's extension ID.
    pub sub: Option<String>,
    /// Issuer (the RingCentral platform URL).
    pub iss: String,
    /// Issued at (Unix seconds).
    pub iat: Option<i64>,
    /// Expires at (Unix seconds).
    pub exp: i64,
    /// First 16 hex characters of SHA-256 of the normalised JWT.
    pub fingerprint: String,
}

/// What a paste is.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Nothing was pasted.
    Empty,
    /// The paste is far too large to be a credential; it was not decoded.
    TooLarge {
        /// Size in bytes.
        bytes: usize,
    },
    /// The provider's client ID.
    ClientId,
    /// The provider's client secret.
    ClientSecret,
    /// An opaque OAuth access (or refresh) token.
    AccessToken,
    /// Shaped like a RingCentral client ID (20–24 letters, digits, `-`, `_`), not this provider's.
    LikelyClientId,
    /// Shaped like a RingCentral client secret (40–48 opaque characters), not this provider's.
    LikelyClientSecret,
    /// Not a JWT, for a precise reason.
    NotJwt(NotJwtReason),
    /// A JWT from an issuer that is not RingCentral.
    NotRingCentral {
        /// The issuer, shortened and made printable; `None` when absent.
        issuer: Option<String>,
    },
    /// A RingCentral JWT for another environment.
    WrongEnvironment {
        /// The RingCentral host in the credential.
        credential_host: String,
        /// The host the profile uses.
        expected_host: String,
    },
    /// `exp` has passed.
    Expired {
        /// When it expired.
        expired_at: OffsetDateTime,
        /// Facts about the credential.
        facts: Box<CredentialFacts>,
    },
    /// Worth sending to RingCentral.
    Plausible {
        /// `None` when the credential never expires.
        expires_at: Option<OffsetDateTime>,
        /// Expires within [`EXPIRES_SOON_DAYS`].
        expires_soon: bool,
        /// Facts about the credential.
        facts: Box<CredentialFacts>,
    },
}

impl Verdict {
    /// The stable error kind, or `None` for [`Verdict::Plausible`].
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            Verdict::Empty
            | Verdict::TooLarge { .. }
            | Verdict::ClientId
            | Verdict::ClientSecret
            | Verdict::AccessToken
            | Verdict::LikelyClientId
            | Verdict::LikelyClientSecret
            | Verdict::NotJwt(_) => Some(ErrorKind::Malformed),
            Verdict::NotRingCentral { .. } => Some(ErrorKind::NotRingCentral),
            Verdict::WrongEnvironment { .. } => Some(ErrorKind::WrongEnvironment),
            Verdict::Expired { .. } => Some(ErrorKind::Expired),
            Verdict::Plausible { .. } => None,
        }
    }

    /// Whether the paste is worth sending to RingCentral.
    pub fn is_plausible(&self) -> bool {
        matches!(self, Verdict::Plausible { .. })
    }

    /// Facts about the credential, when it decoded far enough.
    pub fn facts(&self) -> Option<&CredentialFacts> {
        match self {
            Verdict::Expired { facts, .. } | Verdict::Plausible { facts, .. } => {
                Some(facts.as_ref())
            }
            _ => None,
        }
    }

    /// "expires in N days", when it expires soon.
    pub fn warning(&self, now: OffsetDateTime) -> Option<String> {
        match self {
            Verdict::Plausible {
                expires_at: Some(at),
                expires_soon: true,
                ..
            } => {
                let seconds = (*at - now).whole_seconds();
                Some(if seconds < SECONDS_PER_DAY {
                    "expires in less than a day".to_owned()
                } else {
                    let days = seconds / SECONDS_PER_DAY;
                    format!("expires in {days} day{}", if days == 1 { "" } else { "s" })
                })
            }
            _ => None,
        }
    }

    /// What the paste is, and what to do, for a person. Never echoes the paste.
    pub fn message(&self) -> String {
        const COPY: &str =
            "Copy the whole credential from the Credentials page of the RingCentral \
                            developer console (it starts with \"eyJ\") and paste it here.";
        match self {
            Verdict::Empty => format!("Nothing was pasted. {COPY}"),
            Verdict::TooLarge { bytes } => format!(
                "That paste is {} KB; a JWT credential is under 1 KB. {COPY}",
                bytes.div_ceil(1024)
            ),
            Verdict::ClientId => format!(
                "That is the provider's client ID, not your JWT credential. {COPY}"
            ),
            Verdict::ClientSecret => format!(
                "That is the client secret of the provider's app, not your JWT credential. {COPY}"
            ),
            Verdict::AccessToken => format!(
                "That is an access token, not a JWT credential; access tokens stop working within an hour. {COPY}"
            ),
            Verdict::LikelyClientId => format!(
                "That looks like a client ID (an app's public identifier), not your JWT \
                 credential. {COPY}"
            ),
            Verdict::LikelyClientSecret => format!(
                "That looks like a client secret (an app's password), not your JWT credential. \
                 {COPY}"
            ),
            Verdict::NotJwt(NotJwtReason::CutOff) => format!(
                "That credential looks cut off: its signature (third part) is shorter than a whole \
                 credential's. Copy the whole credential again. {COPY}"
            ),
            Verdict::NotJwt(reason) => {
                format!("That is not a JWT credential: {reason}. {COPY}")
            }
            Verdict::NotRingCentral { issuer: Some(issuer) } => format!(
                "That JWT was issued by {issuer}, not by RingCentral. Create a JWT credential in the \
                 RingCentral developer console and paste that one."
            ),
            Verdict::NotRingCentral { issuer: None } => "That JWT does not say who issued it, so it \
                 is not a RingCentral credential. Create a JWT credential in the RingCentral developer \
                 console and paste that one."
                .to_owned(),
            Verdict::WrongEnvironment {
                credential_host,
                expected_host,
            } => {
                if credential_host.contains("devtest") {
                    format!(
                        "This is a sandbox credential ({credential_host}). This provider uses \
                         {expected_host}: create a new credential in the production developer console."
                    )
                } else {
                    format!(
                        "This credential is for {credential_host}, but this provider uses \
                         {expected_host}. Create a new credential for {expected_host}."
                    )
                }
            }
            Verdict::Expired { expired_at, .. } => format!(
                "This credential expired on {}. Create a new one in the RingCentral developer console \
                 and choose a later expiration date, or none.",
                format_date(*expired_at)
            ),
            Verdict::Plausible {
                expires_at: None, ..
            } => "Looks right. This credential never expires.".to_owned(),
            Verdict::Plausible {
                expires_at: Some(at),
                expires_soon,
                ..
            } => {
                let mut text = format!("Looks right. Expires on {}.", format_date(*at));
                if *expires_soon {
                    text.push_str(
                        " That is soon: you will need a new credential then; consider creating one with a later date.",
                    );
                }
                text
            }
        }
    }
}

/// `YYYY-MM-DD`.
pub fn format_date(at: OffsetDateTime) -> String {
    at.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// What inspection compares the paste with.
#[derive(Debug, Clone, Copy)]
pub struct InspectContext<'a> {
    /// The profile's RingCentral server.
    pub server: &'a Url,
    /// The provider's client ID.
    pub client_id: &'a str,
    /// The provider's client secret, when known here.
    pub client_secret: Option<&'a SecretString>,
    /// The current time.
    pub now: OffsetDateTime,
}

impl<'a> InspectContext<'a> {
    /// Context for `profile` at time `now`.
    pub fn new(
        profile: &'a Profile,
        client_secret: Option<&'a SecretString>,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            server: &profile.ringcentral.server,
            client_id: &profile.ringcentral.client_id,
            client_secret,
            now,
        }
    }
}

/// The result of inspecting a paste.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// What the paste is.
    pub verdict: Verdict,
    /// What normalisation removed.
    pub notes: Vec<PasteNote>,
    normalised: Option<SecretString>,
}

impl Inspection {
    /// The normalised JWT, only when the verdict is plausible.
    pub fn jwt(&self) -> Option<&SecretString> {
        self.normalised
            .as_ref()
            .filter(|_| self.verdict.is_plausible())
    }

    /// Takes the normalised JWT out, only when the verdict is plausible.
    pub fn into_jwt(self) -> Option<SecretString> {
        if self.verdict.is_plausible() {
            self.normalised
        } else {
            None
        }
    }
}

/// Inspects a paste with no network request.
pub fn inspect(paste: &str, ctx: &InspectContext<'_>) -> Inspection {
    if paste.len() > MAX_PASTE_BYTES {
        return Inspection {
            verdict: Verdict::TooLarge { bytes: paste.len() },
            notes: Vec::new(),
            normalised: None,
        };
    }
    let Normalised { value, notes } = normalise(paste);
    let verdict = classify(value.expose_secret(), ctx);
    Inspection {
        verdict,
        notes,
        normalised: Some(value),
    }
}

fn classify(text: &str, ctx: &InspectContext<'_>) -> Verdict {
    if text.is_empty() || text.eq_ignore_ascii_case("bearer") {
        return Verdict::Empty;
    }
    if text == ctx.client_id {
        return Verdict::ClientId;
    }
    if ctx
        .client_secret
        .is_some_and(|secret| secret.constant_time_eq(text))
    {
        return Verdict::ClientSecret;
    }
    if text.starts_with('{') || text.starts_with('[') {
        return Verdict::NotJwt(NotJwtReason::Json);
    }
    let lower_head = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    if lower_head.starts_with("http://") || lower_head.starts_with("https://") {
        return Verdict::NotJwt(NotJwtReason::WebAddress);
    }
    let segments: Vec<&str> = text.split('.').collect();
    if segments.len() == 1 {
        return single_part_shape(text)
            .unwrap_or(Verdict::NotJwt(NotJwtReason::SegmentCount { found: 1 }));
    }
    let [header, payload, signature] = segments[..] else {
        return Verdict::NotJwt(NotJwtReason::SegmentCount {
            found: segments.len(),
        });
    };
    match classify_jwt(text, header, payload, signature, ctx) {
        Ok(verdict) | Err(verdict) => verdict,
    }
}

fn classify_jwt(
    text: &str,
    header: &str,
    payload: &str,
    signature: &str,
    ctx: &InspectContext<'_>,
) -> Result<Verdict, Verdict> {
    let header = decode_object(header, Segment::Header)?;
    // Only what is never a RingCentral credential is refused here; RingCentral decides the rest.
    let rsa = match header.get("alg") {
        None | Some(Value::Null) => return Err(Verdict::NotJwt(NotJwtReason::MissingAlgorithm)),
        Some(Value::String(alg)) if alg.eq_ignore_ascii_case("none") => {
            return Err(Verdict::NotJwt(NotJwtReason::Unsigned))
        }
        Some(Value::String(alg)) if is_algorithm_name(alg) && !is_shared_secret_alg(alg) => {
            alg.starts_with("RS")
        }
        Some(other) => {
            let alg = match other {
                Value::String(alg) => printable(alg, 20),
                other => printable(&other.to_string(), 20),
            };
            return Err(Verdict::NotJwt(NotJwtReason::UnsupportedAlgorithm { alg }));
        }
    };
    if signature.is_empty() {
        return Err(Verdict::NotJwt(NotJwtReason::MissingSignature));
    }
    if !is_base64url(signature) {
        return Err(Verdict::NotJwt(NotJwtReason::NotBase64Url {
            segment: Segment::Signature,
        }));
    }
    // A payload that does not decode says more than a short signature: check it first.
    let claims = decode_object(payload, Segment::Payload)?;
    if rsa && !is_whole_rsa_signature(signature) {
        return Err(Verdict::NotJwt(NotJwtReason::CutOff));
    }
    let iss = check_environment(&claims, ctx)?;

    let exp = match claims.get("exp") {
        None | Some(Value::Null) => {
            return Err(Verdict::NotJwt(NotJwtReason::MissingClaim { claim: "exp" }))
        }
        Some(value) => seconds_claim(value)
            .ok_or(Verdict::NotJwt(NotJwtReason::InvalidClaim { claim: "exp" }))?,
    };
    let exp_at = OffsetDateTime::from_unix_timestamp(exp)
        .map_err(|_| Verdict::NotJwt(NotJwtReason::InvalidClaim { claim: "exp" }))?;
    let iat = match claims.get("iat") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            seconds_claim(value)
                .ok_or(Verdict::NotJwt(NotJwtReason::InvalidClaim { claim: "iat" }))?,
        ),
    };
    let facts = Box::new(CredentialFacts {
        jti: claims
            .get("jti")
            .and_then(string_or_number)
            .map(|s| printable(&s, 64)),
        sub: claims
            .get("sub")
            .and_then(string_or_number)
            .map(|s| printable(&s, 64)),
        iss: printable(&iss, 200),
        iat,
        exp,
        fingerprint: fingerprint(text),
    });
    let now = ctx.now.unix_timestamp();
    if exp.saturating_add(EXPIRY_SKEW_SECONDS) < now {
        return Ok(Verdict::Expired {
            expired_at: exp_at,
            facts,
        });
    }
    let never = iat.is_some_and(|iat| exp.checked_sub(iat) == Some(NEVER_EXPIRES_LIFETIME));
    Ok(Verdict::Plausible {
        expires_at: (!never).then_some(exp_at),
        expires_soon: !never && exp.saturating_sub(now) <= EXPIRES_SOON_DAYS * SECONDS_PER_DAY,
        facts,
    })
}

/// Checks `iss` and `aud` against the profile's server; returns the issuer.
fn check_environment(
    claims: &Map<String, Value>,
    ctx: &InspectContext<'_>,
) -> Result<String, Verdict> {
    let expected_host = host_and_port(ctx.server).unwrap_or_default();
    let iss = match claims.get("iss") {
        Some(Value::String(iss)) if !iss.trim().is_empty() => iss.clone(),
        _ => return Err(Verdict::NotRingCentral { issuer: None }),
    };
    let iss_url = Url::parse(&iss).map_err(|_| Verdict::NotRingCentral {
        issuer: Some(printable(&iss, 80)),
    })?;
    check_host(&iss_url, &expected_host, ctx.server, Some(&iss))?;

    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for aud in audiences {
        if let Ok(aud_url) = Url::parse(aud) {
            check_host(&aud_url, &expected_host, ctx.server, None)?;
        }
    }
    Ok(iss)
}

fn check_host(
    url: &Url,
    expected_host: &str,
    server: &Url,
    iss: Option<&str>,
) -> Result<(), Verdict> {
    if same_host(url, server) {
        return Ok(());
    }
    match url.host_str() {
        Some(host) if is_ringcentral_host(host) => Err(Verdict::WrongEnvironment {
            credential_host: printable(host, 80),
            expected_host: expected_host.to_owned(),
        }),
        Some(host) => Err(Verdict::NotRingCentral {
            issuer: Some(printable(host, 80)),
        }),
        None => Err(Verdict::NotRingCentral {
            issuer: iss.map(|iss| printable(iss, 80)),
        }),
    }
}

fn same_host(a: &Url, b: &Url) -> bool {
    match (a.host_str(), b.host_str()) {
        (Some(x), Some(y)) => {
            x.eq_ignore_ascii_case(y) && a.port_or_known_default() == b.port_or_known_default()
        }
        _ => false,
    }
}

fn host_and_port(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// `ringcentral.com` or a host under it (not `evilringcentral.com`).
pub fn is_ringcentral_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "ringcentral.com" || host.ends_with(".ringcentral.com")
}

fn decode_object(segment: &str, which: Segment) -> Result<Map<String, Value>, Verdict> {
    if !is_base64url(segment) {
        return Err(Verdict::NotJwt(NotJwtReason::NotBase64Url {
            segment: which,
        }));
    }
    let bytes = BASE64URL
        .decode(segment)
        .map_err(|_| Verdict::NotJwt(NotJwtReason::NotBase64Url { segment: which }))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Verdict::NotJwt(NotJwtReason::NotObject { segment: which })),
        Err(_) => Err(Verdict::NotJwt(NotJwtReason::NotJson { segment: which })),
    }
}

fn is_base64url(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .trim_end_matches('=')
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Shaped like a JWA algorithm name (`RS256`, `ES256`, `EdDSA`): 2 to 16 ASCII letters and digits.
fn is_algorithm_name(alg: &str) -> bool {
    (2..=16).contains(&alg.len()) && alg.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `HS256`, `HS384`, `HS512` (any case): signed with a shared secret.
fn is_shared_secret_alg(alg: &str) -> bool {
    alg.get(..2)
        .is_some_and(|head| head.eq_ignore_ascii_case("hs"))
}

/// Sizes in bytes of RSA signatures made with 2048-, 3072- and 4096-bit keys.
const RSA_SIGNATURE_BYTES: [usize; 3] = [256, 384, 512];

/// Whether an RS* signature decodes to a whole RSA signature (RingCentral's are 256 bytes).
fn is_whole_rsa_signature(signature: &str) -> bool {
    BASE64URL
        .decode(signature)
        .is_ok_and(|bytes| RSA_SIGNATURE_BYTES.contains(&bytes.len()))
}

/// What a single-part paste most likely is, by its shape: never more certain than that.
fn single_part_shape(text: &str) -> Option<Verdict> {
    let opaque = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'='));
    if !opaque {
        return None;
    }
    if looks_like_access_token(text) {
        return Some(Verdict::AccessToken);
    }
    let id_like = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    match text.len() {
        CLIENT_ID_CHARS_MIN..=CLIENT_ID_CHARS_MAX if id_like => Some(Verdict::LikelyClientId),
        CLIENT_SECRET_CHARS_MIN..=CLIENT_SECRET_CHARS_MAX => Some(Verdict::LikelyClientSecret),
        len if len > CLIENT_SECRET_CHARS_MAX => Some(Verdict::AccessToken),
        _ => None,
    }
}

/// Lengths of RingCentral client IDs seen in public samples (22), with some room.
const CLIENT_ID_CHARS_MIN: usize = 20;
const CLIENT_ID_CHARS_MAX: usize = 24;
/// Lengths of RingCentral client secrets seen in public samples (about 44), with some room.
const CLIENT_SECRET_CHARS_MIN: usize = 40;
const CLIENT_SECRET_CHARS_MAX: usize = 48;

/// RingCentral access tokens begin with a region prefix (the base64 of `SPB`, …), whatever their
/// length.
fn looks_like_access_token(text: &str) -> bool {
    const REGION_PREFIXES: [&str; 1] = ["U1BC"];
    text.len() >= 20 && REGION_PREFIXES.iter().any(|p| text.starts_with(p))
}

/// Unix seconds as a number or numeric string; fractions are dropped.
fn seconds_claim(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.0e15)
                .map(|f| f.trunc() as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn string_or_number(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// First 16 hex characters of SHA-256 of the normalised JWT.
pub fn fingerprint(normalised_jwt: &str) -> String {
    let digest = Sha256::digest(normalised_jwt.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
