//! Unit tests for profile parsing: one per error and the happy paths.

use super::*;

const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"; // bytes 0..32

fn origin() -> PathBuf {
    PathBuf::from("/etc/acme/acme.toml")
}

fn profile_text(ringcentral_extra: &str, intake_extra: &str) -> String {
    format!(
        r#"
[provider]
name = "Acme Analytics"
support_email = "help@acme.example"
support_url = "https://acme.example/help"

[ringcentral]
server = "https://platform.ringcentral.com"
client_id = "AbC123"
required_permissions = ["ReadAccounts"]
{ringcentral_extra}

[intake]
url = "https://intake.acme.example/v1/submissions"
key_id = "2026-11"
public_key = "{KEY}"
{intake_extra}
"#
    )
}

fn parse(text: &str) -> Result<Profile, ProfileError> {
    Profile::from_toml_str(text, &origin())
}

fn error_of(text: &str) -> ProfileError {
    match parse(text) {
        Ok(profile) => panic!("expected an error, got {profile:?}"),
        Err(e) => e,
    }
}

/// Every profile error names the file and the key.
fn assert_names(error: &ProfileError, key: &str) {
    let shown = error.to_string();
    assert!(shown.contains("/etc/acme/acme.toml"), "{shown}");
    assert!(shown.contains(key), "{shown}");
    assert_eq!(error.key(), Some(key), "{shown}");
}

#[test]
fn parses_the_issue_example() {
    let profile = parse(&profile_text("client_secret = \"s3cret\"", "")).unwrap();
    assert_eq!(profile.provider.name, "Acme Analytics");
    assert_eq!(
        profile.provider.support_email.as_deref(),
        Some("help@acme.example")
    );
    assert_eq!(
        profile.provider.support_url.as_ref().unwrap().as_str(),
        "https://acme.example/help"
    );
    assert_eq!(
        profile.ringcentral.server.as_str(),
        "https://platform.ringcentral.com/"
    );
    assert_eq!(
        profile.ringcentral.console.as_str(),
        "https://developers.ringcentral.com/"
    );
    assert_eq!(profile.ringcentral.client_id, "AbC123");
    assert_eq!(
        profile.ringcentral.required_permissions,
        vec!["ReadAccounts"]
    );
    assert_eq!(profile.intake.key_id, "2026-11");
    let expected: Vec<u8> = (0u8..32).collect();
    assert_eq!(profile.intake.public_key.to_vec(), expected);
    assert!(profile.intake.spki_pin.is_none());
    match profile.client_secret_source() {
        ClientSecretSource::Inline(secret) => assert_eq!(secret.expose_secret(), "s3cret"),
        other => panic!("{other:?}"),
    }
    // The secret never shows in Debug output of the whole profile.
    assert!(!format!("{profile:?}").contains("s3cret"));
}

#[test]
fn optional_branding_and_pin_parse() {
    let text = profile_text(
        "",
        "spki_pin = \"sha256/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"",
    )
    .replace(
        "support_url = \"https://acme.example/help\"",
        "logo = \"img/acme.png\"\naccent_color = \"#1A73E8\"",
    );
    let profile = parse(&text).unwrap();
    assert_eq!(
        profile.provider.logo.as_deref(),
        Some(Path::new("/etc/acme/img/acme.png"))
    );
    assert_eq!(profile.provider.accent_color.as_deref(), Some("#1a73e8"));
    let expected: Vec<u8> = (0u8..32).collect();
    assert_eq!(profile.intake.spki_pin.unwrap().to_vec(), expected);
    assert!(profile.provider.support_url.is_none());
}

#[test]
fn loopback_http_is_allowed() {
    for host in ["127.0.0.1:8080", "127.8.9.10", "[::1]:3000", "localhost:9"] {
        let text = profile_text("", "").replace(
            "https://platform.ringcentral.com",
            &format!("http://{host}"),
        );
        let profile = parse(&text).unwrap();
        assert_eq!(profile.ringcentral.server.scheme(), "http", "{host}");
    }
}

