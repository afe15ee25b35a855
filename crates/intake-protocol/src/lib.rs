//! rc-onboard intake protocol v1, shared by the desktop client and the reference intake server.
//!
//! The client seals the customer's RingCentral JWT to the provider's X25519 public key with HPKE
//! (RFC 9180, base mode, `DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-128-GCM`) and posts it, with
//! the facts it verified, as an [`IntakeRequest`] to the provider's intake endpoint. The server
//! answers with a [`Receipt`] or an [`ErrorBody`]. A client without the provider's RingCentral
//! client secret asks the intake to verify a credential instead: a [`VerificationRequest`] sealed
//! with [`seal_verification`], answered with a [`VerificationAnswer`]. The full wire specification is
//! `docs/intake-protocol.md`.
//!
//! ```
//! use rc_onboard_intake_protocol::{open, seal, KeyPair};
//!
//! let provider = KeyPair::generate().unwrap();
//! let submission_id = "9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3c4";
//! let sealed = seal(provider.public_key(), "2026-11", submission_id, b"eyJhbGciOi...").unwrap();
//! let opened = open(provider.private_key(), &sealed, submission_id).unwrap();
//! assert_eq!(opened.as_slice(), b"eyJhbGciOi...");
//! ```

mod b64;
mod constants;
mod fingerprint;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod key_file;
mod keys;
mod request;
mod response;
mod seal;
mod verification;

pub use constants::{
    AEAD_ID, CODE_STATUS_PATH_SUFFIX, INFO, KDF_ID, KEM_ID, MAX_BODY_BYTES, PROTOCOL_VERSION, SUITE,
};
pub use fingerprint::credential_fingerprint;
pub use key_file::{KeyFile, KeyFileError};
pub use keys::{is_valid_key_id, KeyError, KeyPair, PrivateKey, PublicKey, PUBLIC_KEY_LEN};
pub use request::{
    is_submission_id, ClientInfo, IntakeRequest, RequestError, RingCentralFacts, SealedCredential,
};
pub use response::{CodeInvalidReason, CodeStatus, ErrorBody, ErrorCode, ErrorDetail, Receipt};
pub use seal::{open, seal, OpenError, SealError};
pub use verification::{
    default_verify_url, open_verification, seal_verification, verification_aad, VerificationAnswer,
    VerificationRequest, VERIFICATIONS_PATH_SEGMENT, VERIFICATION_AAD_PREFIX,
};
