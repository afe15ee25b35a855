//! Writes the hand-made seed inputs of every fuzz target to `seeds/<target>/` (run by
//! `run.sh seeds`). The seeds are committed; the fuzzer starts from them and the regression tests
//! replay them along with the fuzzer's corpus.

use std::fs;
use std::path::{Path, PathBuf};

use rc_onboard_intake_protocol::fuzzing::RECIPIENT_IKM;
use rc_onboard_intake_protocol::{seal, ClientInfo, IntakeRequest, KeyPair, RingCentralFacts};
use rc_onboard_testkit::jwt::RINGCENTRAL_HEADER;
use rc_onboard_testkit::{b64url, ringcentral_claims, FakeJwt};
use rc_onboard_verify::fuzzing::inspect::NOW;

const PUBLIC_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

/// Named seed inputs of one target.
type Seeds = Vec<(&'static str, Vec<u8>)>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    write_all(&root.join("inspect"), &inspect_seeds())?;
    write_all(&root.join("profile"), &profile_seeds())?;
    write_all(&root.join("rc_error"), &rc_error_seeds())?;
    write_all(&root.join("intake"), &intake_seeds()?)?;
    Ok(())
}

fn write_all(dir: &Path, seeds: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    for (name, bytes) in seeds {
        fs::write(dir.join(name), bytes)?;
    }
    println!("{}: {} seeds", dir.display(), seeds.len());
    Ok(())
}

/// `header.payload.signature` with an RS256-sized made-up signature.
fn jwt(header: &str, payload: &str) -> String {
    FakeJwt::with_header(header).payload(payload).build()
}

