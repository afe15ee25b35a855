//! rc-onboard verification engine, free of Tauri so the CLI, the GUI and a provider's server share it.
//!
//! - [`secret`]: [`SecretString`] for the JWT, client secret and onboarding code.
//! - [`profile`]: the provider's TOML profile.
//! - [`inspect`]: local, offline inspection of a paste.
//! - [`error`]: the stable [`ErrorKind`]s, exit codes and fix steps.
//! - [`ringcentral`]: the hardened HTTP client for token exchange, identity and revoke.
//! - [`engine`]: [`Verifier`], which runs inspection, exchange, identity and revoke.
//! - [`report`]: the `check --json` shapes and the human renderer.

pub mod engine;
pub mod error;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod inspect;
pub mod profile;
pub mod report;
pub mod ringcentral;
pub mod secret;

pub use engine::{
    Identity, MissingPermissions, RevokeTask, RingCentralDetails, Stage, Verification, Verifier,
    VerifierOptions, VerifyError,
};
pub use error::{ErrorKind, FixStep};
pub use inspect::{inspect, normalise, CredentialFacts, InspectContext, Inspection, Verdict};
pub use profile::{ClientSecretSource, Profile, ProfileError};
pub use report::{CheckFailure, CheckSuccess};
pub use secret::SecretString;
