//! Secrets at rest: onboarding codes and client secrets live in the OS keyring (Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows) under the service name `rc-onboard`, as
//! `code:<submission_id>` and `client-secret:<server host[:port]>/<client_id>`. When no keyring can
//! be reached the store says so ([`KeystoreError::Unavailable`]); there is no plaintext fallback.
//!
//! A client secret is keyed by the RingCentral server's host as well as the client id, so a profile
//! naming the same client id with another server (a simulator on this computer, the sandbox) never
//! gets it. Entries of the older form `client-secret:<client_id>` are not read (they say nothing
//! about the server they were meant for); `profile delete-secret` removes them, and `profile
//! store-secret` stores the secret again under the new name.
//!
//! The keyring backends block (the Secret Service one runs its own small runtime and must not be
//! called from inside a tokio task), so [`OsKeyring`] runs every call on a short-lived thread of its
//! own, and the async helpers here move calls off the async executor with `spawn_blocking`.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use rc_onboard_core::secret::SecretString;
use url::Url;

/// Keyring service name of every item rc-onboard stores.
pub const SERVICE: &str = "rc-onboard";

/// Longest client id accepted in an entry name.
const MAX_CLIENT_ID_LEN: usize = 128;

/// Keyring entry name of a submission's onboarding code.
pub fn code_entry_name(submission_id: &str) -> String {
    format!("code:{submission_id}")
}

/// Keyring entry name of a provider app's client secret for the RingCentral server `server`:
/// `client-secret:<host>[:<port>]/<client_id>`.
pub fn client_secret_entry_name(server: &Url, client_id: &str) -> String {
    let host = server.host_str().unwrap_or_default();
    match server.port() {
        Some(port) => format!("client-secret:{host}:{port}/{client_id}"),
        None => format!("client-secret:{host}/{client_id}"),
    }
}

/// The entry name client secrets had before they were keyed by server; only deleted now.
fn unbound_client_secret_entry_name(client_id: &str) -> String {
    format!("client-secret:{client_id}")
}

/// Errors from a [`SecretStore`]. They never contain a secret value.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    /// No keyring can be used (no Secret Service on D-Bus, locked or refused storage, …).
    #[error("no usable OS keyring ({reason}); rc-onboard keeps secrets only in the OS keyring and will not write them to files")]
    Unavailable { reason: String },
    #[error("the OS keyring has no item {name}")]
    NotFound { name: String },
    #[error("the OS keyring holds several items named {name}")]
    Ambiguous { name: String },
    #[error("the secret stored as {name} is not text")]
    NotText { name: String },
    #[error("{what} cannot be used as a keyring entry name")]
    InvalidName { what: &'static str },
    /// The keyring answered with an error that is none of the above. The platform's own message is
    /// kept as text (`keyring::Error` can hold the secret's bytes, so it is not kept itself).
    #[error("the OS keyring failed on {name}: {reason}")]
    Failed { name: String, reason: String },
    #[error("the keyring check read back a different value than it wrote")]
    ProbeMismatch,
}

impl KeystoreError {
    pub fn is_unavailable(&self) -> bool {
        matches!(self, KeystoreError::Unavailable { .. })
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, KeystoreError::NotFound { .. })
    }
}

/// Where secrets are kept. Implementations block; call them from a blocking context or through the
/// async helpers in this module.
pub trait SecretStore: Send + Sync + fmt::Debug {
    /// Stores (or replaces) the secret named `name`.
    fn set(&self, name: &str, secret: &SecretString) -> Result<(), KeystoreError>;
    /// Reads the secret named `name`; [`KeystoreError::NotFound`] when there is none.
    fn get(&self, name: &str) -> Result<SecretString, KeystoreError>;
    /// Deletes the secret named `name`; [`KeystoreError::NotFound`] when there is none.
    fn delete(&self, name: &str) -> Result<(), KeystoreError>;
}

/// A store shared between tasks.
pub type SharedSecretStore = Arc<dyn SecretStore>;

