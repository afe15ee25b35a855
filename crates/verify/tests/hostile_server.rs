//! A hostile or broken server on 127.0.0.1 (a raw TcpListener speaking just enough HTTP/1.1):
//! huge bodies, redirects, silence, slammed connections, garbage, echoed secrets, and markup or
//! terminal escapes in names. Every case ends bounded, with a specific error and no leak.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rc_onboard_testkit::FakeJwt;
use rc_onboard_verify::report::{render_success, CheckFailure};
use rc_onboard_verify::ringcentral::RingCentralError;
use rc_onboard_verify::{ErrorKind, Profile, SecretString, Verifier, VerifierOptions, VerifyError};
use time::OffsetDateTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// What the fake server does with one request.
#[derive(Clone)]
enum Reply {
    /// Write these bytes and close.
    Raw(Vec<u8>),
    /// Write a head announcing `len` bytes, then stream them until the client hangs up.
    Stream { len: Option<usize> },
    /// Read the request, then say nothing until the client gives up.
    Silence,
    /// Close the connection without answering.
    Slam,
}

fn response(status: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut text = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    Reply::Raw(text.into_bytes())
}

fn json(status: &str, body: &str) -> Reply {
    response(
        status,
        &[
            ("Content-Type", "application/json;charset=UTF-8"),
            ("RCRequestId", "req-1"),
        ],
        body,
    )
}

struct FakeServer {
    base: String,
    requests: Arc<AtomicUsize>,
    bodies: Arc<std::sync::Mutex<Vec<String>>>,
}

/// Serves `route(path)` for every request on 127.0.0.1.
async fn serve(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> FakeServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(std::sync::Mutex::new(Vec::new()));
    let route = Arc::new(route);
    let (count, seen) = (requests.clone(), bodies.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (route, count, seen) = (route.clone(), count.clone(), seen.clone());
            tokio::spawn(async move {
                let _ = handle(stream, &*route, &count, &seen).await;
            });
        }
    });
    FakeServer {
        base,
        requests,
        bodies,
    }
}

async fn handle(
    mut stream: TcpStream,
    route: &(dyn Fn(&str) -> Reply + Send + Sync),
    count: &AtomicUsize,
    seen: &std::sync::Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
        })
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    count.fetch_add(1, Ordering::SeqCst);
    seen.lock()
        .unwrap()
        .push(String::from_utf8_lossy(&buffer).to_string());
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    match route(&path) {
        Reply::Raw(bytes) => {
            stream.write_all(&bytes).await?;
            stream.shutdown().await?;
        }
        Reply::Stream { len } => {
            let head = match len {
                Some(len) => format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n"),
                None => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".to_owned(),
            };
            stream.write_all(head.as_bytes()).await?;
            let block = vec![b'x'; 64 * 1024];
            let mut sent = 0usize;
            // Stops when the client hangs up (write error) or after 10 MB.
            while sent < 10 * 1024 * 1024 {
                stream.write_all(&block).await?;
                sent += block.len();
            }
        }
        Reply::Silence => {
            // Hold the connection open until the client closes it.
            let _ = stream.read(&mut chunk).await;
        }
        Reply::Slam => {}
    }
    Ok(())
}

fn jwt_for(base: &str) -> SecretString {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let payload = format!(
        r#"{{"aud":"{base}/restapi/oauth/token","sub":"101","iss":"{base}","exp":{},"iat":{now},"jti":"hostile"}}"#,
        now + 86_400 * 365
    );
    SecretString::new(FakeJwt::rs256().payload(payload).build())
}

fn options() -> VerifierOptions {
    VerifierOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(3),
        max_response_bytes: 256 * 1024,
    }
}

async fn verify(
    server: &FakeServer,
    options: VerifierOptions,
) -> Result<rc_onboard_verify::Verification, VerifyError> {
    let profile = Profile::demo(
        Url::parse(&server.base).unwrap(),
        Url::parse("http://127.0.0.1:9/v1/submissions").unwrap(),
        [1; 32],
        "k",
    );
    let verifier = Verifier::new(options).unwrap();
    let secret = SecretString::from("hostile-test-client-secret");
    verifier
        .verify(&profile, &secret, &jwt_for(&server.base), &|_| {})
        .await
}

fn source(error: &VerifyError) -> &RingCentralError {
    match error {
        VerifyError::RingCentral { source, .. } => source,
        other => panic!("expected a RingCentral error, got {other:?}"),
    }
}

const TOKEN_OK: &str = r#"{ "access_token" : "U1BChostileaccesstoken", "token_type" : "bearer", "expires_in" : 600, "scope" : "ReadAccounts", "owner_id" : "101" }"#;

