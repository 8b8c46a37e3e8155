//! Checks the OpenAPI document at /api/openapi.json against the real server. Every documented
//! legacy operation is called with demo inputs, by GET with a query string and by POST with
//! an urlencoded and a multipart body. Each response is validated against the JSON schema and
//! the required headers that the document gives for its operation and status. Error responses
//! that a test can provoke are checked the same way.

use std::collections::BTreeSet;

use jsonschema::Draft;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::backend_tests;
use crate::common::{Backend, TestServer};

const LEGACY_PREFIX: &str = "/api/requests/";

backend_tests!(
    documented_operations_match_responses,
    error_responses_match_document
);

/// The demo inputs of one legacy method.
struct Inputs {
    /// The parameter that carries the record id when the URL has no `{id}` segment.
    id_param: Option<&'static str>,
    /// The record id, for `{id}` and for `id_param`.
    id: &'static str,
    params: &'static [(&'static str, &'static str)],
}

fn inputs(method: &str) -> Inputs {
    let by_id = |id| Inputs {
        id_param: Some("id"),
        id,
        params: &[],
    };
    let without_id = |params| Inputs {
        id_param: None,
        id: "",
        params,
    };
    match method {
        "authorization" | "get-tasks" | "get-agents" | "get-agent-groups" | "get-assets"
        | "get-clients" | "get-contracts" | "get-projects" | "get-sites" => without_id(&[]),
        "get-task" => by_id("791"),
        "get-task-assets" | "get-task-members" | "get-task-tags" => by_id("795"),
        "get-task-comments" => by_id("340"),
        "create-task" => without_id(&[("title", "Printer jam")]),
        "update-task" => Inputs {
            id_param: Some("task"),
            id: "795",
            params: &[("title", "Printer jam on the third floor")],
        },
        "get-agent" => by_id("30"),
        "get-agent-group" | "get-agent-group-members" => by_id("6"),
        "get-asset" => by_id("30"),
        "create-asset" => without_id(&[("name", "Fileserver3")]),
        "get-audience" => by_id("2"),
        "get-client" => by_id("13"),
        "get-contract" => by_id("2"),
        "get-project" => by_id("787"),
        "get-site" => by_id("4"),
        other => panic!("no demo inputs for documented method '{other}': add them to inputs()"),
    }
}

/// How a request sends its parameters.
#[derive(Clone, Copy, Debug)]
enum Encoding {
    Query,
    Form,
    Multipart,
}

struct Reply {
    status: u16,
    headers: HeaderMap,
    body: Value,
}

async fn send(
    server: &TestServer,
    method: Method,
    url: &str,
    params: &[(&str, &str)],
    encoding: Encoding,
) -> Reply {
    let request = server
        .http
        .request(method, url)
        .basic_auth(&server.company, Some(&server.key));
    let request = match encoding {
        Encoding::Query => request.query(params),
        Encoding::Form => request.form(params),
        Encoding::Multipart => {
            let mut form = reqwest::multipart::Form::new();
            for (name, value) in params {
                form = form.text(name.to_string(), value.to_string());
            }
            request.multipart(form)
        }
    };
    read(request.send().await.expect("request sent")).await
}

async fn read(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body read");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("body is not JSON ({error}): {text}"));
    Reply {
        status,
        headers,
        body,
    }
}

