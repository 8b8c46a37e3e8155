//! The OpenAPI 3.1 document of the legacy API, served at `GET /api/openapi.json` without
//! authentication.
//!
//! The document is built by code from one table of methods (`operations::OPERATIONS`) rather
//! than kept as a hand-edited JSON file: each of the 26 methods has a GET and a POST
//! operation, and the methods that take a record id are also served at `/{method}/{id}`, so
//! 82 operations share their parameters, request bodies and error responses. Generating them
//! keeps those copies identical. The schemas use JSON Schema 2020-12, which OpenAPI 3.1
//! adopts, so `null` is a type and a JSON Schema validator checks responses directly.

mod operations;
mod schemas;

use std::sync::LazyLock;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use operations::{Kind, OPERATIONS, Operation, Param, RecordId};
use schemas::schema_ref;

/// The path the document is served at.
pub const PATH: &str = "/api/openapi.json";

/// The error statuses every legacy operation may return, with their `components.responses`
/// entry and description.
const ERRORS: &[(u16, &str, &str)] = &[
    (
        400,
        "BadRequest",
        "A parameter is missing or invalid; `desc` names it.",
    ),
    (
        401,
        "Unauthorized",
        "The Authorization header is missing or the company id and API key do not match.",
    ),
    (
        403,
        "Forbidden",
        "The API key may not do this: a read-only key that changes data, or a client-scoped key that changes a task or a record.",
    ),
    (
        404,
        "NotFound",
        "The method or the record does not exist, or belongs to another company.",
    ),
    (
        405,
        "MethodNotAllowed",
        "The request used an HTTP method other than GET or POST.",
    ),
    (
        413,
        "PayloadTooLarge",
        "The request body is larger than 1 MiB.",
    ),
    (
        415,
        "UnsupportedMediaType",
        "The body is neither application/x-www-form-urlencoded nor multipart/form-data.",
    ),
    (
        429,
        "TooManyRequests",
        "The client sent more requests than its rate limit allows. Wait for Retry-After seconds, then try again.",
    ),
    (500, "InternalServerError", "The server failed."),
    (
        503,
        "ServiceUnavailable",
        "The server cannot reach its database for now; try again later.",
    ),
    (
        504,
        "GatewayTimeout",
        "The request ran longer than the server's request timeout (30 seconds by default).",
    ),
];

static DOCUMENT: LazyLock<Value> = LazyLock::new(build);
static DOCUMENT_TEXT: LazyLock<String> = LazyLock::new(|| DOCUMENT.to_string());

/// Returns the OpenAPI document of the legacy API.
pub fn document() -> &'static Value {
    &DOCUMENT
}

/// Builds the route that serves the document.
pub fn routes() -> Router {
    Router::new().route(PATH, get(serve))
}

async fn serve() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        DOCUMENT_TEXT.as_str(),
    )
        .into_response()
}

fn build() -> Value {
    let mut paths = Map::new();
    for operation in OPERATIONS {
        let base = format!("/api/requests/{}", operation.name);
        paths.insert(base.clone(), path_item(operation, false));
        if !matches!(operation.record_id, RecordId::None) {
            paths.insert(format!("{base}/{{id}}"), path_item(operation, true));
        }
    }
    paths.insert(PATH.to_owned(), document_path_item());

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Helpdesk legacy JSON API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The legacy JSON API at `/api/requests/{method}`. Every method accepts GET with query parameters and POST with an `application/x-www-form-urlencoded` or `multipart/form-data` body; POST also reads query parameters, and a body parameter overrides a query parameter of the same name. Methods that take a record id read it from the `{id}` path segment or else from a parameter. Except for `create-task`, every response is an envelope `{\"code\", \"desc\", \"response\"}` whose `code` is also the HTTP status. A 0/1 flag parameter sent empty reads as its default. Method names match case-insensitively.",
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "security": [{"basicAuth": []}],
        "tags": tags(),
        "paths": paths,
        "components": {
            "securitySchemes": {
                "basicAuth": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "HTTP Basic authentication: the user name is the company id and the password is an API key of an agent with API access.",
                },
            },
            "schemas": schemas::schemas(),
            "headers": headers(),
            "responses": error_responses(),
        },
    })
}

fn tags() -> Value {
    let mut names: Vec<&str> = Vec::new();
    for operation in OPERATIONS {
        if !names.contains(&operation.tag) {
            names.push(operation.tag);
        }
    }
    Value::from(
        names
            .into_iter()
            .map(|name| json!({"name": name}))
            .collect::<Vec<_>>(),
    )
}