#[test]
fn console_create_url_is_encoded() {
    let mut profile = parse(&profile_text("", "")).unwrap();
    assert_eq!(
        profile.console_create_url().as_str(),
        "https://developers.ringcentral.com/console/my-credentials/create?client_id=AbC123"
    );
    profile.ringcentral.client_id = "a b&c".into();
    profile.ringcentral.console = Url::parse("http://127.0.0.1:5000/sim/").unwrap();
    assert_eq!(
        profile.console_create_url().as_str(),
        "http://127.0.0.1:5000/sim/console/my-credentials/create?client_id=a+b%26c"
    );
}

#[test]
fn custom_console_is_used() {
    let profile = parse(&profile_text("console = \"http://localhost:4000\"", "")).unwrap();
    assert_eq!(
        profile.console_create_url().as_str(),
        "http://localhost:4000/console/my-credentials/create?client_id=AbC123"
    );
}

#[test]
fn unknown_key_in_each_table() {
    let e = error_of(&profile_text("sever = \"https://x.example\"", ""));
    assert!(matches!(e, ProfileError::UnknownKey { .. }));
    assert_names(&e, "ringcentral.sever");
    assert!(e.to_string().contains("Remove it or fix its spelling"));

    let e = error_of(&profile_text("", "extra = 1"));
    assert_names(&e, "intake.extra");

    let e = error_of(&(profile_text("", "") + "\n[logging]\nlevel = \"debug\"\n"));
    assert_names(&e, "logging");

    let e = error_of(&profile_text("", "").replace("[provider]", "[provider]\ncolour = \"red\""));
    assert_names(&e, "provider.colour");
}

#[test]
fn missing_required_keys() {
    for (line, key) in [
        (
            "server = \"https://platform.ringcentral.com\"",
            "ringcentral.server",
        ),
        ("client_id = \"AbC123\"", "ringcentral.client_id"),
        ("name = \"Acme Analytics\"", "provider.name"),
        (
            "url = \"https://intake.acme.example/v1/submissions\"",
            "intake.url",
        ),
        ("key_id = \"2026-11\"", "intake.key_id"),
    ] {
        let e = error_of(&profile_text("", "").replace(line, ""));
        assert!(matches!(e, ProfileError::MissingKey { .. }), "{e}");
        assert_names(&e, key);
        assert!(e.to_string().contains("Add "), "{e}");
    }
    let e = error_of(&profile_text("", "").replace(&format!("public_key = \"{KEY}\""), ""));
    assert_names(&e, "intake.public_key");
}

#[test]
fn missing_sections() {
    let e = error_of("[provider]\nname = \"x\"\n");
    assert_names(&e, "ringcentral");
    assert!(e.to_string().contains("Add a [ringcentral] section"));
}

#[test]
fn bad_urls() {
    let e = error_of(&profile_text("", "").replace(
        "https://platform.ringcentral.com",
        "platform.ringcentral.com",
    ));
    assert!(matches!(e, ProfileError::InvalidValue { .. }));
    assert_names(&e, "ringcentral.server");
    assert!(e.to_string().contains("not a valid URL"), "{e}");
    assert!(
        e.to_string().contains("https://platform.ringcentral.com"),
        "{e}"
    );

    let e = error_of(&profile_text("", "").replace("https://acme.example/help", "https://"));
    assert_names(&e, "provider.support_url");

    let e = error_of(&profile_text("", "").replace(
        "https://platform.ringcentral.com",
        "https://u:p@platform.ringcentral.com",
    ));
    assert!(e.to_string().contains("user name or password"), "{e}");

    let e = error_of(&profile_text("", "").replace(
        "https://platform.ringcentral.com",
        "https://platform.ringcentral.com/?x=1",
    ));
    assert!(e.to_string().contains("?query"), "{e}");
}

