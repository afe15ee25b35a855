//! Running the real `rc-onboard` binary with `--profile` and `--data-dir`, capturing its exit code,
//! stdout and stderr, with a deadline so a hung process fails the test instead of hanging it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

/// The binary under test.
pub const BINARY: &str = env!("CARGO_BIN_EXE_rc-onboard");

/// Longest one run may take (`send` alone tries for about 20 seconds before it queues).
pub const RUN_DEADLINE: Duration = Duration::from_secs(90);

/// How to invoke the binary: profile, data folder and extra environment.
#[derive(Clone, Debug)]
pub struct Cli {
    pub profile: Option<PathBuf>,
    pub data_dir: PathBuf,
    pub env: Vec<(String, String)>,
}

impl Cli {
    pub fn new(profile: &Path, data_dir: &Path) -> Cli {
        Cli {
            profile: Some(profile.to_owned()),
            data_dir: data_dir.to_owned(),
            env: Vec::new(),
        }
    }

    /// The same invocation with another profile.
    pub fn with_profile(&self, profile: &Path) -> Cli {
        Cli {
            profile: Some(profile.to_owned()),
            ..self.clone()
        }
    }

    /// The same invocation with `name=value` in the environment.
    pub fn with_env(&self, name: &str, value: &str) -> Cli {
        let mut cli = self.clone();
        cli.env.push((name.to_owned(), value.to_owned()));
        cli
    }

    /// `rc-onboard ARGS --profile P --data-dir D`, in a clean environment for rc-onboard's own
    /// variables.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BINARY);
        command.args(args);
        if let Some(profile) = &self.profile {
            command.arg("--profile").arg(profile);
        }
        command.arg("--data-dir").arg(&self.data_dir);
        for name in ["RC_ONBOARD_CODE", "RC_ONBOARD_DATA_DIR", "RC_ONBOARD_LOG"] {
            command.env_remove(name);
        }
        for (name, value) in &self.env {
            command.env(name, value);
        }
        command
    }

    /// Runs to completion with no standard input.
    pub fn run(&self, args: &[&str]) -> Output {
        run_command(self.command(args), None)
    }

    /// Runs to completion with `input` on standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        run_command(self.command(args), Some(input))
    }

    /// Starts the process with stdout and stderr captured; finish it with [`finish`].
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

/// Runs `command` to completion, feeding `stdin` when given.
pub fn run_command(mut command: Command, stdin: Option<&[u8]>) -> Output {
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        // Written from a thread of its own so a process that does not read cannot block the test.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    finish(child)
}

/// Waits for `child` (up to [`RUN_DEADLINE`]) and collects what it printed.
pub fn finish(child: Child) -> Output {
    let pid = child.id();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(child.wait_with_output());
    });
    match receiver.recv_timeout(RUN_DEADLINE) {
        Ok(output) => {
            let output = output.unwrap();
            Output {
                code: output.status.code(),
                stdout: output.stdout,
                stderr: output.stderr,
            }
        }
        Err(_) => {
            // Ends only the process this test started, by its id.
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("rc-onboard (pid {pid}) did not finish within {RUN_DEADLINE:?}");
        }
    }
}

/// What one run printed and how it ended.
#[derive(Clone, Debug)]
pub struct Output {
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Output {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// Asserts the exit code, showing what was printed when it differs.
    pub fn assert_exit(&self, expected: i32) -> &Output {
        assert_eq!(
            self.code,
            Some(expected),
            "unexpected exit code\nstdout: {}\nstderr: {}",
            self.stdout_text(),
            self.stderr_text()
        );
        self
    }

    /// The `--json` result: stdout must be exactly one JSON object on one line.
    pub fn json(&self) -> Value {
        let text = self.stdout_text();
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines.len(),
            1,
            "expected exactly one line of JSON on stdout, got: {text:?}\nstderr: {}",
            self.stderr_text()
        );
        let value: Value = serde_json::from_str(lines[0])
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {text:?}"));
        assert!(value.is_object(), "stdout is not a JSON object: {text:?}");
        value
    }
}
