//! Request ids on both listeners and the Prometheus metrics at `/metrics`.

use helpdesk_api::v1;

use crate::backend_tests;
use crate::common::{Backend, TestServer};

backend_tests!(
    request_id_is_echoed_or_generated,
    metrics_count_requests_by_method_and_code,
);

async fn request_id_is_echoed_or_generated(backend: Backend) {
    let server = TestServer::demo(backend).await;

    // HTTP: an incoming id comes back unchanged, and a request without one gets a UUID.
    let echoed = server
        .http
        .get(server.url("get-task/791"))
        .basic_auth(&server.company, Some(&server.key))
        .header("x-request-id", "trace-abc-123")
        .send()
        .await
        .expect("request sent");
    assert_eq!(echoed.headers()["x-request-id"], "trace-abc-123");
    let generated = server
        .http
        .get(server.url("get-task/791"))
        .send()
        .await
        .unwrap();
    let id = generated.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "not a UUID: {id}");

    // gRPC: the id is response metadata, on successes and on failures.
    let mut tasks = server.tasks().await;
    let mut request = server.request(v1::GetTaskRequest { id: 791 });
    request
        .metadata_mut()
        .insert("x-request-id", "grpc-trace-7".parse().unwrap());
    let response = tasks.get_task(request).await.expect("GetTask succeeds");
    assert_eq!(
        response.metadata().get("x-request-id").unwrap(),
        "grpc-trace-7"
    );

    let status = tasks
        .get_task(tonic::Request::new(v1::GetTaskRequest { id: 791 }))
        .await
        .expect_err("no credentials");
    let id = status
        .metadata()
        .get("x-request-id")
        .expect("id on failures");
    assert!(uuid::Uuid::parse_str(id.to_str().unwrap()).is_ok());
    server.stop().await;
}

async fn metrics_count_requests_by_method_and_code(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, _) = server.get("get-task/791").await;
    assert_eq!(status, 200);
    let (status, _) = server.get("get-task/999999").await;
    assert_eq!(status, 404);
    let mut tasks = server.tasks().await;
    tasks
        .get_task(server.request(v1::GetTaskRequest { id: 791 }))
        .await
        .expect("GetTask succeeds");
    tasks
        .get_task(server.request(v1::GetTaskRequest { id: 999_999 }))
        .await
        .expect_err("missing task");
    grpc::metrics::record_rate_limit_rejection();

    let response = server
        .http
        .get(format!("http://{}/metrics", server.server.http_addr))
        .send()
        .await
        .expect("metrics answer");
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = response.text().await.unwrap();
    let value = |series: &str| -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("{series} missing from:\n{text}"))
    };

    assert_eq!(
        value(r#"helpdesk_http_requests_total{code="200",method="get-task"}"#),
        1.0
    );
    assert_eq!(
        value(r#"helpdesk_http_requests_total{code="404",method="get-task"}"#),
        1.0
    );
    assert_eq!(
        value(
            r#"helpdesk_grpc_requests_total{code="Ok",method="/helpdesk.v1.TaskService/GetTask"}"#
        ),
        1.0
    );
    assert_eq!(
        value(
            r#"helpdesk_grpc_requests_total{code="NotFound",method="/helpdesk.v1.TaskService/GetTask"}"#
        ),
        1.0
    );
    assert_eq!(
        value(
            r#"helpdesk_grpc_request_duration_seconds_count{code="Ok",method="/helpdesk.v1.TaskService/GetTask"}"#
        ),
        1.0
    );
    assert_eq!(
        value(r#"helpdesk_http_request_duration_seconds_count{code="200",method="get-task"}"#),
        1.0
    );
    assert_eq!(value("helpdesk_db_pool_max_connections"), 8.0);
    assert!(value("helpdesk_db_pool_connections") >= 1.0);
    assert!(value("helpdesk_db_pool_available_connections") >= 0.0);
    // Other tests in this process may also count rejections, so only a lower bound holds.
    assert!(value("helpdesk_rate_limit_rejections_total") >= 1.0);
    server.stop().await;
}