/// Escapes a JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Percent-encodes the characters of a JSON pointer that a URI fragment does not allow, such
/// as the braces of `/api/requests/get-task/{id}`.
fn uri_fragment(pointer: &str) -> String {
    pointer
        .replace('%', "%25")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

/// The served OpenAPI document.
struct Spec {
    document: Value,
}

impl Spec {
    async fn fetch(server: &TestServer) -> Spec {
        let url = format!("http://{}/api/openapi.json", server.server.http_addr);
        // No credentials: the document is public.
        let response = server.http.get(url).send().await.expect("request sent");
        assert_eq!(response.status().as_u16(), 200);
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert_eq!(content_type, "application/json");
        let document: Value = response.json().await.expect("document is JSON");
        assert_eq!(document["openapi"], "3.1.0");
        Spec { document }
    }

    fn at(&self, pointer: &str) -> &Value {
        self.document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("the document has nothing at {pointer}"))
    }

    /// Follows `$ref`s from `pointer` and returns the pointer of the object reached.
    fn follow(&self, pointer: String) -> String {
        let mut pointer = pointer;
        while let Some(target) = self.at(&pointer).get("$ref").and_then(Value::as_str) {
            pointer = target
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{pointer} refers outside the document: {target}"))
                .to_owned();
        }
        pointer
    }

    fn operation_pointer(path: &str, method: &str) -> String {
        format!("/paths/{}/{method}", escape(path))
    }

    /// Returns the pointer of the response object documented for an operation and status.
    fn response_pointer(&self, path: &str, method: &str, status: u16) -> String {
        self.follow(format!(
            "{}/responses/{status}",
            Spec::operation_pointer(path, method)
        ))
    }

    /// Checks a reply against the response object at `pointer`: its content type, every
    /// required header and the body schema.
    fn check_response(&self, pointer: &str, reply: &Reply, context: &str) {
        let content = self.at(&format!("{pointer}/content"));
        assert!(
            content.get("application/json").is_some(),
            "{context}: the document gives no application/json body at {pointer}"
        );
        let content_type = reply
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        assert!(
            content_type.starts_with("application/json"),
            "{context}: content type {content_type:?}"
        );

        if let Some(headers) = self.at(pointer).get("headers").and_then(Value::as_object) {
            for name in headers.keys() {
                let header = self.follow(format!("{pointer}/headers/{}", escape(name.as_str())));
                if self.at(&header).get("required") == Some(&Value::Bool(true)) {
                    assert!(
                        reply.headers.contains_key(name.as_str()),
                        "{context}: required header {name} is missing"
                    );
                }
            }
        }

        let schema_pointer = format!("{pointer}/content/application~1json/schema");
        self.validate(&schema_pointer, &reply.body, context);
    }

    /// Validates `instance` against the schema at `pointer`. The schema is compiled with the
    /// whole document as its root, so its `#/components/...` references resolve.
    fn validate(&self, pointer: &str, instance: &Value, context: &str) {
        let mut root = self.document.clone();
        root.as_object_mut()
            .expect("the document is an object")
            .insert(
                "$ref".to_owned(),
                Value::from(format!("#{}", uri_fragment(pointer))),
            );
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .build(&root)
            .unwrap_or_else(|error| panic!("{context}: schema at {pointer} compiles: {error}"));
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{context}: the body does not match {pointer}:\n{}\nbody: {instance}",
            errors.join("\n")
        );
    }

    fn check(&self, path: &str, method: &str, reply: &Reply, context: &str) {
        let pointer = self.response_pointer(path, method, reply.status);
        self.check_response(&pointer, reply, context);
    }

    /// Asserts that the parameters a test sends are documented for GET (query) and POST
    /// (form body), and that it sends every required one.
    fn assert_parameters_documented(&self, path: &str, sent: &[(&str, &str)]) {
        let sent: BTreeSet<&str> = sent.iter().map(|(name, _)| *name).collect();

        let get = self.at(&Spec::operation_pointer(path, "get"));
        let query: Vec<&Value> = get
            .get("parameters")
            .and_then(Value::as_array)
            .map(|parameters| parameters.iter().collect())
            .unwrap_or_default();
        let documented: BTreeSet<&str> = query
            .iter()
            .filter_map(|parameter| parameter["name"].as_str())
            .collect();
        let required: BTreeSet<&str> = query
            .iter()
            .filter(|parameter| parameter["required"] == Value::Bool(true))
            .filter_map(|parameter| parameter["name"].as_str())
            .collect();
        assert!(
            sent.is_subset(&documented),
            "GET {path}: sends {sent:?}, documents {documented:?}"
        );
        assert!(
            required.is_subset(&sent),
            "GET {path}: requires {required:?}, sends {sent:?}"
        );

        let post = self.at(&Spec::operation_pointer(path, "post"));
        let body_pointer = "/requestBody/content/application~1x-www-form-urlencoded/schema";
        let (documented, required): (BTreeSet<&str>, BTreeSet<&str>) =
            match post.pointer(body_pointer) {
                Some(schema) => (
                    schema["properties"]
                        .as_object()
                        .map(|properties| properties.keys().map(String::as_str).collect())
                        .unwrap_or_default(),
                    schema["required"]
                        .as_array()
                        .map(|names| names.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default(),
                ),
                None => (BTreeSet::new(), BTreeSet::new()),
            };
        assert!(
            sent.is_subset(&documented),
            "POST {path}: sends {sent:?}, documents {documented:?}"
        );
        assert!(
            required.is_subset(&sent),
            "POST {path}: requires {required:?}, sends {sent:?}"
        );
        let multipart = post.pointer("/requestBody/content/multipart~1form-data/schema");
        assert_eq!(
            multipart,
            post.pointer(body_pointer),
            "POST {path}: the multipart and urlencoded bodies differ"
        );
    }
}

