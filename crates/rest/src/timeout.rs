//! The request timeout of the legacy API, answered in the legacy envelope.

use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::envelope::ApiError;

/// Wraps `router` so that a request still running after `limit` is answered with HTTP 504
/// and envelope code 504. The handler's future is dropped at that point, so a database call
/// in flight is abandoned, although a statement that the database is already executing may
/// still finish there.
pub fn with_request_timeout(router: Router, limit: Duration) -> Router {
    router.layer(middleware::from_fn_with_state(limit, enforce))
}

async fn enforce(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
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
