//! The HTTP step of an endpoint: one GET through reqwest (the client rc-onboard itself uses), timed.
//! Any HTTP answer means the server is reachable — RingCentral answers `/` with 404, an intake
//! answers GET with 405. The answer's `Date` header feeds the clock check.

use std::time::{Duration, Instant, SystemTime};

use rc_onboard_core::error_chain::format_error_chain;

use crate::check::Check;
use crate::target::Endpoint;

/// The time a server reported, and this computer's time when the answer arrived.
#[derive(Debug, Clone)]
pub(crate) struct ServerDate {
    pub host: String,
    pub server_time: SystemTime,
    pub local_time: SystemTime,
}

/// The HTTP client of the doctor: rustls with the platform and Mozilla roots plus `extra_der`,
/// TLS 1.2 or later, no redirects, the doctor's timeout.
pub(crate) fn build_client(
    timeout: Duration,
    extra_der: &[Vec<u8>],
) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .min_tls_version(reqwest::tls::Version::TLS_1_2)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .timeout(timeout)
        .user_agent(concat!("rc-onboard-doctor/", env!("CARGO_PKG_VERSION")));
    for der in extra_der {
        let certificate = reqwest::Certificate::from_der(der)
            .map_err(|error| format!("an extra trusted certificate is unusable: {error}"))?;
        builder = builder.add_root_certificate(certificate);
    }
    builder.build().map_err(|error| {
        format!(
            "the HTTP client cannot be set up: {}",
            format_error_chain(&error)
        )
    })
}

/// GETs the endpoint's URL; the server's `Date` when it answered with one.
pub(crate) async fn check_http(
    endpoint: &Endpoint,
    client: &Result<reqwest::Client, String>,
    timeout: Duration,
) -> (Check, Option<ServerDate>) {
    let name = endpoint.target.steps().http;
    let started = Instant::now();
    let client = match client {
        Ok(client) => client,
        Err(problem) => {
            let fix = "This is a problem of rc-onboard itself; report it with this output.";
            return (
                Check::fail(name, problem.clone(), fix, Duration::ZERO),
                None,
            );
        }
    };
    let url = &endpoint.url;
    let request = client.get(url.clone()).send();
    let outcome = tokio::time::timeout(timeout, request).await;
    let elapsed = started.elapsed();
    let local_time = SystemTime::now();
    let timed_out = || {
        let detail = format!("no HTTP answer from {url} within {} s", timeout.as_secs());
        let fix = format!(
            "The server accepted the connection but did not answer: it may be overloaded, or a proxy \
             or firewall holds the connection. Try again later; if it persists, contact {}.",
            endpoint.operator
        );
        Check::fail(name, detail, fix, elapsed)
    };
    match outcome {
        Ok(Ok(response)) => {
            let status = response.status();
            let server_date = response
                .headers()
                .get(reqwest::header::DATE)
                .and_then(|value| value.to_str().ok())
                .and_then(|text| httpdate::parse_http_date(text).ok())
                .map(|server_time| ServerDate {
                    host: endpoint.host.clone(),
                    server_time,
                    local_time,
                });
            let detail = format!("GET {url} → HTTP {status}");
            let check = if status.is_server_error() {
                let fix = format!(
                    "The server is reachable but reports an error of its own. Try again later; if it \
                     persists, contact {}.",
                    endpoint.operator
                );
                Check::warn(name, detail, fix, elapsed)
            } else {
                Check::pass(name, format!("{detail} (the server answers)"), elapsed)
            };
            (check, server_date)
        }
        Ok(Err(error)) if error.is_timeout() => (timed_out(), None),
        Ok(Err(error)) => {
            let detail = format!("GET {url} failed: {}", format_error_chain(&error));
            let fix = format!(
                "Check the lines above for where the connection breaks. If they pass, a proxy may be \
                 required or interfering on this network; ask IT, or contact {}.",
                endpoint.operator
            );
            (Check::fail(name, detail, fix, elapsed), None)
        }
        Err(_) => (timed_out(), None),
    }
}
