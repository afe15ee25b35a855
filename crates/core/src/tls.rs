//! rustls set-up shared by the intake client's pinned connections and the doctor's TLS check: the
//! crypto provider, the trust roots, and a certificate verifier that runs rustls' WebPKI
//! verification with one extra step of the caller's.
//!
//! - [`crypto_provider`]: always ring, the provider reqwest's rustls uses, chosen explicitly so a
//!   second provider in the dependency tree never changes it.
//! - [`load_root_store`]: the roots both callers trust, loaded the same way for both: the
//!   platform's store (`rustls-native-certs`; unreadable stores and unparsable platform
//!   certificates are skipped and logged at debug level, as reqwest does), then the Mozilla roots
//!   bundled with `webpki-roots` (as reqwest's default client has them), then the caller's extra
//!   DER roots. An extra root that is not a usable certificate is an error
//!   ([`RootStoreError::ExtraRoot`]), never silently dropped: the caller asked to trust it.
//! - [`DelegatingVerifier`]: WebPKI verification (chain, validity, host name, signatures), with a
//!   [`LeafCheck`] that sees the presented leaf and the WebPKI verdict and gives the final one.
//! - [`client_config`]: a client configuration with safe default protocol versions and a verifier.

use std::fmt::Debug;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{VerifierBuilderError, WebPkiServerVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// Why the trust roots could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RootStoreError {
    /// An extra root given by the caller is not a usable DER certificate.
    #[error(
        "extra trusted root certificate number {index} is not a usable DER certificate: {source}"
    )]
    ExtraRoot {
        /// 1-based position among the extra roots.
        index: usize,
        /// Why rustls refused it.
        #[source]
        source: rustls::Error,
    },
}

/// The crypto provider of every rustls configuration rc-onboard builds: ring.
pub fn crypto_provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The platform's roots, the bundled Mozilla roots and `extra_roots_der` (see the module
/// documentation). Reads the platform store from disk: call it off an async executor.
pub fn load_root_store(extra_roots_der: &[Vec<u8>]) -> Result<RootCertStore, RootStoreError> {
    let mut roots = RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for error in &native.errors {
        tracing::debug!(%error, "a platform root certificate store could not be read");
    }
    let (_, ignored) = roots.add_parsable_certificates(native.certs);
    if ignored > 0 {
        tracing::debug!(ignored, "unusable platform root certificates were skipped");
    }
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for (index, der) in extra_roots_der.iter().enumerate() {
        roots
            .add(CertificateDer::from(der.clone()))
            .map_err(|source| RootStoreError::ExtraRoot {
                index: index + 1,
                source,
            })?;
    }
    Ok(roots)
}

/// rustls' WebPKI verifier over `roots` with the [`crypto_provider`].
pub fn webpki_verifier(
    roots: Arc<RootCertStore>,
) -> Result<Arc<WebPkiServerVerifier>, VerifierBuilderError> {
    WebPkiServerVerifier::builder_with_provider(roots, crypto_provider()).build()
}

/// The step a [`DelegatingVerifier`] adds to WebPKI verification of the server's certificate.
pub trait LeafCheck: Debug + Send + Sync {
    /// Gives the final verdict on `end_entity` from WebPKI's `verdict` (e.g. refuses a trusted
    /// certificate whose key is not pinned, or records the certificate and passes the verdict on).
    fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        verdict: Result<ServerCertVerified, rustls::Error>,
    ) -> Result<ServerCertVerified, rustls::Error>;
}

/// WebPKI verification, then a [`LeafCheck`]; signature checks are WebPKI's, unchanged.
#[derive(Debug)]
pub struct DelegatingVerifier<C> {
    webpki: Arc<WebPkiServerVerifier>,
    leaf_check: C,
}

impl<C: LeafCheck> DelegatingVerifier<C> {
    /// WebPKI verification by `webpki`, then `leaf_check`.
    pub fn new(webpki: Arc<WebPkiServerVerifier>, leaf_check: C) -> Self {
        DelegatingVerifier { webpki, leaf_check }
    }

    /// The added step.
    pub fn leaf_check(&self) -> &C {
        &self.leaf_check
    }
}

impl<C: LeafCheck> ServerCertVerifier for DelegatingVerifier<C> {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        self.leaf_check.check(end_entity, verdict)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// A client configuration with the [`crypto_provider`], its safe default protocol versions (TLS 1.2
/// and 1.3), `verifier`, and no client certificate.
pub fn client_config(verifier: Arc<dyn ServerCertVerifier>) -> Result<ClientConfig, rustls::Error> {
    Ok(ClientConfig::builder_with_provider(crypto_provider())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_ca_der() -> Vec<u8> {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.self_signed(&key).unwrap().der().to_vec()
    }

    #[test]
    fn the_store_has_the_bundled_roots_and_the_extra_ones() {
        let bundled = webpki_roots::TLS_SERVER_ROOTS.len();
        let plain = load_root_store(&[]).unwrap();
        assert!(plain.len() >= bundled, "{} < {bundled}", plain.len());
        let with_extra = load_root_store(&[test_ca_der()]).unwrap();
        assert_eq!(with_extra.len(), plain.len() + 1);
    }

    #[test]
    fn a_broken_extra_root_is_an_error_naming_it() {
        let error = load_root_store(&[test_ca_der(), b"not a certificate".to_vec()]).unwrap_err();
        assert!(error.to_string().contains("number 2"), "{error}");
    }

    #[derive(Debug)]
    struct Refuse;

    impl LeafCheck for Refuse {
        fn check(
            &self,
            _: &CertificateDer<'_>,
            _: Result<ServerCertVerified, rustls::Error>,
        ) -> Result<ServerCertVerified, rustls::Error> {
            Err(rustls::Error::General("refused by the leaf check".into()))
        }
    }

    #[test]
    fn the_leaf_check_has_the_last_word() {
        let roots = Arc::new(load_root_store(&[test_ca_der()]).unwrap());
        let verifier = DelegatingVerifier::new(webpki_verifier(roots).unwrap(), Refuse);
        let leaf = CertificateDer::from(test_ca_der());
        let name = ServerName::try_from("intake.example").unwrap();
        let error = verifier
            .verify_server_cert(&leaf, &[], &name, &[], UnixTime::now())
            .unwrap_err();
        assert!(
            error.to_string().contains("refused by the leaf check"),
            "{error}"
        );
        assert!(!verifier.supported_verify_schemes().is_empty());
        assert!(client_config(Arc::new(verifier)).is_ok());
    }
}
