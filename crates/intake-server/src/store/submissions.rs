//! Recording a submission exactly once (consuming its code in the same transaction), and
//! reading stored submissions back without secrets.

use rc_onboard_intake_protocol::{IntakeRequest, Receipt, SealedCredential};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::codes::{classify, CodeState};
use super::{Store, StoreError};
use crate::clock;
use crate::codes::CodeHash;

/// A submission that authenticated, parsed and opened, ready to be recorded.
#[derive(Debug)]
pub struct NewSubmission<'a> {
    /// The body's `submission_id`.
    pub submission_id: &'a str,
    /// Hash of the presented code.
    pub code_hash: CodeHash,
    /// The request body exactly as received.
    pub body: &'a [u8],
    /// SHA-256 of `body`.
    pub body_sha256: [u8; 32],
    /// `sealed_credential.key_id`.
    pub key_id: &'a str,
    /// `ringcentral.account_id`.
    pub account_id: &'a str,
    /// `ringcentral.extension_id`.
    pub extension_id: &'a str,
    /// Fingerprint of the opened credential.
    pub credential_fingerprint: &'a str,
    /// [`IntakeVerifiedFacts`] as JSON when the intake verified the credential itself; `None`
    /// stores the client's claims.
    pub verified_facts: Option<&'a str>,
}

/// What the intake established with RingCentral itself, stored beside a submission it verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeVerifiedFacts {
    /// Permissions the intake's token exchange granted.
    pub permissions: Vec<String>,
    /// When the credential expires (RFC 3339), `None` when it does not.
    pub credential_expires_at: Option<String>,
}

/// What recording did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordOutcome {
    /// Stored now, and the code consumed (201).
    Stored(Receipt),
    /// Already stored with this code and this exact body (200, same receipt).
    Replayed(Receipt),
    /// The submission id is stored under this code with another body (409).
    Conflict,
    /// The code is not known (401).
    CodeUnknown,
    /// The code expired before this submission (401).
    CodeExpired,
    /// The code was consumed by another submission (401).
    CodeUsed,
}

/// `verified_by` of a submission the intake verified itself.
pub const VERIFIED_BY_INTAKE: &str = "intake";
/// `verified_by` of a submission stored with the client's claims.
pub const VERIFIED_BY_CLIENT: &str = "client";

/// The provider's view of a stored submission: metadata and fingerprint, never the credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    /// The client's submission id.
    pub submission_id: String,
    /// The receipt returned to the client.
    pub receipt_id: String,
    /// When it was stored (RFC 3339 UTC).
    pub received_at: String,
    /// Customer the code was issued to.
    pub customer: String,
    /// Recipient key id it was sealed to.
    pub key_id: String,
    /// RingCentral server URL.
    pub server: String,
    /// The provider app's client ID.
    pub client_id: String,
    /// RingCentral account id.
    pub account_id: String,
    /// RingCentral extension id.
    pub extension_id: String,
    /// Who established the account, extension, permissions and expiry: `intake` (the intake's
    /// own verification) or `client` (the client's claims).
    pub verified_by: String,
    /// Granted permissions.
    pub permissions: Vec<String>,
    /// Credential expiry, if any (RFC 3339).
    pub credential_expires_at: Option<String>,
    /// When the client verified the credential (RFC 3339).
    pub validated_at: String,
    /// Client application, version and OS.
    pub client_app: String,
    /// Client version.
    pub client_version: String,
    /// Client operating system.
    pub client_os: String,
    /// First 16 hex characters of the SHA-256 of the credential.
    pub credential_fingerprint: String,
}

/// A stored envelope, for the provider's explicit export.
#[derive(Clone, Debug)]
pub struct StoredSubmission {
    /// The submission id (the envelope's aad).
    pub submission_id: String,
    /// Its receipt id (unique).
    pub receipt_id: String,
    /// The envelope.
    pub sealed: SealedCredential,
}

