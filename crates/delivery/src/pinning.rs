//! The intake client's own TLS configuration, used when a profile pins the intake's key or extra
//! trusted roots are given: rustls with the ring provider and the roots of
//! [`rc_onboard_core::tls::load_root_store`] (the platform's, the bundled Mozilla roots, and the
//! extra roots), with a certificate verifier that runs the normal WebPKI verification (chain,
//! validity, host name) and then, when a pin is set, requires the SHA-256 of the leaf's
//! SubjectPublicKeyInfo to equal it.
//!
//! A mismatch fails the TLS handshake, so no HTTP request — and no onboarding code — is ever sent to
//! a server whose key is not the pinned one. It surfaces as [`PinMismatch`], which the client finds
//! in the transport error's causes.

use std::error::Error as StdError;
use std::sync::Arc;

use rc_onboard_core::tls::{
    self, load_root_store, webpki_verifier, DelegatingVerifier, LeafCheck, RootStoreError,
};
use rustls::client::danger::{ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::CertificateDer;
use rustls::{CertificateError, OtherError};

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
    /// An extra root is not a usable certificate.
    #[error(transparent)]
    Roots(#[from] RootStoreError),
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
    let roots = Arc::new(load_root_store(extra_roots_der)?);
    let webpki = webpki_verifier(roots).map_err(TlsSetupError::Verifier)?;
    let verifier: Arc<dyn ServerCertVerifier> = match pin {
        Some(pin) => Arc::new(DelegatingVerifier::new(webpki, PinCheck { pin })),
        None => webpki,
    };
    let mut config = tls::client_config(verifier).map_err(TlsSetupError::Protocol)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// After WebPKI verification, the SPKI pin of the leaf.
#[derive(Debug)]
struct PinCheck {
    pin: [u8; 32],
}

impl LeafCheck for PinCheck {
    fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        verdict: Result<ServerCertVerified, rustls::Error>,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verified = verdict?;
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
