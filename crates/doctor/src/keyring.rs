//! The keyring check: writes, reads back and deletes a random probe item in the store rc-onboard
//! keeps onboarding codes and client secrets in. No plaintext fallback exists, so a store that
//! cannot be used is a failure.

use std::time::{Duration, Instant};

use rc_onboard_core::error_chain::format_error_chain;
use rc_onboard_delivery::keystore::probe_store;
use rc_onboard_delivery::{KeystoreError, SharedSecretStore};

use crate::check::{self, Check};

/// Probes `store`, giving up after `timeout` (a locked keyring may wait on an unlock prompt).
pub(crate) async fn check_keyring(store: &SharedSecretStore, timeout: Duration) -> Check {
    let started = Instant::now();
    let outcome = tokio::time::timeout(timeout, probe_store(store)).await;
    let elapsed = started.elapsed();
    match outcome {
        Ok(Ok(())) => Check::pass(
            check::KEYRING,
            "the OS keyring stored, read back and deleted a probe item",
            elapsed,
        ),
        Ok(Err(error @ KeystoreError::Unavailable { .. })) => {
            Check::fail(check::KEYRING, format_error_chain(&error), unavailable_fix(), elapsed)
        }
        Ok(Err(error)) => Check::fail(
            check::KEYRING,
            format_error_chain(&error),
            "The keyring answered but misbehaved. Unlock it or restart its service (log out and in \
             again), then run the doctor again.",
            elapsed,
        ),
        Err(_) => Check::fail(
            check::KEYRING,
            format!("the OS keyring did not answer within {} s", timeout.as_secs()),
            "It may be waiting for you to unlock it: look for an unlock prompt, then run the doctor \
             again.",
            elapsed,
        ),
    }
}

fn unavailable_fix() -> &'static str {
    if cfg!(target_os = "macos") {
        "Unlock the login keychain (Keychain Access), then run the doctor again."
    } else if cfg!(target_os = "windows") {
        "Windows Credential Manager must be usable by your account; sign in with a normal (not \
         temporary) profile, then run the doctor again."
    } else {
        "Install and unlock a Secret Service keyring (GNOME Keyring or KWallet) in your desktop \
         session, then run the doctor again."
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rc_onboard_delivery::MemoryStore;

    use super::*;
    use crate::check::Status;

    #[tokio::test]
    async fn a_working_store_passes_and_keeps_nothing() {
        let memory = Arc::new(MemoryStore::new());
        let store: SharedSecretStore = memory.clone();
        let check = check_keyring(&store, Duration::from_secs(5)).await;
        assert_eq!(check.status, Status::Pass, "{check:?}");
        assert!(memory.names().is_empty());
    }

    /// A store whose calls block until the test lets them go, like a keyring waiting on a prompt.
    #[derive(Debug)]
    struct StuckStore {
        release: std::sync::Mutex<std::sync::mpsc::Receiver<()>>,
    }

    impl rc_onboard_delivery::SecretStore for StuckStore {
        fn set(&self, _: &str, _: &rc_onboard_core::SecretString) -> Result<(), KeystoreError> {
            let _ = self.release.lock().unwrap().recv();
            Err(KeystoreError::Unavailable {
                reason: "released".to_owned(),
            })
        }
        fn get(&self, name: &str) -> Result<rc_onboard_core::SecretString, KeystoreError> {
            Err(KeystoreError::NotFound {
                name: name.to_owned(),
            })
        }
        fn delete(&self, name: &str) -> Result<(), KeystoreError> {
            Err(KeystoreError::NotFound {
                name: name.to_owned(),
            })
        }
    }

    #[tokio::test]
    async fn a_store_that_does_not_answer_fails_on_the_timeout() {
        let (release, receiver) = std::sync::mpsc::channel();
        let store: SharedSecretStore = Arc::new(StuckStore {
            release: std::sync::Mutex::new(receiver),
        });
        let check = check_keyring(&store, Duration::from_millis(200)).await;
        drop(release);
        assert_eq!(check.status, Status::Fail);
        assert!(check.detail.contains("did not answer"), "{}", check.detail);
        assert!(check.fix.unwrap().contains("unlock prompt"));
    }

    #[tokio::test]
    async fn an_unavailable_store_fails_with_a_fix() {
        let store: SharedSecretStore = Arc::new(MemoryStore::unavailable());
        let check = check_keyring(&store, Duration::from_secs(5)).await;
        assert_eq!(check.status, Status::Fail);
        assert!(
            check.detail.contains("no usable OS keyring"),
            "{}",
            check.detail
        );
        assert!(check.fix.unwrap().contains("keyring") || cfg!(not(target_os = "linux")));
    }
}
