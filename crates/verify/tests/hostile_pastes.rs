//! A corpus of hostile and mistaken pastes through local inspection: each gives a specific
//! verdict and message, never a panic, and never echoes the paste.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rc_onboard_testkit::jwt::RINGCENTRAL_HEADER;
use rc_onboard_testkit::{b64url, fake_signature, ringcentral_claims, FakeJwt};
use rc_onboard_verify::inspect::{inspect, InspectContext, NotJwtReason, Segment};
use rc_onboard_verify::{ErrorKind, SecretString, Verdict};
use time::OffsetDateTime;
use url::Url;

const NOW: i64 = 1_780_000_000;

/// Production claims issued now, with `exp` written as given.
fn claims(exp: &str) -> String {
    ringcentral_claims("https://platform.ringcentral.com", exp, NOW)
}

fn good() -> String {
    with_payload(&claims(&(NOW + 86_400 * 90).to_string()))
}

fn jwt(header: &str, payload: &str) -> String {
    FakeJwt::with_header(header).payload(payload).build()
}

fn with_payload(payload: &str) -> String {
    jwt(RINGCENTRAL_HEADER, payload)
}

/// `header.payload.` with no signature.
fn unsigned(header: &str, payload: &str) -> String {
    FakeJwt::with_header(header)
        .payload(payload)
        .signature("")
        .build()
}

/// What a case must produce.
enum Expect {
    Kind(ErrorKind),
    Verdict(Verdict),
    Plausible,
}