#[test]
fn non_https_urls_are_refused_except_loopback() {
    for (from, to, key) in [
        (
            "https://platform.ringcentral.com",
            "http://platform.ringcentral.com",
            "ringcentral.server",
        ),
        (
            "https://intake.acme.example/v1/submissions",
            "http://10.0.0.5/v1",
            "intake.url",
        ),
        (
            "https://intake.acme.example/v1/submissions",
            "http://localhost.evil.example/v1",
            "intake.url",
        ),
        (
            "https://acme.example/help",
            "ftp://acme.example/help",
            "provider.support_url",
        ),
        (
            "https://intake.acme.example/v1/submissions",
            "file:///etc/passwd",
            "intake.url",
        ),
    ] {
        let e = error_of(&profile_text("", "").replace(from, to));
        assert_names(&e, key);
        assert!(e.to_string().contains("instead of https://"), "{e}");
        assert!(e.to_string().contains("127.0.0.1"), "{e}");
    }
    let e = error_of(&profile_text(
        "console = \"http://developers.ringcentral.com\"",
        "",
    ));
    assert_names(&e, "ringcentral.console");
}

#[test]
fn bad_public_keys() {
    let cases = [
        (format!("{KEY}="), "padding"),
        ("AAEC+/8".to_owned(), "not base64url"),
        (
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd".to_owned(),
            "decodes to 30 bytes",
        ),
        (format!("{KEY}AAAA"), "decodes to 35 bytes"),
    ];
    for (value, problem) in cases {
        let e = error_of(&profile_text("", "").replace(KEY, &value));
        assert_names(&e, "intake.public_key");
        assert!(e.to_string().contains(problem), "{e}");
    }
}

#[test]
fn wrong_value_types() {
    let e = error_of(&profile_text("", "").replace("client_id = \"AbC123\"", "client_id = 123"));
    assert_names(&e, "ringcentral.client_id");
    assert!(
        e.to_string()
            .contains("must be a text string, not a integer"),
        "{e}"
    );

    let e = error_of(&profile_text("", "").replace("[\"ReadAccounts\"]", "\"ReadAccounts\""));
    assert_names(&e, "ringcentral.required_permissions");

    let e = error_of(&profile_text("", "").replace("[\"ReadAccounts\"]", "[\"Read Accounts\"]"));
    assert_names(&e, "ringcentral.required_permissions");

    let e = error_of(&profile_text("", "").replace("client_id = \"AbC123\"", "client_id = \"  \""));
    assert!(e.to_string().contains("is empty"), "{e}");

    let e =
        error_of(&profile_text("", "").replace("client_id = \"AbC123\"", "client_id = \"Ab C\""));
    assert_names(&e, "ringcentral.client_id");
}

#[test]
fn both_secrets_conflict() {
    let e = error_of(&profile_text(
        "client_secret = \"s3cret\"\nclient_secret_env = \"ACME\"",
        "",
    ));
    assert!(matches!(e, ProfileError::ConflictingSecret { .. }));
    assert_names(&e, "ringcentral.client_secret");
    assert!(e.to_string().contains("Keep only one"));
    assert!(!e.to_string().contains("s3cret"));
}

#[test]
fn secret_from_environment() {
    let profile = parse(&profile_text(
        "client_secret_env = \"ACME_RC_CLIENT_SECRET\"",
        "",
    ))
    .unwrap();
    let source = profile.client_secret_source();
    assert!(matches!(&source, ClientSecretSource::Env(var) if var == "ACME_RC_CLIENT_SECRET"));
    let found = source
        .resolve_with(&profile.origin, |name| {
            (name == "ACME_RC_CLIENT_SECRET").then(|| "from-env\n".to_owned())
        })
        .unwrap()
        .unwrap();
    assert_eq!(found.expose_secret(), "from-env");
    let e = source.resolve_with(&profile.origin, |_| None).unwrap_err();
    assert!(matches!(e, ProfileError::SecretEnvUnset { .. }));
    assert_names(&e, "ringcentral.client_secret_env");
    assert!(e.to_string().contains("Set ACME_RC_CLIENT_SECRET"), "{e}");

    let e = error_of(&profile_text("client_secret_env = \"1BAD-NAME\"", ""));
    assert_names(&e, "ringcentral.client_secret_env");
}

