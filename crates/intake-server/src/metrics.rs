//! Prometheus metrics of one server (its own registry, so several servers in one process, as
//! in tests, do not mix): submissions by HTTP status, verifications by outcome kind, request
//! latency by route, database pool use. Further families register here beside them, each with
//! its own counting method.

use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::storage::PoolUse;

/// Latency buckets, in seconds: 1 ms to 2.5 s.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Why the metrics could not be set up or rendered.
#[derive(Debug, thiserror::Error)]
#[error("metrics: {0}")]
pub struct MetricsError(#[from] prometheus::Error);

/// The server's metric families.
pub struct Metrics {
    registry: Registry,
    submissions: IntCounterVec,
    verifications: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
}

impl Metrics {
    /// Registers every family.
    pub fn new() -> Result<Self, MetricsError> {
        let registry = Registry::new();
        let submissions = IntCounterVec::new(
            Opts::new(
                "intake_submissions_total",
                "POST /v1/submissions answers, by HTTP status",
            ),
            &["status"],
        )?;
        let verifications = IntCounterVec::new(
            Opts::new(
                "intake_verifications_total",
                "Verifications the intake ran, by outcome: ok or the check's error kind",
            ),
            &["kind"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "intake_http_request_duration_seconds",
                "Time from request to response, by route",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["route"],
        )?;
        let pool = IntGaugeVec::new(
            Opts::new(
                "intake_db_pool_connections",
                "Database connections: open, idle, max, and requests waiting for one",
            ),
            &["state"],
        )?;
        registry.register(Box::new(submissions.clone()))?;
        registry.register(Box::new(verifications.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        Ok(Self {
            registry,
            submissions,
            verifications,
            latency,
            pool,
        })
    }

    /// Counts one answer to a submission.
    pub fn submission_answered(&self, status: u16) {
        self.submissions
            .with_label_values(&[status.to_string().as_str()])
            .inc();
    }

    /// Counts one verification by its outcome: `ok` or the error kind.
    pub fn count_verification(&self, kind: &str) {
        self.verifications.with_label_values(&[kind]).inc();
    }

    /// Records how long a request to `route` took.
    pub fn request_took(&self, route: &str, elapsed: Duration) {
        self.latency
            .with_label_values(&[route])
            .observe(elapsed.as_secs_f64());
    }

    /// The text exposition, with the pool gauges set from `pool` (`None`: one connection, as
    /// SQLite has).
    pub fn render(&self, pool: Option<PoolUse>) -> Result<String, MetricsError> {
        let pool = pool.unwrap_or(PoolUse {
            open: 1,
            idle: 0,
            max: 1,
            waiting: 0,
        });
        for (state, value) in [
            ("open", pool.open),
            ("idle", pool.idle),
            ("max", pool.max),
            ("waiting", pool.waiting),
        ] {
            self.pool
                .with_label_values(&[state])
                .set(i64::try_from(value).unwrap_or(i64::MAX));
        }
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out)?;
        String::from_utf8(out).map_err(|e| MetricsError(prometheus::Error::Msg(e.to_string())))
    }
}