async fn documented_operations_match_responses(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let spec = Spec::fetch(&server).await;
    assert_eq!(&spec.document, rest::openapi::document());

    let paths: Vec<String> = spec.document["paths"]
        .as_object()
        .expect("paths is an object")
        .keys()
        .filter(|path| path.starts_with(LEGACY_PREFIX))
        .cloned()
        .collect();
    let mut exercised: BTreeSet<String> = BTreeSet::new();
    for path in &paths {
        let rest_of_path = &path[LEGACY_PREFIX.len()..];
        let (method, with_path_id) = match rest_of_path.strip_suffix("/{id}") {
            Some(method) => (method, true),
            None => (rest_of_path, false),
        };
        let inputs = inputs(method);
        let url = if with_path_id {
            server.url(&format!("{method}/{}", inputs.id))
        } else {
            server.url(method)
        };
        let mut params: Vec<(&str, &str)> = inputs.params.to_vec();
        if let (false, Some(name)) = (with_path_id, inputs.id_param) {
            params.push((name, inputs.id));
        }
        spec.assert_parameters_documented(path, &params);

        // A multipart body needs at least one part (RFC 2046), so methods without parameters
        // are posted with an empty urlencoded body only.
        let encodings: &[Encoding] = if params.is_empty() {
            &[Encoding::Query, Encoding::Form]
        } else {
            &[Encoding::Query, Encoding::Form, Encoding::Multipart]
        };
        for &encoding in encodings {
            let (http_method, operation) = match encoding {
                Encoding::Query => (Method::GET, "get"),
                Encoding::Form | Encoding::Multipart => (Method::POST, "post"),
            };
            let reply = send(&server, http_method, &url, &params, encoding).await;
            let context = format!("{operation} {path} ({encoding:?})");
            assert_eq!(reply.status, 200, "{context}: {}", reply.body);
            spec.check(path, operation, &reply, &context);
        }
        exercised.insert(method.to_owned());
    }

    // get-audience without an id lists every audience.
    let reply = send(
        &server,
        Method::GET,
        &server.url("get-audience"),
        &[],
        Encoding::Query,
    )
    .await;
    assert_eq!(reply.status, 200, "get-audience: {}", reply.body);
    assert!(
        reply.body["response"].as_object().map(|map| map.len()) > Some(1),
        "get-audience lists more than one audience: {}",
        reply.body
    );
    spec.check(
        "/api/requests/get-audience",
        "get",
        &reply,
        "get-audience list",
    );

    let names: BTreeSet<String> = rest::methods::names().map(str::to_owned).collect();
    assert_eq!(exercised, names);
    server.stop().await;
}

