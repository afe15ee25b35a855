//! The TLS step of an endpoint: a handshake over the connection the TCP step opened, verified with
//! the trust roots of [`rc_onboard_core::tls::load_root_store`] (the platform's store plus the
//! Mozilla roots, as reqwest has them, plus any extra roots), then the certificate's expiry and, for
//! the intake, its public key pin.
//!
//! The verifier used here is rustls' own WebPKI verifier, wrapped (a
//! [`rc_onboard_core::tls::DelegatingVerifier`]) only to keep a copy of the certificate the server
//! presented, so a rejected certificate can still be described (who it is for, when it expired).
//! Its verdict is returned unchanged; nothing is ever sent over the session.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rc_onboard_core::error_chain::format_error_chain;
use rc_onboard_core::tls::{
    client_config, load_root_store, webpki_verifier, DelegatingVerifier, LeafCheck,
};
use rc_onboard_core::url_rule::is_loopback_url;
use rustls::client::danger::{ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ProtocolVersion, RootCertStore};
use time::OffsetDateTime;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use crate::certificate::{classify_expiry, day, read_certificate, CertificateFacts};
use crate::check::{Check, Status};
use crate::target::Endpoint;
use crate::text::human_duration;

/// The fix of a TLS step that could not even be set up.
const SETUP_FIX: &str = "This is a problem of rc-onboard itself; report it with this output.";

/// The trust roots of the TLS step.
#[derive(Debug, Clone)]
pub(crate) struct TrustRoots {
    roots: Arc<RootCertStore>,
}

impl TrustRoots {
    /// The roots of [`load_root_store`] with `extra_der` (DER certificates); an extra certificate
    /// that cannot be used is an error, which fails every TLS step.
    pub(crate) fn load(extra_der: &[Vec<u8>]) -> Result<TrustRoots, String> {
        let roots = load_root_store(extra_der).map_err(|error| error.to_string())?;
        Ok(TrustRoots {
            roots: Arc::new(roots),
        })
    }
}

/// The TLS line and whether a verified session was established (the HTTP step needs one).
pub(crate) struct TlsOutcome {
    pub check: Check,
    pub session_ok: bool,
}

/// The TLS line of an `http://` endpoint: allowed on loopback only.
pub(crate) fn plain_http(endpoint: &Endpoint) -> TlsOutcome {
    let name = endpoint.target.steps().tls;
    let key = endpoint.target.profile_key();
    if endpoint.url.scheme() == "http" && is_loopback_url(&endpoint.url) {
        TlsOutcome {
            check: Check::pass(
                name,
                "not used: plain http:// is allowed only to this machine (loopback)",
                Duration::ZERO,
            ),
            session_ok: true,
        }
    } else {
        TlsOutcome {
            check: Check::fail(
                name,
                format!(
                    "{}:// to {} is not allowed (https is required off this machine)",
                    endpoint.url.scheme(),
                    endpoint.host
                ),
                format!("Use an https:// URL for `{key}` in the profile."),
                Duration::ZERO,
            ),
            session_ok: false,
        }
    }
}

/// Handshakes over `stream` and judges the certificate. `pin` is the intake's `spki_pin`.
pub(crate) async fn check_tls(
    endpoint: &Endpoint,
    stream: TcpStream,
    trust: &Result<TrustRoots, String>,
    pin: Option<&[u8; 32]>,
    timeout: Duration,
) -> TlsOutcome {
    let name = endpoint.target.steps().tls;
    let started = Instant::now();
    let trust = match trust {
        Ok(trust) => trust,
        Err(problem) => {
            return TlsOutcome {
                check: Check::fail(name, problem.clone(), SETUP_FIX, Duration::ZERO),
                session_ok: false,
            }
        }
    };
    let Prepared {
        connector,
        recorder,
        server_name,
    } = match prepare(endpoint, trust) {
        Ok(prepared) => prepared,
        Err(problem) => {
            let fix = format!("Check `{}` in the profile.", endpoint.target.profile_key());
            return TlsOutcome {
                check: Check::fail(name, problem, fix, started.elapsed()),
                session_ok: false,
            };
        }
    };
    let handshake = tokio::time::timeout(timeout, connector.connect(server_name, stream)).await;
    let elapsed = started.elapsed();
    let leaf = recorder
        .leaf_check()
        .leaf()
        .map(|der| read_certificate(&der));
    let now = OffsetDateTime::now_utc();
    match handshake {
        Ok(Ok(session)) => {
            let version = session.get_ref().1.protocol_version();
            let check = judge_session(endpoint, version, leaf, pin, now, elapsed);
            let session_ok = true;
            TlsOutcome { check, session_ok }
        }
        Ok(Err(error)) => {
            let facts = leaf.and_then(Result::ok);
            let rustls_error = error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>());
            let (detail, fix) = match rustls_error {
                Some(rustls::Error::InvalidCertificate(reason)) => {
                    describe_rejection(endpoint, reason, facts.as_ref(), now)
                }
                Some(other) => handshake_failure(endpoint, &other.to_string()),
                None => handshake_failure(endpoint, &format_error_chain(&error)),
            };
            TlsOutcome {
                check: Check::fail(name, detail, fix, elapsed),
                session_ok: false,
            }
        }
        Err(_) => {
            let detail = format!(
                "no TLS handshake with {} within {} s",
                endpoint.authority(),
                timeout.as_secs()
            );
            let fix = format!(
                "The server accepted the connection but did not complete a TLS handshake: it may be \
                 overloaded or not speak TLS on port {}, or something on the network holds the \
                 connection. If it persists, contact {}.",
                endpoint.port, endpoint.operator
            );
            TlsOutcome {
                check: Check::fail(name, detail, fix, elapsed),
                session_ok: false,
            }
        }
    }
}