fn inspect_seeds() -> Seeds {
    const RS256: &str = RINGCENTRAL_HEADER;
    const PROD: &str = "https://platform.ringcentral.com";
    let good = jwt(RS256, &ringcentral_claims(PROD, NOW + 86_400 * 90, NOW));
    let never = jwt(RS256, &ringcentral_claims(PROD, NOW + 2_147_483_647, NOW));
    let soon = jwt(RS256, &ringcentral_claims(PROD, NOW + 86_400, NOW));
    let expired = jwt(
        RS256,
        &ringcentral_claims(PROD, NOW - 86_400, NOW - 90 * 86_400),
    );
    let sandbox = jwt(
        RS256,
        &ringcentral_claims(
            "https://platform.devtest.ringcentral.com",
            "9999999999",
            NOW,
        ),
    );
    let foreign = jwt(
        RS256,
        &ringcentral_claims("https://evil.example", "9999999999", NOW),
    );
    let seeds: Vec<(&str, String)> = vec![
        ("good", good.clone()),
        ("never_expires", never),
        ("expires_soon", soon),
        ("expired", expired),
        ("sandbox", sandbox),
        ("foreign_issuer", foreign),
        (
            "alg_none",
            FakeJwt::with_header(r#"{"alg":"none"}"#)
                .payload(ringcentral_claims(PROD, "9999999999", NOW))
                .signature("")
                .build(),
        ),
        (
            "alg_hs256",
            jwt(
                r#"{"alg":"HS256"}"#,
                &ringcentral_claims(PROD, "9999999999", NOW),
            ),
        ),
        (
            "alg_missing",
            jwt(
                r#"{"typ":"JWT"}"#,
                &ringcentral_claims(PROD, "9999999999", NOW),
            ),
        ),
        (
            "exp_float",
            jwt(RS256, &ringcentral_claims(PROD, "1.9e9", NOW)),
        ),
        (
            "exp_string",
            jwt(RS256, &ringcentral_claims(PROD, "\"1900000000\"", NOW)),
        ),
        (
            "exp_negative",
            jwt(RS256, &ringcentral_claims(PROD, "-1", NOW)),
        ),
        (
            "exp_huge",
            jwt(
                RS256,
                &ringcentral_claims(PROD, "99999999999999999999", NOW),
            ),
        ),
        ("no_exp", jwt(RS256, &format!(r#"{{"iss":"{PROD}"}}"#))),
        (
            "aud_list",
            jwt(
                RS256,
                &format!(
                    r#"{{"iss":"{PROD}","aud":["{PROD}","https://x.ringcentral.com"],"exp":9999999999}}"#
                ),
            ),
        ),
        ("bearer", format!("Bearer {good}")),
        ("quoted", format!("\"{good}\"")),
        (
            "noisy",
            format!(" \u{200b}{}\n{} \u{feff}", &good[..40], &good[40..]),
        ),
        ("rtl", format!("{}\u{202e}{}", &good[..30], &good[30..])),
        ("client_id", "rc-demo-provider-app".to_owned()),
        (
            "client_secret",
            "fuzz-provider-client-secret-0123".to_owned(),
        ),
        (
            "access_token",
            "U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw".to_owned(),
        ),
        (
            "json",
            r#"{"access_token":"U1BC","token_type":"bearer"}"#.to_owned(),
        ),
        (
            "url",
            "https://developers.ringcentral.com/console/my-credentials/create?client_id=AbC"
                .to_owned(),
        ),
        ("two_parts", format!("{}.{}", b64url(RS256), b64url("{}"))),
        ("five_parts", "a.b.c.d.e".to_owned()),
        ("payload_not_json", jwt(RS256, "<xml/>")),
        ("payload_array", jwt(RS256, "[1,2]")),
        (
            "nested_base64",
            jwt(RS256, &b64url(ringcentral_claims(PROD, "1", NOW))),
        ),
        ("html", "<script>alert(document.cookie)</script>".to_owned()),
        ("emoji", "🔑🔑🔑".to_owned()),
    ];
    let mut out: Seeds = seeds
        .into_iter()
        .map(|(name, text)| (name, text.into_bytes()))
        .collect();
    out.push(("nul_and_invalid_utf8", b"eyJ\0\xff\xfe.x.y".to_vec()));
    out
}

fn profile_seeds() -> Seeds {
    let full = format!(
        r##"[provider]
name = "Acme Analytics"
support_email = "help@acme.example"
support_url = "https://acme.example/help"
logo = "acme.png"
accent_color = "#1A73E8"

[ringcentral]
server = "https://platform.ringcentral.com"
console = "https://developers.ringcentral.com"
client_id = "AbC123"
client_secret_env = "ACME_RC_CLIENT_SECRET"
required_permissions = ["ReadAccounts", "ReadCallLog"]

[intake]
url = "https://intake.acme.example/v1/submissions"
key_id = "2026-11"
public_key = "{PUBLIC_KEY}"
spki_pin = "sha256/47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU="
"##
    );
    let minimal = format!(
        r#"[provider]
name = "A"
[ringcentral]
server = "http://127.0.0.1:9000/sim"
client_id = "x"
client_secret = "inline-client-secret-value"
[intake]
url = "http://[::1]:8080/v1/submissions"
key_id = "k"
public_key = "{PUBLIC_KEY}"
"#
    );
    let inline_tables = format!(
        r#"provider = {{ name = "Inline", support_url = "http://localhost/help" }}
ringcentral = {{ server = "https://platform.devtest.ringcentral.com", client_id = "a.b~c_d-e" }}
intake = {{ url = "https://i.example/x?y=1", key_id = "2026-11", public_key = "{PUBLIC_KEY}" }}
"#
    );
    let hostile = format!(
        r#"[provider]
name = "Acme\u202e moc.live"
support_email = "<script>@x.example"
logo = "../../etc/passwd.png"
[ringcentral]
server = "http://platform.ringcentral.com"
client_id = "AbC 123"
client_secret = "s"
client_secret_env = "S"
[intake]
url = "https://user:pass@intake.example/"
key_id = "2026-11"
public_key = "{PUBLIC_KEY}="
"\u001b[31mred" = 1
"#
    );
    vec![
        ("full", full.into_bytes()),
        ("minimal_loopback", minimal.into_bytes()),
        ("inline_tables", inline_tables.into_bytes()),
        ("hostile_values", hostile.into_bytes()),
        (
            "bom_and_crlf",
            b"\xef\xbb\xbf[provider]\r\nname = 'x'\r\n".to_vec(),
        ),
        ("invalid_utf8", b"[provider]\nname = \"\xff\"\n".to_vec()),
        (
            "duplicate_escaped_key",
            b"[provider]\n\"\\u001b[31m\" = 1\n\"\\u001b[31m\" = 2\n".to_vec(),
        ),
    ]
}

/// Layout of `rc_onboard_verify::fuzzing::rc_error`: status (2 bytes, big-endian), Retry-After length, Retry-After,
/// body.
fn refusal(status: u16, retry_after: &str, body: &str) -> Vec<u8> {
    let mut out = status.to_be_bytes().to_vec();
    out.push(u8::try_from(retry_after.len()).unwrap_or(0));
    out.extend_from_slice(retry_after.as_bytes());
    out.extend_from_slice(body.as_bytes());
    out
}

fn rc_error_seeds() -> Seeds {
    vec![
        (
            "invalid_grant",
            refusal(
                400,
                "",
                r#"{"error":"invalid_grant","errors":[{"errorCode":"OAU-211","message":"Token is revoked"}],"error_description":"Token is revoked"}"#,
            ),
        ),
        (
            "unauthorized_client",
            refusal(
                400,
                "",
                r#"{"error":"unauthorized_client","errors":[{"errorCode":"OAU-251","message":"Unauthorized for this grant type"}],"error_description":"Unauthorized for this grant type"}"#,
            ),
        ),
        (
            "invalid_client",
            refusal(
                401,
                "",
                r#"{"error":"invalid_client","errors":[{"errorCode":"OAU-153","message":"Invalid client: xx","parameters":[{"parameterName":"client_id","parameterValue":"xx"}]}],"error_description":"Invalid client: xx"}"#,
            ),
        ),
        (
            "user_disabled",
            refusal(
                400,
                "",
                r#"{"error":"invalid_grant","errors":[{"errorCode":"OAU-236","message":"Extension is disabled"}]}"#,
            ),
        ),
        (
            "rate_limited",
            refusal(
                429,
                "30",
                r#"{"errorCode":"CMN-301","message":"Request rate exceeded"}"#,
            ),
        ),
        (
            "rate_limited_date",
            refusal(
                429,
                "Thu, 28 May 2026 20:30:00 GMT",
                r#"{"errorCode":"CMN-301"}"#,
            ),
        ),
        (
            "unavailable",
            refusal(503, "5", r#"{"error":"service_unavailable"}"#),
        ),
        (
            "missing_permission",
            refusal(
                403,
                "",
                r#"{"errorCode":"InsufficientPermissions","message":"[ReadAccounts] permission required","errors":[{"errorCode":"CMN-401","message":"[ReadAccounts] permission required"}]}"#,
            ),
        ),
        (
            "token_invalid",
            refusal(
                401,
                "",
                r#"{"errorCode":"TokenInvalid","message":"OAuth token is invalid","errors":[{"errorCode":"OAU-149","message":"OAuth token is invalid"}]}"#,
            ),
        ),
        (
            "echoes_credentials",
            refusal(
                400,
                "",
                r#"{"error":"invalid_grant","error_description":"Bad assertion ECHO_ASSERTION for ECHO_SECRET"}"#,
            ),
        ),
        (
            "html",
            refusal(502, "", "<html><body>502 Bad Gateway</body></html>"),
        ),
        (
            "lenient_types",
            refusal(
                400,
                "-5",
                r#"{"error":42,"errors":"oops","errorCode":["x"],"message":{"a":1}}"#,
            ),
        ),
        (
            "terminal_escapes",
            refusal(
                400,
                "",
                "{\"error\":\"invalid_grant\",\"error_description\":\"\\u001b[2J\\u202eevil\"}",
            ),
        ),
    ]
}

fn intake_seeds() -> Result<Seeds, Box<dyn std::error::Error>> {
    let pair = KeyPair::derive(&RECIPIENT_IKM);
    let other = KeyPair::derive(&[0x11; 32]);
    let id = "9b2f6c1e-3f4a-4c5b-8d6e-7f8091a2b3c4";
    let request = |sealed| IntakeRequest {
        version: 1,
        submission_id: id.to_owned(),
        sealed_credential: sealed,
        ringcentral: RingCentralFacts {
            server: "https://platform.ringcentral.com".to_owned(),
            client_id: "AbC123".to_owned(),
            account_id: "37439510".to_owned(),
            extension_id: "101".to_owned(),
            permissions: vec!["ReadAccounts".to_owned()],
            credential_expires_at: Some("2027-01-01T00:00:00Z".to_owned()),
            validated_at: "2026-05-28T20:26:40Z".to_owned(),
        },
        client: ClientInfo {
            app: "rc-onboard".to_owned(),
            version: "0.1.0".to_owned(),
            os: "linux".to_owned(),
        },
    };
    let jwt = FakeJwt::with_header(r#"{"alg":"RS256"}"#)
        .payload(r#"{"sub":"101"}"#)
        .build();
    let jwt = jwt.as_bytes();
    let mine = request(seal(pair.public_key(), "2026-11", id, jwt)?);
    let theirs = request(seal(other.public_key(), "2026-11", id, jwt)?);
    let mut wrong_id = mine.clone();
    wrong_id.submission_id = "00000000-0000-4000-8000-000000000000".to_owned();
    let mut no_expiry = mine.clone();
    no_expiry.ringcentral.credential_expires_at = None;
    Ok(vec![
        ("sealed_to_fixed_key", mine.to_json()?),
        ("sealed_to_another_key", theirs.to_json()?),
        ("other_submission_id", wrong_id.to_json()?),
        ("never_expires", no_expiry.to_json()?),
        ("version_2", br#"{"version":2,"other":"shape"}"#.to_vec()),
        ("not_json", b"<html>".to_vec()),
    ])
}
