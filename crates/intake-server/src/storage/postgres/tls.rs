//! TLS to PostgreSQL: plain on loopback and unix sockets unless the URL asks for
//! `sslmode=require`; rustls (ring provider, the system's trust roots, certificate and host name
//! verified) to any other host, where a server that refuses TLS is an error rather than a
//! silent fallback to plain text.

use std::net::IpAddr;
use std::sync::Arc;

use tokio_postgres::config::{Host, SslMode};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::store::StoreError;

/// How to connect.
pub enum Transport {
    /// No TLS: the database is on this machine.
    Plain,
    /// rustls.
    Tls(MakeRustlsConnect),
}

/// Chooses the transport for `config`, and makes TLS mandatory (`sslmode=require`) when it is
/// chosen.
pub fn choose(config: &mut tokio_postgres::Config) -> Result<Transport, StoreError> {
    let wants_tls = match config.get_ssl_mode() {
        SslMode::Disable => false,
        SslMode::Require => true,
        _ => !config.get_hosts().iter().all(is_local),
    };
    if !wants_tls {
        config.ssl_mode(SslMode::Disable);
        return Ok(Transport::Plain);
    }
    config.ssl_mode(SslMode::Require);
    Ok(Transport::Tls(MakeRustlsConnect::new(client_config()?)))
}

fn is_local(host: &Host) -> bool {
    match host {
        #[cfg(unix)]
        Host::Unix(_) => true,
        Host::Tcp(name) => {
            name.eq_ignore_ascii_case("localhost")
                || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
    }
}

fn client_config() -> Result<rustls::ClientConfig, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for cert in native.certs {
        // A certificate the system store holds but rustls cannot parse is skipped, as
        // browsers and curl do.
        let _ = roots.add(cert);
    }
    if roots.is_empty() {
        return Err(StoreError::Config(
            "no trusted root certificates found for TLS to the database".to_owned(),
        ));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Config(format!("TLS setup failed: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}