#[tokio::test]
async fn ten_megabyte_body_with_length_is_refused_unread() {
    let server = serve(|_| Reply::Stream {
        len: Some(10 * 1024 * 1024),
    })
    .await;
    let e = verify(&server, options()).await.unwrap_err();
    assert!(
        matches!(
            source(&e),
            RingCentralError::TooLarge { limit: 262_144, .. }
        ),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Unexpected);
    assert!(e.to_string().contains("larger than 262144 bytes"), "{e}");
}

#[tokio::test]
async fn ten_megabyte_body_without_length_is_cut_off() {
    let server = serve(|_| Reply::Stream { len: None }).await;
    let e = verify(&server, options()).await.unwrap_err();
    assert!(
        matches!(source(&e), RingCentralError::TooLarge { .. }),
        "{e:?}"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let elsewhere = serve(|_| json("200 OK", TOKEN_OK)).await;
    let target = format!("{}/steal", elsewhere.base);
    let server =
        serve(move |_| response("307 Temporary Redirect", &[("Location", &target)], "")).await;
    let e = verify(&server, options()).await.unwrap_err();
    assert!(
        matches!(source(&e), RingCentralError::Redirect { .. }),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Unexpected);
    assert_eq!(e.ringcentral().unwrap().status, 307);
    assert!(e.to_string().contains("redirects are not followed"));
    assert_eq!(
        elsewhere.requests.load(Ordering::SeqCst),
        0,
        "the credential was not re-sent"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = serve(|_| Reply::Silence).await;
    let e = verify(
        &server,
        VerifierOptions {
            request_timeout: Duration::from_millis(250),
            ..options()
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(source(&e), RingCentralError::Timeout { .. }),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Unavailable);
}

#[tokio::test]
async fn a_slammed_connection_is_unavailable() {
    let server = serve(|_| Reply::Slam).await;
    let e = verify(&server, options()).await.unwrap_err();
    assert!(
        matches!(source(&e), RingCentralError::Transport { .. }),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Unavailable);
}

#[tokio::test]
async fn rate_limit_without_retry_after_means_the_sixty_second_penalty() {
    let server = serve(|_| {
        json(
            "429 Too Many Requests",
            r#"{"errorCode":"CMN-301","message":"Request rate exceeded"}"#,
        )
    })
    .await;
    let e = verify(&server, options()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after_s(), Some(60));
    assert_eq!(
        e.ringcentral().unwrap().request_id.as_deref(),
        Some("req-1")
    );
}

#[tokio::test]
async fn rate_limit_window_header_is_the_wait_when_there_is_no_retry_after() {
    let server = serve(|_| {
        response(
            "429 Too Many Requests",
            &[
                ("Content-Type", "application/json"),
                ("X-Rate-Limit-Group", "auth"),
                ("X-Rate-Limit-Limit", "5"),
                ("X-Rate-Limit-Remaining", "0"),
                ("X-Rate-Limit-Window", "90"),
            ],
            r#"{"errorCode":"CMN-301","message":"Request rate exceeded"}"#,
        )
    })
    .await;
    let e = verify(&server, options()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after_s(), Some(90));
    assert!(e.message().contains("Wait 90 seconds"), "{}", e.message());
    assert_eq!(
        e.ringcentral().unwrap().message.as_deref(),
        Some("Request rate exceeded")
    );
}

#[tokio::test]
async fn every_ringcentral_token_refusal_is_a_rejection_with_its_words() {
    for (status, body, code, words) in [
        (
            "401 Unauthorized",
            r#"{"error":"invalid_grant","errors":[{"errorCode":"OAU-140","message":"Invalid resource owner credentials."}],"error_description":"Invalid resource owner credentials."}"#,
            Some("OAU-140"),
            "Invalid resource owner credentials.",
        ),
        (
            "400 Bad Request",
            r#"{"error":"invalid_request","error_description":"Unparseable assertion"}"#,
            None,
            "Unparseable assertion",
        ),
        (
            "400 Bad Request",
            r#"{"error":"access_denied","error_description":"Access denied"}"#,
            None,
            "Access denied",
        ),
        (
            "401 Unauthorized",
            r#"{"errors":[{"errorCode":"OAU-213","message":"Token not found"}]}"#,
            Some("OAU-213"),
            "Token not found",
        ),
    ] {
        let server = serve(move |_| json(status, body)).await;
        let e = verify(&server, options()).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Rejected, "{status} {body}");
        assert_eq!(e.retry_after_s(), None);
        let details = e.ringcentral().unwrap();
        assert_eq!(details.code.as_deref(), code);
        assert_eq!(details.message.as_deref(), Some(words));
        // Never retried: one exchange, nothing else.
        assert_eq!(server.requests.load(Ordering::SeqCst), 1, "{body}");
    }
}

#[tokio::test]
async fn garbage_success_body_is_unexpected() {
    for body in [
        "<html>hello</html>",
        "{}",
        r#"{"access_token":""}"#,
        "[1,2]",
    ] {
        let body = body.to_owned();
        let server = serve(move |_| json("200 OK", &body)).await;
        let e = verify(&server, options()).await.unwrap_err();
        assert!(
            matches!(source(&e), RingCentralError::BadResponse { .. }),
            "{e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::Unexpected);
    }
}

#[tokio::test]
async fn unknown_error_shapes_are_unexpected() {
    for (status, body) in [
        ("400 Bad Request", "not json at all"),
        ("404 Not Found", r#"{"message":"nope"}"#),
        ("418 I'm a teapot", ""),
    ] {
        let server = serve(move |_| json(status, body)).await;
        let e = verify(&server, options()).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unexpected, "{status}");
    }
    let server = serve(|_| json("502 Bad Gateway", "<html>")).await;
    assert_eq!(
        verify(&server, options()).await.unwrap_err().kind(),
        ErrorKind::Unavailable
    );
}

#[tokio::test]
async fn an_echoed_assertion_is_scrubbed() {
    let server = Arc::new(std::sync::Mutex::new(None::<String>));
    let echo = server.clone();
    let fake = serve(move |_| {
        let jwt = echo.lock().unwrap().clone().unwrap_or_default();
        json(
            "400 Bad Request",
            &format!(
                r#"{{"error":"invalid_grant","error_description":"Unparseable assertion: {jwt}"}}"#
            ),
        )
    })
    .await;
    let jwt = jwt_for(&fake.base);
    *server.lock().unwrap() = Some(jwt.expose_secret().to_owned());
    let e = verify(&fake, options()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Rejected);
    let description = source(&e).description().unwrap().to_owned();
    assert!(
        description.starts_with("Unparseable assertion: [redacted]"),
        "{description}"
    );
    let tail = &jwt.expose_secret()[jwt.len() - 40..];
    for text in [
        e.to_string(),
        format!("{e:?}"),
        CheckFailure::from_error(&e).to_json_line(),
    ] {
        assert!(!text.contains(tail), "{text}");
    }
}

#[tokio::test]
async fn the_request_is_shaped_as_documented() {
    let server = serve(|_| json("400 Bad Request", r#"{"error":"invalid_grant"}"#)).await;
    let _ = verify(&server, options()).await;
    let seen = server.bodies.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert!(
        request.starts_with("POST /restapi/oauth/token HTTP/1.1\r\n"),
        "{request}"
    );
    let lower = request.to_ascii_lowercase();
    assert!(lower.contains("content-type: application/x-www-form-urlencoded"));
    assert!(lower.contains("authorization: basic "));
    assert!(request.contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"));
    assert!(request.contains("&assertion=eyJ"));
    assert!(request.contains("&access_token_ttl=600"));
}

#[tokio::test]
async fn markup_and_escapes_in_names_stay_text() {
    let server = serve(|path| match path {
        "/restapi/oauth/token" => json("200 OK", TOKEN_OK),
        "/restapi/v1.0/account/~/extension/~" => json(
            "200 OK",
            r#"{"id":101,"extensionNumber":"101","name":"<img src=x onerror=alert(1)>\u001b[2J","account":{"id":5},"contact":{"email":"a@b.example","company":"<b>Evil</b> Corp\u202e"}}"#,
        ),
        "/restapi/v1.0/account/~/business-address" => json("403 Forbidden", r#"{"errorCode":"CMN-408"}"#),
        _ => response("200 OK", &[], ""),
    })
    .await;
    let verification = verify(&server, options()).await.unwrap();
    // Kept verbatim as data (the UI renders it as text) …
    assert_eq!(
        verification.identity.name,
        "<img src=x onerror=alert(1)>\u{1b}[2J"
    );
    // … the company falls back to the contact record when the address lookup fails …
    assert_eq!(
        verification.identity.company.as_deref(),
        Some("<b>Evil</b> Corp\u{202e}")
    );
    assert_eq!(verification.identity.account_id, "5");
    // … and the terminal rendering cannot be hijacked.
    let text = render_success(&verification);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    verification.revoke.finish().await.unwrap();
    assert_eq!(server.requests.load(Ordering::SeqCst), 4);
}