/// The platform's keyring through the `keyring` crate.
#[derive(Debug, Clone, Default)]
pub struct OsKeyring {
    _private: (),
}

impl OsKeyring {
    pub fn new() -> OsKeyring {
        OsKeyring { _private: () }
    }

    /// Runs `operation` on an entry on a thread of its own, away from any async runtime.
    fn with_entry<T: Send>(
        &self,
        name: &str,
        operation: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send,
    ) -> Result<T, KeystoreError> {
        let outcome = std::thread::scope(|scope| {
            scope
                .spawn(|| keyring::Entry::new(SERVICE, name).and_then(|entry| operation(&entry)))
                .join()
        });
        match outcome {
            Ok(result) => result.map_err(|error| map_keyring_error(name, error)),
            Err(_) => Err(KeystoreError::Failed {
                name: name.to_owned(),
                reason: "the keyring backend panicked".to_owned(),
            }),
        }
    }
}

impl SecretStore for OsKeyring {
    fn set(&self, name: &str, secret: &SecretString) -> Result<(), KeystoreError> {
        self.with_entry(name, |entry| entry.set_password(secret.expose_secret()))
    }

    fn get(&self, name: &str) -> Result<SecretString, KeystoreError> {
        self.with_entry(name, |entry| entry.get_password().map(SecretString::new))
    }

    fn delete(&self, name: &str) -> Result<(), KeystoreError> {
        self.with_entry(name, |entry| entry.delete_credential())
    }
}

fn map_keyring_error(name: &str, error: keyring::Error) -> KeystoreError {
    let name = name.to_owned();
    match error {
        keyring::Error::NoEntry => KeystoreError::NotFound { name },
        keyring::Error::PlatformFailure(cause) | keyring::Error::NoStorageAccess(cause) => {
            KeystoreError::Unavailable {
                reason: cause.to_string(),
            }
        }
        keyring::Error::Ambiguous(_) => KeystoreError::Ambiguous { name },
        keyring::Error::BadEncoding(_) => KeystoreError::NotText { name },
        other => KeystoreError::Failed {
            name,
            reason: other.to_string(),
        },
    }
}

/// Secrets in process memory. For tests only: nothing survives the process, which is exactly what
/// the product must not do with an onboarding code. [`MemoryStore::unavailable`] behaves like a
/// machine without a keyring.
#[derive(Debug, Default)]
pub struct MemoryStore {
    items: Mutex<HashMap<String, SecretString>>,
    unavailable: bool,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// A store that fails every call with [`KeystoreError::Unavailable`].
    pub fn unavailable() -> MemoryStore {
        MemoryStore {
            items: Mutex::default(),
            unavailable: true,
        }
    }

    /// Names currently stored, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<_> = self.lock().keys().cloned().collect();
        names.sort();
        names
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
        self.items.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn check_available(&self) -> Result<(), KeystoreError> {
        if self.unavailable {
            Err(KeystoreError::Unavailable {
                reason: "the test store is set to unavailable".to_owned(),
            })
        } else {
            Ok(())
        }
    }
}

impl SecretStore for MemoryStore {
    fn set(&self, name: &str, secret: &SecretString) -> Result<(), KeystoreError> {
        self.check_available()?;
        self.lock().insert(name.to_owned(), secret.clone());
        Ok(())
    }

    fn get(&self, name: &str) -> Result<SecretString, KeystoreError> {
        self.check_available()?;
        self.lock()
            .get(name)
            .cloned()
            .ok_or_else(|| KeystoreError::NotFound {
                name: name.to_owned(),
            })
    }

    fn delete(&self, name: &str) -> Result<(), KeystoreError> {
        self.check_available()?;
        self.lock()
            .remove(name)
            .map(drop)
            .ok_or_else(|| KeystoreError::NotFound {
                name: name.to_owned(),
            })
    }
}

