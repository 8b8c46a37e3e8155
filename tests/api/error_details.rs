//! grpcurl decodes the google.rpc error details of a failed call, because reflection serves
//! their message types.

use crate::common::{Backend, TestServer};
use crate::grpcurl::{run, skip};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpcurl_prints_bad_request_field() {
    if skip() {
        return;
    }
    let server = TestServer::demo(Backend::Sqlite).await;
    let (ok, stdout, stderr) = run(vec![
        "-plaintext".into(),
        "-format-error".into(),
        "-H".into(),
        "authorization: Basic WjJXZWI2LXMwWEVhZjoxMjM0LTU2Nzg=".into(),
        "-d".into(),
        r#"{"page_size": 3, "page_token": "garbage"}"#.into(),
        server.server.grpc_addr.to_string(),
        "helpdesk.v1.TaskService/ListTasks".into(),
    ])
    .await;
    assert!(!ok, "an invalid page token fails");
    assert!(stdout.is_empty(), "no response message: {stdout}");
    assert!(!stderr.contains("not recognized"), "{stderr}");

    // With -format-error grpcurl prints the status as JSON on standard error.
    let status: serde_json::Value = serde_json::from_str(&stderr)
        .unwrap_or_else(|error| panic!("-format-error prints JSON ({error}): {stderr}"));
    assert_eq!(status["code"], 3, "INVALID_ARGUMENT");
    let details = status["details"].as_array().expect("details array");
    let bad_request = details
        .iter()
        .find(|detail| detail["@type"] == "type.googleapis.com/google.rpc.BadRequest")
        .unwrap_or_else(|| panic!("no BadRequest in {details:?}"));
    assert_eq!(bad_request["fieldViolations"][0]["field"], "page_token");
    let error_info = details
        .iter()
        .find(|detail| detail["@type"] == "type.googleapis.com/google.rpc.ErrorInfo")
        .unwrap_or_else(|| panic!("no ErrorInfo in {details:?}"));
    assert_eq!(error_info["reason"], "INVALID_ARGUMENT");
    assert_eq!(error_info["domain"], "helpdesk.v1");
    server.stop().await;
}
