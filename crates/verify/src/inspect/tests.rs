//! Unit tests for normalisation and every inspection verdict.

use super::*;
use rc_onboard_testkit::jwt::RINGCENTRAL_HEADER;
use rc_onboard_testkit::{ringcentral_claims, FakeJwt};

const NOW: i64 = 1_780_000_000; // 2026-05-28

fn server() -> Url {
    Url::parse("https://platform.ringcentral.com").unwrap()
}

fn jwt_with(header: &str, payload: &str) -> String {
    FakeJwt::with_header(header).payload(payload).build()
}

/// `header.payload.` with no signature.
fn unsigned(header: &str, payload: &str) -> String {
    FakeJwt::with_header(header)
        .payload(payload)
        .signature("")
        .build()
}

fn header() -> &'static str {
    RINGCENTRAL_HEADER
}

fn payload(iss_host: &str, exp: i64, iat: i64) -> String {
    ringcentral_claims(&format!("https://{iss_host}"), exp, iat)
}

fn good_jwt() -> String {
    jwt_with(
        header(),
        &payload("platform.ringcentral.com", NOW + 400 * 86_400, NOW - 86_400),
    )
}

fn run(paste: &str) -> Inspection {
    run_with_secret(paste, None)
}

fn run_with_secret(paste: &str, secret: Option<&SecretString>) -> Inspection {
    let server = server();
    let ctx = InspectContext {
        server: &server,
        client_id: "AbC123",
        client_secret: secret,
        now: OffsetDateTime::from_unix_timestamp(NOW).unwrap(),
    };
    inspect(paste, &ctx)
}

fn verdict(paste: &str) -> Verdict {
    run(paste).verdict
}

#[test]
fn normalise_strips_whitespace_quotes_bearer_and_invisibles() {
    let jwt = good_jwt();
    let (a, b) = jwt.split_at(100);
    let cases = [
        (format!("  {jwt}\n"), vec![PasteNote::RemovedWhitespace]),
        (format!("{a}\r\n{b}"), vec![PasteNote::RemovedWhitespace]),
        (format!("{a} \t {b}"), vec![PasteNote::RemovedWhitespace]),
        (format!("\"{jwt}\""), vec![PasteNote::RemovedQuotes]),
        (format!("'{jwt}'"), vec![PasteNote::RemovedQuotes]),
        (
            format!("\u{201c}{jwt}\u{201d}"),
            vec![PasteNote::RemovedQuotes],
        ),
        (
            format!("Bearer {jwt}"),
            vec![PasteNote::RemovedBearerPrefix],
        ),
        (
            format!(" \"bearer  {jwt}\" "),
            vec![
                PasteNote::RemovedWhitespace,
                PasteNote::RemovedQuotes,
                PasteNote::RemovedBearerPrefix,
            ],
        ),
        (
            format!("\u{feff}{jwt}"),
            vec![PasteNote::RemovedInvisibleCharacters],
        ),
        (
            format!("{a}\u{200b}{b}"),
            vec![PasteNote::RemovedInvisibleCharacters],
        ),
    ];
    for (paste, notes) in cases {
        let normalised = normalise(&paste);
        assert_eq!(normalised.value.expose_secret(), jwt, "{paste:?}");
        assert_eq!(normalised.notes, notes, "{paste:?}");
    }
}

#[test]
fn normalise_leaves_a_clean_jwt_alone() {
    let jwt = good_jwt();
    let normalised = normalise(&jwt);
    assert_eq!(normalised.value.expose_secret(), jwt);
    assert!(normalised.notes.is_empty());
}

#[test]
fn invisible_characters_get_a_specific_note() {
    let inspection = run(&format!("\u{200b}{}", good_jwt()));
    assert!(inspection.verdict.is_plausible());
    assert_eq!(
        inspection.notes,
        vec![PasteNote::RemovedInvisibleCharacters]
    );
    assert!(inspection.notes[0]
        .message()
        .contains("invisible characters"));
}

