//! The helpdesk server: start-up, the gRPC and HTTP listeners, demo data and administration.
//! `tests/` starts it through [`start`] on loopback ports.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use helpdesk_api::v1::agent_group_service_server::AgentGroupServiceServer;
use helpdesk_api::v1::agent_service_server::AgentServiceServer;
use helpdesk_api::v1::asset_service_server::AssetServiceServer;
use helpdesk_api::v1::audience_service_server::AudienceServiceServer;
use helpdesk_api::v1::auth_service_server::AuthServiceServer;
use helpdesk_api::v1::client_service_server::ClientServiceServer;
use helpdesk_api::v1::contract_service_server::ContractServiceServer;
use helpdesk_api::v1::project_service_server::ProjectServiceServer;
use helpdesk_api::v1::site_service_server::SiteServiceServer;
use helpdesk_api::v1::tag_service_server::TagServiceServer;
use helpdesk_api::v1::task_service_server::TaskServiceServer;
use storage::{Database, PoolOptions};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

mod apps;
pub mod demo;
mod framing;
pub mod health;
pub mod metrics;
mod observe;

/// Everything `start` needs.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    pub database_url: String,
    pub grpc_listen: SocketAddr,
    pub http_listen: SocketAddr,
    pub demo: bool,
    pub max_connections: usize,
    /// How long in-flight requests may run after shutdown begins.
    pub shutdown_grace: Duration,
    /// The time a legacy API request may run before it gets HTTP 504.
    pub http_request_timeout: Duration,
    /// How often the health monitor pings the database.
    pub health_check_interval: Duration,
    /// Rate limits and session lifetime.
    pub auth: grpc::context::AuthConfig,
}

impl ServerOptions {
    /// Options for a server on ephemeral loopback ports.
    pub fn loopback(database_url: impl Into<String>) -> Self {
        ServerOptions {
            database_url: database_url.into(),
            grpc_listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            http_listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            demo: false,
            max_connections: 8,
            shutdown_grace: Duration::from_secs(10),
            http_request_timeout: Duration::from_secs(30),
            health_check_interval: Duration::from_secs(5),
            // Tests send many requests with one key; rate-limit tests set their own budget.
            auth: grpc::context::AuthConfig {
                rate_limits: grpc::rate::RateLimitConfig {
                    requests_per_minute: 100_000,
                    auth_failures_per_minute: 100_000,
                    store: grpc::rate::RateLimitStore::Memory,
                },
                ..Default::default()
            },
        }
    }
}

/// A started server. Dropping it does not stop it; call [`RunningServer::shutdown`].
pub struct RunningServer {
    pub grpc_addr: SocketAddr,
    pub http_addr: SocketAddr,
    pub db: Database,
    /// Set when `--demo` loaded or found the demo company.
    pub demo: Option<demo::DemoCredentials>,
    shutdown: watch::Sender<bool>,
    tasks: JoinSet<anyhow::Result<()>>,
}

impl RunningServer {
    /// Stops accepting connections, lets in-flight requests finish, and closes the pool.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        let _ = self.shutdown.send(true);
        self.wait().await?;
        self.db.close();
        Ok(())
    }

    /// Waits until every listener and background task has stopped.
    pub async fn wait(&mut self) -> anyhow::Result<()> {
        while let Some(result) = self.tasks.join_next().await {
            result.context("server task panicked")??;
        }
        Ok(())
    }

    /// Waits until the first listener or background task stops, and returns its result.
    /// Cancel-safe: dropping the future loses no task, so it can race a shutdown signal.
    pub async fn first_exit(&mut self) -> anyhow::Result<()> {
        match self.tasks.join_next().await {
            Some(result) => result.context("server task panicked")?,
            None => Ok(()),
        }
    }

    /// Returns a handle that starts the shutdown when sent `true`.
    pub fn shutdown_sender(&self) -> watch::Sender<bool> {
        self.shutdown.clone()
    }
}

