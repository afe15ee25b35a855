//! Issuing onboarding codes and looking up their state by hash.

use std::fmt;
use std::time::Duration;

use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

use super::{Store, StoreError};
use crate::clock;
use crate::codes::{self, CodeHash};

/// Longest accepted customer name, in characters.
const MAX_CUSTOMER_CHARS: usize = 200;

/// A newly issued code. The code is shown once, to the provider, and never stored.
pub struct IssuedCode {
    /// The code to hand to the customer (a bearer secret).
    pub code: Zeroizing<String>,
    /// Who it was issued to.
    pub customer: String,
    /// When it expires (RFC 3339 UTC).
    pub expires_at: String,
}

impl fmt::Debug for IssuedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedCode")
            .field("code", &"<redacted>")
            .field("customer", &self.customer)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A code about to be stored: what the provider is shown, and what the database keeps.
pub(crate) struct NewCode {
    /// The code and its customer, for the provider.
    pub(crate) issued: IssuedCode,
    /// SHA-256 of the canonical code: the only form stored.
    pub(crate) hash: CodeHash,
    /// Unix milliseconds.
    pub(crate) issued_at_ms: i64,
    /// Unix milliseconds.
    pub(crate) expires_at_ms: i64,
}

impl NewCode {
    /// Checks the customer name and draws a fresh code valid for `ttl` from now (a zero `ttl`
    /// gives a code that is already expired).
    pub(crate) fn generate(customer: &str, ttl: Duration) -> Result<Self, StoreError> {
        let customer = customer.trim();
        if customer.is_empty() || customer.chars().count() > MAX_CUSTOMER_CHARS {
            return Err(StoreError::InvalidInput(format!(
                "customer name must be 1 to {MAX_CUSTOMER_CHARS} characters"
            )));
        }
        let code = codes::generate()?;
        let hash = codes::hash_typed(&code)
            .ok_or_else(|| StoreError::Corrupt("a generated code does not parse".to_owned()))?;
        let issued_at_ms = clock::now_ms();
        let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
        let expires_at_ms = issued_at_ms.saturating_add(ttl_ms);
        Ok(Self {
            issued: IssuedCode {
                code,
                customer: customer.to_owned(),
                expires_at: clock::rfc3339_ms(expires_at_ms),
            },
            hash,
            issued_at_ms,
            expires_at_ms,
        })
    }
}

/// What the database knows about a presented code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeState {
    /// Never issued.
    Unknown,
    /// Usable now.
    Valid {
        /// Who it was issued to.
        customer: String,
        /// When it expires (Unix milliseconds).
        expires_at_ms: i64,
    },
    /// Past its expiry and unused.
    Expired,
    /// Consumed by a submission.
    Used,
}

impl Store {
    /// Issues a one-time code for `customer`, valid for `ttl` from now, storing only its hash.
    pub fn issue_code(&self, customer: &str, ttl: Duration) -> Result<IssuedCode, StoreError> {
        let new = NewCode::generate(customer, ttl)?;
        self.conn()
            .prepare_cached(
                "INSERT INTO codes (code_hash, customer, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                new.hash.0.as_slice(),
                new.issued.customer,
                new.issued_at_ms,
                new.expires_at_ms
            ])?;
        Ok(new.issued)
    }

    /// The state of the code with this hash at `now_ms`.
    pub fn code_state(&self, hash: &CodeHash, now_ms: i64) -> Result<CodeState, StoreError> {
        let row = self
            .conn()
            .prepare_cached("SELECT customer, expires_at, used_at FROM codes WHERE code_hash = ?1")?
            .query_row(params![hash.0.as_slice()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                ))
            })
            .optional()?;
        Ok(classify(row, now_ms))
    }
}

/// Classifies a `codes` row (customer, expires_at, used_at).
pub(crate) fn classify(row: Option<(String, i64, Option<i64>)>, now_ms: i64) -> CodeState {
    match row {
        None => CodeState::Unknown,
        Some((_, _, Some(_))) => CodeState::Used,
        Some((_, expires_at_ms, None)) if now_ms >= expires_at_ms => CodeState::Expired,
        Some((customer, expires_at_ms, None)) => CodeState::Valid {
            customer,
            expires_at_ms,
        },
    }
}