async fn error_responses_match_document(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let spec = Spec::fetch(&server).await;

    // 400: an invalid priority.
    let reply = send(
        &server,
        Method::POST,
        &server.url("create-task"),
        &[("title", "Printer jam"), ("priority", "urgent")],
        Encoding::Form,
    )
    .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body["desc"].as_str().unwrap().contains("'priority'"));
    spec.check(
        "/api/requests/create-task",
        "post",
        &reply,
        "invalid priority",
    );

    // 400: a path id that is not a number.
    let reply = send(
        &server,
        Method::GET,
        &server.url("get-task/abc"),
        &[],
        Encoding::Query,
    )
    .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    spec.check("/api/requests/get-task/{id}", "get", &reply, "invalid id");

    // 401: a wrong API key.
    let response = server
        .http
        .get(server.url("authorization"))
        .basic_auth(&server.company, Some("wrong-key"))
        .send()
        .await
        .expect("request sent");
    let reply = read(response).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    spec.check("/api/requests/authorization", "get", &reply, "wrong key");

    // 401: no credentials.
    let response = server
        .http
        .get(server.url("get-task/791"))
        .send()
        .await
        .expect("request sent");
    let reply = read(response).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    spec.check(
        "/api/requests/get-task/{id}",
        "get",
        &reply,
        "no credentials",
    );

    // 403: a read-only API key that tries to create a task.
    let read_only_key = read_only_api_key(&server).await;
    let response = server
        .http
        .post(server.url("create-task"))
        .basic_auth(&server.company, Some(&read_only_key))
        .form(&[("title", "Printer jam")])
        .send()
        .await
        .expect("request sent");
    let reply = read(response).await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    spec.check("/api/requests/create-task", "post", &reply, "read-only key");

    // 404: a missing record.
    let reply = send(
        &server,
        Method::GET,
        &server.url("get-task/999999"),
        &[],
        Encoding::Query,
    )
    .await;
    assert_eq!(reply.status, 404, "{}", reply.body);
    spec.check("/api/requests/get-task/{id}", "get", &reply, "missing task");

    // 404: an unknown method has no path of its own, so it is checked against the shared
    // response.
    let reply = send(
        &server,
        Method::GET,
        &server.url("no-such-method"),
        &[],
        Encoding::Query,
    )
    .await;
    assert_eq!(reply.status, 404, "{}", reply.body);
    spec.check_response("/components/responses/NotFound", &reply, "unknown method");

    // 405: DELETE, checked against the 405 response documented on the path's operations.
    let reply = send(
        &server,
        Method::DELETE,
        &server.url("get-task/791"),
        &[],
        Encoding::Query,
    )
    .await;
    assert_eq!(reply.status, 405, "{}", reply.body);
    spec.check("/api/requests/get-task/{id}", "get", &reply, "DELETE");

    // 413: a body over 1 MiB.
    let large = "a".repeat(rest::params::MAX_BODY_BYTES + 1);
    let reply = send(
        &server,
        Method::POST,
        &server.url("create-task"),
        &[("title", large.as_str())],
        Encoding::Form,
    )
    .await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    spec.check("/api/requests/create-task", "post", &reply, "large body");

    // 415: a JSON body.
    let response = server
        .http
        .post(server.url("create-task"))
        .basic_auth(&server.company, Some(&server.key))
        .header("content-type", "application/json")
        .body(r#"{"title": "Printer jam"}"#)
        .send()
        .await
        .expect("request sent");
    let reply = read(response).await;
    assert_eq!(reply.status, 415, "{}", reply.body);
    spec.check("/api/requests/create-task", "post", &reply, "JSON body");

    // 429: a key over its budget, on a server that allows one request a minute.
    let limited = TestServer::demo_with(backend, |options| {
        options.auth.rate_limits.requests_per_minute = 1;
    })
    .await;
    let url = limited.url("get-task/791");
    let first = send(&limited, Method::GET, &url, &[], Encoding::Query).await;
    assert_eq!(first.status, 200, "{}", first.body);
    spec.check(
        "/api/requests/get-task/{id}",
        "get",
        &first,
        "last request of the budget",
    );
    let reply = send(&limited, Method::GET, &url, &[], Encoding::Query).await;
    assert_eq!(reply.status, 429, "{}", reply.body);
    spec.check(
        "/api/requests/get-task/{id}",
        "get",
        &reply,
        "over the budget",
    );
    limited.stop().await;

    server.stop().await;
}

