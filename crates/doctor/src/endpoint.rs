//! One endpoint's chain of network steps — DNS, TCP, TLS, HTTP — each skipped when the step it
//! needs failed.

use std::time::Duration;

use url::Url;

use crate::check::{Check, CheckName};
use crate::http::{check_http, ServerDate};
use crate::net::{connect, resolve};
use crate::target::{Endpoint, Target};
use crate::tls::{check_tls, plain_http, TrustRoots};

/// Shared by the three endpoints of one run.
pub(crate) struct NetContext {
    pub timeout: Duration,
    /// The TLS step's roots, or why they could not be loaded (fails every TLS step).
    pub trust: Result<TrustRoots, String>,
    pub http: Result<reqwest::Client, String>,
    /// `intake.spki_pin`, checked on the intake's certificate only.
    pub intake_pin: Option<[u8; 32]>,
}

/// The four lines of one endpoint and the `Date` its server sent.
pub(crate) struct EndpointResult {
    pub checks: Vec<Check>,
    pub date: Option<ServerDate>,
}

/// Runs the steps of `url`, reporting each line to `progress` as it is known.
pub(crate) async fn check_endpoint(
    target: Target,
    url: &Url,
    operator: String,
    context: &NetContext,
    progress: &(dyn Fn(&Check) + Sync),
) -> EndpointResult {
    let mut result = EndpointResult {
        checks: Vec::with_capacity(4),
        date: None,
    };
    let mut emit = |check: Check| {
        progress(&check);
        result.checks.push(check);
    };
    let steps = target.steps();
    let Some(endpoint) = Endpoint::new(target, url, operator) else {
        emit(Check::fail(
            steps.dns,
            format!("{url} has no host name or port to connect to"),
            format!("Correct `{}` in the profile.", target.profile_key()),
            Duration::ZERO,
        ));
        skip_rest(
            &mut emit,
            &[steps.tcp, steps.tls, steps.http],
            "no host to connect to",
        );
        return result;
    };

    let (check, addresses) = resolve(&endpoint, context.timeout).await;
    emit(check);
    let Some(addresses) = addresses else {
        let reason = format!("{} did not resolve", endpoint.host);
        skip_rest(&mut emit, &[steps.tcp, steps.tls, steps.http], &reason);
        return result;
    };

    let (check, stream) = connect(&endpoint, &addresses, context.timeout).await;
    emit(check);
    let Some(stream) = stream else {
        let reason = format!("no TCP connection to {}", endpoint.authority());
        skip_rest(&mut emit, &[steps.tls, steps.http], &reason);
        return result;
    };

    let tls = if endpoint.is_https() {
        let pin = match target {
            Target::Intake => context.intake_pin.as_ref(),
            Target::RingCentral | Target::Console => None,
        };
        check_tls(&endpoint, stream, &context.trust, pin, context.timeout).await
    } else {
        drop(stream);
        plain_http(&endpoint)
    };
    emit(tls.check);
    if !tls.session_ok {
        skip_rest(&mut emit, &[steps.http], "no secure connection");
        return result;
    }

    let (check, date) = check_http(&endpoint, &context.http, context.timeout).await;
    emit(check);
    result.date = date;
    result
}

fn skip_rest(emit: &mut impl FnMut(Check), names: &[CheckName], reason: &str) {
    for name in names {
        emit(Check::skip(*name, format!("skipped: {reason}")));
    }
}
