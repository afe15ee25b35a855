//! What the `demo` cargo feature changes in the real binary: with it, `--demo` is an option like
//! any other; without it (`cargo test -p rc-onboard --no-default-features`), asking for the demo,
//! with `--demo` or by opening the window without `--profile`, ends with exit code 2 and a plain
//! sentence before any window starts. Nothing here opens a window.

mod common;

use common::cli::Cli;

/// A run with its own data folder and no profile.
fn without_profile(data: &tempfile::TempDir) -> Cli {
    Cli {
        profile: None,
        data_dir: data.path().to_owned(),
        env: Vec::new(),
    }
}

#[cfg(not(feature = "demo"))]
fn assert_no_demo(output: &common::cli::Output) {
    output.assert_exit(2);
    let stderr = output.stderr_text();
    assert!(
        stderr.contains("this build of rc-onboard has no built-in demo")
            && stderr.contains("--profile FILE"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "{}", output.stdout_text());
}

#[cfg(feature = "demo")]
#[test]
fn demo_option_is_accepted_and_documented() {
    let data = tempfile::tempdir().unwrap();
    let cli = without_profile(&data);
    let output = cli.run(&["outbox", "list", "--demo"]);
    output.assert_exit(0);
    assert!(cli.run(&["--help"]).stdout_text().contains("--demo"));
}

#[cfg(not(feature = "demo"))]
#[test]
fn demo_option_is_refused_plainly() {
    let data = tempfile::tempdir().unwrap();
    let cli = without_profile(&data);
    assert_no_demo(&cli.run(&["--demo"]));
    assert_no_demo(&cli.run(&["outbox", "list", "--demo"]));
    let with_profile = cli.with_profile(&data.path().join("acme.toml"));
    assert_no_demo(&with_profile.run(&["--demo"]));
}

#[cfg(not(feature = "demo"))]
#[test]
fn the_window_needs_a_profile() {
    let data = tempfile::tempdir().unwrap();
    // A display is named (the no-display check comes first); the refusal comes before any
    // connection to it.
    let mut cli = without_profile(&data);
    cli.env
        .push(("DISPLAY".to_owned(), ":rc-onboard-none".to_owned()));
    assert_no_demo(&cli.run(&[]));
}

#[cfg(not(feature = "demo"))]
#[test]
fn help_offers_no_demo() {
    let data = tempfile::tempdir().unwrap();
    let output = without_profile(&data).run(&["--help"]);
    output.assert_exit(0);
    let help = output.stdout_text();
    assert!(!help.contains("--demo"), "{help}");
    assert!(!help.contains("built-in demo"), "{help}");
    assert!(help.contains("--profile"), "{help}");
}
