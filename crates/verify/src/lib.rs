//! rc-onboard verification engine, free of Tauri so the CLI, the GUI and a provider's server share it.
//!
//! - [`secret`]: [`SecretString`] for the JWT, client secret and onboarding code (from
//!   `rc_onboard_core`).
//! - [`profile`]: the provider's TOML profile (from `rc_onboard_core`).
//! - [`inspect`]: local, offline inspection of a paste.
//! - [`error`]: the stable [`ErrorKind`]s, exit codes and fix steps (from `rc_onboard_core`).
//! - [`ringcentral`]: the hardened HTTP client for token exchange, identity and revoke.
//! - [`engine`]: [`Verifier`], which runs inspection, exchange, identity and revoke.
//! - [`report`]: the `check --json` shapes and the human renderer.

pub mod engine;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod inspect;
pub mod report;
pub mod ringcentral;

pub use rc_onboard_core::{error, profile, secret};

pub use engine::{
    Identity, MissingPermissions, RevokeTask, RingCentralDetails, Stage, Verification, Verifier,
    VerifierOptions, VerifyError,
};
pub use inspect::{inspect, normalise, CredentialFacts, InspectContext, Inspection, Verdict};
pub use rc_onboard_core::error::{ErrorKind, FixStep};
pub use rc_onboard_core::profile::{ClientSecretSource, Profile, ProfileError};
pub use rc_onboard_core::secret::SecretString;
pub use report::{CheckFailure, CheckSuccess};