/// What one handshake needs.
struct Prepared {
    connector: TlsConnector,
    recorder: Arc<DelegatingVerifier<LeafRecorder>>,
    server_name: ServerName<'static>,
}

fn prepare(endpoint: &Endpoint, trust: &TrustRoots) -> Result<Prepared, String> {
    let webpki = webpki_verifier(Arc::clone(&trust.roots))
        .map_err(|error| format!("no trust roots to verify certificates with: {error}"))?;
    let recorder = Arc::new(DelegatingVerifier::new(webpki, LeafRecorder::default()));
    let config = client_config(Arc::clone(&recorder) as Arc<dyn ServerCertVerifier>)
        .map_err(|error| format!("TLS cannot be set up: {error}"))?;
    let server_name = ServerName::try_from(endpoint.host.clone())
        .map_err(|_| format!("{} is not a valid TLS server name", endpoint.host))?;
    Ok(Prepared {
        connector: TlsConnector::from(Arc::new(config)),
        recorder,
        server_name,
    })
}

/// Keeps a copy of the presented end-entity certificate; passes WebPKI's verdict on unchanged.
#[derive(Debug, Default)]
struct LeafRecorder {
    leaf: Mutex<Option<CertificateDer<'static>>>,
}

impl LeafRecorder {
    fn leaf(&self) -> Option<CertificateDer<'static>> {
        self.leaf
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl LeafCheck for LeafRecorder {
    fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        verdict: Result<ServerCertVerified, rustls::Error>,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.leaf.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(end_entity.clone().into_owned());
        verdict
    }
}

/// The line of a verified session: expiry, and the pin for the intake.
fn judge_session(
    endpoint: &Endpoint,
    version: Option<ProtocolVersion>,
    leaf: Option<Result<CertificateFacts, crate::certificate::CertificateReadError>>,
    pin: Option<&[u8; 32]>,
    now: OffsetDateTime,
    elapsed: Duration,
) -> Check {
    let name = endpoint.target.steps().tls;
    let version = match version {
        Some(ProtocolVersion::TLSv1_3) => "TLS 1.3",
        Some(ProtocolVersion::TLSv1_2) => "TLS 1.2",
        _ => "TLS",
    };
    let facts = match leaf {
        Some(Ok(facts)) => facts,
        Some(Err(error)) => {
            return Check::warn(
                name,
                format!("{version}, certificate chain trusted, but the certificate could not be read: {error}"),
                format!("The connection is secure, but its expiry cannot be checked; tell {}.", endpoint.operator),
                elapsed,
            )
        }
        None => {
            return Check::pass(
                name,
                format!("{version}, certificate chain trusted"),
                elapsed,
            )
        }
    };
    let left = facts.not_after - now;
    let mut detail = format!(
        "{version}, certificate for {} issued by {}, chain trusted, valid until {} ({} left)",
        facts.subject,
        facts.issuer,
        day(facts.not_after),
        human_duration(left.try_into().unwrap_or_default()),
    );
    let mut status = classify_expiry(facts.not_after, now);
    let mut fix = match status {
        Status::Pass => None,
        _ => Some(format!(
            "The certificate expires on {}: {} must renew it before then, or connections will fail.",
            day(facts.not_after),
            endpoint.operator
        )),
    };
    if let Some(pin) = pin {
        if &facts.spki_sha256 == pin {
            detail.push_str("; public key matches intake.spki_pin");
        } else {
            detail.push_str(&format!(
                "; its public key {} does not match intake.spki_pin",
                facts.spki_pin()
            ));
            status = Status::Fail;
            fix = Some(format!(
                "The intake presents a different key than the profile pins. Ask {} for a current \
                 profile; on a company network, a proxy that inspects HTTPS can also cause this.",
                endpoint.operator
            ));
        }
    }
    Check::new(name, status, detail, fix, elapsed)
}

