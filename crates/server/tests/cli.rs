//! The `helpdesk` binary as an administrator uses it: company and key administration,
//! serving until SIGTERM, and logs that never contain a key or a session cookie.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use base64::Engine;
use serde_json::Value;

fn helpdesk(database_url: &str, arguments: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(arguments)
        .args(["--database-url", database_url, "--json"])
        .output()
        .expect("helpdesk runs");
    assert!(
        output.status.success(),
        "helpdesk {arguments:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

fn helpdesk_fails(database_url: &str, arguments: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(arguments)
        .args(["--database-url", database_url])
        .output()
        .expect("helpdesk runs");
    assert!(!output.status.success(), "helpdesk {arguments:?} succeeded");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A `helpdesk serve` process with its log collected.
struct Served {
    child: Child,
    http: String,
    log: Arc<Mutex<String>>,
}

fn serve(database_url: &str, extra: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args([
            "serve",
            "--database-url",
            database_url,
            "--grpc-listen",
            "127.0.0.1:0",
            "--http-listen",
            "127.0.0.1:0",
        ])
        .args(extra)
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("helpdesk serve starts");
    let log = Arc::new(Mutex::new(String::new()));
    let mut stderr = child.stderr.take().expect("stderr");
    let sink = log.clone();
    std::thread::spawn(move || {
        let mut buffer = String::new();
        let _ = stderr.read_to_string(&mut buffer);
        sink.lock().unwrap().push_str(&buffer);
    });
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut http = String::new();
    for line in stdout.lines() {
        let line = line.expect("stdout line");
        if let Some(at) = line.find("http://") {
            http = line[at..].trim_end_matches("/api/requests/").to_owned();
            break;
        }
    }
    assert!(!http.is_empty(), "serve printed no address");
    Served { child, http, log }
}

impl Served {
    /// Waits for a process that was already signalled, and returns its exit and log.
    fn terminate_after_signal(mut self) -> (bool, String) {
        let exit = self.child.wait().expect("serve exits");
        std::thread::sleep(std::time::Duration::from_millis(200));
        let log = self.log.lock().unwrap().clone();
        (exit.success(), log)
    }

    /// Sends SIGTERM and returns whether the process exited with status 0, and its log.
    fn terminate(mut self) -> (bool, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let exit = self.child.wait().expect("serve exits");
        std::thread::sleep(std::time::Duration::from_millis(200));
        let log = self.log.lock().unwrap().clone();
        (exit.success(), log)
    }
}

async fn status_of(request: reqwest::RequestBuilder) -> u16 {
    request
        .send()
        .await
        .expect("request sent")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_commands_manage_keys_and_logs_stay_clean() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("cli.db").display());

    let created = helpdesk(&url, &["admin", "create-company", "--name", "Acme"]);
    let company = created["company_id"].as_str().unwrap().to_owned();
    let agent = created["agent_id"].as_i64().unwrap().to_string();
    let owner_key = created["api_key"].as_str().unwrap().to_owned();
    assert!(owner_key.len() >= 32, "key too short: {owner_key}");

    let read_only = helpdesk(
        &url,
        &[
            "admin",
            "key",
            "create",
            "--company",
            &company,
            "--agent",
            &agent,
            "--scope",
            "read-only",
        ],
    );
    let read_only_key = read_only["api_key"].as_str().unwrap().to_owned();
    let read_only_id = read_only["key_id"].as_i64().unwrap().to_string();

    let listed = helpdesk(&url, &["admin", "key", "list", "--company", &company]);
    let listed_text = listed.to_string();
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    assert!(!listed_text.contains(&owner_key));
    assert!(!listed_text.contains(&read_only_key));
    assert!(listed_text.contains("read_only"));

    let error = helpdesk_fails(
        &url,
        &[
            "admin",
            "key",
            "revoke",
            "--company",
            "NOPE-NOPE",
            "--key",
            "1",
        ],
    );
    assert_eq!(
        error.matches("company 'NOPE-NOPE' not found").count(),
        1,
        "the error is printed once: {error}"
    );
    assert!(
        !error.contains('\u{1b}'),
        "no terminal colours in a pipe: {error}"
    );

    let served = serve(&url, &[]);
    let client = reqwest::Client::new();
    let authorization = |key: &str| {
        client
            .get(format!("{}/api/requests/authorization", served.http))
            .basic_auth(&company, Some(key))
    };
    let login = authorization(&owner_key).send().await.unwrap();
    assert_eq!(login.status().as_u16(), 200);
    let cookie = login
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .unwrap()
        .to_owned();
    let with_cookie = client
        .get(format!("{}/api/requests/get-tasks", served.http))
        .header("cookie", &cookie);
    assert_eq!(status_of(with_cookie).await, 200);
    let write = client
        .post(format!("{}/api/requests/create-task", served.http))
        .basic_auth(&company, Some(&read_only_key))
        .form(&[("title", "Read-only")]);
    assert_eq!(status_of(write).await, 403);
    helpdesk(
        &url,
        &[
            "admin",
            "key",
            "scope",
            "--company",
            &company,
            "--key",
            &read_only_id,
            "--scope",
            "read-write",
        ],
    );
    let write = client
        .post(format!("{}/api/requests/create-task", served.http))
        .basic_auth(&company, Some(&read_only_key))
        .form(&[("title", "Now read-write")]);
    assert_eq!(status_of(write).await, 200);

    // Rotation: the old key stops working, the new one works.
    let owner_id = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["scope"] == "read_write")
        .and_then(|key| key["key_id"].as_i64())
        .unwrap()
        .to_string();
    let rotated = helpdesk(
        &url,
        &[
            "admin",
            "key",
            "rotate",
            "--company",
            &company,
            "--key",
            &owner_id,
        ],
    );
    let new_key = rotated["api_key"].as_str().unwrap().to_owned();
    assert_eq!(status_of(authorization(&owner_key)).await, 401);
    assert_eq!(status_of(authorization(&new_key)).await, 200);

    helpdesk(
        &url,
        &[
            "admin",
            "key",
            "revoke",
            "--company",
            &company,
            "--key",
            &read_only_id,
        ],
    );
    assert_eq!(status_of(authorization(&read_only_key)).await, 401);

    helpdesk(
        &url,
        &[
            "admin",
            "agent",
            "api-access",
            "--company",
            &company,
            "--agent",
            &agent,
            "--set",
            "off",
        ],
    );
    assert_eq!(status_of(authorization(&new_key)).await, 401);

    let (clean_exit, log) = served.terminate();
    assert!(clean_exit, "serve did not exit 0 on SIGTERM:\n{log}");
    assert!(log.contains("helpdesk listening"), "{log}");
    let token = cookie.split_once('=').map(|(_, token)| token).unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{company}:{owner_key}"));
    for secret in [
        owner_key.as_str(),
        read_only_key.as_str(),
        new_key.as_str(),
        token,
        basic.as_str(),
    ] {
        assert!(!log.contains(secret), "the log contains a secret:\n{log}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_in_flight_request_finish() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let folder = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", folder.path().join("shutdown.db").display());
    let served = serve(&url, &["--demo", "--shutdown-grace-seconds", "10"]);
    let address = served.http.trim_start_matches("http://").to_owned();

    // Send the headers and half of the body, so the request is in flight at SIGTERM.
    let body = "title=Sent+across+a+shutdown&info=slow+client";
    let (first, second) = body.split_at(body.len() / 2);
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let credentials = base64::engine::general_purpose::STANDARD.encode("Z2Web6-s0XEaf:1234-5678");
    let head = format!(
        "POST /api/requests/create-task HTTP/1.1\r\nHost: {address}\r\nAuthorization: Basic {credentials}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let pid = served.child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    stream.write_all(second.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("{\"0\":"), "{response}");

    let (clean_exit, log) = served.terminate_after_signal();
    assert!(clean_exit, "serve did not exit 0:\n{log}");
    assert!(log.contains("shutting down"), "{log}");
}
