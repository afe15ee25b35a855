//! Errors of starting the simulator.

use std::net::SocketAddr;

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The simulator only ever listens on a loopback address.
    #[error("refusing to listen on {0}: the simulator binds to 127.0.0.1 only")]
    NotLoopback(SocketAddr),
    /// The listening socket could not be opened.
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    /// The RSA signing key could not be generated.
    #[error("could not generate the RSA signing key: {0}")]
    KeyGeneration(#[source] rsa::Error),
    /// The key generation task failed.
    #[error("the key generation task failed: {0}")]
    KeyTask(#[source] tokio::task::JoinError),
}