fn corpus() -> Vec<(&'static str, String, Expect)> {
    use Expect::*;
    let g = good();
    let (a, b) = g.split_at(g.len() / 2);
    vec![
        (
            "empty",
            String::new(),
            Verdict(rc_onboard_verify::Verdict::Empty),
        ),
        (
            "only spaces",
            "     ".into(),
            Verdict(rc_onboard_verify::Verdict::Empty),
        ),
        (
            "only newlines",
            "\n\r\n\n".into(),
            Verdict(rc_onboard_verify::Verdict::Empty),
        ),
        (
            "only zero-width",
            "\u{200b}\u{200c}\u{200d}\u{feff}".into(),
            Verdict(rc_onboard_verify::Verdict::Empty),
        ),
        (
            "only quotes",
            "\"\"".into(),
            Verdict(rc_onboard_verify::Verdict::Empty),
        ),
        (
            "just Bearer",
            "Bearer".into(),
            Verdict(rc_onboard_verify::Verdict::Empty),
        ),
        (
            "10 MB paste",
            "A".repeat(10 * 1024 * 1024),
            Kind(ErrorKind::Malformed),
        ),
        (
            "17 KB of dots",
            ".".repeat(17 * 1024),
            Kind(ErrorKind::Malformed),
        ),
        ("NUL bytes", "\0\0\0".into(), Kind(ErrorKind::Malformed)),
        (
            "NUL inside a JWT",
            format!("{a}\0{b}"),
            Kind(ErrorKind::Malformed),
        ),
        (
            "RTL override inside",
            format!("{a}\u{202e}{b}"),
            Kind(ErrorKind::Malformed),
        ),
        ("emoji", "🔑🔑🔑".into(), Kind(ErrorKind::Malformed)),
        (
            "emoji in a JWT",
            format!("{a}😀{b}"),
            Kind(ErrorKind::Malformed),
        ),
        ("HTML", "<b>token</b>".into(), Kind(ErrorKind::Malformed)),
        (
            "script",
            "<script>alert(document.cookie)</script>".into(),
            Kind(ErrorKind::Malformed),
        ),
        (
            "script with dots",
            "<script>a.b.c</script>".into(),
            Kind(ErrorKind::Malformed),
        ),
        (
            "JSON object",
            r#"{"jwt":"eyJ"}"#.into(),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::Json)),
        ),
        (
            "JSON array",
            "[\"eyJ\"]".into(),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::Json)),
        ),
        (
            "JSON token response",
            r#"{"access_token":"U1BC","token_type":"bearer"}"#.into(),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::Json)),
        ),
        (
            "a URL",
            "https://developers.ringcentral.com/console/my-credentials/create?client_id=AbC123"
                .into(),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::WebAddress)),
        ),
        (
            "client id",
            "AbC123".into(),
            Verdict(rc_onboard_verify::Verdict::ClientId),
        ),
        (
            "client secret",
            "provider-secret-value-0123456789".into(),
            Verdict(rc_onboard_verify::Verdict::ClientSecret),
        ),
        (
            "access token",
            "U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw".into(),
            Verdict(rc_onboard_verify::Verdict::AccessToken),
        ),
        (
            "refresh token",
            "U1BCMDFUMDRKV1MwMXxzLFL4ec6A0XMsUv9wLriecyxS_w".into(),
            Verdict(rc_onboard_verify::Verdict::AccessToken),
        ),
        (
            "two parts",
            format!("{}.{}", b64url(RINGCENTRAL_HEADER), b64url("{}")),
            Verdict(rc_onboard_verify::Verdict::NotJwt(
                NotJwtReason::SegmentCount { found: 2 },
            )),
        ),
        (
            "JWE five parts",
            "a.b.c.d.e".into(),
            Verdict(rc_onboard_verify::Verdict::NotJwt(
                NotJwtReason::SegmentCount { found: 5 },
            )),
        ),
        ("JWT twice", format!("{g}{g}"), Kind(ErrorKind::Malformed)),
        (
            "standard base64 header",
            format!(
                "{}.{}.{}",
                STANDARD.encode(r#"{"alg":"RS256","x":"??>"}"#),
                b64url("{}"),
                fake_signature("standard base64 header")
            ),
            Kind(ErrorKind::Malformed),
        ),
        (
            "header not JSON",
            jwt("alg=RS256", "{}"),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::NotJson {
                segment: Segment::Header,
            })),
        ),
        (
            "payload not JSON",
            with_payload("<xml/>"),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::NotJson {
                segment: Segment::Payload,
            })),
        ),
        (
            "payload a string",
            with_payload("\"hello\""),
            Verdict(rc_onboard_verify::Verdict::NotJwt(
                NotJwtReason::NotObject {
                    segment: Segment::Payload,
                },
            )),
        ),
        (
            "payload null",
            with_payload("null"),
            Verdict(rc_onboard_verify::Verdict::NotJwt(
                NotJwtReason::NotObject {
                    segment: Segment::Payload,
                },
            )),
        ),
        (
            "nested base64 payload",
            with_payload(&b64url(claims("1"))),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::NotJson {
                segment: Segment::Payload,
            })),
        ),
        (
            "alg none",
            unsigned(r#"{"alg":"none"}"#, &claims("9999999999")),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::Unsigned)),
        ),
        (
            "alg none with signature",
            jwt(r#"{"alg":"none"}"#, &claims("9999999999")),
            Verdict(rc_onboard_verify::Verdict::NotJwt(NotJwtReason::Unsigned)),
        ),
        (
            "alg HS256",
            jwt(r#"{"alg":"HS256"}"#, &claims("9999999999")),
            Kind(ErrorKind::Malformed),
        ),
        (
            // Only `none` and HS* are refused locally; RingCentral decides other algorithms.
            "alg ES256",
            jwt(r#"{"alg":"ES256"}"#, &claims("9999999999")),
            Plausible,
        ),
        (
            "alg as object",
            jwt(r#"{"alg":{"name":"RS256"}}"#, &claims("9999999999")),
            Kind(ErrorKind::Malformed),
        ),
        (
            "long alg",
            jwt(&format!(r#"{{"alg":"{}"}}"#, "X".repeat(5000)), "{}"),
            Kind(ErrorKind::Malformed),
        ),
        (
            "no signature",
            unsigned(RINGCENTRAL_HEADER, &claims("9999999999")),
            Verdict(rc_onboard_verify::Verdict::NotJwt(
                NotJwtReason::MissingSignature,
            )),
        ),
        (
            "signature with spaces removed ok",
            format!("{a} {b}"),
            Plausible,
        ),
        (
            "huge exp",
            with_payload(&claims("99999999999999999999")),
            Kind(ErrorKind::Malformed),
        ),
        (
            "i64 max exp",
            with_payload(&claims(&i64::MAX.to_string())),
            Kind(ErrorKind::Malformed),
        ),
        (
            "exp 1e308",
            with_payload(&claims("1e308")),
            Kind(ErrorKind::Malformed),
        ),
        (
            "negative exp",
            with_payload(&claims("-1")),
            Kind(ErrorKind::Expired),
        ),
        (
            "i64 min exp",
            with_payload(&claims(&i64::MIN.to_string())),
            Kind(ErrorKind::Malformed),
        ),
        (
            "exp zero",
            with_payload(&claims("0")),
            Kind(ErrorKind::Expired),
        ),
        (
            "exp true",
            with_payload(&claims("true")),
            Kind(ErrorKind::Malformed),
        ),
        (
            "exp array",
            with_payload(&claims("[1]")),
            Kind(ErrorKind::Malformed),
        ),
        (
            "no exp",
            with_payload(r#"{"iss":"https://platform.ringcentral.com"}"#),
            Kind(ErrorKind::Malformed),
        ),
        (
            "no iss",
            with_payload(r#"{"exp":9999999999}"#),
            Kind(ErrorKind::NotRingCentral),
        ),
        (
            "iss javascript:",
            with_payload(r#"{"iss":"javascript:alert(1)","exp":9999999999}"#),
            Kind(ErrorKind::NotRingCentral),
        ),
        (
            "iss lookalike",
            with_payload(
                r#"{"iss":"https://platform.ringcentral.com.evil.example","exp":9999999999}"#,
            ),
            Kind(ErrorKind::NotRingCentral),
        ),
        (
            "iss userinfo trick",
            with_payload(
                r#"{"iss":"https://platform.ringcentral.com@evil.example","exp":9999999999}"#,
            ),
            Kind(ErrorKind::NotRingCentral),
        ),
        (
            "iss punycode",
            with_payload(r#"{"iss":"https://platform.ringcentrál.com","exp":9999999999}"#),
            Kind(ErrorKind::NotRingCentral),
        ),
        (
            "iss devtest",
            with_payload(r#"{"iss":"https://platform.devtest.ringcentral.com","exp":9999999999}"#),
            Kind(ErrorKind::WrongEnvironment),
        ),
        (
            "iss other RC host",
            with_payload(r#"{"iss":"https://platform.ringcentral.biz","exp":9999999999}"#),
            Kind(ErrorKind::NotRingCentral),
        ),
        (
            "aud devtest",
            with_payload(
                r#"{"iss":"https://platform.ringcentral.com","aud":"https://platform.devtest.ringcentral.com/restapi/oauth/token","exp":9999999999}"#,
            ),
            Kind(ErrorKind::WrongEnvironment),
        ),
        (
            "aud foreign",
            with_payload(
                r#"{"iss":"https://platform.ringcentral.com","aud":["https://evil.example/"],"exp":9999999999}"#,
            ),
            Kind(ErrorKind::NotRingCentral),
        ),
        (
            "deeply nested JSON",
            with_payload(&format!("{}{}", "[".repeat(5000), "]".repeat(5000))),
            Kind(ErrorKind::Malformed),
        ),
        (
            "duplicate claims",
            with_payload(
                r#"{"iss":"https://evil.example","iss":"https://platform.ringcentral.com","exp":9999999999}"#,
            ),
            Plausible,
        ),
        (
            "quoted with smart quotes",
            format!("\u{201c}{g}\u{201d}"),
            Plausible,
        ),
        (
            "Bearer prefix and BOM",
            format!("\u{feff}Bearer {g}\n"),
            Plausible,
        ),
        (
            "wrapped at 64 columns",
            g.as_bytes()
                .chunks(64)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("\n"),
            Plausible,
        ),
        ("tabs", format!("\t{a}\t{b}\t"), Plausible),
    ]
}

#[test]
fn every_hostile_paste_gets_a_specific_answer() {
    let server = Url::parse("https://platform.ringcentral.com").unwrap();
    let secret = SecretString::from("provider-secret-value-0123456789");
    let ctx = InspectContext {
        server: &server,
        client_id: "AbC123",
        client_secret: Some(&secret),
        now: OffsetDateTime::from_unix_timestamp(NOW).unwrap(),
    };
    let cases = corpus();
    assert!(cases.len() >= 60, "corpus has {} cases", cases.len());
    for (name, paste, expect) in cases {
        let verdict = inspect(&paste, &ctx).verdict;
        match expect {
            Expect::Kind(kind) => assert_eq!(verdict.kind(), Some(kind), "{name}: {verdict:?}"),
            Expect::Verdict(expected) => assert_eq!(verdict, expected, "{name}"),
            Expect::Plausible => assert!(verdict.is_plausible(), "{name}: {verdict:?}"),
        }
        let message = verdict.message();
        assert!(message.len() > 20, "{name}: {message}");
        assert!(message.len() < 600, "{name}: message too long");
        if paste.len() > 30 {
            let sample = &paste[..paste.char_indices().nth(30).map_or(paste.len(), |(i, _)| i)];
            assert!(
                !message.contains(sample),
                "{name}: message echoes the paste"
            );
        }
    }
}