#[test]
fn no_secret_is_none() {
    let profile = parse(&profile_text("", "")).unwrap();
    assert!(matches!(
        profile.client_secret_source(),
        ClientSecretSource::None
    ));
    assert!(profile.client_secret().unwrap().is_none());
}

#[test]
fn bad_branding_values() {
    for (value, key) in [
        ("logo = \"/etc/passwd.png\"", "provider.logo"),
        ("logo = \"../secrets/key.png\"", "provider.logo"),
        ("logo = \"acme.exe\"", "provider.logo"),
        ("accent_color = \"blue\"", "provider.accent_color"),
        ("accent_color = \"#12345\"", "provider.accent_color"),
        ("accent_color = \"#12345G\"", "provider.accent_color"),
    ] {
        let e =
            error_of(&profile_text("", "").replace("[provider]", &format!("[provider]\n{value}")));
        assert_names(&e, key);
    }
    let e = error_of(&profile_text("", "").replace("help@acme.example", "not-an-email"));
    assert_names(&e, "provider.support_email");
    let e = error_of(&profile_text("", "").replace("Acme Analytics", "Acme\u{202e}scitylanA"));
    assert_names(&e, "provider.name");
    let long = "x".repeat(500);
    let e = error_of(&profile_text("", "").replace("Acme Analytics", &long));
    assert_names(&e, "provider.name");
}

#[test]
fn bad_spki_pins() {
    for value in ["AAEC", "sha256/!!!", "sha256/AAEC"] {
        let e = error_of(&profile_text("", &format!("spki_pin = \"{value}\"")));
        assert_names(&e, "intake.spki_pin");
    }
}

#[test]
fn syntax_error_names_line_without_echoing_content() {
    let text =
        "[provider]\nname = \"Acme\"\n[ringcentral]\nclient_secret = \"topsecret\nserver = 1\n";
    let e = error_of(text);
    let shown = e.to_string();
    assert!(matches!(e, ProfileError::Syntax { line: 4, .. }), "{shown}");
    assert!(shown.contains("/etc/acme/acme.toml"), "{shown}");
    assert!(shown.contains("line 4"), "{shown}");
    assert!(!shown.contains("topsecret"), "{shown}");
}

#[test]
fn syntax_errors_quoting_a_key_carry_no_terminal_escapes() {
    // toml names the duplicated key in its message; a quoted key can hold any character.
    let text = "[provider]\n\"\\u001b[2J\\u202e\" = 1\n\"\\u001b[2J\\u202e\" = 2\n";
    let e = error_of(text);
    let shown = e.to_string();
    assert!(matches!(e, ProfileError::Syntax { line: 3, .. }), "{shown}");
    assert!(shown.contains("duplicate key"), "{shown}");
    assert!(
        !shown.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{shown:?}"
    );
    // The whole escape sequence and the override are replaced, each by one U+FFFD.
    assert!(shown.contains("\u{fffd}\u{fffd}"), "{shown:?}");
    assert!(!shown.contains("[2J"), "{shown:?}");
}

#[test]
fn deep_nesting_is_refused_before_parsing_on_a_small_stack() {
    // The TOML parser recurses per level: thousands of `[` or `{` would overflow a thread's
    // stack. Refused up front, even on a 256 KiB stack in an unoptimised build.
    let arrays = profile_text("", &format!("extra = {}", "[".repeat(30_000)));
    let tables = profile_text("", &format!("extra = {}", "{a=".repeat(20_000)));
    let errors = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || [error_of(&arrays), error_of(&tables)].map(|e| e.to_string()))
        .unwrap()
        .join()
        .unwrap();
    for shown in errors {
        assert!(shown.contains("nested more than 8 levels deep"), "{shown}");
        assert!(shown.contains("line 17, column"), "{shown}");
    }
    let shallow = format!("extra = {}1{}", "[".repeat(8), "]".repeat(8));
    assert!(matches!(
        error_of(&profile_text("", &shallow)),
        ProfileError::UnknownKey { .. }
    ));
}