/// Checks that `store` works end to end: writes a random probe item, reads it back, deletes it.
/// For `rc-onboard doctor`.
pub fn probe(store: &dyn SecretStore) -> Result<(), KeystoreError> {
    let name = format!("probe:{}", uuid::Uuid::new_v4());
    let value = SecretString::new(format!("probe-{}", uuid::Uuid::new_v4()));
    store.set(&name, &value)?;
    let read = store.get(&name);
    let deleted = store.delete(&name);
    let read = read?;
    deleted?;
    if read.constant_time_eq(value.expose_secret()) {
        Ok(())
    } else {
        Err(KeystoreError::ProbeMismatch)
    }
}

/// Runs a blocking store call on tokio's blocking pool.
async fn off_executor<T: Send + 'static>(
    store: &SharedSecretStore,
    call: impl FnOnce(&dyn SecretStore) -> Result<T, KeystoreError> + Send + 'static,
) -> Result<T, KeystoreError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || call(store.as_ref()))
        .await
        .unwrap_or_else(|join_error| {
            Err(KeystoreError::Failed {
                name: String::new(),
                reason: format!("keyring task ended abnormally: {join_error}"),
            })
        })
}

/// [`SecretStore::set`] from async code.
pub async fn set_secret(
    store: &SharedSecretStore,
    name: &str,
    secret: &SecretString,
) -> Result<(), KeystoreError> {
    let name = name.to_owned();
    let secret = secret.clone();
    off_executor(store, move |store| store.set(&name, &secret)).await
}

/// [`SecretStore::get`] from async code.
pub async fn get_secret(
    store: &SharedSecretStore,
    name: &str,
) -> Result<SecretString, KeystoreError> {
    let name = name.to_owned();
    off_executor(store, move |store| store.get(&name)).await
}

/// [`SecretStore::delete`] from async code; a missing item counts as deleted.
pub async fn delete_secret(store: &SharedSecretStore, name: &str) -> Result<(), KeystoreError> {
    let name = name.to_owned();
    match off_executor(store, move |store| store.delete(&name)).await {
        Err(KeystoreError::NotFound { .. }) => Ok(()),
        other => other,
    }
}

/// [`probe`] from async code.
pub async fn probe_store(store: &SharedSecretStore) -> Result<(), KeystoreError> {
    off_executor(store, probe).await
}

fn check_entry(server: &Url, client_id: &str) -> Result<(), KeystoreError> {
    if server.host_str().is_none_or(str::is_empty) {
        return Err(KeystoreError::InvalidName {
            what: "a server URL without a host",
        });
    }
    check_client_id(client_id)
}

fn check_client_id(client_id: &str) -> Result<(), KeystoreError> {
    let acceptable = !client_id.is_empty()
        && client_id.len() <= MAX_CLIENT_ID_LEN
        && client_id.chars().all(|c| c.is_ascii_graphic());
    if acceptable {
        Ok(())
    } else {
        Err(KeystoreError::InvalidName {
            what: "the client id",
        })
    }
}

/// Stores a provider app's client secret (`rc-onboard profile store-secret`).
pub async fn store_client_secret(
    store: &SharedSecretStore,
    server: &Url,
    client_id: &str,
    secret: &SecretString,
) -> Result<(), KeystoreError> {
    check_entry(server, client_id)?;
    set_secret(store, &client_secret_entry_name(server, client_id), secret).await
}

/// Reads a provider app's client secret for `server`.
pub async fn client_secret(
    store: &SharedSecretStore,
    server: &Url,
    client_id: &str,
) -> Result<SecretString, KeystoreError> {
    check_entry(server, client_id)?;
    get_secret(store, &client_secret_entry_name(server, client_id)).await
}

