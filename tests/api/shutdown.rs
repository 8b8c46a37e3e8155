//! Graceful shutdown: in-flight requests finish, new connections are refused.

use std::time::Duration;

use crate::common::{Backend, TestServer};
use crate::deadlines::hold_write_lock;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_in_flight_request_finish() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let http_addr = server.server.http_addr;
    let lock = hold_write_lock(&server);

    // The write waits for the lock this test holds, so it is in flight during the shutdown.
    let client = server.http.clone();
    let url = server.url("create-task");
    let in_flight = tokio::spawn(async move {
        client
            .post(url)
            .basic_auth("Z2Web6-s0XEaf", Some("1234-5678"))
            .form(&[("title", "Written during shutdown")])
            .send()
            .await
            .map(|response| response.status().as_u16())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;

    let TestServer { server, .. } = server;
    let db = server.db.clone();
    let stopping = tokio::spawn(server.shutdown());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let refused = tokio::net::TcpStream::connect(http_addr).await;
    assert!(
        refused.is_err(),
        "a new connection was accepted during shutdown"
    );

    drop(lock);
    let status = in_flight.await.expect("request task");
    assert_eq!(status.ok(), Some(200));
    stopping
        .await
        .expect("shutdown task")
        .expect("shutdown succeeds");
    assert!(
        db.ping().await.is_err(),
        "the pool is still open after shutdown"
    );
}
