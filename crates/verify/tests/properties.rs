//! Properties of the parsers: normalisation is idempotent, and inspection and the profile parser
//! never panic, whatever the input.

use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::prelude::*;
use rc_onboard_verify::inspect::{inspect, normalise, InspectContext, MAX_PASTE_BYTES};
use rc_onboard_verify::{Profile, SecretString, Verdict};
use time::OffsetDateTime;
use url::Url;

fn context<'a>(server: &'a Url, secret: &'a SecretString) -> InspectContext<'a> {
    InspectContext {
        server,
        client_id: "AbC123",
        client_secret: Some(secret),
        now: OffsetDateTime::from_unix_timestamp(1_780_000_000).unwrap(),
    }
}

/// Text biased towards what normalisation and inspection care about.
fn noisy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\t".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\u{201c}".to_owned()),
        Just("\u{201d}".to_owned()),
        Just("Bearer ".to_owned()),
        Just("bearer\u{a0}".to_owned()),
        Just("\u{200b}".to_owned()),
        Just("\u{feff}".to_owned()),
        Just(".".to_owned()),
        Just("eyJ".to_owned()),
        "[A-Za-z0-9_-]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|parts| parts.concat())
}

/// Three base64url segments of arbitrary JSON-ish bytes.
fn jwt_like() -> impl Strategy<Value = String> {
    let json_piece = prop_oneof![
        Just(r#"{"alg":"RS256"}"#.to_owned()),
        Just(r#"{"alg":"none"}"#.to_owned()),
        Just(r#"{"iss":"https://platform.ringcentral.com","exp":1e999}"#.to_owned()),
        Just(r#"{"iss":"https://platform.devtest.ringcentral.com","aud":[1,"x"],"exp":-9223372036854775808,"iat":9223372036854775807}"#.to_owned()),
        Just(r#"{"iss":"https://platform.ringcentral.com","exp":"99999999999999999999","iat":null}"#.to_owned()),
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    (
        json_piece.clone(),
        json_piece,
        prop::collection::vec(any::<u8>(), 0..32),
    )
        .prop_map(|(header, payload, signature)| {
            format!(
                "{}.{}.{}",
                URL_SAFE_NO_PAD.encode(header),
                URL_SAFE_NO_PAD.encode(payload),
                URL_SAFE_NO_PAD.encode(signature)
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn normalisation_is_idempotent(text in noisy_text()) {
        let once = normalise(&text);
        let twice = normalise(once.value.expose_secret());
        prop_assert_eq!(once.value.expose_secret(), twice.value.expose_secret());
        prop_assert!(twice.notes.is_empty(), "second pass changed something: {:?}", twice.notes);
        prop_assert!(!once.value.expose_secret().chars().any(char::is_whitespace));
    }

    #[test]
    fn normalisation_of_arbitrary_strings_is_idempotent(text in any::<String>()) {
        let once = normalise(&text);
        let twice = normalise(once.value.expose_secret());
        prop_assert_eq!(once.value.expose_secret(), twice.value.expose_secret());
    }

    #[test]
    fn inspection_never_panics_and_always_explains(text in noisy_text()) {
        let server = Url::parse("https://platform.ringcentral.com").unwrap();
        let secret = SecretString::from("provider-secret-value");
        let inspection = inspect(&text, &context(&server, &secret));
        let message = inspection.verdict.message();
        prop_assert!(!message.is_empty());
        prop_assert_eq!(inspection.jwt().is_some(), inspection.verdict.is_plausible());
        prop_assert_eq!(inspection.verdict.kind().is_none(), inspection.verdict.is_plausible());
    }

    #[test]
    fn inspection_of_jwt_shaped_input_never_panics(jwt in jwt_like(), noise in noisy_text()) {
        let server = Url::parse("http://127.0.0.1:4100").unwrap();
        let secret = SecretString::from("provider-secret-value");
        for paste in [jwt.clone(), format!("{noise}{jwt}"), format!("Bearer {jwt}{noise}")] {
            let verdict = inspect(&paste, &context(&server, &secret)).verdict;
            let _ = verdict.message();
            if let Some(facts) = verdict.facts() {
                prop_assert_eq!(facts.fingerprint.len(), 16);
            }
        }
    }

    #[test]
    fn oversized_input_is_refused_without_decoding(extra in 1usize..4096) {
        let server = Url::parse("https://platform.ringcentral.com").unwrap();
        let secret = SecretString::from("provider-secret-value");
        let paste = "A".repeat(MAX_PASTE_BYTES + extra);
        let verdict = inspect(&paste, &context(&server, &secret)).verdict;
        prop_assert_eq!(verdict, Verdict::TooLarge { bytes: MAX_PASTE_BYTES + extra });
    }

    #[test]
    fn profile_parser_never_panics(text in any::<String>()) {
        let _ = Profile::from_toml_str(&text, Path::new("/tmp/p.toml"));
    }

    #[test]
    fn profile_parser_never_panics_on_profile_shaped_input(
        name in any::<String>(),
        server in any::<String>(),
        key in any::<String>(),
        extra in "[a-z_]{1,12}",
    ) {
        let text = format!(
            "[provider]\nname = {name:?}\n[ringcentral]\nserver = {server:?}\nclient_id = \"x\"\n{extra} = 1\n[intake]\nurl = \"https://i.example\"\nkey_id = \"k\"\npublic_key = {key:?}\n"
        );
        if let Err(e) = Profile::from_toml_str(&text, Path::new("/tmp/p.toml")) {
            prop_assert!(e.to_string().contains("/tmp/p.toml"));
        }
    }
}
