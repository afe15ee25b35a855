//! PostgreSQL storage, for several `rc-intake serve` processes sharing one database.
//!
//! tokio-postgres with a deadpool pool; statements are prepared once per connection. A code is
//! consumed and its submission stored by ONE statement (an `UPDATE … RETURNING` feeding an
//! `INSERT … ON CONFLICT DO NOTHING`), so two instances racing for one code cannot both win:
//! the row lock taken by the first update makes the second re-check `used_at` and find it set.
//! A request that loses that race looks again for a stored submission with its code and id,
//! which answers a concurrent replay with the winner's receipt (200) or a different body with
//! 409, whichever instance stored it.

mod migrations;
mod tls;

use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use rc_onboard_intake_protocol::Receipt;

pub use migrations::CURRENT_VERSION;

use crate::clock;
use crate::codes::CodeHash;
use crate::store::{
    classify, stored_from_row, summary_from_row, CodeState, IssuedCode, NewCode, NewSubmission,
    RecordOutcome, StoreError, StoredSubmission, SubmissionSummary, VerificationAttempt,
    ATTEMPT_COLUMNS, SUMMARY_COLUMNS,
};

/// How long to wait for a pooled connection before answering 503.
const POOL_WAIT: Duration = Duration::from_secs(5);
/// How long to wait for a new connection to the database.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

const EXISTING: &str = "SELECT receipt_id, received_at, body_sha256 FROM submissions \
     WHERE code_hash = $1 AND submission_id = $2";

const CONSUME_AND_STORE: &str = "WITH consumed AS ( \
         UPDATE codes SET used_at = $1, used_by = $2 \
         WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1 \
         RETURNING customer) \
     INSERT INTO submissions (submission_id, receipt_id, received_at, code_hash, customer, \
         body_sha256, body, key_id, account_id, extension_id, credential_fingerprint, \
         verified_facts) \
     SELECT $2, $4, $5, $3, customer, $6, $7, $8, $9, $10, $11, $12 FROM consumed \
     ON CONFLICT DO NOTHING \
     RETURNING receipt_id";

const CODE_ROW: &str = "SELECT customer, expires_at, used_at FROM codes WHERE code_hash = $1";

/// Connection pool use, for `/metrics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open now.
    pub open: usize,
    /// Connections idle in the pool.
    pub idle: usize,
    /// The most the pool opens.
    pub max: usize,
    /// Requests waiting for a connection.
    pub waiting: usize,
}

/// A pool of connections to one PostgreSQL database.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
}

impl PgStore {
    /// Connects to `url` with up to `max_connections`, and (when `migrate`) brings the schema up
    /// to date, refusing a newer one.
    pub async fn connect(
        url: &str,
        max_connections: usize,
        migrate: bool,
    ) -> Result<Self, StoreError> {
        let mut config = tokio_postgres::Config::from_str(url)
            .map_err(|e| StoreError::Config(format!("the PostgreSQL URL is not usable: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("rc-intake");
        }
        let manager_config = ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        let manager = match tls::choose(&mut config)? {
            tls::Transport::Plain => {
                Manager::from_config(config, tokio_postgres::NoTls, manager_config)
            }
            tls::Transport::Tls(connector) => {
                Manager::from_config(config, connector, manager_config)
            }
        };
        let pool = Pool::builder(manager)
            .max_size(max_connections.max(1))
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|e| StoreError::Config(format!("cannot build the connection pool: {e}")))?;
        let store = Self { pool };
        let mut client = store.pool.get().await?;
        if migrate {
            migrations::migrate(&mut client).await?;
        }
        Ok(store)
    }

    /// Issues a one-time code for `customer`, valid for `ttl`, storing only its hash.
    pub async fn issue_code(
        &self,
        customer: &str,
        ttl: Duration,
    ) -> Result<IssuedCode, StoreError> {
        let new = NewCode::generate(customer, ttl)?;
        let client = self.pool.get().await?;
        let statement = client
            .prepare_cached(
                "INSERT INTO codes (code_hash, customer, issued_at, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .await?;
        client
            .execute(
                &statement,
                &[
                    &new.hash.0.as_slice(),
                    &new.issued.customer,
                    &new.issued_at_ms,
                    &new.expires_at_ms,
                ],
            )
            .await?;
        Ok(new.issued)
    }

    /// The state of the code with this hash at `now_ms`.
    pub async fn code_state(&self, hash: &CodeHash, now_ms: i64) -> Result<CodeState, StoreError> {
        let client = self.pool.get().await?;
        Ok(classify(code_row(&client, hash).await?, now_ms))
    }

    /// Records `new` exactly once across every instance on this database (see the module
    /// documentation).
    pub async fn record(
        &self,
        new: &NewSubmission<'_>,
        now_ms: i64,
    ) -> Result<RecordOutcome, StoreError> {
        let client = self.pool.get().await?;
        if let Some(outcome) = existing(&client, new).await? {
            return Ok(outcome);
        }
        let receipt = Receipt {
            receipt_id: uuid::Uuid::new_v4().to_string(),
            received_at: clock::rfc3339_ms(now_ms),
        };
        let statement = client.prepare_cached(CONSUME_AND_STORE).await?;
        let stored = client
            .query_opt(
                &statement,
                &[
                    &now_ms,
                    &new.submission_id,
                    &new.code_hash.0.as_slice(),
                    &receipt.receipt_id,
                    &receipt.received_at,
                    &new.body_sha256.as_slice(),
                    &new.body,
                    &new.key_id,
                    &new.account_id,
                    &new.extension_id,
                    &new.credential_fingerprint,
                    &new.verified_facts,
                ],
            )
            .await?;
        if stored.is_some() {
            return Ok(RecordOutcome::Stored(receipt));
        }
        if let Some(outcome) = existing(&client, new).await? {
            return Ok(outcome);
        }
        Ok(
            match classify(code_row(&client, &new.code_hash).await?, now_ms) {
                CodeState::Unknown => RecordOutcome::CodeUnknown,
                CodeState::Expired => RecordOutcome::CodeExpired,
                CodeState::Used => RecordOutcome::CodeUsed,
                CodeState::Valid { .. } => {
                    return Err(StoreError::Corrupt(
                        "a valid code was neither consumed nor refused".to_owned(),
                    ))
                }
            },
        )
    }

    /// Every stored submission, oldest first, without secrets.
    pub async fn list(&self) -> Result<Vec<SubmissionSummary>, StoreError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                &format!("SELECT {SUMMARY_COLUMNS} FROM submissions ORDER BY seq"),
                &[],
            )
            .await?;
        rows.iter()
            .map(|row| {
                let columns = std::array::from_fn(|i| row.get::<_, String>(i));
                summary_from_row(columns, row.get::<_, &[u8]>(8), row.get(9))
            })
            .collect()
    }

