//! Per-request observability for both listeners: a request id, a tracing span, one log line
//! when the request finishes, and the request metrics. Also the gRPC deadline from the
//! client's `grpc-timeout` header.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use tonic::Code;
use tracing::Instrument as _;

use crate::metrics::{Metrics, Protocol};

/// The header that carries the request id in both directions.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Maximum length of an accepted incoming request id. A longer or non-printable id is
/// replaced by a generated one.
const MAX_REQUEST_ID_LEN: usize = 128;

/// Middleware state: where to record, and which metric family the listener feeds.
#[derive(Clone)]
pub struct Observer {
    pub metrics: Metrics,
    pub protocol: Protocol,
}

/// Runs one request inside a span with a request id, taken from `x-request-id` or generated as
/// a UUID v4. Returns the id in the `x-request-id` response header and records the request in
/// the metrics when the response ends.
///
/// Only the method, path, status and duration are logged, never headers, so credentials in
/// `Authorization` or cookies stay out of the logs.
pub async fn observe(
    State(observer): State<Observer>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let request_id =
        incoming_request_id(request.headers()).unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let id_value = HeaderValue::from_str(&request_id).ok();
    if let Some(value) = &id_value {
        request
            .headers_mut()
            .insert(REQUEST_ID.clone(), value.clone());
    }

    let path = request.uri().path().to_owned();
    let span = tracing::info_span!(
        "request",
        request.id = %request_id,
        protocol = observer.protocol.as_str(),
        http.method = %request.method(),
        path = %path,
    );
    let mut response = next.run(request).instrument(span.clone()).await;
    if let Some(value) = id_value {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }

    let finish = Finish {
        metrics: observer.metrics,
        protocol: observer.protocol,
        path,
        started,
        span,
    };
    match observer.protocol {
        Protocol::Http => {
            // Legacy responses are buffered JSON, so the status line is the outcome.
            let code = response.status().as_u16().to_string();
            finish.record(&code);
            response
        }
        Protocol::Grpc => {
            // A failed call sends its status in the headers (a trailers-only response). A
            // successful one sends it in the trailers after the body.
            if let Some(code) = grpc_code(response.headers()) {
                finish.record(&code);
                return response;
            }
            let (parts, body) = response.into_parts();
            let body = ObservedBody {
                inner: body,
                code: None,
                finish: Some(finish),
            };
            Response::from_parts(parts, Body::new(body))
        }
    }
}

fn incoming_request_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(&REQUEST_ID)?.to_str().ok()?;
    let valid = !value.is_empty()
        && value.len() <= MAX_REQUEST_ID_LEN
        && value.bytes().all(|byte| byte.is_ascii_graphic());
    valid.then(|| value.to_owned())
}

/// Reads the gRPC status code in `grpc-status` and returns its Rust name (`Ok`, `NotFound`).
fn grpc_code(headers: &HeaderMap) -> Option<String> {
    let number: i32 = headers.get("grpc-status")?.to_str().ok()?.parse().ok()?;
    Some(format!("{:?}", Code::from_i32(number)))
}

/// The request data that is logged and counted once its response ends.
struct Finish {
    metrics: Metrics,
    protocol: Protocol,
    path: String,
    started: Instant,
    span: tracing::Span,
}

impl Finish {
    fn record(self, code: &str) {
        let elapsed = self.started.elapsed();
        let method = self.method_label(code);
        self.metrics.observe(self.protocol, &method, code, elapsed);
        let duration_ms = elapsed.as_secs_f64() * 1000.0;
        tracing::info!(parent: &self.span, code, duration_ms, "request finished");
    }

    /// The `method` label. Only known methods get their own label value, so that requests
    /// for made-up paths cannot grow the number of time series without bound.
    fn method_label(&self, code: &str) -> String {
        match self.protocol {
            Protocol::Grpc if code == "Unimplemented" => "unknown".to_owned(),
            Protocol::Grpc => self.path.clone(),
            Protocol::Http => http_method_label(&self.path),
        }
    }
}

/// The legacy method name for `/api/requests/{method}[/{id}]`, the path of a probe, of
/// `/metrics` or of the OpenAPI document, or `unknown`.
fn http_method_label(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("/api/requests/") {
        let name = rest.split('/').next().unwrap_or_default();
        if rest::methods::find(name).is_some() {
            return name.to_owned();
        }
        return "unknown".to_owned();
    }
    match path {
        "/healthz" | "/readyz" | "/metrics" | rest::openapi::PATH => path.to_owned(),
        _ => "unknown".to_owned(),
    }
}