/// Opens the database, applies migrations, loads the demo data when asked, and starts the
/// gRPC and HTTP listeners.
pub async fn start(options: ServerOptions) -> anyhow::Result<RunningServer> {
    let db = Database::open(
        &options.database_url,
        PoolOptions {
            max_connections: options.max_connections,
            ..PoolOptions::default()
        },
    )
    .with_context(|| {
        format!(
            "invalid --database-url {}",
            storage::redact_url(&options.database_url)
        )
    })?;
    let applied = db.migrate().await.with_context(|| {
        format!(
            "migrating {} failed",
            storage::redact_url(&options.database_url)
        )
    })?;
    if applied > 0 {
        tracing::info!(migrations = applied, "applied migrations");
    }
    let demo = if options.demo {
        Some(demo::load(&db).await?)
    } else {
        None
    };

    let services = grpc::Services::new(db.clone(), options.auth);
    services
        .ctx
        .auth
        .load_secret()
        .await
        .map_err(|status| anyhow::anyhow!("loading the key secret failed: {}", status.message()))?;

    let grpc_listener = TcpListener::bind(options.grpc_listen)
        .await
        .with_context(|| format!("binding gRPC to {} failed", options.grpc_listen))?;
    let http_listener = TcpListener::bind(options.http_listen)
        .await
        .with_context(|| format!("binding HTTP to {} failed", options.http_listen))?;
    let grpc_addr = grpc_listener.local_addr()?;
    let http_addr = http_listener.local_addr()?;

    let (shutdown, shutdown_rx) = watch::channel(false);

    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(helpdesk_api::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .context("building the reflection service failed")?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(helpdesk_api::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()
        .context("building the reflection service failed")?;
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    for name in grpc::SERVICE_NAMES {
        health_reporter
            .set_service_status(*name, tonic_health::ServingStatus::Serving)
            .await;
    }
    health_reporter
        .set_service_status("", tonic_health::ServingStatus::Serving)
        .await;

    let metrics = metrics::Metrics::new(db.clone()).context("registering metrics failed")?;
    let mut tasks = JoinSet::new();
    tasks.spawn(health::monitor_database(
        db.clone(),
        health_reporter,
        grpc::SERVICE_NAMES
            .iter()
            .map(|name| name.to_string())
            .collect(),
        options.health_check_interval,
        shutdown_rx.clone(),
    ));

    let grpc_routes = tonic::service::Routes::new(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(AuthServiceServer::from_arc(services.auth.clone()))
        .add_service(TaskServiceServer::from_arc(services.tasks.clone()))
        .add_service(AgentServiceServer::from_arc(services.agents.clone()))
        .add_service(AgentGroupServiceServer::from_arc(
            services.agent_groups.clone(),
        ))
        .add_service(AssetServiceServer::from_arc(services.assets.clone()))
        .add_service(AudienceServiceServer::from_arc(services.audiences.clone()))
        .add_service(ClientServiceServer::from_arc(services.clients.clone()))
        .add_service(ContractServiceServer::from_arc(services.contracts.clone()))
        .add_service(ProjectServiceServer::from_arc(services.projects.clone()))
        .add_service(SiteServiceServer::from_arc(services.sites.clone()))
        .add_service(TagServiceServer::from_arc(services.tags.clone()));
    let grpc_shutdown = wait_for(shutdown_rx.clone());
    let grpc_app = apps::grpc_app(grpc_routes, metrics.clone());
    tasks.spawn(async move {
        axum::serve(
            grpc_listener,
            grpc_app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(grpc_shutdown)
        .await
        .context("gRPC server failed")
    });

    let http_router = apps::http_app(
        rest::router(services),
        options.http_request_timeout,
        db.clone(),
        metrics,
    );
    let http_shutdown = wait_for(shutdown_rx);
    tasks.spawn(async move {
        axum::serve(
            http_listener,
            http_router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(http_shutdown)
        .await
        .context("HTTP server failed")
    });

    tracing::info!(grpc.addr = %grpc_addr, http.addr = %http_addr, "helpdesk listening");
    Ok(RunningServer {
        grpc_addr,
        http_addr,
        db,
        demo,
        shutdown,
        tasks,
    })
}

async fn wait_for(mut shutdown: watch::Receiver<bool>) {
    while !*shutdown.borrow() {
        if shutdown.changed().await.is_err() {
            return;
        }
    }
}
