//! Starts a real helpdesk server on loopback ports over a fresh database, and gives tests
//! real HTTP and gRPC clients for it.
//!
//! SQLite tests use a new file in a temporary folder. PostgreSQL tests run when
//! `HELPDESK_TEST_POSTGRES_URL` names a database (such as
//! `postgres://postgres@127.0.0.1:5432/test`) and use a new schema there; without it they
//! print that PostgreSQL was skipped and pass.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use helpdesk_api::v1::auth_service_client::AuthServiceClient;
use helpdesk_api::v1::task_service_client::TaskServiceClient;
use serde_json::Value;
use server::{RunningServer, ServerOptions};
use tonic::transport::Channel;

pub const DEMO_COMPANY: &str = "Z2Web6-s0XEaf";
pub const DEMO_KEY: &str = "1234-5678";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Expands each named async test `fn name(backend: Backend)` into one tokio test per backend.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::common::postgres_url().is_none() {
                        eprintln!("PostgreSQL skipped: HELPDESK_TEST_POSTGRES_URL is not set");
                        return;
                    }
                    super::$name($crate::common::Backend::Postgres).await;
                }
            }
        )*
    };
}

pub fn postgres_url() -> Option<String> {
    std::env::var("HELPDESK_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A fresh database of the backend: a temporary SQLite file or a new PostgreSQL schema.
pub struct TestDatabase {
    pub url: String,
    _folder: Option<tempfile::TempDir>,
}

static SCHEMA_COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDatabase {
    pub async fn new(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let folder = tempfile::tempdir().expect("temporary folder");
                let path = folder.path().join("helpdesk.db");
                TestDatabase {
                    url: format!("sqlite://{}", path.display()),
                    _folder: Some(folder),
                }
            }
            Backend::Postgres => {
                let base = postgres_url().expect("HELPDESK_TEST_POSTGRES_URL");
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|elapsed| elapsed.as_nanos())
                    .unwrap_or_default();
                let schema = format!(
                    "test_{}_{}_{}",
                    std::process::id(),
                    nanos % 1_000_000_000,
                    SCHEMA_COUNTER.fetch_add(1, Ordering::Relaxed)
                );
                let url = storage::create_postgres_schema(&base, &schema)
                    .await
                    .expect("create a PostgreSQL schema");
                TestDatabase { url, _folder: None }
            }
        }
    }
}

/// A running server with clients.
pub struct TestServer {
    pub server: RunningServer,
    pub database: TestDatabase,
    pub http: reqwest::Client,
    pub company: String,
    pub key: String,
}

impl TestServer {
    /// Starts a server with the demo company loaded.
    pub async fn demo(backend: Backend) -> TestServer {
        TestServer::demo_with(backend, |_| {}).await
    }

    /// Starts a server with the demo company loaded, after `configure` adjusts its options.
    pub async fn demo_with(
        backend: Backend,
        configure: impl FnOnce(&mut ServerOptions),
    ) -> TestServer {
        let database = TestDatabase::new(backend).await;
        let mut options = ServerOptions::loopback(database.url.clone());
        options.demo = true;
        configure(&mut options);
        let server = server::start(options).await.expect("server starts");
        TestServer {
            server,
            database,
            http: reqwest::Client::new(),
            company: DEMO_COMPANY.to_owned(),
            key: DEMO_KEY.to_owned(),
        }
    }

    pub fn url(&self, method: &str) -> String {
        format!("http://{}/api/requests/{method}", self.server.http_addr)
    }

    /// GET with the demo credentials; returns the HTTP status and the JSON body.
    pub async fn get(&self, method: &str) -> (u16, Value) {
        self.get_as(method, &self.company, &self.key).await
    }

    pub async fn get_as(&self, method: &str, company: &str, key: &str) -> (u16, Value) {
        let response = self
            .http
            .get(self.url(method))
            .basic_auth(company, Some(key))
            .send()
            .await
            .expect("request sent");
        read(response).await
    }

    /// POST as application/x-www-form-urlencoded.
    pub async fn post_form(&self, method: &str, params: &[(&str, &str)]) -> (u16, Value) {
        let response = self
            .http
            .post(self.url(method))
            .basic_auth(&self.company, Some(&self.key))
            .form(params)
            .send()
            .await
            .expect("request sent");
        read(response).await
    }

    /// POST as multipart/form-data.
    pub async fn post_multipart(&self, method: &str, params: &[(&str, &str)]) -> (u16, Value) {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in params {
            form = form.text(name.to_string(), value.to_string());
        }
        let response = self
            .http
            .post(self.url(method))
            .basic_auth(&self.company, Some(&self.key))
            .multipart(form)
            .send()
            .await
            .expect("request sent");
        read(response).await
    }

    /// GET with the parameters in the query string.
    pub async fn get_query(&self, method: &str, params: &[(&str, &str)]) -> (u16, Value) {
        let response = self
            .http
            .get(self.url(method))
            .query(params)
            .basic_auth(&self.company, Some(&self.key))
            .send()
            .await
            .expect("request sent");
        read(response).await
    }

    pub async fn channel(&self) -> Channel {
        Channel::from_shared(format!("http://{}", self.server.grpc_addr))
            .expect("valid address")
            .connect()
            .await
            .expect("gRPC connects")
    }

    pub async fn tasks(&self) -> TaskServiceClient<Channel> {
        TaskServiceClient::new(self.channel().await)
    }

    pub async fn auth(&self) -> AuthServiceClient<Channel> {
        AuthServiceClient::new(self.channel().await)
    }

    /// Wraps a message in a request with the demo credentials.
    pub fn request<T>(&self, message: T) -> tonic::Request<T> {
        authorized(message, &self.company, &self.key)
    }

    /// Creates another company with its own API user and returns (company id, key).
    pub async fn other_company(&self) -> (String, String) {
        let created = self
            .server
            .db
            .create_company_account(storage::NewCompanyAccount {
                company_name: "Other Company".to_owned(),
                public_id: None,
                agent_first_name: "Other".to_owned(),
                agent_last_name: "Agent".to_owned(),
                agent_email: "other@example.com".to_owned(),
            })
            .await
            .expect("company created");
        (created.company.public_id, created.api_key)
    }

    pub async fn stop(self) {
        self.server.shutdown().await.expect("server stops cleanly");
    }
}

pub fn authorized<T>(message: T, company: &str, key: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    let header = format!("Basic {}", STANDARD.encode(format!("{company}:{key}")));
    request.metadata_mut().insert(
        "authorization",
        header.parse().expect("valid metadata value"),
    );
    request
}

async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body read");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("body is not JSON ({error}): {text}"));
    (status, body)
}

/// Replaces every "email" value with "<email>", since the reference mangles example emails.
pub fn mask_emails(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                if key == "email" && field.is_string() {
                    *field = Value::from("<email>");
                } else {
                    mask_emails(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_emails),
        _ => {}
    }
}