fn path_item(operation: &Operation, with_path_id: bool) -> Value {
    let mut item = Map::new();
    if with_path_id {
        let description = match operation.record_id {
            RecordId::Required { description, .. } | RecordId::Optional { description } => {
                description
            }
            RecordId::None => "",
        };
        item.insert(
            "parameters".to_owned(),
            json!([{
                "name": "id",
                "in": "path",
                "required": true,
                "description": description,
                "schema": {"type": "integer", "format": "int64", "minimum": 1},
            }]),
        );
    }
    let params = parameters(operation, with_path_id);
    item.insert(
        "get".to_owned(),
        operation_object(operation, with_path_id, "get", &params),
    );
    item.insert(
        "post".to_owned(),
        operation_object(operation, with_path_id, "post", &params),
    );
    Value::Object(item)
}

/// Lists the parameters an operation reads besides the `{id}` path segment.
fn parameters(operation: &Operation, with_path_id: bool) -> Vec<Param> {
    let mut params = Vec::new();
    if !with_path_id {
        match operation.record_id {
            RecordId::Required { param, description } => params.push(Param {
                name: param,
                kind: Kind::Id,
                required: true,
                description,
            }),
            RecordId::Optional { description } => params.push(Param {
                name: "id",
                kind: Kind::Id,
                required: false,
                description,
            }),
            RecordId::None => {}
        }
    }
    params.extend_from_slice(operation.params);
    params
}

fn operation_object(
    operation: &Operation,
    with_path_id: bool,
    http_method: &str,
    params: &[Param],
) -> Value {
    // `get-task` becomes getTask, getTaskById, getTaskWithForm and getTaskByIdWithForm.
    let mut operation_id = String::new();
    for (index, word) in operation.name.split('-').enumerate() {
        let mut letters = word.chars();
        if let Some(first) = letters.next() {
            if index == 0 {
                operation_id.push(first);
            } else {
                operation_id.push(first.to_ascii_uppercase());
            }
            operation_id.extend(letters);
        }
    }
    if with_path_id {
        operation_id.push_str("ById");
    }
    if http_method == "post" {
        operation_id.push_str("WithForm");
    }

    let mut object = Map::new();
    object.insert("tags".to_owned(), json!([operation.tag]));
    object.insert("summary".to_owned(), Value::from(operation.summary));
    object.insert("description".to_owned(), Value::from(operation.description));
    object.insert("operationId".to_owned(), Value::from(operation_id));
    if http_method == "get" {
        if !params.is_empty() {
            let query: Vec<Value> = params.iter().map(query_parameter).collect();
            object.insert("parameters".to_owned(), Value::from(query));
        }
    } else if !params.is_empty() {
        object.insert("requestBody".to_owned(), request_body(params));
    }
    object.insert("responses".to_owned(), responses(operation));
    Value::Object(object)
}

fn parameter_schema(param: &Param) -> Value {
    match param.kind {
        Kind::Text if param.required => json!({"type": "string", "minLength": 1}),
        Kind::Text => json!({"type": "string"}),
        Kind::Id => json!({"type": "integer", "format": "int64", "minimum": 1}),
        Kind::OptionalId => json!({"type": ["integer", "string"], "minimum": 0, "maxLength": 0}),
        Kind::IdList => json!({
            "type": "string",
            "pattern": "^[ ,]*([0-9]+( *,[ ,]*[0-9]+)*)?[ ,]*$",
            "examples": [id_list_example(param.name)],
        }),
        Kind::ClientList => json!({"type": "string", "examples": ["6,lena.fischer@example.com"]}),
        Kind::Priority => json!({
            "type": "string",
            "enum": ["5", "10", "15", "20", "25", "low", "medium", "high", "critical", "severe", ""],
        }),
        Kind::Flag => json!({"type": ["integer", "string"], "enum": [0, 1, ""]}),
        Kind::DateTime => json!({
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?)?$",
            "examples": ["2024-05-01 17:00:00"],
        }),
    }
}

/// Returns an id list of records that the demo company has, so that the examples work
/// against the demo.
fn id_list_example(name: &str) -> &'static str {
    match name {
        "assets" => "30,35",
        "tags" => "18,29",
        "assigned" => "18,6",
        "group-assigned" => "2",
        "office" | "offices" => "4",
        "clients" => "6,9",
        _ => "",
    }
}

