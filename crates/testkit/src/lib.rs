//! Test support shared by rc-onboard's test suites (a dev-dependency only, never shipped):
//!
//! - [`jwt`]: JWT-shaped strings with a chosen header and claims and a signature of the size a
//!   real RS256 one has ([`FakeJwt`]), for local inspection and anything that never checks a
//!   signature.
//! - [`pki`]: a test CA and a leaf certificate for loopback TLS servers, with the leaf's SPKI
//!   hash and a server configuration ([`TestPki`]).

pub mod jwt;
pub mod pki;

pub use jwt::{b64url, fake_signature, ringcentral_claims, FakeJwt};
pub use pki::{LeafSpec, PkiError, TestPki};
