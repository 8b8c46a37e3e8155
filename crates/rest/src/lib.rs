//! The legacy JSON API, `/api/requests/{method}[/{id}]`. Each request is authenticated once,
//! its parameters are parsed, and it becomes a call of a gRPC service method in-process, so
//! both surfaces share authentication, permissions, validation and errors. This crate holds
//! no SQL and no business rule: it parses and renders.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use grpc::auth::Authenticated;
use tonic::metadata::{MetadataMap, MetadataValue};

pub mod envelope;
pub mod methods;
pub mod openapi;
pub mod params;
pub mod render;
pub mod stream;
pub mod timeout;

use envelope::ApiError;
use params::Params;

/// The services the adapter calls.
pub type RestState = grpc::Services;

/// Builds the router of the legacy API.
pub fn router(state: RestState) -> Router {
    Router::new()
        .route("/api/requests/{method}", any(dispatch_without_id))
        .route("/api/requests/{method}/{id}", any(dispatch_with_id))
        .fallback(unknown_path)
        .with_state(state)
}

async fn unknown_path() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "Not found: legacy methods live at /api/requests/{method}",
    )
}

async fn dispatch_without_id(
    State(state): State<RestState>,
    Path(method): Path<String>,
    request: Request<Body>,
) -> Response {
    dispatch(state, method, None, request).await
}

async fn dispatch_with_id(
    State(state): State<RestState>,
    Path((method, id)): Path<(String, String)>,
    request: Request<Body>,
) -> Response {
    dispatch(state, method, Some(id), request).await
}

async fn dispatch(
    state: RestState,
    method: String,
    path_id: Option<String>,
    request: Request<Body>,
) -> Response {
    if request.method() != Method::GET && request.method() != Method::POST {
        let mut response = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "Method {} is not allowed: use GET or POST",
                request.method()
            ),
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
        return response;
    }
    let Some(handler) = methods::find(&method) else {
        return ApiError::new(StatusCode::NOT_FOUND, format!("Unknown method '{method}'"))
            .into_response();
    };

    let authorization = request.headers().get(header::AUTHORIZATION).cloned();
    let who = match authenticate(&state, authorization).await {
        Ok(who) => who,
        Err(error) => return error.into_response(),
    };
    let mut params = match Params::from_request(request).await {
        Ok(params) => params,
        Err(error) => return error.into_response(),
    };
    if let Some(id) = path_id {
        params.set_path_id(id);
    }
    match handler(state, who, params).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn authenticate(
    state: &RestState,
    authorization: Option<HeaderValue>,
) -> Result<Authenticated, ApiError> {
    let mut metadata = MetadataMap::new();
    if let Some(value) = authorization
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<MetadataValue<_>>().ok())
    {
        metadata.insert("authorization", value);
    }
    state
        .ctx
        .auth
        .authenticate(&metadata)
        .await
        .map_err(|status| ApiError::from_status(&status, |_| None))
}

/// Wraps a message in a request that carries the REST caller's authentication.
pub(crate) fn grpc_request<T>(who: &Authenticated, message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request.extensions_mut().insert(who.clone());
    request
}
