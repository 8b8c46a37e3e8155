//! grpc-web on the gRPC port, with a plain HTTP/1.1 client.

use helpdesk_api::v1;
use prost::Message;

use crate::backend_tests;
use crate::common::{Backend, DEMO_COMPANY, DEMO_KEY, TestServer};

backend_tests!(grpc_web_get_task_over_http1);

/// One grpc-web frame: a flag byte (0x00 message, 0x80 trailers), a big-endian length and
/// the payload.
fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut bytes = vec![flag];
    bytes.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_be_bytes());
    bytes.extend_from_slice(payload);
    bytes
}

/// Splits a grpc-web response body into (flag, payload) frames.
fn frames(mut body: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while !body.is_empty() {
        assert!(body.len() >= 5, "truncated frame header: {body:?}");
        let length = u32::from_be_bytes(body[1..5].try_into().unwrap()) as usize;
        assert!(body.len() >= 5 + length, "truncated frame payload");
        out.push((body[0], body[5..5 + length].to_vec()));
        body = &body[5 + length..];
    }
    out
}

async fn grpc_web_get_task_over_http1(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let request = v1::GetTaskRequest { id: 791 }.encode_to_vec();
    let response = reqwest::Client::new()
        .post(format!(
            "http://{}/helpdesk.v1.TaskService/GetTask",
            server.server.grpc_addr
        ))
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .basic_auth(DEMO_COMPANY, Some(DEMO_KEY))
        .body(frame(0x00, &request))
        .send()
        .await
        .expect("grpc-web request sent");

    assert_eq!(response.version(), reqwest::Version::HTTP_11);
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/grpc-web+proto"
    );
    let body = response.bytes().await.expect("body read");
    let frames = frames(&body);
    assert_eq!(frames.len(), 2, "one message and the trailers");

    let (flag, message) = &frames[0];
    assert_eq!(*flag, 0x00);
    let task = v1::GetTaskResponse::decode(message.as_slice())
        .expect("GetTaskResponse decodes")
        .task
        .expect("task set");
    assert_eq!(task.id, 791);

    let (flag, trailers) = &frames[1];
    assert_eq!(*flag, 0x80);
    let trailers = String::from_utf8_lossy(trailers).to_lowercase();
    assert!(trailers.contains("grpc-status:0"), "{trailers}");
    server.stop().await;
}