#[test]
fn plausible_credential_with_facts() {
    let jwt = good_jwt();
    let inspection = run(&jwt);
    let Verdict::Plausible {
        expires_at,
        expires_soon,
        facts,
    } = &inspection.verdict
    else {
        panic!("{:?}", inspection.verdict)
    };
    assert_eq!(expires_at.unwrap().unix_timestamp(), NOW + 400 * 86_400);
    assert!(!expires_soon);
    assert_eq!(facts.jti.as_deref(), Some("98kNLUzpQc6561JkbuBBgQ"));
    assert_eq!(facts.sub.as_deref(), Some("2069909019"));
    assert_eq!(facts.iss, "https://platform.ringcentral.com");
    assert_eq!(facts.iat, Some(NOW - 86_400));
    assert_eq!(facts.fingerprint.len(), 16);
    assert_eq!(facts.fingerprint, fingerprint(&jwt));
    assert!(facts.fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(inspection.verdict.kind(), None);
    assert_eq!(inspection.jwt().unwrap().expose_secret(), jwt);
    let message = inspection.verdict.message();
    assert!(
        message.starts_with("Looks right. Expires on 2027-07-02"),
        "{message}"
    );
    assert!(inspection
        .verdict
        .warning(OffsetDateTime::from_unix_timestamp(NOW).unwrap())
        .is_none());
    // Facts serialise; the JWT is not in them.
    let json = serde_json::to_string(facts).unwrap();
    assert!(!json.contains(&jwt[..20]), "{json}");
}

#[test]
fn never_expiring_credential() {
    let iat = NOW - 10;
    let jwt = jwt_with(
        header(),
        &payload(
            "platform.ringcentral.com",
            iat + NEVER_EXPIRES_LIFETIME,
            iat,
        ),
    );
    let v = verdict(&jwt);
    assert!(
        matches!(
            v,
            Verdict::Plausible {
                expires_at: None,
                expires_soon: false,
                ..
            }
        ),
        "{v:?}"
    );
    assert_eq!(v.message(), "Looks right. This credential never expires.");
}

#[test]
fn credential_expiring_soon_warns() {
    let jwt = jwt_with(
        header(),
        &payload("platform.ringcentral.com", NOW + 3 * 86_400 + 100, NOW - 10),
    );
    let v = verdict(&jwt);
    assert!(
        matches!(
            v,
            Verdict::Plausible {
                expires_soon: true,
                ..
            }
        ),
        "{v:?}"
    );
    let now = OffsetDateTime::from_unix_timestamp(NOW).unwrap();
    assert_eq!(v.warning(now).as_deref(), Some("expires in 3 days"));
    assert!(v.message().contains("soon"));

    let jwt = jwt_with(
        header(),
        &payload("platform.ringcentral.com", NOW + 3600, NOW - 10),
    );
    assert_eq!(
        verdict(&jwt).warning(now).as_deref(),
        Some("expires in less than a day")
    );
}

#[test]
fn expired_beyond_skew() {
    let exp = 1_769_903_999; // 2026-01-31T23:59:59Z
    let jwt = jwt_with(
        header(),
        &payload("platform.ringcentral.com", exp, exp - 86_400 * 30),
    );
    let v = verdict(&jwt);
    assert!(matches!(v, Verdict::Expired { .. }), "{v:?}");
    assert_eq!(v.kind(), Some(ErrorKind::Expired));
    assert!(
        v.message()
            .starts_with("This credential expired on 2026-01-31."),
        "{}",
        v.message()
    );

    // Within the 60 s skew it is still plausible.
    let jwt = jwt_with(
        header(),
        &payload("platform.ringcentral.com", NOW - 30, NOW - 1000),
    );
    assert!(verdict(&jwt).is_plausible());
    let jwt = jwt_with(
        header(),
        &payload("platform.ringcentral.com", NOW - 61, NOW - 1000),
    );
    assert!(matches!(verdict(&jwt), Verdict::Expired { .. }));
}

#[test]
fn negative_and_huge_exp() {
    let jwt = jwt_with(header(), &payload("platform.ringcentral.com", -5, -10));
    let v = verdict(&jwt);
    assert!(matches!(v, Verdict::Expired { .. }), "{v:?}");
    assert!(v.message().contains("1969-12-31"));

    let jwt = jwt_with(header(), &payload("platform.ringcentral.com", i64::MAX, 0));
    assert_eq!(
        verdict(&jwt),
        Verdict::NotJwt(NotJwtReason::InvalidClaim { claim: "exp" })
    );

    let p = r#"{"iss":"https://platform.ringcentral.com","exp":1e300}"#;
    assert_eq!(
        verdict(&jwt_with(header(), p)),
        Verdict::NotJwt(NotJwtReason::InvalidClaim { claim: "exp" })
    );

    let p = r#"{"iss":"https://platform.ringcentral.com","exp":"soon"}"#;
    assert_eq!(
        verdict(&jwt_with(header(), p)),
        Verdict::NotJwt(NotJwtReason::InvalidClaim { claim: "exp" })
    );
}

#[test]
fn lenient_claim_types() {
    let p = format!(
        r#"{{"iss":"https://platform.ringcentral.com","sub":2069909019,"exp":"{}","iat":{}.5,"jti":"x"}}"#,
        NOW + 100 * 86_400,
        NOW
    );
    let v = verdict(&jwt_with(header(), &p));
    let facts = v.facts().unwrap();
    assert_eq!(facts.sub.as_deref(), Some("2069909019"));
    assert_eq!(facts.iat, Some(NOW));
    assert!(v.is_plausible());
}

#[test]
fn missing_exp_is_not_a_credential() {
    let p = r#"{"iss":"https://platform.ringcentral.com","sub":"1"}"#;
    let v = verdict(&jwt_with(header(), p));
    assert_eq!(
        v,
        Verdict::NotJwt(NotJwtReason::MissingClaim { claim: "exp" })
    );
    assert!(v.message().contains("\"exp\""));
}

#[test]
fn empty_paste() {
    for paste in ["", "   ", "\n\t", "\"\"", "Bearer  ", "\u{200b}"] {
        let v = verdict(paste);
        assert_eq!(v, Verdict::Empty, "{paste:?}");
        assert_eq!(v.kind(), Some(ErrorKind::Malformed));
        assert!(v.message().starts_with("Nothing was pasted."));
    }
}

#[test]
fn huge_paste_is_refused_before_decoding() {
    let paste = "a".repeat(MAX_PASTE_BYTES + 1);
    let inspection = run(&paste);
    assert_eq!(
        inspection.verdict,
        Verdict::TooLarge {
            bytes: MAX_PASTE_BYTES + 1
        }
    );
    assert_eq!(inspection.verdict.kind(), Some(ErrorKind::Malformed));
    assert!(inspection.verdict.message().contains("17 KB"));
    assert!(inspection.jwt().is_none());
    let ten_mb = "x".repeat(10 * 1024 * 1024);
    assert!(matches!(verdict(&ten_mb), Verdict::TooLarge { .. }));
}

#[test]
fn client_id_is_recognised() {
    let v = verdict(" AbC123\n");
    assert_eq!(v, Verdict::ClientId);
    assert_eq!(v.kind(), Some(ErrorKind::Malformed));
    assert!(v.message().starts_with("That is the provider's client ID"));
    assert!(!v.message().contains("AbC123"));
}

#[test]
fn client_secret_is_recognised_and_never_echoed() {
    let secret = SecretString::from("xYz-very-secret-value_0123456789abcdef");
    let inspection = run_with_secret("\"xYz-very-secret-value_0123456789abcdef\"", Some(&secret));
    assert_eq!(inspection.verdict, Verdict::ClientSecret);
    let message = inspection.verdict.message();
    assert!(
        message.starts_with("That is the client secret"),
        "{message}"
    );
    assert!(!message.contains("very-secret"));
    assert!(!format!("{inspection:?}").contains("very-secret"));
    assert!(inspection.jwt().is_none());
}

#[test]
fn access_tokens_are_recognised() {
    for token in [
        "U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw",
        "U1BCMDFUMDRKV1MwMXxzLFL4ec6A0XMsUv9wLriecyxS_w",
        "Bearer U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw",
        "VGhpcyBpcyBhIGxvbmcgb3BhcXVlIHRva2VuIHdpdGhvdXQgZG90cw==",
    ] {
        let v = verdict(token);
        assert_eq!(v, Verdict::AccessToken, "{token}");
        assert!(v
            .message()
            .starts_with("That is an access token, not a JWT credential"));
    }
    assert_eq!(
        verdict("hello"),
        Verdict::NotJwt(NotJwtReason::SegmentCount { found: 1 })
    );
}

#[test]
fn wrong_number_of_segments() {
    for (paste, found) in [("a.b", 2), ("a.b.c.d", 4), ("a.b.c.d.e", 5), ("..", 3)] {
        let v = verdict(paste);
        if found == 3 {
            assert_eq!(
                v,
                Verdict::NotJwt(NotJwtReason::NotBase64Url {
                    segment: Segment::Header
                })
            );
        } else {
            assert_eq!(
                v,
                Verdict::NotJwt(NotJwtReason::SegmentCount { found }),
                "{paste}"
            );
            assert!(v.message().contains(&format!("this has {found}")));
        }
    }
}

#[test]
fn segments_that_are_not_base64url() {
    let jwt = good_jwt();
    let parts: Vec<&str> = jwt.split('.').collect();
    let bad_header = format!("ab+c/.{}.{}", parts[1], parts[2]);
    assert_eq!(
        verdict(&bad_header),
        Verdict::NotJwt(NotJwtReason::NotBase64Url {
            segment: Segment::Header
        })
    );
    let bad_payload = format!("{}.%%%.{}", parts[0], parts[2]);
    assert_eq!(
        verdict(&bad_payload),
        Verdict::NotJwt(NotJwtReason::NotBase64Url {
            segment: Segment::Payload
        })
    );
    let bad_signature = format!("{}.{}.sig<script>", parts[0], parts[1]);
    let v = verdict(&bad_signature);
    assert_eq!(
        v,
        Verdict::NotJwt(NotJwtReason::NotBase64Url {
            segment: Segment::Signature
        })
    );
    assert!(v.message().contains("signature (third part)"));
    // A cut-off segment with an impossible length.
    let truncated = format!(
        "{}.{}.{}",
        parts[0],
        &parts[1][..parts[1].len() - 1],
        parts[2]
    );
    let v = verdict(&truncated);
    assert!(matches!(v, Verdict::NotJwt(_)), "{v:?}");
}

#[test]
fn header_or_payload_not_json() {
    let v = verdict(&jwt_with("not json", "{}"));
    assert_eq!(
        v,
        Verdict::NotJwt(NotJwtReason::NotJson {
            segment: Segment::Header
        })
    );
    let v = verdict(&jwt_with(header(), "<html>"));
    assert_eq!(
        v,
        Verdict::NotJwt(NotJwtReason::NotJson {
            segment: Segment::Payload
        })
    );
    assert!(v.message().contains("does not decode to JSON"));
    let v = verdict(&jwt_with(header(), "[1,2,3]"));
    assert_eq!(
        v,
        Verdict::NotJwt(NotJwtReason::NotObject {
            segment: Segment::Payload
        })
    );
    let v = verdict(&jwt_with("\"RS256\"", "{}"));
    assert_eq!(
        v,
        Verdict::NotJwt(NotJwtReason::NotObject {
            segment: Segment::Header
        })
    );
}

#[test]
fn alg_none_is_unsigned() {
    let p = payload("platform.ringcentral.com", NOW + 1000, NOW);
    for alg in ["none", "None", "NONE"] {
        let jwt = unsigned(&format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#), &p);
        let v = verdict(&jwt);
        assert_eq!(v, Verdict::NotJwt(NotJwtReason::Unsigned), "{alg}");
        assert_eq!(v.kind(), Some(ErrorKind::Malformed));
        assert!(v.message().contains("unsigned"));
        assert!(v.message().contains("not a RingCentral credential"));
    }
}

#[test]
fn other_algorithms_and_missing_signature() {
    let p = payload("platform.ringcentral.com", NOW + 1000, NOW);
    let v = verdict(&jwt_with(r#"{"alg":"HS256"}"#, &p));
    assert_eq!(
        v,
        Verdict::NotJwt(NotJwtReason::UnsupportedAlgorithm {
            alg: "HS256".into()
        })
    );
    assert!(v.message().contains("signed with HS256"));
    let v = verdict(&jwt_with(r#"{"alg":42}"#, &p));
    assert_eq!(
        v,
        Verdict::NotJwt(NotJwtReason::UnsupportedAlgorithm { alg: "42".into() })
    );
    let v = verdict(&jwt_with(r#"{"typ":"JWT"}"#, &p));
    assert_eq!(v, Verdict::NotJwt(NotJwtReason::MissingAlgorithm));
    let v = verdict(&unsigned(header(), &p));
    assert_eq!(v, Verdict::NotJwt(NotJwtReason::MissingSignature));
}

#[test]
fn json_and_urls_are_named() {
    assert_eq!(
        verdict(r#"{"jwt":"eyJ..."}"#),
        Verdict::NotJwt(NotJwtReason::Json)
    );
    assert_eq!(verdict("[1]"), Verdict::NotJwt(NotJwtReason::Json));
    let v = verdict("https://developers.ringcentral.com/console/my-credentials");
    assert_eq!(v, Verdict::NotJwt(NotJwtReason::WebAddress));
    assert!(v.message().contains("web address"));
}

#[test]
fn other_issuers_are_not_ringcentral() {
    for host in [
        "accounts.google.com",
        "evilringcentral.com",
        "ringcentral.com.evil.example",
    ] {
        let v = verdict(&jwt_with(header(), &payload(host, NOW + 1000, NOW)));
        assert_eq!(
            v,
            Verdict::NotRingCentral {
                issuer: Some(host.into())
            },
            "{host}"
        );
        assert_eq!(v.kind(), Some(ErrorKind::NotRingCentral));
        assert!(v.message().contains(host));
    }
    let v = verdict(&jwt_with(header(), r#"{"exp":1}"#));
    assert_eq!(v, Verdict::NotRingCentral { issuer: None });
    assert!(v.message().contains("does not say who issued it"));
    let v = verdict(&jwt_with(header(), r#"{"iss":"me","exp":1}"#));
    assert_eq!(
        v,
        Verdict::NotRingCentral {
            issuer: Some("me".into())
        }
    );
}

#[test]
fn sandbox_credential_is_wrong_environment() {
    let v = verdict(&jwt_with(
        header(),
        &payload("platform.devtest.ringcentral.com", NOW + 1000, NOW),
    ));
    assert_eq!(
        v,
        Verdict::WrongEnvironment {
            credential_host: "platform.devtest.ringcentral.com".into(),
            expected_host: "platform.ringcentral.com".into(),
        }
    );
    assert_eq!(v.kind(), Some(ErrorKind::WrongEnvironment));
    assert!(v
        .message()
        .starts_with("This is a sandbox credential (platform.devtest.ringcentral.com)."));
}

#[test]
fn production_credential_against_a_local_server_is_wrong_environment() {
    let server = Url::parse("http://127.0.0.1:4100").unwrap();
    let ctx = InspectContext {
        server: &server,
        client_id: "AbC123",
        client_secret: None,
        now: OffsetDateTime::from_unix_timestamp(NOW).unwrap(),
    };
    let v = inspect(&good_jwt(), &ctx).verdict;
    assert_eq!(
        v,
        Verdict::WrongEnvironment {
            credential_host: "platform.ringcentral.com".into(),
            expected_host: "127.0.0.1:4100".into(),
        }
    );
    assert!(v.message().contains("this provider uses 127.0.0.1:4100"));

    // A credential issued by the local server itself is accepted.
    let p = format!(
        r#"{{"aud":"http://127.0.0.1:4100/restapi/oauth/token","sub":"101","iss":"http://127.0.0.1:4100","exp":{},"iat":{NOW},"jti":"j"}}"#,
        NOW + 1000
    );
    assert!(inspect(&jwt_with(header(), &p), &ctx)
        .verdict
        .is_plausible());
    // Same host, other port: not the same server.
    let p = p.replace("4100", "4101");
    assert!(matches!(
        inspect(&jwt_with(header(), &p), &ctx).verdict,
        Verdict::NotRingCentral { .. }
    ));
}

#[test]
fn audience_on_another_environment_is_caught() {
    let p = format!(
        r#"{{"aud":"https://platform.devtest.ringcentral.com/restapi/oauth/token","iss":"https://platform.ringcentral.com","exp":{},"iat":{NOW}}}"#,
        NOW + 1000
    );
    let v = verdict(&jwt_with(header(), &p));
    assert!(matches!(v, Verdict::WrongEnvironment { .. }), "{v:?}");
}

#[test]
fn hostile_claim_text_is_made_printable() {
    let p = format!(
        r#"{{"iss":"https://platform.ringcentral.com","exp":{},"jti":"a\u202eb\u0000c","sub":"<script>alert(1)</script>"}}"#,
        NOW + 1000
    );
    let v = verdict(&jwt_with(header(), &p));
    let facts = v.facts().unwrap();
    assert_eq!(facts.jti.as_deref(), Some("a\u{fffd}b\u{fffd}c"));
    // HTML is data, shown as text by the UI; it is kept verbatim.
    assert_eq!(facts.sub.as_deref(), Some("<script>alert(1)</script>"));
}

#[test]
fn every_failure_verdict_has_a_distinct_message_and_kind() {
    let secret = SecretString::from("the-secret-value-of-the-provider-app");
    let p = payload("platform.ringcentral.com", NOW + 1000, NOW);
    let pastes = [
        "".to_owned(),
        "x".repeat(MAX_PASTE_BYTES + 1),
        "AbC123".to_owned(),
        "the-secret-value-of-the-provider-app".to_owned(),
        "U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw".to_owned(),
        unsigned(r#"{"alg":"none"}"#, &p),
        jwt_with(header(), &payload("example.com", NOW + 1000, NOW)),
        jwt_with(
            header(),
            &payload("platform.devtest.ringcentral.com", NOW + 1000, NOW),
        ),
        jwt_with(
            header(),
            &payload("platform.ringcentral.com", NOW - 1000, NOW - 5000),
        ),
    ];
    let mut messages = std::collections::HashSet::new();
    for paste in &pastes {
        let v = run_with_secret(paste, Some(&secret)).verdict;
        assert!(v.kind().is_some(), "{v:?}");
        assert!(messages.insert(v.message()), "{v:?}");
    }
}

#[test]
fn pastes_are_named_by_their_shape() {
    let id = "AbCdEfGhIjKlMnOpQrStUv"; // 22, like public client IDs
    let v = verdict(id);
    assert_eq!(v, Verdict::LikelyClientId);
    assert_eq!(v.kind(), Some(ErrorKind::Malformed));
    assert!(v.message().starts_with("That looks like a client ID"));
    assert!(!v.message().contains(id));

    let secret = "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kL7nP9qR"; // 44
    assert_eq!(secret.len(), 44);
    let v = verdict(secret);
    assert_eq!(v, Verdict::LikelyClientSecret);
    assert!(v.message().starts_with("That looks like a client secret"));
    assert!(!v.message().contains("access token"));

    // RingCentral access tokens by their region prefix, whatever their length.
    assert_eq!(
        verdict("U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_Mrt"),
        Verdict::AccessToken
    );
    // Too short to say.
    assert_eq!(
        verdict("abcdefghijklmnopqrstuvwxyz01234"),
        Verdict::NotJwt(NotJwtReason::SegmentCount { found: 1 })
    );
}

#[test]
fn a_signature_cut_off_is_refused_locally() {
    let whole = good_jwt();
    assert!(verdict(&whole).is_plausible());
    let cut = &whole[..whole.len() - 40];
    let v = verdict(cut);
    assert_eq!(v, Verdict::NotJwt(NotJwtReason::CutOff));
    assert_eq!(v.kind(), Some(ErrorKind::Malformed));
    assert!(v.message().contains("looks cut off"), "{}", v.message());
    assert!(v.message().contains("Copy the whole credential again"));
    // 384- and 512-byte RSA signatures are whole too.
    let p = payload("platform.ringcentral.com", NOW + 1000, NOW);
    for bytes in [384usize, 512] {
        let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(vec![7u8; bytes]);
        let jwt = FakeJwt::with_header(header())
            .payload(&p)
            .signature(sig)
            .build();
        assert!(verdict(&jwt).is_plausible(), "{bytes}");
    }
}

#[test]
fn only_none_and_shared_secret_algorithms_are_refused_locally() {
    let p = payload("platform.ringcentral.com", NOW + 1000, NOW);
    for alg in ["ES256", "PS256", "EdDSA", "ES384"] {
        let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([9u8; 64]);
        let jwt = FakeJwt::with_header(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#))
            .payload(&p)
            .signature(sig)
            .build();
        assert!(verdict(&jwt).is_plausible(), "{alg}");
    }
    for alg in ["HS256", "hs384", "HS512"] {
        let v = verdict(&jwt_with(&format!(r#"{{"alg":"{alg}"}}"#), &p));
        assert!(
            matches!(
                v,
                Verdict::NotJwt(NotJwtReason::UnsupportedAlgorithm { .. })
            ),
            "{alg}"
        );
    }
}

#[test]
fn a_payload_that_does_not_decode_is_named_before_a_short_signature() {
    let jwt = FakeJwt::with_header(header())
        .payload("\u{0}\u{0}\u{0}")
        .signature("c2lnbmF0dXJl")
        .build();
    let v = verdict(&jwt);
    assert!(
        matches!(v, Verdict::NotJwt(ref reason) if *reason != NotJwtReason::CutOff),
        "{v:?}"
    );
    assert!(v.message().contains("payload"), "{}", v.message());
}