#[test]
fn load_reads_a_file_and_strips_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.toml");
    std::fs::write(&path, format!("\u{feff}{}", profile_text("", ""))).unwrap();
    let profile = Profile::load(&path).unwrap();
    assert_eq!(profile.origin, path);
}

#[test]
fn load_refuses_invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let mut bytes = b"[provider]\nname = \"Ac".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"me\"\n");
    std::fs::write(&path, bytes).unwrap();
    let e = Profile::load(&path).unwrap_err();
    assert!(matches!(e, ProfileError::NotUtf8 { offset: 21, .. }), "{e}");
    assert!(e.to_string().contains("bad.toml"));
    assert!(e.to_string().contains("Save it as UTF-8"));
}

#[test]
fn load_refuses_a_huge_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    std::fs::write(&path, "#".repeat(MAX_PROFILE_BYTES + 1)).unwrap();
    let e = Profile::load(&path).unwrap_err();
    assert!(matches!(e, ProfileError::TooLarge { .. }), "{e}");
    assert!(e.to_string().contains("huge.toml"));
}

#[test]
fn load_reports_a_missing_file() {
    let e = Profile::load(Path::new("/nonexistent/rc-onboard/profile.toml")).unwrap_err();
    assert!(matches!(e, ProfileError::Read { .. }));
    assert!(e
        .to_string()
        .contains("/nonexistent/rc-onboard/profile.toml"));
    assert!(e.to_string().contains("--profile"));
}

#[test]
fn demo_profile_is_the_built_in_one() {
    let server = Url::parse("http://127.0.0.1:4100").unwrap();
    let intake = Url::parse("http://127.0.0.1:4200/v1/submissions").unwrap();
    let profile = Profile::demo(server.clone(), intake.clone(), [7; 32], "demo-1");
    assert_eq!(profile.provider.name, "Acme Analytics (demo)");
    assert_eq!(profile.ringcentral.client_id, "rc-demo-provider-app");
    assert_eq!(profile.ringcentral.server, server);
    assert_eq!(profile.intake.url, intake);
    assert_eq!(profile.intake.key_id, "demo-1");
    assert_eq!(
        profile.ringcentral.required_permissions,
        vec!["ReadAccounts"]
    );
    assert_eq!(
        profile.client_secret().unwrap().unwrap().expose_secret(),
        "rc-demo-provider-secret"
    );
}

#[test]
fn permissions_are_deduplicated_and_default_empty() {
    let text = profile_text("", "").replace(
        "[\"ReadAccounts\"]",
        "[\"ReadAccounts\", \"ReadCallLog\", \"ReadAccounts\"]",
    );
    assert_eq!(
        parse(&text).unwrap().ringcentral.required_permissions,
        vec!["ReadAccounts", "ReadCallLog"]
    );
    let text = profile_text("", "").replace("required_permissions = [\"ReadAccounts\"]", "");
    assert!(parse(&text)
        .unwrap()
        .ringcentral
        .required_permissions
        .is_empty());
}