impl Store {
    /// Records `new` exactly once: a replay with the same code and body gets the stored receipt;
    /// otherwise the code must be unused and unexpired at `now_ms`, and it is consumed in the
    /// same transaction that stores the submission.
    pub fn record(
        &self,
        new: &NewSubmission<'_>,
        now_ms: i64,
    ) -> Result<RecordOutcome, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing = tx
            .prepare_cached(
                "SELECT receipt_id, received_at, body_sha256 FROM submissions \
                 WHERE code_hash = ?1 AND submission_id = ?2",
            )?
            .query_row(
                params![new.code_hash.0.as_slice(), new.submission_id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Vec<u8>>(2)?,
                    ))
                },
            )
            .optional()?;
        if let Some((receipt_id, received_at, body_sha256)) = existing {
            return Ok(if body_sha256 == new.body_sha256 {
                RecordOutcome::Replayed(Receipt {
                    receipt_id,
                    received_at,
                })
            } else {
                RecordOutcome::Conflict
            });
        }
        let code_row = tx
            .prepare_cached("SELECT customer, expires_at, used_at FROM codes WHERE code_hash = ?1")?
            .query_row(params![new.code_hash.0.as_slice()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        let customer = match classify(code_row, now_ms) {
            CodeState::Unknown => return Ok(RecordOutcome::CodeUnknown),
            CodeState::Expired => return Ok(RecordOutcome::CodeExpired),
            CodeState::Used => return Ok(RecordOutcome::CodeUsed),
            CodeState::Valid { customer, .. } => customer,
        };
        let receipt = Receipt {
            receipt_id: uuid::Uuid::new_v4().to_string(),
            received_at: clock::rfc3339_ms(now_ms),
        };
        tx.prepare_cached(
            "UPDATE codes SET used_at = ?1, used_by = ?2 WHERE code_hash = ?3 AND used_at IS NULL",
        )?
        .execute(params![
            now_ms,
            new.submission_id,
            new.code_hash.0.as_slice()
        ])?;
        tx.prepare_cached(
            "INSERT INTO submissions (submission_id, receipt_id, received_at, code_hash, customer, \
             body_sha256, body, key_id, account_id, extension_id, credential_fingerprint, \
             verified_facts) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            new.submission_id,
            receipt.receipt_id,
            receipt.received_at,
            new.code_hash.0.as_slice(),
            customer,
            new.body_sha256.as_slice(),
            new.body,
            new.key_id,
            new.account_id,
            new.extension_id,
            new.credential_fingerprint,
            new.verified_facts,
        ])?;
        tx.commit()?;
        Ok(RecordOutcome::Stored(receipt))
    }

    /// Every stored submission, oldest first, without secrets.
    pub fn list(&self) -> Result<Vec<SubmissionSummary>, StoreError> {
        let conn = self.conn();
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM submissions ORDER BY rowid"
        ))?;
        let rows = statement.query_map([], |row| {
            Ok((
                [
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                ],
                row.get::<_, Vec<u8>>(8)?,
                row.get::<_, Option<String>>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (columns, body, verified_facts) = row?;
            out.push(summary_from_row(columns, &body, verified_facts.as_deref())?);
        }
        Ok(out)
    }

    /// The stored envelopes whose submission id or receipt id is `id`, oldest first. A
    /// submission id is unique per code, so two customers' submissions can share one; a receipt
    /// id is unique.
    pub fn stored(&self, id: &str) -> Result<Vec<StoredSubmission>, StoreError> {
        let conn = self.conn();
        let mut statement = conn.prepare_cached(
            "SELECT receipt_id, body FROM submissions \
             WHERE submission_id = ?1 OR receipt_id = ?1 ORDER BY rowid",
        )?;
        let rows = statement.query_map(params![id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (receipt_id, body) = row?;
            out.push(stored_from_row(id, receipt_id, &body)?);
        }
        Ok(out)
    }
}

/// The columns `submissions` lists, in [`SUMMARY_COLUMNS`] order, with the stored body.
pub(crate) type SummaryColumns = [String; 8];

/// The columns [`summary_from_row`] reads, then `body` and `verified_facts`.
pub(crate) const SUMMARY_COLUMNS: &str =
    "submission_id, receipt_id, received_at, customer, key_id, \
     account_id, extension_id, credential_fingerprint, body, verified_facts";

/// A provider's summary from a `submissions` row (its body holds the facts not in columns;
/// permissions and expiry come from `verified_facts` when the intake verified).
pub(crate) fn summary_from_row(
    columns: SummaryColumns,
    body: &[u8],
    verified_facts: Option<&str>,
) -> Result<SubmissionSummary, StoreError> {
    let [submission_id, receipt_id, received_at, customer, key_id, account_id, extension_id, credential_fingerprint] =
        columns;
    let request = parse_stored_body(&submission_id, body)?;
    let (verified_by, permissions, credential_expires_at) = match verified_facts {
        Some(json) => {
            let facts: IntakeVerifiedFacts = serde_json::from_str(json).map_err(|e| {
                StoreError::Corrupt(format!("verified facts of {submission_id}: {e}"))
            })?;
            (
                VERIFIED_BY_INTAKE,
                facts.permissions,
                facts.credential_expires_at,
            )
        }
        None => (
            VERIFIED_BY_CLIENT,
            request.ringcentral.permissions,
            request.ringcentral.credential_expires_at,
        ),
    };
    Ok(SubmissionSummary {
        submission_id,
        receipt_id,
        received_at,
        customer,
        key_id,
        server: request.ringcentral.server,
        client_id: request.ringcentral.client_id,
        account_id,
        extension_id,
        verified_by: verified_by.to_owned(),
        permissions,
        credential_expires_at,
        validated_at: request.ringcentral.validated_at,
        client_app: request.client.app,
        client_version: request.client.version,
        client_os: request.client.os,
        credential_fingerprint,
    })
}

/// A stored envelope from its receipt id and body, looked up by `id`.
pub(crate) fn stored_from_row(
    id: &str,
    receipt_id: String,
    body: &[u8],
) -> Result<StoredSubmission, StoreError> {
    let request = parse_stored_body(id, body)?;
    Ok(StoredSubmission {
        submission_id: request.submission_id,
        receipt_id,
        sealed: request.sealed_credential,
    })
}

fn parse_stored_body(submission_id: &str, body: &[u8]) -> Result<IntakeRequest, StoreError> {
    serde_json::from_slice(body)
        .map_err(|e| StoreError::Corrupt(format!("stored body of {submission_id}: {e}")))
}
