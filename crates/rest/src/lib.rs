//! The legacy JSON API, `/api/requests/{method}[/{id}]`. Each request is authenticated once,
//! its parameters are parsed, and it becomes a call of a gRPC service method in-process, so
//! both surfaces share authentication, permissions, validation and errors. This crate contains
//! no SQL and no business rule: it parses and renders.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
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
    path: Result<Path<String>, PathRejection>,
    request: Request<Body>,
) -> Response {
    match path {
        Ok(Path(method)) => dispatch(state, method, None, request).await,
        Err(rejection) => invalid_path(rejection).into_response(),
    }
}

async fn dispatch_with_id(
    State(state): State<RestState>,
    path: Result<Path<(String, String)>, PathRejection>,
    request: Request<Body>,
) -> Response {
    match path {
        Ok(Path((method, id))) => dispatch(state, method, Some(id), request).await,
        Err(rejection) => invalid_path(rejection).into_response(),
    }
}

/// Puts axum's path rejection, such as a segment that is not UTF-8, into the envelope.
fn invalid_path(rejection: PathRejection) -> ApiError {
    ApiError::new(rejection.status(), rejection.body_text())
}

/// The name of the session cookie set after a successful Basic login.
pub const SESSION_COOKIE: &str = "helpdesk_session";

async fn dispatch(
    state: RestState,
    method: String,
    path_id: Option<String>,
    request: Request<Body>,
) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let authorization = request.headers().get(header::AUTHORIZATION).cloned();
    let session = session_cookie(request.headers());

    let login = match authenticate(&state, authorization, session, address).await {
        Ok(login) => login,
        Err((error, budget, retry_after)) => {
            let mut response = with_budget(error.into_response(), budget);
            if let Some(wait) = retry_after {
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(grpc::rate::retry_seconds(wait)),
                );
            }
            return response;
        }
    };
    let budget = match state.ctx.auth.limits.admit_key(login.who.key_id).await {
        Ok(budget) => budget,
        Err(limited) => {
            grpc::metrics::record_rate_limit_rejection();
            let mut response = with_budget(
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Rate Limit Exceeded").into_response(),
                Some(limited.budget),
            );
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(grpc::rate::retry_seconds(limited.retry_after)),
            );
            return response;
        }
    };

    let mut response = handle(state, login.who, method, path_id, request).await;
    if let Some(value) = login
        .new_session
        .and_then(|cookie| HeaderValue::from_str(&cookie).ok())
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    with_budget(response, Some(budget))
}

async fn handle(
    state: RestState,
    who: Authenticated,
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

/// Adds RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.
fn with_budget(mut response: Response, budget: Option<grpc::rate::Budget>) -> Response {
    if let Some(budget) = budget {
        let headers = response.headers_mut();
        headers.insert("ratelimit-limit", HeaderValue::from(budget.limit));
        headers.insert("ratelimit-remaining", HeaderValue::from(budget.remaining));
        headers.insert("ratelimit-reset", HeaderValue::from(budget.reset_seconds));
    }
    response
}

/// Reads the session cookie, if the request sends one.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// A caller, and the Set-Cookie value of a session issued for it on this request.
struct Login {
    who: Authenticated,
    new_session: Option<String>,
}

/// Authenticates by session cookie when it is valid and any Basic credentials sent with it
/// name the session's company and key. Otherwise authenticates by Basic credentials and
/// issues a new session.
async fn authenticate(
    state: &RestState,
    authorization: Option<HeaderValue>,
    session: Option<String>,
    address: Option<std::net::IpAddr>,
) -> Result<
    Login,
    (
        ApiError,
        Option<grpc::rate::Budget>,
        Option<std::time::Duration>,
    ),
> {
    let auth = &state.ctx.auth;
    let basic = authorization
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .and_then(grpc::auth::parse_basic);
    if let Some(token) = session {
        let found = auth
            .authenticate_session(&token)
            .await
            .map_err(|status| (ApiError::from_status(&status, |_| None), None, None))?;
        if let Some(who) = found {
            let same_credentials = match &basic {
                None => true,
                Some((company, key)) => auth
                    .basic_matches_session(&who, company, key)
                    .await
                    .map_err(|status| (ApiError::from_status(&status, |_| None), None, None))?,
            };
            if same_credentials {
                return Ok(Login {
                    who,
                    new_session: None,
                });
            }
        }
    }

    let mut metadata = MetadataMap::new();
    if let Some(value) = authorization
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<MetadataValue<_>>().ok())
    {
        metadata.insert("authorization", value);
    }
    let who = auth
        .authenticate(&metadata, address)
        .await
        .map_err(|failure| {
            (
                ApiError::from_status(&failure.status, |_| None),
                failure.budget,
                failure.retry_after,
            )
        })?;
    let token = auth
        .issue_session(&who)
        .await
        .map_err(|status| (ApiError::from_status(&status, |_| None), None, None))?;
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/api/requests; HttpOnly; SameSite=Lax; Max-Age={}",
        auth.session_ttl().as_secs()
    );
    Ok(Login {
        who,
        new_session: Some(cookie),
    })
}

/// Wraps a message in a request that carries the REST caller's authentication.
pub(crate) fn grpc_request<T>(who: &Authenticated, message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request.extensions_mut().insert(who.clone());
    request
}
