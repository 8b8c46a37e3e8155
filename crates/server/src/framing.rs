//! Statuses for requests whose gRPC framing is broken. tonic reports a unary call without
//! a message, a truncated frame, an unknown frame flag and undecodable grpc-web text as
//! INTERNAL with no details, although the caller sent the bad bytes. This middleware turns
//! them into INVALID_ARGUMENT, and a message over the size limit into RESOURCE_EXHAUSTED as
//! gRPC's status code table specifies, each with `google.rpc.ErrorInfo`.
//!
//! A compressed message without a `grpc-encoding` header stays INTERNAL, because the gRPC
//! compression specification requires that status for it.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use tonic::Code;

/// The reason of every rewritten framing error.
const MALFORMED_MESSAGE: &str = "MALFORMED_MESSAGE";

/// Rewrites tonic's framing errors in a headers-only gRPC response.
pub async fn classify_framing_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let Some(status) = tonic::Status::from_header_map(response.headers()) else {
        return response;
    };
    let Some((code, reason, message)) = classify(status.code(), status.message()) else {
        return response;
    };
    tracing::debug!(original = status.message(), "rewrote a gRPC framing error");
    grpc::error::status(code, reason, message).into_http::<Body>()
}

/// Returns the code, reason and message that replace a tonic framing error, or `None` for
/// any other status.
///
/// NOTE: this matches tonic 0.14's message texts. If a tonic upgrade rewords them, these
/// errors turn INTERNAL again, and the framing tests in `tests/api/error_details.rs` fail.
fn classify(code: Code, message: &str) -> Option<(Code, &'static str, String)> {
    match code {
        Code::Internal if message == "Missing request message." => Some((
            Code::InvalidArgument,
            MALFORMED_MESSAGE,
            "missing request message: a unary call must send exactly one message".to_owned(),
        )),
        Code::Internal if message == "Unexpected EOF decoding stream." => Some((
            Code::InvalidArgument,
            MALFORMED_MESSAGE,
            "the request body ends inside a message frame: the frame header announces more bytes than were sent".to_owned(),
        )),
        Code::Internal
            if message.starts_with("protocol error: received message with invalid compression flag")
                || message.starts_with("Invalid header bit") =>
        {
            Some((
                Code::InvalidArgument,
                MALFORMED_MESSAGE,
                "a message frame starts with a flag other than 0 (uncompressed) or 1 (compressed)"
                    .to_owned(),
            ))
        }
        Code::Internal if message.starts_with("tonic-web: ") => Some((
            Code::InvalidArgument,
            MALFORMED_MESSAGE,
            format!(
                "the grpc-web-text body is not valid base64 ({})",
                message.trim_start_matches("tonic-web: ")
            ),
        )),
        Code::OutOfRange if message.starts_with("Error, decoded message length too large") => {
            Some((
                Code::ResourceExhausted,
                "MESSAGE_TOO_LARGE",
                message.replace("Error, decoded message length too large", "the request message is too large"),
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_statuses_are_kept() {
        assert!(classify(Code::Internal, "database failed").is_none());
        assert!(classify(Code::InvalidArgument, "Missing request message.").is_none());
    }

    #[test]
    fn compressed_flag_without_encoding_stays_internal() {
        let message = "protocol error: received message with compressed-flag but no grpc-encoding was specified";
        assert!(classify(Code::Internal, message).is_none());
    }

    #[test]
    fn oversized_message_is_resource_exhausted() {
        let (code, reason, message) = classify(
            Code::OutOfRange,
            "Error, decoded message length too large: found 5000000 bytes, the limit is: 4194304 bytes",
        )
        .expect("rewritten");
        assert_eq!(code, Code::ResourceExhausted);
        assert_eq!(reason, "MESSAGE_TOO_LARGE");
        assert_eq!(
            message,
            "the request message is too large: found 5000000 bytes, the limit is: 4194304 bytes"
        );
    }
}