#[test]
fn ringcentral_hosts_are_exact_or_loopback() {
    for (key, hostile) in [
        ("ringcentral.server", "https://platform.ringcentraI.com"),
        (
            "ringcentral.server",
            "https://platform.ringcentral.com.evil.example",
        ),
        ("ringcentral.server", "https://evil.example"),
        ("ringcentral.server", "https://platform.ringcentral.com:444"),
        ("ringcentral.server", "https://developers.ringcentral.com"),
        (
            "ringcentral.console",
            "https://developers.ringcentral.com.evil.example",
        ),
        ("ringcentral.console", "https://platform.ringcentral.com"),
    ] {
        let line = format!("{} = \"{hostile}\"", key.trim_start_matches("ringcentral."));
        let text = if key == "ringcentral.server" {
            profile_text("", "").replace("server = \"https://platform.ringcentral.com\"", &line)
        } else {
            profile_text(&line, "")
        };
        let e = error_of(&text);
        assert_names(&e, key);
        assert!(e.to_string().contains("not RingCentral's"), "{e}");
    }
    let e = error_of(&profile_text("", "").replace(
        "https://platform.ringcentral.com",
        "https://platform.ringcentral.com@evil.example",
    ));
    assert_names(&e, "ringcentral.server");
    for ok in [
        "https://platform.devtest.ringcentral.com",
        "http://127.0.0.1:9000/sim",
    ] {
        let profile =
            parse(&profile_text("", "").replace("https://platform.ringcentral.com", ok)).unwrap();
        assert_eq!(
            profile.ringcentral.server.as_str().trim_end_matches('/'),
            ok
        );
    }
    let profile = parse(&profile_text("console = \"http://localhost:4000\"", "")).unwrap();
    assert_eq!(
        profile.ringcentral.console.as_str(),
        "http://localhost:4000/"
    );
}

#[test]
fn client_secret_variable_must_be_an_rc_onboard_one() {
    for var in [
        "AWS_SECRET_ACCESS_KEY",
        "HOME",
        "ACME_RC_SECRET",
        "RC_ONBOARDX",
    ] {
        let e = error_of(&profile_text(&format!("client_secret_env = \"{var}\""), ""));
        assert_names(&e, "ringcentral.client_secret_env");
        let shown = e.to_string();
        assert!(shown.contains("RC_ONBOARD_"), "{shown}");
        assert!(shown.contains("_RC_CLIENT_SECRET"), "{shown}");
    }
    for var in ["RC_ONBOARD_CLIENT_SECRET", "ACME_RC_CLIENT_SECRET"] {
        let profile = parse(&profile_text(&format!("client_secret_env = \"{var}\""), "")).unwrap();
        assert!(matches!(profile.client_secret_source(), ClientSecretSource::Env(v) if v == var));
    }
}

#[test]
fn support_email_is_an_address_only() {
    for hostile in [
        "help@acme.example?attach=/etc/passwd",
        "help@acme.example&body=x",
        "help%40acme.example@x.example",
        "mailto:help@acme.example",
        "help@acme.example#x",
        "help@acme.example/x",
    ] {
        let e = error_of(&profile_text("", "").replace("help@acme.example", hostile));
        assert_names(&e, "provider.support_email");
    }
}

#[test]
fn permission_probes_are_optional_rest_paths() {
    let profile = parse(&profile_text("", "")).unwrap();
    assert!(profile.ringcentral.permission_probes.is_empty());

    let profile = parse(&profile_text(
        r#"permission_probes = ["/restapi/v1.0/account/~/call-log?perPage=1", "/restapi/v1.0/account/~/call-log?perPage=1"]"#,
        "",
    ))
    .unwrap();
    assert_eq!(
        profile.ringcentral.permission_probes,
        vec!["/restapi/v1.0/account/~/call-log?perPage=1"]
    );

    for bad in [
        r#"permission_probes = "/restapi/v1.0/account/~/call-log""#,
        r#"permission_probes = [1]"#,
        r#"permission_probes = ["https://evil.example/restapi/v1.0"]"#,
        r#"permission_probes = ["/restapi/../admin"]"#,
        r#"permission_probes = ["//evil.example/restapi/v1.0"]"#,
        r#"permission_probes = ["/restapi/v1.0/a b"]"#,
        r#"permission_probes = ["/restapi/v1.0/x#frag"]"#,
        r#"permission_probes = ["/other/path"]"#,
    ] {
        let e = error_of(&profile_text(bad, ""));
        assert_names(&e, "ringcentral.permission_probes");
    }
    let many = (0..=MAX_PERMISSION_PROBES)
        .map(|i| format!("\"/restapi/v1.0/p{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let e = error_of(&profile_text(&format!("permission_probes = [{many}]"), ""));
    assert_names(&e, "ringcentral.permission_probes");
}