/// Stores a read-only API key for the demo agent and returns it.
async fn read_only_api_key(server: &TestServer) -> String {
    let db = &server.server.db;
    let secret = db.api_key_secret().await.expect("key secret");
    let owner = db
        .find_api_key(&storage::hash_api_key(&secret, &server.key))
        .await
        .expect("key lookup")
        .expect("the demo key exists");
    let key = "read-only-5678";
    db.insert_api_key(
        owner.company.id,
        owner.agent.id,
        None,
        &storage::hash_api_key(&secret, key),
        domain::Scope::ReadOnly,
    )
    .await
    .expect("key stored");
    key.to_owned()
}

#[test]
fn every_legacy_method_has_a_path() {
    let paths = rest::openapi::document()["paths"]
        .as_object()
        .expect("paths is an object");
    for name in rest::methods::names() {
        assert!(
            paths.contains_key(&format!("{LEGACY_PREFIX}{name}")),
            "legacy method '{name}' has no path in the OpenAPI document"
        );
    }
}

#[test]
fn every_reference_resolves() {
    fn walk(document: &Value, value: &Value, at: &str) {
        match value {
            Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                    let pointer = target.strip_prefix('#').unwrap_or(target);
                    assert!(
                        document.pointer(pointer).is_some(),
                        "{at}: $ref {target} resolves to nothing"
                    );
                }
                for (key, field) in map {
                    walk(document, field, &format!("{at}/{}", escape(key)));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(document, item, &format!("{at}/{index}"));
                }
            }
            _ => {}
        }
    }
    let document = rest::openapi::document();
    walk(document, document, "");
}

#[test]
fn operation_ids_are_unique() {
    let mut seen = BTreeSet::new();
    let paths = rest::openapi::document()["paths"]
        .as_object()
        .expect("paths is an object");
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item is an object") {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            assert!(seen.insert(id), "{method} {path}: operationId {id} repeats");
        }
    }
}

/// Posts every documented example of a create method's form fields, with `required` filled
/// in, and expects the demo company to accept them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documented_examples_work_against_demo() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let document: Value = server
        .http
        .get(format!(
            "http://{}/api/openapi.json",
            server.server.http_addr
        ))
        .send()
        .await
        .expect("document fetched")
        .json()
        .await
        .expect("JSON document");
    for (method, required) in [("create-task", "title"), ("create-asset", "name")] {
        let properties = &document["paths"][format!("{LEGACY_PREFIX}{method}")]["post"]["requestBody"]
            ["content"]["application/x-www-form-urlencoded"]["schema"]["properties"];
        let properties = properties
            .as_object()
            .unwrap_or_else(|| panic!("{method} documents its form fields"));
        let mut form: Vec<(String, String)> = properties
            .iter()
            .filter_map(|(name, schema)| {
                let example = schema["examples"][0].as_str()?;
                Some((name.clone(), example.to_owned()))
            })
            .collect();
        assert!(form.len() > 1, "{method} has examples: {form:?}");
        form.push((required.to_owned(), "From the examples".to_owned()));
        let pairs: Vec<(&str, &str)> = form
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let (status, body) = server.post_form(method, &pairs).await;
        assert_eq!(status, 200, "{method} with {form:?}: {body}");
    }
    server.stop().await;
}
