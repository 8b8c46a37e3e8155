//! gRPC health (Check and Watch) and the HTTP probes, before and after the database goes away.

use std::time::Duration;

use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::{HealthCheckRequest, HealthCheckResponse};

use crate::backend_tests;
use crate::common::{Backend, TestServer};

backend_tests!(
    health_check_serves_overall_and_per_service,
    health_reports_not_serving_after_pool_closes,
    http_probes_follow_database,
);

const SERVICES: [&str; 3] = ["", "helpdesk.v1.AuthService", "helpdesk.v1.TaskService"];

/// A server whose health monitor pings the database every 50 ms.
async fn fast_health_server(backend: Backend) -> TestServer {
    TestServer::demo_with(backend, |options| {
        options.health_check_interval = Duration::from_millis(50);
    })
    .await
}

fn check(service: &str) -> HealthCheckRequest {
    HealthCheckRequest {
        service: service.to_owned(),
    }
}

async fn health_check_serves_overall_and_per_service(backend: Backend) {
    let server = fast_health_server(backend).await;
    let mut health = HealthClient::new(server.channel().await);
    for service in SERVICES {
        let response = health.check(check(service)).await.expect("check answers");
        assert_eq!(
            response.into_inner().status(),
            ServingStatus::Serving,
            "service {service:?}"
        );
    }

    let unknown = health
        .check(check("helpdesk.v1.NoSuchService"))
        .await
        .expect_err("unknown service fails");
    assert_eq!(unknown.code(), tonic::Code::NotFound);
    server.stop().await;
}

async fn health_reports_not_serving_after_pool_closes(backend: Backend) {
    let server = fast_health_server(backend).await;
    let mut health = HealthClient::new(server.channel().await);
    let mut watches = Vec::new();
    for service in SERVICES {
        let mut stream = health
            .watch(check(service))
            .await
            .expect("watch starts")
            .into_inner();
        let first = next_status(&mut stream).await;
        assert_eq!(first, ServingStatus::Serving, "service {service:?}");
        watches.push((service, stream));
    }

    // A closed pool fails every later ping, as an unreachable database does.
    server.server.db.close();

    // Watch may repeat SERVING before the change, so the first other status must follow.
    for (service, stream) in &mut watches {
        let mut changed = next_status(stream).await;
        while changed == ServingStatus::Serving {
            changed = next_status(stream).await;
        }
        assert_eq!(changed, ServingStatus::NotServing, "service {service:?}");
    }
    for service in SERVICES {
        let response = health.check(check(service)).await.expect("check answers");
        assert_eq!(
            response.into_inner().status(),
            ServingStatus::NotServing,
            "service {service:?}"
        );
    }
    drop(watches);
    server.stop().await;
}

/// The next status on a Watch stream, failing the test after 5 seconds.
async fn next_status(stream: &mut tonic::Streaming<HealthCheckResponse>) -> ServingStatus {
    let message = tokio::time::timeout(Duration::from_secs(5), stream.message())
        .await
        .expect("a status within 5 s")
        .expect("stream open")
        .expect("a message");
    message.status()
}

async fn http_probes_follow_database(backend: Backend) {
    let server = fast_health_server(backend).await;
    let base = format!("http://{}", server.server.http_addr);
    let get = |path: &'static str| {
        let url = format!("{base}{path}");
        let http = server.http.clone();
        async move {
            http.get(url)
                .send()
                .await
                .expect("probe answers")
                .status()
                .as_u16()
        }
    };
    assert_eq!(get("/healthz").await, 200);
    assert_eq!(get("/readyz").await, 200);

    server.server.db.close();

    assert_eq!(get("/healthz").await, 200, "the process is still alive");
    assert_eq!(get("/readyz").await, 503, "the database is gone");
    server.stop().await;
}
