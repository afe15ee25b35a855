//! Running the `rc-intake` binary: one-shot commands, and `serve` as a real process that is
//! killed if a test fails before stopping it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

/// Runs `rc-intake ARGS` to completion.
pub fn rc_intake(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rc-intake"))
        .args(args)
        .output()
        .unwrap()
}

/// Its stdout, after asserting it succeeded.
pub fn stdout_of(output: &Output) -> String {
    assert!(
        output.status.success(),
        "rc-intake failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A running `rc-intake serve`; killed on drop. Its stderr is read all along by a thread (a
/// full pipe would stall the server's logging, and so its requests).
pub struct Server(pub Child, Option<std::thread::JoinHandle<String>>);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    /// Starts `rc-intake serve --listen 127.0.0.1:0 ARGS` and waits for its submissions URL.
    pub fn start(args: &[&str]) -> (Server, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rc-intake"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            use std::io::Read;
            let mut logs = String::new();
            let _ = stderr.read_to_string(&mut logs);
            logs
        });
        let mut server = Server(child, Some(reader));
        let mut first_line = String::new();
        BufReader::new(server.0.stdout.take().unwrap())
            .read_line(&mut first_line)
            .unwrap();
        let url = first_line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"))
            .to_owned();
        (server, url)
    }

    /// Sends a signal (`TERM`, `KILL`) to the process.
    pub fn signal(&self, name: &str) {
        let pid = self.0.id().to_string();
        assert!(Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .unwrap()
            .success());
    }

    /// Everything it wrote to stderr (call after it exited).
    pub fn stderr(&mut self) -> String {
        self.1.take().unwrap().join().unwrap()
    }
}

/// Runs `rc-intake keygen --out PATH --key-id KEY_ID` and returns the public key it printed.
pub fn keygen(path: &str, key_id: &str) -> rc_onboard_intake_protocol::PublicKey {
    let printed = stdout_of(&rc_intake(&["keygen", "--out", path, "--key-id", key_id]));
    let public = printed
        .lines()
        .find_map(|l| l.strip_prefix("public_key = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("no public_key in {printed:?}"));
    rc_onboard_intake_protocol::PublicKey::from_b64url(public).unwrap()
}
