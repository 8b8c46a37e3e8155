//! Prometheus metrics, served at `/metrics` on the HTTP port in the text exposition format.
//! Each started server has its own registry, so several servers in one process (as in the
//! tests) keep separate request counts.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};
use storage::Database;

/// The surface a request came through, which picks the metric family it lands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Http,
    Grpc,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Http => "http",
            Protocol::Grpc => "grpc",
        }
    }
}

/// The request counters and latency histograms of one server, and the gauges read from its
/// pool on every scrape.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    db: Database,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    grpc_requests: IntCounterVec,
    grpc_duration: HistogramVec,
    pool_size: IntGauge,
    pool_available: IntGauge,
    pool_max: IntGauge,
    rate_limit_rejections: IntCounter,
}

impl Metrics {
    /// Creates and registers every metric. Fails only on an invalid or duplicate metric name.
    pub fn new(db: Database) -> prometheus::Result<Metrics> {
        let registry = Registry::new();
        let labels = &["method", "code"];
        let http_requests = IntCounterVec::new(
            Opts::new(
                "helpdesk_http_requests_total",
                "HTTP requests by legacy method (or path) and HTTP status code.",
            ),
            labels,
        )?;
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "helpdesk_http_request_duration_seconds",
                "HTTP request latency in seconds, until the response body ends.",
            ),
            labels,
        )?;
        let grpc_requests = IntCounterVec::new(
            Opts::new(
                "helpdesk_grpc_requests_total",
                "gRPC calls by full method name and gRPC status code.",
            ),
            labels,
        )?;
        let grpc_duration = HistogramVec::new(
            HistogramOpts::new(
                "helpdesk_grpc_request_duration_seconds",
                "gRPC call latency in seconds, until the response stream ends.",
            ),
            labels,
        )?;
        let pool_size = IntGauge::new(
            "helpdesk_db_pool_connections",
            "Open database connections in the pool.",
        )?;
        let pool_available = IntGauge::new(
            "helpdesk_db_pool_available_connections",
            "Idle database connections in the pool.",
        )?;
        let pool_max = IntGauge::new(
            "helpdesk_db_pool_max_connections",
            "Maximum number of database connections in the pool.",
        )?;
        let rate_limit_rejections = IntCounter::new(
            "helpdesk_rate_limit_rejections_total",
            "Requests rejected by a rate limiter.",
        )?;

        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(grpc_requests.clone()))?;
        registry.register(Box::new(grpc_duration.clone()))?;
        registry.register(Box::new(pool_size.clone()))?;
        registry.register(Box::new(pool_available.clone()))?;
        registry.register(Box::new(pool_max.clone()))?;
        registry.register(Box::new(rate_limit_rejections.clone()))?;

        Ok(Metrics {
            registry,
            db,
            http_requests,
            http_duration,
            grpc_requests,
            grpc_duration,
            pool_size,
            pool_available,
            pool_max,
            rate_limit_rejections,
        })
    }

    /// Counts one finished request and records its latency.
    pub fn observe(&self, protocol: Protocol, method: &str, code: &str, elapsed: Duration) {
        let (requests, duration) = match protocol {
            Protocol::Http => (&self.http_requests, &self.http_duration),
            Protocol::Grpc => (&self.grpc_requests, &self.grpc_duration),
        };
        requests.with_label_values(&[method, code]).inc();
        duration
            .with_label_values(&[method, code])
            .observe(elapsed.as_secs_f64());
    }

    /// Encodes every metric in the Prometheus text format, after reading the pool gauges and
    /// the process-wide rate-limit counter.
    pub fn render(&self) -> prometheus::Result<String> {
        let pool = self.db.pool_status();
        self.pool_size
            .set(i64::try_from(pool.size).unwrap_or(i64::MAX));
        self.pool_available
            .set(i64::try_from(pool.available).unwrap_or(i64::MAX));
        self.pool_max
            .set(i64::try_from(pool.max_size).unwrap_or(i64::MAX));

        // The process-wide counter only grows, so the registry's copy catches up by the
        // difference.
        let total = grpc::metrics::rate_limit_rejections();
        let seen = self.rate_limit_rejections.get();
        if total > seen {
            self.rate_limit_rejections.inc_by(total - seen);
        }

        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        String::from_utf8(buffer).map_err(|error| prometheus::Error::Msg(error.to_string()))
    }
}

/// `/metrics` in the Prometheus text exposition format.
pub fn metrics_routes(metrics: Metrics) -> Router {
    Router::new()
        .route("/metrics", get(serve_metrics))
        .with_state(metrics)
}

async fn serve_metrics(State(metrics): State<Metrics>) -> Response {
    match metrics.render() {
        Ok(text) => ([(header::CONTENT_TYPE, prometheus::TEXT_FORMAT)], text).into_response(),
        Err(error) => {
            tracing::error!(%error, "encoding metrics failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "encoding metrics failed\n",
            )
                .into_response()
        }
    }
}
