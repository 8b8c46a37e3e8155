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

/// A message whose field 1 is a string, where `GetTaskRequest.id` is an int64: the bytes
/// are a valid protobuf encoding, but not of the method's request type.
#[derive(Clone, PartialEq, prost::Message)]
struct MistypedGetTaskRequest {
    #[prost(string, tag = "1")]
    id: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_message_is_invalid_argument() {
    use tonic_types::StatusExt;

    let server = TestServer::demo(Backend::Sqlite).await;
    let mut grpc = tonic::client::Grpc::new(server.channel().await);
    grpc.ready().await.expect("channel ready");
    let codec = tonic_prost::ProstCodec::<
        MistypedGetTaskRequest,
        helpdesk_api::v1::GetTaskResponse,
    >::default();
    let path =
        tonic::codegen::http::uri::PathAndQuery::from_static("/helpdesk.v1.TaskService/GetTask");
    let request = server.request(MistypedGetTaskRequest { id: "791".into() });
    let status = grpc
        .unary(request, path, codec)
        .await
        .expect_err("a mistyped message fails");

    assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");
    assert!(
        status.message().contains("not a valid protobuf message"),
        "{}",
        status.message()
    );
    let details = status.get_error_details();
    assert_eq!(
        details.error_info().expect("ErrorInfo").reason,
        "MALFORMED_MESSAGE"
    );
    assert_eq!(
        details.bad_request().expect("BadRequest").field_violations[0].field,
        "message"
    );
    server.stop().await;
}

/// Sends `body` as the raw HTTP/2 body of a GetTask call and returns the status that the
/// response headers carry.
async fn raw_get_task(server: &TestServer, body: String) -> tonic::Status {
    use hyper_util::client::legacy::Client;
    use hyper_util::client::legacy::connect::HttpConnector;
    use hyper_util::rt::TokioExecutor;

    let client: Client<HttpConnector, String> = Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build(HttpConnector::new());
    let request = tonic::codegen::http::Request::post(format!(
        "http://{}/helpdesk.v1.TaskService/GetTask",
        server.server.grpc_addr
    ))
    .header("content-type", "application/grpc")
    .header("te", "trailers")
    .header("authorization", "Basic WjJXZWI2LXMwWEVhZjoxMjM0LTU2Nzg=")
    .body(body)
    .expect("valid request");
    let response = client.request(request).await.expect("response");
    tonic::Status::from_header_map(response.headers())
        .unwrap_or_else(|| panic!("no grpc-status in the headers: {response:?}"))
}

fn assert_malformed(status: &tonic::Status, code: tonic::Code, reason: &str) {
    use tonic_types::StatusExt;

    assert_eq!(status.code(), code, "{status:?}");
    let details = status.get_error_details();
    assert_eq!(details.error_info().expect("ErrorInfo").reason, reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_grpc_framing_is_invalid_argument() {
    let server = TestServer::demo(Backend::Sqlite).await;

    let empty = raw_get_task(&server, String::new()).await;
    assert_malformed(&empty, tonic::Code::InvalidArgument, "MALFORMED_MESSAGE");
    assert_eq!(
        empty.message(),
        "missing request message: a unary call must send exactly one message"
    );

    // The header announces 100 bytes; one follows.
    let truncated = raw_get_task(&server, "\0\0\0\0\x64\x08".to_owned()).await;
    assert_malformed(
        &truncated,
        tonic::Code::InvalidArgument,
        "MALFORMED_MESSAGE",
    );

    let unknown_flag = raw_get_task(&server, "\x05\0\0\0\0".to_owned()).await;
    assert_malformed(
        &unknown_flag,
        tonic::Code::InvalidArgument,
        "MALFORMED_MESSAGE",
    );

    // The header announces 5,000,000 bytes, over the 4 MiB limit.
    let oversized = raw_get_task(&server, "\0\x00\x4c\x4b\x40".to_owned()).await;
    assert_malformed(
        &oversized,
        tonic::Code::ResourceExhausted,
        "MESSAGE_TOO_LARGE",
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_grpc_web_text_is_invalid_argument() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let response = reqwest::Client::new()
        .post(format!(
            "http://{}/helpdesk.v1.TaskService/GetTask",
            server.server.grpc_addr
        ))
        .header("content-type", "application/grpc-web-text")
        .header("x-grpc-web", "1")
        .basic_auth(&server.company, Some(&server.key))
        .body("not base64!!")
        .send()
        .await
        .expect("grpc-web request sent");
    let mut headers = tonic::codegen::http::HeaderMap::new();
    for (name, value) in response.headers() {
        headers.insert(name.clone(), value.clone());
    }
    let status = tonic::Status::from_header_map(&headers)
        .unwrap_or_else(|| panic!("no grpc-status in the headers: {response:?}"));
    assert_malformed(&status, tonic::Code::InvalidArgument, "MALFORMED_MESSAGE");
    assert!(
        status
            .message()
            .starts_with("the grpc-web-text body is not valid base64"),
        "{}",
        status.message()
    );
    server.stop().await;
}
