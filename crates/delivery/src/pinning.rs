//! The intake client's own TLS configuration, used when a profile pins the intake's key or extra
//! trusted roots are given: rustls (ring provider, the one reqwest uses) trusting the platform's
//! roots, the bundled Mozilla roots (as reqwest's default client does) and the extra roots, with a
//! certificate verifier that runs the normal WebPKI verification (chain, validity, host name) and
//! then, when a pin is set, requires the SHA-256 of the leaf's SubjectPublicKeyInfo to equal it.
//!
//! A mismatch fails the TLS handshake, so no HTTP request — and no onboarding code — is ever sent to
//! a server whose key is not the pinned one. It surfaces as [`PinMismatch`], which the client finds
//! in the transport error's causes.

use std::error::Error as StdError;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, RootCertStore, SignatureScheme};

use crate::spki::{format_pin, spki_sha256};

/// The intake presented a certificate that passed normal verification but whose key is not the
/// pinned one: someone may be intercepting the connection, or the provider replaced its key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the intake's certificate key does not match the pinned key (the profile pins {}, the server \
     presented {}); nothing was sent. Someone may be intercepting the connection, or the provider \
     changed its key: ask the provider to confirm its intake key and send an updated profile",
    format_pin(.expected),
    .presented.as_ref().map_or_else(|| "a key that could not be read".to_owned(), format_pin)
)]
pub struct PinMismatch {
    /// The pin from the profile.
    pub expected: [u8; 32],
    /// The SHA-256 of the presented leaf's SubjectPublicKeyInfo (`None` if it could not be read).
    pub presented: Option<[u8; 32]>,
}

/// Why the pinned TLS configuration could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    #[error(
        "extra trusted root certificate number {index} is not a usable DER certificate: {source}"
    )]
    ExtraRoot {
        /// 1-based position in `ClientOptions::extra_roots_der`.
        index: usize,
        #[source]
        source: rustls::Error,
    },
    #[error("no trusted root certificates could be loaded: {0}")]
    Verifier(#[source] rustls::client::VerifierBuilderError),
    #[error("the TLS settings could not be applied: {0}")]
    Protocol(#[source] rustls::Error),
}

/// Builds the rustls client configuration for the intake: platform + bundled + `extra_roots_der`
/// roots, WebPKI verification, then the `pin` when given. HTTP/1.1 only, like the default client.
pub fn client_config(
    pin: Option<[u8; 32]>,
    extra_roots_der: &[Vec<u8>],
) -> Result<rustls::ClientConfig, TlsSetupError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = Arc::new(root_store(extra_roots_der)?);
    let webpki = WebPkiServerVerifier::builder_with_provider(roots, Arc::clone(&provider))
        .build()
        .map_err(TlsSetupError::Verifier)?;
    let verifier: Arc<dyn ServerCertVerifier> = match pin {
        Some(pin) => Arc::new(PinningVerifier { webpki, pin }),
        None => webpki,
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsSetupError::Protocol)?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

fn root_store(extra_roots_der: &[Vec<u8>]) -> Result<RootCertStore, TlsSetupError> {
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
            .map_err(|source| TlsSetupError::ExtraRoot {
                index: index + 1,
                source,
            })?;
    }
    Ok(roots)
}

/// WebPKI verification first, then the SPKI pin of the leaf.
#[derive(Debug)]
struct PinningVerifier {
    webpki: Arc<WebPkiServerVerifier>,
    pin: [u8; 32],
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verified = self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )?;
        let presented = spki_sha256(end_entity.as_ref());
        if presented == Some(self.pin) {
            return Ok(verified);
        }
        let mismatch = PinMismatch {
            expected: self.pin,
            presented,
        };
        tracing::warn!(error = %mismatch, "intake certificate refused by the pin");
        Err(rustls::Error::InvalidCertificate(CertificateError::Other(
            OtherError(Arc::new(mismatch)),
        )))
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

/// Finds a [`PinMismatch`] among an error's causes, looking inside the `io::Error` and
/// `rustls::Error` wrappers the TLS stack puts around it (`io::Error::source` skips its payload).
pub fn find_pin_mismatch(error: &(dyn StdError + 'static)) -> Option<PinMismatch> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(mismatch) = error.downcast_ref::<PinMismatch>() {
            return Some(mismatch.clone());
        }
        if let Some(rustls::Error::InvalidCertificate(CertificateError::Other(other))) =
            error.downcast_ref::<rustls::Error>()
        {
            if let Some(mismatch) = other.0.downcast_ref::<PinMismatch>() {
                return Some(mismatch.clone());
            }
        }
        if let Some(payload) = error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            if let Some(mismatch) = find_pin_mismatch(payload) {
                return Some(mismatch);
            }
        }
        current = error.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mismatch_is_found_through_the_tls_wrappers() {
        let mismatch = PinMismatch {
            expected: [1; 32],
            presented: Some([2; 32]),
        };
        let tls = rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(
            mismatch.clone(),
        ))));
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, tls);
        #[derive(Debug, thiserror::Error)]
        #[error("connect failed")]
        struct Outer(#[source] std::io::Error);
        assert_eq!(find_pin_mismatch(&Outer(io)), Some(mismatch));
        let unrelated = std::io::Error::new(std::io::ErrorKind::InvalidData, "other");
        assert_eq!(find_pin_mismatch(&Outer(unrelated)), None);
    }

    #[test]
    fn the_message_names_both_keys_and_says_nothing_was_sent() {
        let text = PinMismatch {
            expected: [0; 32],
            presented: None,
        }
        .to_string();
        assert!(text.starts_with("the intake's certificate key does not match the pinned key"));
        assert!(text.contains("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        assert!(text.contains("a key that could not be read"));
        assert!(text.contains("nothing was sent"));
    }

    #[test]
    fn a_broken_extra_root_is_named() {
        let error = client_config(Some([0; 32]), &[b"not a certificate".to_vec()]).unwrap_err();
        assert!(error.to_string().contains("number 1"), "{error}");
    }
}
