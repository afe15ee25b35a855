//! Hostile or tampered provider profiles through `rc-onboard check`: RingCentral hosts that are not
//! RingCentral's (homoglyphs, look-alike suffixes, userinfo tricks), a client secret read from an
//! unrelated variable (`AWS_SECRET_ACCESS_KEY`), support addresses that smuggle mailto fields, very
//! long values and NUL. Each ends with exit 2 and a message naming the key, and no request is
//! made: a loopback listener that counts connections stands in for every server and proxy.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::cli::Cli;
use common::jwt::crafted_jwt;
use common::profile::write_text;

/// A loopback listener that counts the connections it accepts (and answers none).
struct CountingListener {
    port: u16,
    connections: Arc<AtomicUsize>,
}

impl CountingListener {
    fn start() -> CountingListener {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                counter.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut stream) = stream {
                    let mut buffer = [0u8; 1024];
                    let _ = stream.read(&mut buffer);
                }
            }
        });
        CountingListener { port, connections }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// A profile whose `[ringcentral]` section is `ringcentral` and whose support address is `email`.
fn profile_text(ringcentral: &str, email: &str, intake: &str) -> String {
    format!(
        "[provider]\nname = \"Acme\"\nsupport_email = \"{email}\"\n\n[ringcentral]\n{ringcentral}\n\
         client_id = \"hostile-app\"\n\n[intake]\nurl = \"{intake}/v1/submissions\"\nkey_id = \"k\"\n\
         public_key = \"{key}\"\n",
        key = "A".repeat(43)
    )
}

#[test]
fn hostile_profiles_are_refused_before_any_request() {
    let listener = CountingListener::start();
    let origin = listener.origin();
    let secret = "client_secret = \"hostile-app-secret\"";
    let long_host = format!("https://{}.ringcentral.com", "a".repeat(5000));
    let cases: Vec<(String, &str, &str)> = vec![
        (
            format!("server = \"https://platform.ringcentraI.com\"\n{secret}"),
            "help@acme.example",
            "ringcentral.server",
        ),
        (
            format!("server = \"https://platform.ringcentral.com.evil.example\"\n{secret}"),
            "help@acme.example",
            "ringcentral.server",
        ),
        (
            format!("server = \"https://platform.ringcentral.com@evil.example\"\n{secret}"),
            "help@acme.example",
            "ringcentral.server",
        ),
        (
            format!("server = \"https://рlatform.ringcentral.com\"\n{secret}"),
            "help@acme.example",
            "ringcentral.server",
        ),
        (
            format!("server = \"{long_host}\"\n{secret}"),
            "help@acme.example",
            "ringcentral.server",
        ),
        (
            format!("server = \"https://platform.ringcentral.com\\u0000.evil.example\"\n{secret}"),
            "help@acme.example",
            "ringcentral.server",
        ),
        (
            format!(
                "server = \"https://platform.ringcentral.com\"\nconsole = \"https://developers.ringcentral.com.evil.example\"\n{secret}"
            ),
            "help@acme.example",
            "ringcentral.console",
        ),
        (
            format!("server = \"{origin}\"\nclient_secret_env = \"AWS_SECRET_ACCESS_KEY\""),
            "help@acme.example",
            "ringcentral.client_secret_env",
        ),
        (
            format!("server = \"{origin}\"\n{secret}"),
            "help@acme.example?attach=/home/user/.ssh/id_rsa",
            "provider.support_email",
        ),
        (
            format!("server = \"{origin}\"\n{secret}"),
            "help@acme.example&body=hello",
            "provider.support_email",
        ),
    ];
    let jwt = crafted_jwt("https://platform.ringcentral.com");
    for (index, (ringcentral, email, key)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let profile = write_text(
            dir.path(),
            &format!("hostile-{index}.toml"),
            &profile_text(ringcentral, email, &origin),
        );
        let jwt_file = write_text(dir.path(), "jwt.txt", &jwt);
        let mut cli = Cli::new(&profile, &dir.path().join("data"))
            .with_env("AWS_SECRET_ACCESS_KEY", "aws-secret-never-sent");
        // Any request to a non-loopback host would reach the counting listener as a proxy.
        for proxy in [
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
        ] {
            cli = cli.with_env(proxy, &origin);
        }
        let mut command = cli.command(&["check", "--jwt-file", jwt_file.to_str().unwrap()]);
        command.env_remove("NO_PROXY").env_remove("no_proxy");
        let output = common::cli::run_command(command, None);
        let stderr = output.stderr_text();
        assert_eq!(output.code, Some(2), "{key} (case {index}): {stderr}");
        assert!(stderr.contains(key), "{key} (case {index}): {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("aws-secret-never-sent"), "{stderr}");
        assert!(stderr.len() < 4000, "case {index} echoed a long value");
        assert_eq!(listener.count(), 0, "case {index} ({key}) made a request");
    }
}