/// A gRPC response body that reads `grpc-status` from the trailers and records the call
/// when the body ends or is dropped (the client went away).
struct ObservedBody {
    inner: Body,
    code: Option<String>,
    finish: Option<Finish>,
}

impl ObservedBody {
    fn record(&mut self) {
        if let Some(finish) = self.finish.take() {
            // No trailers before the end means the stream was cut off.
            let code = self.code.as_deref().unwrap_or("Cancelled");
            finish.record(code);
        }
    }
}

impl http_body::Body for ObservedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(code) = frame.trailers_ref().and_then(grpc_code) {
                    this.code = Some(code);
                }
            }
            Poll::Ready(Some(Err(_))) => {
                this.code.get_or_insert_with(|| "Internal".to_owned());
                this.record();
            }
            Poll::Ready(None) => this.record(),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for ObservedBody {
    fn drop(&mut self) {
        self.record();
    }
}

/// Axum middleware that returns DEADLINE_EXCEEDED when the handler has not produced response
/// headers within the client's `grpc-timeout`. A unary call is then cut off; a streaming call
/// that has started sending is not.
pub async fn enforce_grpc_deadline(request: Request, next: Next) -> Response {
    let Some(timeout) = request
        .headers()
        .get("grpc-timeout")
        .and_then(|value| value.to_str().ok())
        .and_then(parse_grpc_timeout)
    else {
        return next.run(request).await;
    };
    match rest::timeout::run_with_timeout(timeout, next.run(request)).await {
        Some(response) => response,
        None => {
            let message = format!(
                "deadline exceeded: the call did not finish within the client's grpc-timeout of {} ms",
                timeout.as_millis()
            );
            grpc::error::status(Code::DeadlineExceeded, "DEADLINE_EXCEEDED", message)
                .into_http::<Body>()
        }
    }
}

/// Parses a `grpc-timeout` value: at most 8 digits and a unit of H, M, S, m, u or n.
fn parse_grpc_timeout(value: &str) -> Option<Duration> {
    let split = value.len().checked_sub(1)?;
    let (digits, unit) = value.split_at_checked(split)?;
    if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let amount: u64 = digits.parse().ok()?;
    match unit {
        "H" => Some(Duration::from_secs(amount * 3600)),
        "M" => Some(Duration::from_secs(amount * 60)),
        "S" => Some(Duration::from_secs(amount)),
        "m" => Some(Duration::from_millis(amount)),
        "u" => Some(Duration::from_micros(amount)),
        "n" => Some(Duration::from_nanos(amount)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeout_units_parse() {
        assert_eq!(parse_grpc_timeout("2H"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_grpc_timeout("3M"), Some(Duration::from_secs(180)));
        assert_eq!(parse_grpc_timeout("5S"), Some(Duration::from_secs(5)));
        assert_eq!(parse_grpc_timeout("250m"), Some(Duration::from_millis(250)));
        assert_eq!(
            parse_grpc_timeout("99999999u"),
            Some(Duration::from_micros(99_999_999))
        );
        assert_eq!(parse_grpc_timeout("7n"), Some(Duration::from_nanos(7)));
    }

    #[test]
    fn grpc_timeout_rejects_malformed_values() {
        for value in ["", "S", "100", "123456789S", "1x", "-1S", "1.5S", "１S"] {
            assert_eq!(parse_grpc_timeout(value), None, "{value:?}");
        }
    }

    #[test]
    fn request_id_must_be_printable_and_short() {
        let mut headers = HeaderMap::new();
        headers.insert(&REQUEST_ID, HeaderValue::from_static("abc-123"));
        assert_eq!(incoming_request_id(&headers).as_deref(), Some("abc-123"));
        headers.insert(&REQUEST_ID, HeaderValue::from_static("has space"));
        assert_eq!(incoming_request_id(&headers), None);
        let long = "a".repeat(MAX_REQUEST_ID_LEN + 1);
        headers.insert(&REQUEST_ID, HeaderValue::from_str(&long).unwrap());
        assert_eq!(incoming_request_id(&headers), None);
    }
}
