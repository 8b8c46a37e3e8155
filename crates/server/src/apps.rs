//! The middleware stacks of the two listeners.

use std::time::Duration;

use axum::Router;
use axum::middleware;
use storage::Database;

use crate::framing::classify_framing_errors;
use crate::metrics::{Metrics, Protocol};
use crate::observe::{Observer, enforce_grpc_deadline, observe};

/// The gRPC listener: the services, behind (outermost first) grpc-web translation, the
/// request id, span and metrics, the client's deadline, and the statuses of broken framing.
///
/// `axum::serve` speaks HTTP/1.1 and HTTP/2 on one port, so grpc-web clients over HTTP/1.1
/// and gRPC clients over HTTP/2 share it. It serves these routes instead of
/// `tonic::transport::Server` because tonic 0.14's server applies `grpc-timeout` itself and
/// returns CANCELLED when it expires, where gRPC specifies DEADLINE_EXCEEDED.
pub fn grpc_app(routes: tonic::service::Routes, metrics: Metrics) -> Router {
    let observer = Observer {
        metrics,
        protocol: Protocol::Grpc,
    };
    routes
        .prepare()
        .into_axum_router()
        .layer(middleware::from_fn(classify_framing_errors))
        .layer(middleware::from_fn(enforce_grpc_deadline))
        .layer(middleware::from_fn(client_address))
        .layer(middleware::from_fn_with_state(observer, observe))
        .layer(tonic_web::GrpcWebLayer::new())
}

/// The HTTP listener: the legacy API with its request timeout, its OpenAPI document, the
/// probes and `/metrics`, all behind the request id, span and metrics.
pub fn http_app(
    legacy: Router,
    request_timeout: Duration,
    db: Database,
    metrics: Metrics,
) -> Router {
    let observer = Observer {
        metrics: metrics.clone(),
        protocol: Protocol::Http,
    };
    rest::timeout::with_request_timeout(legacy, request_timeout)
        .merge(rest::openapi::routes())
        .merge(crate::health::probe_routes(db))
        .merge(crate::metrics::metrics_routes(metrics))
        .layer(middleware::from_fn_with_state(observer, observe))
}

/// Passes the peer address of the connection to the gRPC services, which limit failed
/// authentications per address.
async fn client_address(
    mut request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    if let Some(info) = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .copied()
    {
        request
            .extensions_mut()
            .insert(grpc::auth::ClientAddress(info.0.ip()));
    }
    next.run(request).await
}
