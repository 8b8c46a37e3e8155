//! Reflection with the real grpcurl binary: list, describe and an authenticated call.
//! The binary comes from `HELPDESK_GRPCURL` (set by scripts/test) or `grpcurl` on PATH.

use std::process::Command;

use crate::common::{Backend, TestServer};

fn grpcurl() -> Option<String> {
    if let Ok(path) = std::env::var("HELPDESK_GRPCURL") {
        return Some(path);
    }
    let found = Command::new("grpcurl").arg("-version").output().is_ok();
    found.then(|| "grpcurl".to_owned())
}

/// Runs grpcurl against the server and returns (success, stdout, stderr).
pub(crate) async fn run(arguments: Vec<String>) -> (bool, String, String) {
    let Some(binary) = grpcurl() else {
        unreachable!("checked by the caller")
    };
    let output = tokio::task::spawn_blocking(move || Command::new(binary).args(arguments).output())
        .await
        .expect("grpcurl task")
        .expect("grpcurl runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

pub(crate) fn skip() -> bool {
    if grpcurl().is_none() {
        eprintln!("grpcurl skipped: set HELPDESK_GRPCURL or put grpcurl on PATH");
        return true;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpcurl_lists_services() {
    if skip() {
        return;
    }
    let server = TestServer::demo(Backend::Sqlite).await;
    let address = server.server.grpc_addr.to_string();
    let (ok, stdout, stderr) = run(vec!["-plaintext".into(), address, "list".into()]).await;
    assert!(ok, "{stderr}");
    for service in [
        "helpdesk.v1.AuthService",
        "helpdesk.v1.TaskService",
        "grpc.health.v1.Health",
    ] {
        assert!(
            stdout.lines().any(|line| line == service),
            "{service} missing from:\n{stdout}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpcurl_describes_task_message() {
    if skip() {
        return;
    }
    let server = TestServer::demo(Backend::Sqlite).await;
    let address = server.server.grpc_addr.to_string();
    let (ok, stdout, stderr) = run(vec![
        "-plaintext".into(),
        address,
        "describe".into(),
        "helpdesk.v1.Task".into(),
    ])
    .await;
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("google.protobuf.Timestamp due_time"),
        "{stdout}"
    );
    assert!(stdout.contains("helpdesk.v1.Severity severity"), "{stdout}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpcurl_calls_get_task_with_basic_auth() {
    if skip() {
        return;
    }
    let server = TestServer::demo(Backend::Sqlite).await;
    let address = server.server.grpc_addr.to_string();
    let (ok, stdout, stderr) = run(vec![
        "-plaintext".into(),
        "-H".into(),
        "authorization: Basic WjJXZWI2LXMwWEVhZjoxMjM0LTU2Nzg=".into(),
        "-d".into(),
        r#"{"id": 791}"#.into(),
        address.clone(),
        "helpdesk.v1.TaskService/GetTask".into(),
    ])
    .await;
    assert!(ok, "{stderr}");
    let body: serde_json::Value = serde_json::from_str(&stdout).expect("grpcurl prints JSON");
    assert_eq!(body["task"]["id"], "791");
    assert_eq!(body["task"]["status"], "TASK_STATUS_CLOSED");

    let (ok, _, stderr) = run(vec![
        "-plaintext".into(),
        "-d".into(),
        r#"{"id": 791}"#.into(),
        address,
        "helpdesk.v1.TaskService/GetTask".into(),
    ])
    .await;
    assert!(!ok);
    assert!(stderr.contains("Unauthenticated"), "{stderr}");
    server.stop().await;
}
