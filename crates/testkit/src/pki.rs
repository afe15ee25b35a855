//! The test PKI for loopback TLS servers: a CA made for the test ("rc-onboard test CA") and one
//! leaf certificate it signed ("intake.test"), with the leaf's SPKI hash for pinning and a rustls
//! server configuration (ring provider) to serve it.
//!
//! [`TestPki::loopback`] is a currently valid leaf for `localhost` and `127.0.0.1`;
//! [`LeafSpec`] chooses other names or validity (expired, not yet valid, another host).

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, PublicKeyData};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

/// The common name of the test CA, as a TLS check reports the issuer.
pub const CA_NAME: &str = "rc-onboard test CA";
/// The common name of the leaf certificate.
pub const LEAF_NAME: &str = "intake.test";

/// Why the test PKI could not be made or served.
#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("the test certificate could not be generated: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("the TLS server configuration was refused: {0}")]
    ServerConfig(#[from] rustls::Error),
}

/// What the leaf certificate says.
#[derive(Debug, Clone)]
pub struct LeafSpec {
    names: Vec<String>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
}

impl LeafSpec {
    /// For `localhost` and `127.0.0.1`, valid from a day ago for 90 days.
    pub fn loopback() -> LeafSpec {
        let now = OffsetDateTime::now_utc();
        LeafSpec {
            names: vec!["localhost".to_owned(), "127.0.0.1".to_owned()],
            not_before: now - Duration::days(1),
            not_after: now + Duration::days(90),
        }
    }

    /// Only `name` (a DNS name or an IP address) as the subject alternative name.
    pub fn for_name(mut self, name: &str) -> LeafSpec {
        self.names = vec![name.to_owned()];
        self
    }

    /// Valid from `not_before` to `not_after` (either may be in the past or the future).
    pub fn valid(mut self, not_before: OffsetDateTime, not_after: OffsetDateTime) -> LeafSpec {
        self.not_before = not_before;
        self.not_after = not_after;
        self
    }

    /// A fresh CA (valid 400 days either side of now) and this leaf signed by it.
    pub fn issue(&self) -> Result<TestPki, PkiError> {
        let now = OffsetDateTime::now_utc();
        let ca_key = KeyPair::generate()?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params
            .distinguished_name
            .push(DnType::CommonName, CA_NAME);
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.not_before = now - Duration::days(400);
        ca_params.not_after = now + Duration::days(400);
        let ca_cert = ca_params.self_signed(&ca_key)?;
        let issuer = Issuer::new(ca_params, ca_key);

        let leaf_key = KeyPair::generate()?;
        let mut leaf_params = CertificateParams::new(self.names.clone())?;
        leaf_params
            .distinguished_name
            .push(DnType::CommonName, LEAF_NAME);
        leaf_params.not_before = self.not_before;
        leaf_params.not_after = self.not_after;
        let leaf = leaf_params.signed_by(&leaf_key, &issuer)?;
        Ok(TestPki {
            ca_der: ca_cert.der().to_vec(),
            leaf_der: leaf.der().clone(),
            leaf_spki_sha256: Sha256::digest(leaf_key.subject_public_key_info()).into(),
            leaf_key_der: leaf_key.serialize_der(),
        })
    }
}

/// A test CA and a leaf certificate it signed.
pub struct TestPki {
    /// The CA certificate (DER), to trust as an extra root.
    pub ca_der: Vec<u8>,
    /// The leaf certificate (DER).
    pub leaf_der: CertificateDer<'static>,
    /// SHA-256 of the leaf key's SubjectPublicKeyInfo, computed from the key itself.
    pub leaf_spki_sha256: [u8; 32],
    /// The leaf's private key (PKCS#8 DER).
    leaf_key_der: Vec<u8>,
}

impl TestPki {
    /// A currently valid leaf for `localhost` and `127.0.0.1` ([`LeafSpec::loopback`]).
    pub fn loopback() -> Result<TestPki, PkiError> {
        LeafSpec::loopback().issue()
    }

    /// A TLS server configuration presenting the leaf (ring provider, TLS 1.2 and 1.3).
    pub fn server_config(&self) -> Result<Arc<rustls::ServerConfig>, PkiError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.leaf_key_der.clone()));
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(vec![self.leaf_der.clone()], key)?;
        Ok(Arc::new(config))
    }

    /// An acceptor that completes server-side TLS handshakes with the leaf.
    pub fn acceptor(&self) -> Result<tokio_rustls::TlsAcceptor, PkiError> {
        Ok(tokio_rustls::TlsAcceptor::from(self.server_config()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_is_the_hash_of_the_leaf_key() {
        let pki = TestPki::loopback().unwrap();
        let other = TestPki::loopback().unwrap();
        assert_ne!(pki.leaf_spki_sha256, other.leaf_spki_sha256);
        assert_ne!(pki.ca_der, other.ca_der);
        assert!(pki.server_config().is_ok());
    }

    #[test]
    fn an_expired_leaf_can_be_issued() {
        let now = OffsetDateTime::now_utc();
        let spec = LeafSpec::loopback()
            .for_name("other.test")
            .valid(now - Duration::days(90), now - Duration::days(3));
        assert!(spec.issue().is_ok());
    }
}
