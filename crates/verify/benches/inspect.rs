//! Criterion benchmark: local inspection of a realistic ~700-byte paste (target < 50 µs).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use criterion::{criterion_group, criterion_main, Criterion};
use rc_onboard_verify::inspect::{inspect, InspectContext};
use rc_onboard_verify::SecretString;
use std::hint::black_box;
use time::OffsetDateTime;
use url::Url;

/// A credential shaped like a real one: RS256 header, the six claims, a 256-byte signature,
/// pasted with a trailing newline and wrapped in quotes.
fn realistic_paste() -> String {
    let header = URL_SAFE_NO_PAD
        .encode(r#"{"kid":"8762f598d05944db86bf5ca978047608","typ":"JWT","alg":"RS256"}"#);
    let payload = URL_SAFE_NO_PAD.encode(
        r#"{"aud":"https://platform.ringcentral.com/restapi/oauth/token","sub":"2069909019","iss":"https://platform.ringcentral.com","exp":3903619923,"iat":1756136276,"jti":"98kNLUzpQc6561JkbuBBgQ"}"#,
    );
    let signature = URL_SAFE_NO_PAD.encode([0x5au8; 256]);
    format!("\"{header}.{payload}.{signature}\"\n")
}

fn bench_inspect(c: &mut Criterion) {
    let paste = realistic_paste();
    let server = Url::parse("https://platform.ringcentral.com").unwrap();
    let secret = SecretString::from("provider-client-secret-value");
    let ctx = InspectContext {
        server: &server,
        client_id: "AbC123",
        client_secret: Some(&secret),
        now: OffsetDateTime::now_utc(),
    };
    assert!(inspect(&paste, &ctx).verdict.is_plausible());
    println!("inspect: paste is {} bytes", paste.len());
    c.bench_function("inspect", |b| {
        b.iter(|| inspect(black_box(&paste), black_box(&ctx)))
    });
}

criterion_group!(benches, bench_inspect);
criterion_main!(benches);
