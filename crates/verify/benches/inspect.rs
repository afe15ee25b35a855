//! Criterion benchmark: local inspection of a realistic ~700-byte paste (target < 50 µs).

use criterion::{criterion_group, criterion_main, Criterion};
use rc_onboard_testkit::{ringcentral_claims, FakeJwt};
use rc_onboard_verify::inspect::{inspect, InspectContext};
use rc_onboard_verify::SecretString;
use std::hint::black_box;
use time::OffsetDateTime;
use url::Url;

/// A credential shaped like a real one: RS256 header, the six claims, a 256-byte signature,
/// pasted with a trailing newline and wrapped in quotes.
fn realistic_paste() -> String {
    let jwt = FakeJwt::rs256()
        .payload(ringcentral_claims(
            "https://platform.ringcentral.com",
            3_903_619_923_i64,
            1_756_136_276_i64,
        ))
        .build();
    format!("\"{jwt}\"\n")
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
