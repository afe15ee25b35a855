//! The rules every rc-onboard crate shares, each in one place. Free of Tauri and of any HTTP or
//! network client: the crates that talk to servers hand this one text, headers, bytes and
//! certificates.
//!
//! Where each rule lives (grep for the function or type name):
//!
//! - [`text`]: `printable(input, max_chars)`, the one way untrusted text (from a server, a
//!   credential, a profile) is made safe to show, and `is_unsafe_char`, its character set.
//! - [`url_rule`]: `is_allowed_url` ("https, or http to a loopback host"), `check_url_scheme` (the
//!   same rule, saying why a URL is refused) and `is_loopback_url`.
//! - [`retry_after`]: `parse_retry_after`, the `Retry-After` header (seconds or HTTP-date).
//! - [`capped_body`]: `CappedBody`, a response body accumulated under a size cap.
//! - [`error_chain`]: `format_error_chain`, an error and its `source()` causes on one line.
//! - [`spki`]: `SpkiPin`, the `sha256/<base64>` pin of a certificate's public key.
//! - [`tls`]: `load_root_store` (platform + Mozilla + extra roots), `crypto_provider` (ring),
//!   `DelegatingVerifier` (WebPKI verification with one extra step) and `client_config`.
//! - [`profile`]: `Profile`, the provider's TOML profile, its parsing and `ProfileError`.
//! - [`process`]: `private_files`, the `077` umask both executables set first thing.
//! - [`secret`]: `SecretString`, for the JWT, client secret and onboarding code.
//! - [`error`]: `ErrorKind` and `FixStep`, the stable error kinds.

pub mod capped_body;
pub mod error;
pub mod error_chain;
pub mod process;
pub mod profile;
pub mod retry_after;
pub mod secret;
pub mod spki;
pub mod text;
pub mod tls;
pub mod url_rule;

pub use capped_body::{BodyTooLarge, CappedBody};
pub use error::{ErrorKind, FixStep};
pub use error_chain::format_error_chain;
pub use profile::{ClientSecretSource, Profile, ProfileError};
pub use retry_after::parse_retry_after;
pub use secret::SecretString;
pub use spki::{SpkiPin, SpkiPinError};
pub use text::printable;
pub use url_rule::{is_allowed_url, is_loopback_url};
