//! How `rc-onboard` starts, run as a CLI without a display: an `rc-onboard:` link must be the only
//! argument (anything next to it is refused before the command line is parsed), the window says
//! plainly that there is no display instead of panicking, and the onboarding code can come from
//! `--code-file` or `--code-stdin` so it need not stand on the command line.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use common::cli::{run_command, Cli, Output, BINARY};
use common::jwt::crafted_jwt;
use common::profile::write_text;

const CODE: &str = "LAUNCH-ARGS-CODE-7f3k2p9q";

/// The binary with `args` and no display, in a clean environment for rc-onboard's variables.
fn without_display(args: &[&str], data_dir: &Path) -> Output {
    let mut command = Command::new(BINARY);
    command
        .args(args)
        .env("RC_ONBOARD_DATA_DIR", data_dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RC_ONBOARD_CODE");
    run_command(command, None)
}

#[test]
fn a_link_with_other_arguments_is_refused_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["rc-onboard://start?code=A", "--profile", "/tmp/evil.toml"][..],
        &["--data-dir", "/tmp/elsewhere", "rc-onboard://start?code=A"],
        &["rc-onboard://start?code=A", "check", "--jwt-stdin"],
    ] {
        let output = without_display(args, dir.path());
        let stderr = output.stderr_text();
        assert_eq!(output.code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("must be the only argument"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn the_window_without_a_display_says_so_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&[][..], &["rc-onboard://start?code=A"]] {
        let output = without_display(args, dir.path());
        let stderr = output.stderr_text();
        assert_eq!(output.code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("no display"), "{stderr}");
        assert!(stderr.contains("rc-onboard check"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("backtrace"), "{stderr}");
    }
}

/// A profile whose RingCentral and intake are a closed loopback port: `send` fails with
/// `unavailable` after reading its inputs, and nothing leaves the machine.
fn closed_port_profile(dir: &Path) -> std::path::PathBuf {
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    write_text(
        dir,
        "closed.toml",
        &format!(
            "[provider]\nname = \"Acme\"\n\n[ringcentral]\nserver = \"http://127.0.0.1:{closed}\"\n\
             client_id = \"app\"\nclient_secret = \"app-secret\"\n\n[intake]\n\
             url = \"http://127.0.0.1:{closed}/v1/submissions\"\nkey_id = \"k\"\n\
             public_key = \"{key}\"\n",
            key = "A".repeat(43)
        ),
    )
}

#[test]
fn the_code_can_come_from_a_file_or_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(&closed_port_profile(dir.path()), &dir.path().join("data"));
    let jwt = write_text(
        dir.path(),
        "jwt.txt",
        &crafted_jwt("https://platform.ringcentral.com"),
    );
    let jwt = jwt.to_str().unwrap();
    let code_file = write_text(dir.path(), "code.txt", &format!("{CODE}\n"));
    let empty = write_text(dir.path(), "empty.txt", "\n");

    let needs_code = |output: &Output| {
        output.stderr_text().contains("needs the onboarding code")
            || output.stdout_text().contains("needs the onboarding code")
    };
    let leaked = |output: &Output| {
        output.stderr_text().contains(CODE) || output.stdout_text().contains(CODE)
    };

    // Without any code, send refuses: this is what the runs below must get past.
    let output = cli.run(&["send", "--jwt-file", jwt]);
    assert_eq!(output.code, Some(2));
    assert!(needs_code(&output), "{}", output.stderr_text());

    let output = cli.run(&[
        "send",
        "--jwt-file",
        jwt,
        "--code-file",
        code_file.to_str().unwrap(),
    ]);
    assert_ne!(output.code, Some(2), "{}", output.stderr_text());
    assert!(!needs_code(&output) && !leaked(&output));

    let output = cli.run_with_stdin(
        &["send", "--jwt-file", jwt, "--code-stdin"],
        CODE.as_bytes(),
    );
    assert_ne!(output.code, Some(2), "{}", output.stderr_text());
    assert!(!needs_code(&output) && !leaked(&output));

    let output = cli.run(&[
        "send",
        "--jwt-file",
        jwt,
        "--code-file",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(output.code, Some(2));
    assert!(output.stderr_text().contains("holds no onboarding code"));

    let output = cli.run(&[
        "send",
        "--jwt-file",
        jwt,
        "--code-file",
        "/nonexistent/code",
    ]);
    assert_eq!(output.code, Some(2));
    assert!(output
        .stderr_text()
        .contains("could not read the code file"));

    let output = cli.run_with_stdin(&["send", "--jwt-stdin", "--code-stdin"], CODE.as_bytes());
    assert_eq!(output.code, Some(2));
    assert!(output.stderr_text().contains("cannot share standard input"));

    let output = cli.run(&[
        "send",
        "--jwt-file",
        jwt,
        "--code",
        CODE,
        "--code-file",
        "x",
    ]);
    assert_eq!(output.code, Some(2));
}
