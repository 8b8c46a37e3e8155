//! Health reporting: a background task that pings the database and sets the
//! `grpc.health.v1` status of every service, and the plain HTTP probes `/healthz` and
//! `/readyz`.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use storage::Database;
use tokio::sync::watch;
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;

/// How long one readiness ping may take before the database counts as unreachable.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// Pings the database every `interval` until `shutdown` turns true, and reports SERVING or
/// NOT_SERVING for the overall health (service name "") and for each service in `services`.
pub async fn monitor_database(
    db: Database,
    reporter: HealthReporter,
    services: Vec<String>,
    interval: Duration,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut current: Option<ServingStatus> = None;
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    return Ok(());
                }
                continue;
            }
        }

        let status = match database_ready(&db).await {
            Ok(()) => ServingStatus::Serving,
            Err(error) => {
                if current != Some(ServingStatus::NotServing) {
                    tracing::warn!(%error, "database ping failed, reporting NOT_SERVING");
                }
                ServingStatus::NotServing
            }
        };
        if current == Some(status) {
            continue;
        }
        if current.is_some() && status == ServingStatus::Serving {
            tracing::info!("database ping succeeded again, reporting SERVING");
        }
        reporter.set_service_status("", status).await;
        for service in &services {
            reporter.set_service_status(service, status).await;
        }
        current = Some(status);
    }
}

/// Pings the database within [`PING_TIMEOUT`].
async fn database_ready(db: &Database) -> Result<(), String> {
    match tokio::time::timeout(PING_TIMEOUT, db.ping()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err(format!(
            "ping timed out after {} ms",
            PING_TIMEOUT.as_millis()
        )),
    }
}

/// Routes `/healthz` (200 while the process runs) and `/readyz` (200 while a database ping
/// succeeds, 503 otherwise).
pub fn probe_routes(db: Database) -> Router {
    Router::new()
        .route("/healthz", get(|| async { (StatusCode::OK, "ok\n") }))
        .route("/readyz", get(readyz))
        .with_state(db)
}

async fn readyz(State(db): State<Database>) -> (StatusCode, String) {
    match database_ready(&db).await {
        Ok(()) => (StatusCode::OK, "ready\n".to_owned()),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: the database does not answer\n".to_owned(),
            )
        }
    }
}