fn query_parameter(param: &Param) -> Value {
    json!({
        "name": param.name,
        "in": "query",
        "required": param.required,
        "description": param.description,
        "schema": parameter_schema(param),
    })
}

/// Builds the request body: the same parameters as form fields, urlencoded or multipart.
fn request_body(params: &[Param]) -> Value {
    let properties: Map<String, Value> = params
        .iter()
        .map(|param| {
            let mut schema = parameter_schema(param);
            if let Some(object) = schema.as_object_mut() {
                object.insert("description".to_owned(), Value::from(param.description));
            }
            (param.name.to_owned(), schema)
        })
        .collect();
    let required: Vec<&str> = params
        .iter()
        .filter(|param| param.required)
        .map(|param| param.name)
        .collect();
    let schema = json!({
        "type": "object",
        "required": required,
        "properties": properties,
    });
    json!({
        "required": !required.is_empty(),
        "description": "The parameters as form fields. Fields that the method does not use are ignored, but every field must be well formed and its value UTF-8.",
        "content": {
            "application/x-www-form-urlencoded": {"schema": schema},
            "multipart/form-data": {"schema": schema},
        },
    })
}

fn responses(operation: &Operation) -> Value {
    let mut responses = Map::new();
    responses.insert(
        "200".to_owned(),
        json!({
            "description": "Success.",
            "headers": common_headers(),
            "content": {"application/json": {"schema": schema_ref(operation.response)}},
        }),
    );
    for (status, name, _) in ERRORS {
        responses.insert(
            status.to_string(),
            json!({"$ref": format!("#/components/responses/{name}")}),
        );
    }
    Value::Object(responses)
}

/// Returns the references to the headers that every response may carry.
fn common_headers() -> Value {
    json!({
        "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
        "RateLimit-Limit": {"$ref": "#/components/headers/RateLimit-Limit"},
        "RateLimit-Remaining": {"$ref": "#/components/headers/RateLimit-Remaining"},
        "RateLimit-Reset": {"$ref": "#/components/headers/RateLimit-Reset"},
    })
}

fn headers() -> Value {
    let seconds = json!({"type": "integer", "minimum": 0});
    json!({
        "X-Request-Id": {
            "required": true,
            "description": "The request id: the caller's `x-request-id`, or a generated UUID. The server logs it with the request.",
            "schema": {"type": "string"},
        },
        "RateLimit-Limit": {
            "description": "The number of requests the client may send in the current window. Sent when rate limiting applies to the request.",
            "schema": seconds,
        },
        "RateLimit-Remaining": {
            "description": "The number of requests left in the current window. Sent when rate limiting applies to the request.",
            "schema": seconds,
        },
        "RateLimit-Reset": {
            "description": "Seconds until the current window ends. Sent when rate limiting applies to the request.",
            "schema": seconds,
        },
        "Retry-After": {
            "required": true,
            "description": "Seconds to wait before sending another request.",
            "schema": seconds,
        },
        "WWW-Authenticate": {
            "required": true,
            "description": "The authentication scheme: `Basic realm=\"helpdesk\"`.",
            "schema": {"type": "string"},
        },
        "Allow": {
            "required": true,
            "description": "The allowed HTTP methods: `GET, POST`.",
            "schema": {"type": "string"},
        },
    })
}

fn error_responses() -> Value {
    let mut responses = Map::new();
    for (status, name, description) in ERRORS {
        let mut headers = common_headers();
        let extra = match status {
            401 => Some("WWW-Authenticate"),
            405 => Some("Allow"),
            429 => Some("Retry-After"),
            _ => None,
        };
        if let (Some(extra), Some(object)) = (extra, headers.as_object_mut()) {
            object.insert(
                extra.to_owned(),
                json!({"$ref": format!("#/components/headers/{extra}")}),
            );
        }
        let schema = json!({
            "allOf": [
                schema_ref("Error"),
                {"properties": {"code": {"const": status}}},
            ],
        });
        responses.insert(
            (*name).to_owned(),
            json!({
                "description": description,
                "headers": headers,
                "content": {"application/json": {"schema": schema}},
            }),
        );
    }
    Value::Object(responses)
}

/// Builds the path item of the document itself, which needs no authentication.
fn document_path_item() -> Value {
    json!({
        "get": {
            "tags": ["General"],
            "summary": "Get this OpenAPI document",
            "description": "Returns this document. Needs no authentication.",
            "operationId": "getOpenapiDocument",
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "headers": {
                        "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                    },
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            },
        },
    })
}