/// Deletes a provider app's client secret for `server`, and the entry of the older form that was
/// not bound to a server; missing ones count as deleted.
pub async fn delete_client_secret(
    store: &SharedSecretStore,
    server: &Url,
    client_id: &str,
) -> Result<(), KeystoreError> {
    check_entry(server, client_id)?;
    delete_secret(store, &client_secret_entry_name(server, client_id)).await?;
    delete_secret(store, &unbound_client_secret_entry_name(client_id)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_sets_gets_and_deletes() {
        let store = MemoryStore::new();
        let name = code_entry_name("s-1");
        assert_eq!(name, "code:s-1");
        assert!(store.get(&name).unwrap_err().is_not_found());
        store.set(&name, &SecretString::from("one")).unwrap();
        store.set(&name, &SecretString::from("two")).unwrap();
        assert_eq!(store.get(&name).unwrap().expose_secret(), "two");
        store.delete(&name).unwrap();
        assert!(store.delete(&name).unwrap_err().is_not_found());
        assert!(store.names().is_empty());
    }

    #[test]
    fn probe_passes_on_a_working_store_and_reports_an_unavailable_one() {
        let store = MemoryStore::new();
        probe(&store).unwrap();
        assert!(store.names().is_empty(), "probe item left behind");
        let error = probe(&MemoryStore::unavailable()).unwrap_err();
        assert!(error.is_unavailable());
        assert!(error.to_string().contains("will not write them to files"));
    }

    #[test]
    fn errors_and_debug_output_never_show_the_secret() {
        let store = MemoryStore::new();
        store
            .set("code:s", &SecretString::from("hunter2-code"))
            .unwrap();
        assert!(!format!("{store:?}").contains("hunter2-code"));
        let error = map_keyring_error(
            "code:s",
            keyring::Error::BadEncoding(b"hunter2-code".to_vec()),
        );
        assert!(!format!("{error:?} {error}").contains("hunter2"));
    }

    #[tokio::test]
    async fn client_secrets_use_their_own_entry_names() {
        let store: SharedSecretStore = Arc::new(MemoryStore::new());
        let server = Url::parse("https://platform.ringcentral.com").unwrap();
        store_client_secret(&store, &server, "abc", &SecretString::from("s3cret"))
            .await
            .unwrap();
        assert_eq!(
            client_secret(&store, &server, "abc")
                .await
                .unwrap()
                .expose_secret(),
            "s3cret"
        );
        assert!(store
            .get("client-secret:platform.ringcentral.com/abc")
            .is_ok());
        delete_client_secret(&store, &server, "abc").await.unwrap();
        delete_client_secret(&store, &server, "abc").await.unwrap();
        for bad in ["", "a b", "x\n", &"a".repeat(129)] {
            let error = store_client_secret(&store, &server, bad, &SecretString::from("s")).await;
            assert!(
                matches!(error, Err(KeystoreError::InvalidName { .. })),
                "{bad:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_client_secret_is_bound_to_its_server() {
        let store: SharedSecretStore = Arc::new(MemoryStore::new());
        let production = Url::parse("https://platform.ringcentral.com").unwrap();
        let simulator = Url::parse("http://127.0.0.1:4100/sim").unwrap();
        let other_port = Url::parse("http://127.0.0.1:4101").unwrap();
        store_client_secret(&store, &production, "abc", &SecretString::from("prod"))
            .await
            .unwrap();
        assert!(client_secret(&store, &simulator, "abc")
            .await
            .unwrap_err()
            .is_not_found());
        store_client_secret(&store, &simulator, "abc", &SecretString::from("sim"))
            .await
            .unwrap();
        assert!(client_secret(&store, &other_port, "abc")
            .await
            .unwrap_err()
            .is_not_found());
        assert_eq!(
            client_secret(&store, &production, "abc")
                .await
                .unwrap()
                .expose_secret(),
            "prod"
        );
        assert_eq!(
            client_secret(&store, &simulator, "abc")
                .await
                .unwrap()
                .expose_secret(),
            "sim"
        );

        // An entry of the older, server-less form is never read, only removed on delete.
        store
            .set("client-secret:old", &SecretString::from("old"))
            .unwrap();
        assert!(client_secret(&store, &production, "old")
            .await
            .unwrap_err()
            .is_not_found());
        delete_client_secret(&store, &production, "old")
            .await
            .unwrap();
        assert!(store.get("client-secret:old").unwrap_err().is_not_found());
    }
}
