//! Real servers on 127.0.0.1 for the doctor's tests: a plain HTTP/1.1 responder with a chosen
//! `Date` offset, a server that accepts and never answers, a closed port, and an HTTPS responder
//! with a certificate from the test PKI (`rc_onboard_testkit::TestPki`).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use rc_onboard_core::Profile;
use rc_onboard_delivery::{MemoryStore, Outbox, SharedSecretStore};
use rc_onboard_doctor::{run, Check, DoctorInputs, DoctorOptions, DoctorReport};
use rc_onboard_testkit::{LeafSpec, TestPki};
use time::OffsetDateTime;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use url::Url;

/// Which way the served `Date` differs from the real time.
#[derive(Debug, Clone, Copy)]
pub enum Skew {
    None,
    Behind(Duration),
    Ahead(Duration),
}

impl Skew {
    fn apply(self, now: SystemTime) -> SystemTime {
        match self {
            Skew::None => now,
            Skew::Behind(by) => now - by,
            Skew::Ahead(by) => now + by,
        }
    }
}

/// A listening test server; stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    pub fn url(&self, scheme: &str, path: &str) -> Url {
        Url::parse(&format!("{scheme}://{}{path}", self.addr)).unwrap()
    }

    /// `http://localhost:<port>/…`, to go through name resolution.
    pub fn localhost_url(&self, path: &str) -> Url {
        Url::parse(&format!("http://localhost:{}{path}", self.addr.port())).unwrap()
    }
}

async fn answer<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, status: &str, skew: Skew) {
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let date = httpdate::fmt_http_date(skew.apply(SystemTime::now()));
    let response = format!(
        "HTTP/1.1 {status}\r\nDate: {date}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Answers every request with 404 and a `Date` shifted by `skew`.
pub async fn http_server(skew: Skew) -> Server {
    http_server_answering("404 Not Found", skew).await
}

/// Answers every request with `status` (e.g. `503 Service Unavailable`).
pub async fn http_server_answering(status: &'static str, skew: Skew) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream, status, skew));
        }
    });
    Server { addr, task }
}

/// Accepts connections and never reads or writes.
pub async fn silent_server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let mut held: Vec<TcpStream> = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    Server { addr, task }
}

/// A loopback port nothing listens on.
pub async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

/// A leaf for 127.0.0.1 valid from `not_before` to `not_after`.
pub fn test_pki(not_before: OffsetDateTime, not_after: OffsetDateTime) -> TestPki {
    test_pki_for("127.0.0.1", not_before, not_after)
}

/// A leaf for `subject_alt_name` valid from `not_before` to `not_after`.
pub fn test_pki_for(
    subject_alt_name: &str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> TestPki {
    LeafSpec::loopback()
        .for_name(subject_alt_name)
        .valid(not_before, not_after)
        .issue()
        .unwrap()
}

/// Serves HTTPS with `pki`'s leaf, answering like [`http_server`].
pub async fn https_server(pki: &TestPki) -> Server {
    let acceptor = pki.acceptor().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(stream).await {
                    answer(tls, "404 Not Found", Skew::None).await;
                }
            });
        }
    });
    Server { addr, task }
}

/// A valid profile whose three endpoints are the given URLs.
pub fn profile(server: Url, console: Url, intake: Url) -> Profile {
    let mut profile = Profile::demo(server, intake, [7u8; 32], "test-key");
    profile.ringcentral.console = console;
    profile
}

/// Options with a short network limit and `extra_roots` trusted.
pub fn options(network_timeout: Duration, extra_roots: Vec<Vec<u8>>) -> DoctorOptions {
    DoctorOptions {
        network_timeout,
        extra_root_certificates: extra_roots,
        ..DoctorOptions::default()
    }
}

/// A working in-memory keyring.
pub fn keyring() -> SharedSecretStore {
    Arc::new(MemoryStore::new())
}

/// Runs the doctor, collecting the ids passed to `progress` in call order.
pub async fn run_doctor(inputs: DoctorInputs) -> (DoctorReport, Vec<&'static str>) {
    let seen = Mutex::new(Vec::new());
    let report = run(inputs, |check: &Check| seen.lock().unwrap().push(check.id)).await;
    (report, seen.into_inner().unwrap())
}

/// Inputs over `profile` with a fresh outbox in `data_dir`.
pub fn inputs(
    profile: Profile,
    data_dir: &std::path::Path,
    options: DoctorOptions,
) -> DoctorInputs {
    DoctorInputs {
        options,
        ..DoctorInputs::new(Ok(profile), keyring(), Outbox::open(data_dir))
    }
}
