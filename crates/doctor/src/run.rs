//! The doctor run: the profile first, then the three endpoints, the keyring and the outbox side by
//! side, then the clock from the servers' `Date` headers.

use rc_onboard_core::Profile;

use crate::check::{self, planned_checks, Check, CheckName, DoctorReport};
use crate::clock::check_clock;
use crate::endpoint::{check_endpoint, EndpointResult, NetContext};
use crate::http::build_client;
use crate::inputs::DoctorInputs;
use crate::keyring::check_keyring;
use crate::outbox::check_outbox;
use crate::profile::{check_profile, provider_contact};
use crate::target::Target;
use crate::tls::TrustRoots;

/// Who runs the RingCentral server and console, for fix hints.
const RINGCENTRAL_OPERATOR: &str = "RingCentral support";

/// Runs every check. `progress` is called with each line as soon as it is known (lines of
/// different endpoints interleave); the report lists them in [`planned_checks`] order. Every
/// network step is bounded by [`crate::DoctorOptions::network_timeout`], so a hung server gives a
/// failed line, not a hang.
pub async fn run(inputs: DoctorInputs, progress: impl Fn(&Check) + Sync) -> DoctorReport {
    let progress: &(dyn Fn(&Check) + Sync) = &progress;
    let DoctorInputs {
        profile,
        keyring,
        outbox,
        options,
    } = inputs;

    let profile_check = check_profile(&profile);
    progress(&profile_check);

    let network = async {
        match &profile {
            Ok(profile) => check_network(profile, &options, progress).await,
            Err(_) => {
                let skipped: Vec<Check> = network_names()
                    .map(|name| Check::skip(name, "skipped: the profile could not be used"))
                    .collect();
                skipped.iter().for_each(progress);
                skipped
            }
        }
    };
    let keyring = async {
        let check = check_keyring(&keyring, options.keyring_timeout).await;
        progress(&check);
        check
    };
    let outbox = async {
        let check = check_outbox(&outbox).await;
        progress(&check);
        check
    };
    let (network, keyring, outbox) = tokio::join!(network, keyring, outbox);

    let mut checks = Vec::with_capacity(planned_checks().len());
    checks.push(profile_check);
    checks.extend(network);
    checks.push(keyring);
    checks.push(outbox);
    checks.sort_by_key(|check| {
        planned_checks()
            .iter()
            .position(|name| name.id == check.id)
            .unwrap_or(usize::MAX)
    });
    DoctorReport { checks }
}

/// The endpoint lines and the clock line.
async fn check_network(
    profile: &Profile,
    options: &crate::DoctorOptions,
    progress: &(dyn Fn(&Check) + Sync),
) -> Vec<Check> {
    let timeout = options.network_timeout;
    let extra = options.extra_root_certificates.clone();
    // Reading the platform's certificate store is file I/O: keep it off the async executor.
    let setup = tokio::task::spawn_blocking(move || {
        (TrustRoots::load(&extra), build_client(timeout, &extra))
    })
    .await;
    let (trust, http) = match setup {
        Ok(parts) => parts,
        Err(join_error) => {
            let problem = format!("the TLS and HTTP client setup ended abnormally: {join_error}");
            (Err(problem.clone()), Err(problem))
        }
    };
    let context = NetContext {
        timeout,
        trust,
        http,
        intake_pin: profile.intake.spki_pin,
    };
    let provider = provider_contact(profile);
    let (ringcentral, console, intake) = tokio::join!(
        check_endpoint(
            Target::RingCentral,
            &profile.ringcentral.server,
            RINGCENTRAL_OPERATOR.to_owned(),
            &context,
            progress,
        ),
        check_endpoint(
            Target::Console,
            &profile.ringcentral.console,
            RINGCENTRAL_OPERATOR.to_owned(),
            &context,
            progress,
        ),
        check_endpoint(
            Target::Intake,
            &profile.intake.url,
            provider,
            &context,
            progress
        ),
    );
    // The RingCentral server's clock matters most (token expiry); fall back to the others'.
    let clock = check_clock(&[
        ringcentral.date.clone(),
        intake.date.clone(),
        console.date.clone(),
    ]);
    progress(&clock);
    let mut checks: Vec<Check> = [ringcentral, console, intake]
        .into_iter()
        .flat_map(|EndpointResult { checks, .. }| checks)
        .collect();
    checks.push(clock);
    checks
}

/// The names of the lines that need the profile's URLs.
fn network_names() -> impl Iterator<Item = CheckName> {
    planned_checks()
        .iter()
        .copied()
        .filter(|name| ![check::PROFILE, check::KEYRING, check::OUTBOX].contains(name))
}
