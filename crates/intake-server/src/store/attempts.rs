//! The verification attempts provider support reads (`rc-intake attempts`): when, for which
//! customer, the outcome, what RingCentral said, and which client asked. Never the credential.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// One verification the intake ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationAttempt {
    /// When it ran (RFC 3339 UTC).
    pub at: String,
    /// The customer the code was issued to.
    pub customer: String,
    /// `ok`, or the check's error kind.
    pub outcome: String,
    /// RingCentral's HTTP status, when it answered with an error.
    pub ringcentral_status: Option<u16>,
    /// RingCentral's error code (for example `OAU-251`).
    pub ringcentral_code: Option<String>,
    /// RingCentral's request id.
    pub ringcentral_request_id: Option<String>,
    /// Client application.
    pub client_app: String,
    /// Client version.
    pub client_version: String,
    /// Client operating system.
    pub client_os: String,
}

/// Columns of `verification_attempts`, in [`VerificationAttempt`] order.
pub(crate) const ATTEMPT_COLUMNS: &str = "at, customer, outcome, ringcentral_status, \
     ringcentral_code, ringcentral_request_id, client_app, client_version, client_os";

impl Store {
    /// Records one verification.
    pub fn record_attempt(&self, attempt: &VerificationAttempt) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(&format!(
                "INSERT INTO verification_attempts ({ATTEMPT_COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ))?
            .execute(params![
                attempt.at,
                attempt.customer,
                attempt.outcome,
                attempt.ringcentral_status,
                attempt.ringcentral_code,
                attempt.ringcentral_request_id,
                attempt.client_app,
                attempt.client_version,
                attempt.client_os,
            ])?;
        Ok(())
    }

    /// Every verification, oldest first, only `customer`'s when given.
    pub fn attempts(&self, customer: Option<&str>) -> Result<Vec<VerificationAttempt>, StoreError> {
        let conn = self.conn();
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {ATTEMPT_COLUMNS} FROM verification_attempts \
             WHERE ?1 IS NULL OR customer = ?1 ORDER BY rowid"
        ))?;
        let rows = statement.query_map(params![customer], |row| {
            Ok(VerificationAttempt {
                at: row.get(0)?,
                customer: row.get(1)?,
                outcome: row.get(2)?,
                ringcentral_status: row.get(3)?,
                ringcentral_code: row.get(4)?,
                ringcentral_request_id: row.get(5)?,
                client_app: row.get(6)?,
                client_version: row.get(7)?,
                client_os: row.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
