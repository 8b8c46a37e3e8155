//! The request timeout of the legacy API, reported in the legacy envelope.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::task::JoinHandle;
use tracing::Instrument as _;

use crate::envelope::ApiError;

/// Wraps `router` so that a request still running after `limit` gets HTTP 504
/// and envelope code 504. The handler is then aborted, although a statement that the
/// database is already executing may still finish there.
pub fn with_request_timeout(router: Router, limit: Duration) -> Router {
    router.layer(middleware::from_fn_with_state(limit, enforce))
}

async fn enforce(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    match run_with_timeout(limit, next.run(request)).await {
        Some(response) => response,
        None => {
            tracing::warn!(
                path = %path,
                timeout_ms = limit.as_millis(),
                "legacy request timed out"
            );
            ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                format!(
                    "Request timed out after {} ms: try again later or narrow the request",
                    limit.as_millis()
                ),
            )
            .into_response()
        }
    }
}

/// Runs `future` in its own task, in the current tracing span, and returns its output, or
/// `None` when `limit` passes first. The task is aborted on expiry and when the caller is
/// dropped.
///
/// The separate task keeps the answer on time: dropping a SQLite query blocks until its
/// statement returns (diesel-async 0.10 waits for the blocking task that runs it), and with
/// SQLite's busy timeout that can take seconds. The aborted task pays that wait instead.
pub async fn run_with_timeout<F>(limit: Duration, future: F) -> Option<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut task = AbortOnDrop(tokio::spawn(future.instrument(tracing::Span::current())));
    match tokio::time::timeout(limit, &mut task.0).await {
        Ok(Ok(output)) => Some(output),
        Ok(Err(error)) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // A task cancelled by a runtime shutdown has no answer either.
        Ok(Err(_)) | Err(_) => None,
    }
}

struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}
