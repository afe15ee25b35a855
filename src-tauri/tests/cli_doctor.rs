//! `rc-onboard doctor` end to end: the real binary against the simulator and the reference intake
//! on 127.0.0.1, with the real OS keyring (the test session's gnome-keyring).

mod common;

use std::net::TcpListener;

use common::cli::Cli;
use common::profile::{write_text, ProfileSpec};
use common::servers::{start_simulator, Intake};
use serde_json::Value;

/// The profile's TOML with the console also on the simulator, so nothing leaves the machine.
fn local_profile(spec: &ProfileSpec) -> String {
    spec.to_toml().replace(
        "[ringcentral]\n",
        &format!("[ringcentral]\nconsole = \"{}\"\n", spec.server),
    )
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no check {id} in {report}"))
}

#[test]
fn a_healthy_setup_passes_every_check() {
    let sim = start_simulator();
    let intake = Intake::start();
    let dir = tempfile::tempdir().unwrap();
    let spec = ProfileSpec::demo(&sim.base_url(), &intake);
    let profile = write_text(dir.path(), "acme.toml", &local_profile(&spec));
    let cli = Cli::new(&profile, &dir.path().join("data"));

    let output = cli.run(&["doctor", "--json"]);
    output.assert_exit(0);
    let report = output.json();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["checks"].as_array().unwrap().len(), 16);
    for id in [
        "profile",
        "ringcentral.http",
        "console.http",
        "intake.http",
        "keyring",
        "outbox",
    ] {
        assert_eq!(check(&report, id)["status"], "pass", "{id}: {report}");
    }
    let tls = check(&report, "intake.tls");
    assert!(
        tls["detail"].as_str().unwrap().contains("loopback"),
        "{tls}"
    );

    let human = cli.run(&["doctor"]);
    human.assert_exit(0);
    assert!(
        human.stdout_text().contains("PASS"),
        "{}",
        human.stdout_text()
    );
}

#[test]
fn an_unreachable_intake_fails_with_a_fix_hint() {
    let sim = start_simulator();
    let intake = Intake::start();
    // A port nobody listens on.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let mut spec = ProfileSpec::demo(&sim.base_url(), &intake);
    spec.intake_url = format!("http://127.0.0.1:{closed}/v1/submissions");
    let profile = write_text(dir.path(), "acme.toml", &local_profile(&spec));
    let cli = Cli::new(&profile, &dir.path().join("data"));

    let output = cli.run(&["doctor", "--json"]);
    output.assert_exit(1);
    let report = output.json();
    assert_eq!(report["ok"], false);
    let tcp = check(&report, "intake.tcp");
    assert_eq!(tcp["status"], "fail", "{tcp}");
    assert!(
        tcp["fix"].as_str().is_some_and(|fix| !fix.is_empty()),
        "{tcp}"
    );
    assert_eq!(check(&report, "intake.http")["status"], "skip");
    assert_eq!(check(&report, "ringcentral.http")["status"], "pass");
}

#[test]
fn a_broken_profile_is_a_failed_check_and_no_profile_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let profile = write_text(dir.path(), "broken.toml", "[provider]\nname = \"Acme\"\n");
    let cli = Cli::new(&profile, &dir.path().join("data"));
    let output = cli.run(&["doctor", "--json"]);
    output.assert_exit(1);
    let report = output.json();
    assert_eq!(check(&report, "profile")["status"], "fail");
    assert_eq!(check(&report, "ringcentral.dns")["status"], "skip");

    let mut without = cli.clone();
    without.profile = None;
    without.run(&["doctor"]).assert_exit(2);
}
