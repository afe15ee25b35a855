//! The `rc-simulator` binary: prints its base URL and a ready-made JWT that the exchange accepts.

use std::process::Stdio;

use rc_onboard_simulator::{demo, JWT_BEARER_GRANT};
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::Command;

use crate::common::{http, Reply};

#[tokio::test]
async fn binary_prints_a_working_credential() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rc-simulator"))
        .args(["--listen", "127.0.0.1:0", "--latency-ms", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut server = None;
    let mut jwt = None;
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(rest) = line.strip_prefix("server        = ") {
            server = Some(rest.trim_matches('"').to_owned());
        }
        if line.starts_with("eyJ") {
            jwt = Some(line);
            break;
        }
    }
    let (server, jwt) = (server.unwrap(), jwt.unwrap());
    assert!(server.starts_with("http://127.0.0.1:"), "{server}");
    let response = http()
        .post(format!("{server}/restapi/oauth/token"))
        .basic_auth(demo::PROVIDER_CLIENT_ID, Some(demo::PROVIDER_CLIENT_SECRET))
        .form(&[
            ("grant_type", JWT_BEARER_GRANT),
            ("assertion", jwt.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let reply = Reply::read(response).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    child.kill().await.unwrap();
}

#[tokio::test]
async fn binary_refuses_non_loopback_addresses() {
    let status = Command::new(env!("CARGO_BIN_EXE_rc-simulator"))
        .args(["--listen", "0.0.0.0:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
