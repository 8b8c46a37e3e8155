//! Deadlines: the client's grpc-timeout on gRPC, and the legacy API's request timeout.
//!
//! The slow call is real: the test holds SQLite's write lock from its own connection, so
//! creating a task waits on SQLite's busy timeout (5 s) until the deadline cuts it off.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use helpdesk_api::v1;
use helpdesk_api::v1::task_service_client::TaskServiceClient;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tonic::Code;
use tonic_types::StatusExt;

use crate::common::{Backend, TestServer, authorized};

/// Opens the server's SQLite file and takes the write lock until the connection is dropped.
pub(crate) fn hold_write_lock(server: &TestServer) -> SqliteConnection {
    let path = server
        .database
        .url
        .strip_prefix("sqlite://")
        .expect("a SQLite URL");
    let mut connection = SqliteConnection::establish(path).expect("SQLite opens");
    connection
        .batch_execute("BEGIN IMMEDIATE")
        .expect("write lock taken");
    connection
}

/// A tonic client over a plain hyper HTTP/2 client. tonic's own `Channel` enforces the
/// grpc-timeout it sends and reports CANCELLED on the client side when it expires, which
/// would hide what the server answers.
fn hyper_tasks(server: &TestServer) -> TaskServiceClient<Client<HttpConnector, tonic::body::Body>> {
    let client = Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build(HttpConnector::new());
    let origin = format!("http://{}", server.server.grpc_addr)
        .parse()
        .expect("valid origin");
    TaskServiceClient::with_origin(client, origin)
}

fn create_request(server: &TestServer, title: &str) -> tonic::Request<v1::CreateTaskRequest> {
    authorized(
        v1::CreateTaskRequest {
            task: Some(v1::Task {
                title: title.to_owned(),
                ..Default::default()
            }),
            ..Default::default()
        },
        &server.company,
        &server.key,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpc_timeout_expiry_is_deadline_exceeded() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let mut tasks = hyper_tasks(&server);

    // Without the lock the same call succeeds within the deadline.
    let mut request = create_request(&server, "Fast");
    request.set_timeout(Duration::from_secs(5));
    tasks
        .create_task(request)
        .await
        .expect("unlocked create succeeds");

    let lock = hold_write_lock(&server);
    let mut request = create_request(&server, "Blocked");
    request.set_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let status = tasks
        .create_task(request)
        .await
        .expect_err("the write waits on the lock");
    let elapsed = started.elapsed();
    drop(lock);

    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert_eq!(
        status
            .get_error_details()
            .error_info()
            .map(|info| info.reason.as_str()),
        Some("DEADLINE_EXCEEDED")
    );
    assert!(
        elapsed >= Duration::from_millis(300),
        "answered before the deadline: {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_secs(3),
        "answered after {elapsed:?}, so the deadline was not enforced"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_request_timeout_answers_504() {
    let server = TestServer::demo_with(Backend::Sqlite, |options| {
        options.http_request_timeout = Duration::from_millis(300);
    })
    .await;

    let lock = hold_write_lock(&server);
    let started = Instant::now();
    let (status, body) = server
        .post_form("create-task", &[("title", "Blocked")])
        .await;
    let elapsed = started.elapsed();
    drop(lock);

    assert_eq!(status, 504);
    assert_eq!(body["code"], 504);
    assert!(
        body["desc"].as_str().unwrap().contains("timed out"),
        "{body}"
    );
    assert_eq!(body["response"], serde_json::json!([]));
    assert!(
        elapsed < Duration::from_secs(3),
        "answered after {elapsed:?}, so the timeout was not enforced"
    );

    // A request that finishes in time is unaffected.
    let (status, _) = server.get("get-task/791").await;
    assert_eq!(status, 200);
    server.stop().await;
}
