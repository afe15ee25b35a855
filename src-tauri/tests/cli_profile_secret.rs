//! `rc-onboard profile store-secret|delete-secret`: the client secret kept in the real OS keyring
//! (the test session's gnome-keyring) instead of the profile, and used by `check`.

mod common;

use common::cli::Cli;
use common::profile::{write_text, ProfileSpec};
use common::servers::{credential_for, start_simulator, Intake};
use rc_onboard_simulator::demo;

#[test]
fn a_secret_stored_in_the_keyring_is_used_and_deleting_it_is_noticed() {
    let sim = start_simulator();
    let intake = Intake::start();
    let dir = tempfile::tempdir().unwrap();
    let spec = ProfileSpec::demo(&sim.base_url(), &intake);
    let without_secret: String = spec
        .to_toml()
        .lines()
        .filter(|line| !line.starts_with("client_secret"))
        .map(|line| format!("{line}\n"))
        .collect();
    let profile = write_text(dir.path(), "acme.toml", &without_secret);
    let jwt = write_text(
        dir.path(),
        "jwt.txt",
        &credential_for(&sim, demo::PROVIDER_CLIENT_ID),
    );
    let jwt = jwt.to_str().unwrap();
    let cli = Cli::new(&profile, &dir.path().join("data"));

    cli.run(&["profile", "delete-secret"]).assert_exit(0);
    let output = cli.run(&["check", "--jwt-file", jwt, "--json"]);
    output.assert_exit(1);
    assert_eq!(output.json()["error"]["kind"], "client_auth_failed");
    assert!(output.stdout_text().contains("store-secret"));

    let stored = cli.run_with_stdin(
        &["profile", "store-secret"],
        format!("{}\n", demo::PROVIDER_CLIENT_SECRET).as_bytes(),
    );
    stored.assert_exit(0);
    assert!(!stored.stdout_text().contains(demo::PROVIDER_CLIENT_SECRET));
    let output = cli.run(&["check", "--jwt-file", jwt, "--json"]);
    output.assert_exit(0);
    assert_eq!(output.json()["identity"]["name"], "Jane Cooper");

    cli.run(&["profile", "delete-secret"]).assert_exit(0);
    cli.run(&["check", "--jwt-file", jwt, "--json"])
        .assert_exit(1);
    cli.run_with_stdin(&["profile", "store-secret"], b"\n")
        .assert_exit(2);
}
