//! What the doctor is given: the profile as loaded, the secret store, the outbox, and its limits.

use std::time::Duration;

use rc_onboard_core::{Profile, ProfileError};
use rc_onboard_delivery::{Outbox, OutboxError, SharedSecretStore};

/// Everything [`crate::run`] checks.
#[derive(Debug)]
pub struct DoctorInputs {
    /// The result of loading `--profile`; an error is the profile line's failure and skips the
    /// network checks.
    pub profile: Result<Profile, ProfileError>,
    /// The store onboarding codes go to (the OS keyring in the product).
    pub keyring: SharedSecretStore,
    /// The outbox of the data directory, as opened (`Outbox::open(data_dir)`).
    pub outbox: Result<Outbox, OutboxError>,
    pub options: DoctorOptions,
}

impl DoctorInputs {
    /// Inputs with the default [`DoctorOptions`].
    pub fn new(
        profile: Result<Profile, ProfileError>,
        keyring: SharedSecretStore,
        outbox: Result<Outbox, OutboxError>,
    ) -> DoctorInputs {
        DoctorInputs {
            profile,
            keyring,
            outbox,
            options: DoctorOptions::default(),
        }
    }
}

/// Limits of a doctor run.
#[derive(Debug, Clone)]
pub struct DoctorOptions {
    /// Limit of each network step (DNS, TCP, TLS handshake, HTTP request).
    pub network_timeout: Duration,
    /// Limit of the keyring probe (a locked keyring may wait on an unlock prompt).
    pub keyring_timeout: Duration,
    /// DER certificates trusted in addition to the platform's and the Mozilla roots, for both the
    /// TLS and the HTTP step. Empty in the product; tests use it for a generated CA. A certificate
    /// that cannot be used fails both steps (see `rc_onboard_core::tls::load_root_store`).
    pub extra_root_certificates: Vec<Vec<u8>>,
}

impl Default for DoctorOptions {
    fn default() -> Self {
        DoctorOptions {
            network_timeout: Duration::from_secs(5),
            keyring_timeout: Duration::from_secs(10),
            extra_root_certificates: Vec::new(),
        }
    }
}