/// Detail and fix of a certificate rustls rejected.
fn describe_rejection(
    endpoint: &Endpoint,
    reason: &CertificateError,
    facts: Option<&CertificateFacts>,
    now: OffsetDateTime,
) -> (String, String) {
    let host = &endpoint.host;
    let operator = &endpoint.operator;
    let subject = facts.map_or_else(|| host.clone(), |facts| facts.subject.clone());
    match reason {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            let when = facts.map_or_else(String::new, |facts| {
                let ago = (now - facts.not_after).try_into().unwrap_or_default();
                format!(" on {} ({} ago)", day(facts.not_after), human_duration(ago))
            });
            (
                format!("the certificate for {subject} expired{when}"),
                format!(
                    "If this computer's date is right (see the clock check), {operator} must renew \
                     the certificate. If the date is wrong, correct the system clock."
                ),
            )
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            let when = facts.map_or_else(String::new, |facts| {
                format!(" (it is valid from {})", day(facts.not_before))
            });
            (
                format!("the certificate for {subject} is not valid yet{when}"),
                "This computer's clock is probably wrong: set the correct date and time (turn on \
                 automatic time), then run the doctor again."
                    .to_owned(),
            )
        }
        CertificateError::UnknownIssuer => {
            let issuer = facts.map_or_else(String::new, |facts| {
                format!(" (issued by {})", facts.issuer)
            });
            (
                format!("the certificate chain of {host} is not trusted by this computer{issuer}"),
                format!(
                    "On a company network, a proxy or security software that inspects HTTPS may be \
                     presenting its own certificate: ask IT to add its root certificate to the \
                     system's trusted certificates. Otherwise contact {operator}."
                ),
            )
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => (
            format!("the certificate presented ({subject}) is not valid for {host}"),
            format!(
                "Check `{}` in the profile. If it is right, something on the network answers in \
                 {host}'s place (proxy, captive portal), or {operator} has a misconfigured \
                 certificate.",
                endpoint.target.profile_key()
            ),
        ),
        CertificateError::Revoked => (
            format!("the certificate for {subject} has been revoked"),
            format!("Contact {operator}: the server must get a new certificate."),
        ),
        other => (
            format!("the certificate for {subject} was rejected: {other:?}"),
            format!(
                "Contact {operator}; on a company network, a proxy that inspects HTTPS can also \
                 cause this."
            ),
        ),
    }
}

/// Detail and fix of a handshake that failed for a reason other than the certificate.
fn handshake_failure(endpoint: &Endpoint, reason: &str) -> (String, String) {
    (
        format!(
            "TLS handshake with {} failed: {reason}",
            endpoint.authority()
        ),
        format!(
            "{} may not speak TLS on port {}, or a proxy or firewall interferes. Check `{}` in the \
             profile; if it is right, contact {}.",
            endpoint.host,
            endpoint.port,
            endpoint.target.profile_key(),
            endpoint.operator
        ),
    )
}

#[cfg(test)]
mod tests {
    use url::Url;

    use super::*;
    use crate::target::Target;

    fn endpoint(url: &str) -> Endpoint {
        Endpoint::new(Target::Intake, &Url::parse(url).unwrap(), "Acme".into()).unwrap()
    }

    #[test]
    fn plain_http_passes_on_loopback_only() {
        let outcome = plain_http(&endpoint("http://localhost:8080/v1"));
        assert_eq!(outcome.check.status, Status::Pass);
        assert!(outcome.session_ok);
        let outcome = plain_http(&endpoint("http://intake.example/v1"));
        assert_eq!(outcome.check.status, Status::Fail);
        assert!(!outcome.session_ok);
        assert!(outcome.check.fix.unwrap().contains("https://"));
    }
}
