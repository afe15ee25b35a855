//! Successful verifications remembered for [`REMEMBER_FOR`] under (code hash, SHA-256 of the
//! normalised credential), so that the submission that follows a verification needs no second
//! token exchange. Kept in the memory of each instance; the credential itself is never kept.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::codes::CodeHash;
use crate::store::IntakeVerifiedFacts;

/// How long a successful verification is remembered.
pub const REMEMBER_FOR: Duration = Duration::from_secs(60 * 60);

/// Whose credential the intake verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedIdentity {
    /// RingCentral account id.
    pub account_id: String,
    /// RingCentral extension id.
    pub extension_id: String,
    /// What else the intake established: permissions and the credential's expiry.
    pub facts: IntakeVerifiedFacts,
}

/// (code hash, credential SHA-256) → when it was verified, and whose it is.
type Entries = HashMap<([u8; 32], [u8; 32]), (Instant, VerifiedIdentity)>;

/// The remembered verifications.
#[derive(Debug, Default)]
pub struct VerifiedCredentials {
    entries: Mutex<Entries>,
}

impl VerifiedCredentials {
    /// Remembers that `credential`, presented with `code`, belongs to `identity`.
    pub(crate) fn remember(&self, code: CodeHash, credential: &[u8], identity: VerifiedIdentity) {
        let now = Instant::now();
        let mut entries = self.lock();
        entries.retain(|_, (at, _)| now.duration_since(*at) < REMEMBER_FOR);
        entries.insert(key(code, credential), (now, identity));
    }

    /// The identity verified for `credential` under `code` within the last hour.
    pub(crate) fn recall(&self, code: CodeHash, credential: &[u8]) -> Option<VerifiedIdentity> {
        let entries = self.lock();
        entries
            .get(&key(code, credential))
            .filter(|(at, _)| at.elapsed() < REMEMBER_FOR)
            .map(|(_, identity)| identity.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn key(code: CodeHash, credential: &[u8]) -> ([u8; 32], [u8; 32]) {
    (code.0, Sha256::digest(credential).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recalls_only_the_same_code_and_credential() {
        let memory = VerifiedCredentials::default();
        let identity = VerifiedIdentity {
            account_id: "1".into(),
            extension_id: "2".into(),
            facts: IntakeVerifiedFacts {
                permissions: vec!["ReadAccounts".into()],
                credential_expires_at: None,
            },
        };
        memory.remember(CodeHash([1; 32]), b"jwt", identity.clone());
        assert_eq!(memory.recall(CodeHash([1; 32]), b"jwt"), Some(identity));
        assert_eq!(memory.recall(CodeHash([2; 32]), b"jwt"), None);
        assert_eq!(memory.recall(CodeHash([1; 32]), b"other"), None);
    }
}
