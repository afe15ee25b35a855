//! Key rotation: with the new key current and the old one still given, a submission sealed to
//! the old key (queued in a customer's outbox before the rotation) is accepted and exported;
//! `rc-intake keys` lists ids and fingerprints and never a private key.

#[macro_use]
mod common;

use common::process::{rc_intake, stdout_of};
use common::{answer, new_submission_id, request, start_with, Db, JWT, KEY_ID};
use rc_onboard_intake_protocol::{KeyFile, KeyPair};
use rc_onboard_intake_server::public_key_fingerprint;

const OLD_KEY_ID: &str = "2026-10";

async fn a_submission_sealed_to_the_old_key_is_accepted_after_rotation(db: &Db) {
    let old = KeyPair::generate().unwrap();
    let old_private = old.private_key().clone();
    let fx = start_with(db, |config| {
        config.older_keys = vec![KeyFile {
            key_id: OLD_KEY_ID.to_owned(),
            private_key: old_private,
        }];
    })
    .await;
    assert_eq!(fx.server.key_id(), KEY_ID);
    assert_eq!(&fx.server.public_key().unwrap(), &fx.public);

    let queued_code = fx.code();
    let queued = new_submission_id();
    let body = request(old.public_key(), OLD_KEY_ID, &queued, JWT)
        .to_json()
        .unwrap();
    let (status, json) = answer(fx.post(&queued_code, &queued, body).await).await;
    assert_eq!(status, 201, "{json}");

    let code = fx.code();
    let fresh = new_submission_id();
    let (status, json) = answer(fx.post(&code, &fresh, fx.body(&fresh)).await).await;
    assert_eq!(status, 201, "{json}");

    let key_ids: Vec<String> = fx
        .server
        .submissions()
        .unwrap()
        .into_iter()
        .map(|s| s.key_id)
        .collect();
    assert_eq!(key_ids, [OLD_KEY_ID, KEY_ID]);
    assert_eq!(
        fx.server.export(&queued).unwrap().as_slice(),
        JWT.as_bytes()
    );
    assert_eq!(fx.server.export(&fresh).unwrap().as_slice(), JWT.as_bytes());
}

on_both_backends!(a_submission_sealed_to_the_old_key_is_accepted_after_rotation);

#[test]
fn keys_lists_ids_and_fingerprints_current_first() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.key");
    let old = dir.path().join("old.key");
    let (new, old) = (new.to_str().unwrap(), old.to_str().unwrap());
    stdout_of(&rc_intake(&["keygen", "--out", new, "--key-id", "2026-11"]));
    stdout_of(&rc_intake(&["keygen", "--out", old, "--key-id", "2026-10"]));

    let listed = stdout_of(&rc_intake(&["keys", "--key", new, "--key", old, "--json"]));
    let json: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(json[0]["key_id"], "2026-11");
    assert_eq!(json[0]["current"], true);
    assert_eq!(json[1]["key_id"], "2026-10");
    assert_eq!(json[1]["current"], false);
    let old_file = KeyFile::parse(&std::fs::read_to_string(old).unwrap()).unwrap();
    let old_public = old_file.private_key.public_key().unwrap();
    assert_eq!(
        json[1]["fingerprint"],
        public_key_fingerprint(&old_public).as_str()
    );
    assert_eq!(json[1]["public_key"], old_public.to_b64url().as_str());
    assert!(!listed.contains(old_file.private_key.to_b64url().as_str()));

    let table = stdout_of(&rc_intake(&["keys", "--key", new, "--key", old]));
    assert!(
        table.contains("2026-11") && table.contains("SHA256:"),
        "{table}"
    );

    let duplicate = rc_intake(&["keys", "--key", new, "--key", new]);
    assert_eq!(duplicate.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("two keys have key_id"));
}