    /// The stored envelopes whose submission id or receipt id is `id`, oldest first.
    pub async fn stored(&self, id: &str) -> Result<Vec<StoredSubmission>, StoreError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT receipt_id, body FROM submissions \
                 WHERE submission_id = $1 OR receipt_id = $1 ORDER BY seq",
                &[&id],
            )
            .await?;
        rows.iter()
            .map(|row| stored_from_row(id, row.get(0), row.get::<_, &[u8]>(1)))
            .collect()
    }

    /// Records one verification.
    pub async fn record_attempt(&self, attempt: &VerificationAttempt) -> Result<(), StoreError> {
        let client = self.pool.get().await?;
        let status = attempt.ringcentral_status.map(i32::from);
        client
            .execute(
                &format!(
                    "INSERT INTO verification_attempts ({ATTEMPT_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                ),
                &[
                    &attempt.at,
                    &attempt.customer,
                    &attempt.outcome,
                    &status,
                    &attempt.ringcentral_code,
                    &attempt.ringcentral_request_id,
                    &attempt.client_app,
                    &attempt.client_version,
                    &attempt.client_os,
                ],
            )
            .await?;
        Ok(())
    }

    /// Every verification, oldest first, only `customer`'s when given.
    pub async fn attempts(
        &self,
        customer: Option<&str>,
    ) -> Result<Vec<VerificationAttempt>, StoreError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                &format!(
                    "SELECT {ATTEMPT_COLUMNS} FROM verification_attempts \
                     WHERE $1::TEXT IS NULL OR customer = $1 ORDER BY seq"
                ),
                &[&customer],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| VerificationAttempt {
                at: row.get(0),
                customer: row.get(1),
                outcome: row.get(2),
                ringcentral_status: row
                    .get::<_, Option<i32>>(3)
                    .and_then(|s| u16::try_from(s).ok()),
                ringcentral_code: row.get(4),
                ringcentral_request_id: row.get(5),
                client_app: row.get(6),
                client_version: row.get(7),
                client_os: row.get(8),
            })
            .collect())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let client = self.pool.get().await?;
        client.simple_query("SELECT 1").await?;
        Ok(())
    }

    /// How much of the pool is in use.
    pub fn pool_use(&self) -> PoolUse {
        let status = self.pool.status();
        PoolUse {
            open: status.size,
            idle: status.available,
            max: status.max_size,
            waiting: status.waiting,
        }
    }

    /// Closes every connection.
    pub fn close(&self) {
        self.pool.close();
    }
}

async fn existing(
    client: &deadpool_postgres::Client,
    new: &NewSubmission<'_>,
) -> Result<Option<RecordOutcome>, StoreError> {
    let statement = client.prepare_cached(EXISTING).await?;
    let row = client
        .query_opt(
            &statement,
            &[&new.code_hash.0.as_slice(), &new.submission_id],
        )
        .await?;
    Ok(row.map(|row| {
        if row.get::<_, &[u8]>(2) == new.body_sha256.as_slice() {
            RecordOutcome::Replayed(Receipt {
                receipt_id: row.get(0),
                received_at: row.get(1),
            })
        } else {
            RecordOutcome::Conflict
        }
    }))
}

async fn code_row(
    client: &deadpool_postgres::Client,
    hash: &CodeHash,
) -> Result<Option<(String, i64, Option<i64>)>, StoreError> {
    let statement = client.prepare_cached(CODE_ROW).await?;
    let row = client.query_opt(&statement, &[&hash.0.as_slice()]).await?;
    Ok(row.map(|row| (row.get(0), row.get(1), row.get(2))))
}
