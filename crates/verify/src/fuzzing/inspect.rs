//! Invariants of local inspection ([`crate::inspect()`]) on arbitrary bytes, shared by the
//! `inspect` fuzz target and the corpus replay in `crates/verify/tests/fuzz_corpus.rs`.
//!
//! The input is read as UTF-8 (invalid bytes become U+FFFD, as a paste field would show them) and
//! inspected against a fixed production profile, client secret and clock. Beyond "no panic":
//! the message never echoes a long paste, never carries control or direction-changing characters,
//! and the verdict, its kind and the released JWT agree with one another.

use time::OffsetDateTime;
use url::Url;

use crate::inspect::{normalise, NotJwtReason, MAX_PASTE_BYTES};
use crate::{InspectContext, Inspection, Profile, SecretString, Verdict};

/// The fixed clock (2026-05-28T20:26:40Z).
pub const NOW: i64 = 1_780_000_000;
/// The fixed provider client secret inspection compares pastes with.
pub const CLIENT_SECRET: &str = "fuzz-provider-client-secret-0123";
/// A paste longer than this must never appear in the message.
pub const ECHO_LIMIT_CHARS: usize = 40;

/// The fixed profile: production RingCentral, the demo provider's client id.
pub fn profile() -> Profile {
    let parse = |text: &str| Url::parse(text).unwrap_or_else(|e| panic!("fixed URL {text}: {e}"));
    Profile::demo(
        parse("https://platform.ringcentral.com"),
        parse("https://intake.acme.example/v1/submissions"),
        [9; 32],
        "fuzz-key",
    )
}

/// Inspects `data` against the fixed context and checks every invariant; panics on a violation.
pub fn check(data: &[u8]) -> Inspection {
    let text = String::from_utf8_lossy(data);
    let profile = profile();
    let secret = SecretString::from(CLIENT_SECRET);
    let now = OffsetDateTime::from_unix_timestamp(NOW).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let ctx = InspectContext::new(&profile, Some(&secret), now);
    let inspection = crate::inspect(&text, &ctx);
    let verdict = &inspection.verdict;
    let message = verdict.message();

    assert_eq!(
        text.len() > MAX_PASTE_BYTES,
        matches!(verdict, Verdict::TooLarge { .. }),
        "only an oversized paste is too large"
    );
    assert_eq!(verdict.kind().is_none(), verdict.is_plausible());
    assert_eq!(inspection.jwt().is_some(), verdict.is_plausible());
    assert!(!message.trim().is_empty(), "every verdict explains itself");
    assert!(
        message.chars().all(is_safe_to_show),
        "message carries a control or invisible character: {message:?}"
    );
    if let Some(warning) = verdict.warning(now) {
        assert!(warning.chars().all(is_safe_to_show), "{warning:?}");
    }
    if let Some(facts) = verdict.facts() {
        assert_eq!(facts.fingerprint.len(), 16, "{facts:?}");
        assert!(facts
            .fingerprint
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        for shown in [&facts.iss]
            .into_iter()
            .chain(facts.jti.as_ref())
            .chain(facts.sub.as_ref())
        {
            assert!(shown.chars().all(is_safe_to_show), "{shown:?}");
        }
    }

    if text.len() <= MAX_PASTE_BYTES {
        let normalised = normalise(&text);
        let again = normalise(normalised.value.expose_secret());
        assert_eq!(
            again.value.expose_secret(),
            normalised.value.expose_secret(),
            "normalisation is idempotent"
        );
        assert!(again.notes.is_empty(), "{:?}", again.notes);
        assert_not_echoed(verdict, &message, normalised.value.expose_secret());
        if verdict.is_plausible() {
            assert_eq!(
                inspection.jwt().map(SecretString::expose_secret),
                Some(normalised.value.expose_secret())
            );
        }
    }
    assert_not_echoed(verdict, &message, &text);
    inspection
}

/// A long `paste` may appear in `message` only as part of the fixed wording (never through a
/// field the verdict copied from the paste).
fn assert_not_echoed(verdict: &Verdict, message: &str, paste: &str) {
    if paste.chars().count() <= ECHO_LIMIT_CHARS || !message.contains(paste) {
        return;
    }
    let wording_only = without_copied_fields(verdict).message();
    assert!(
        wording_only.contains(paste),
        "the message echoes the paste: {message:?}"
    );
}

/// The verdict with every field that holds text from the paste emptied.
fn without_copied_fields(verdict: &Verdict) -> Verdict {
    match verdict {
        Verdict::NotRingCentral { issuer } => Verdict::NotRingCentral {
            issuer: issuer.as_ref().map(|_| String::new()),
        },
        Verdict::WrongEnvironment { expected_host, .. } => Verdict::WrongEnvironment {
            credential_host: String::new(),
            expected_host: expected_host.clone(),
        },
        Verdict::NotJwt(NotJwtReason::UnsupportedAlgorithm { .. }) => {
            Verdict::NotJwt(NotJwtReason::UnsupportedAlgorithm { alg: String::new() })
        }
        other => other.clone(),
    }
}

/// Not a control character, not a zero-width or direction-changing character.
pub fn is_safe_to_show(c: char) -> bool {
    !rc_onboard_core::text::is_unsafe_char(c)
}
