//! The legacy JSON envelope, `{"code": ..., "desc": ..., "response": ...}`, for successes and
//! errors alike, and the mapping from gRPC statuses to it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tonic::Code;
use tonic_types::StatusExt;

/// A successful legacy response.
pub struct Envelope {
    pub desc: &'static str,
    pub response: Value,
}

impl IntoResponse for Envelope {
    fn into_response(self) -> Response {
        axum::Json(json!({"code": 200, "desc": self.desc, "response": self.response}))
            .into_response()
    }
}

/// A failed legacy request: the HTTP status is also the envelope's `code`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub desc: String,
}

impl ApiError {
    pub fn new(status: StatusCode, desc: impl Into<String>) -> Self {
        ApiError {
            status,
            desc: desc.into(),
        }
    }

    pub fn invalid_parameter(name: &str, description: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("Invalid parameter '{name}': {description}"),
        )
    }

    pub fn missing_parameter(name: &str) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("Missing parameter '{name}'"),
        )
    }

    /// Maps a status of the gRPC services. `legacy_name` turns a request field path into the
    /// name of the legacy parameter it came from.
    pub fn from_status(
        status: &tonic::Status,
        legacy_name: fn(&str) -> Option<&'static str>,
    ) -> Self {
        let http = match status.code() {
            Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => {
                StatusCode::BAD_REQUEST
            }
            Code::Unauthenticated => StatusCode::UNAUTHORIZED,
            Code::PermissionDenied => StatusCode::FORBIDDEN,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
            Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
            Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
            Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if http == StatusCode::BAD_REQUEST {
            let details = status.get_error_details();
            if let Some(violation) = details
                .bad_request()
                .and_then(|bad_request| bad_request.field_violations.first())
            {
                let name = legacy_name(&violation.field).unwrap_or(violation.field.as_str());
                return ApiError::invalid_parameter(name, &violation.description);
            }
        }
        if http == StatusCode::TOO_MANY_REQUESTS {
            return ApiError::new(http, "Rate Limit Exceeded");
        }
        ApiError::new(http, status.message())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"code": self.status.as_u16(), "desc": self.desc, "response": []});
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"helpdesk\""),
            );
        }
        response
    }
}
