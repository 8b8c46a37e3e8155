//! Authentication, the permission policy, tenant isolation, rate limits and sessions.

use std::time::Duration;

use helpdesk_api::v1;
use helpdesk_api::v1::agent_group_service_client::AgentGroupServiceClient;
use helpdesk_api::v1::agent_service_client::AgentServiceClient;
use helpdesk_api::v1::asset_service_client::AssetServiceClient;
use helpdesk_api::v1::audience_service_client::AudienceServiceClient;
use helpdesk_api::v1::client_service_client::ClientServiceClient;
use helpdesk_api::v1::contract_service_client::ContractServiceClient;
use helpdesk_api::v1::project_service_client::ProjectServiceClient;
use helpdesk_api::v1::site_service_client::SiteServiceClient;
use helpdesk_api::v1::tag_service_client::TagServiceClient;
use helpdesk_api::v1::task_service_client::TaskServiceClient;
use prost_types::FieldMask;
use serde_json::Value;
use tonic::Code;
use tonic::transport::Channel;
use tonic_types::StatusExt;

use crate::backend_tests;
use crate::common::{Backend, TestServer, authorized};

backend_tests!(
    permission_matrix_over_grpc,
    client_key_sees_only_its_public_tasks,
    read_only_key_cannot_write_on_either_surface,
    revoked_key_and_disabled_agent_are_unauthenticated,
    rate_limit_is_shared_by_rest_and_grpc,
    database_budget_is_shared_by_two_processes,
    failed_logins_block_the_address,
    session_cookie_authenticates_without_key,
    basic_key_other_than_session_key_wins,
    session_ends_when_key_is_revoked,
    session_works_on_second_server_process,
    session_expires,
);

/// Stores a new key for `agent` (client-scoped when `client` is set) and returns it.
async fn make_key(
    server: &TestServer,
    agent: i64,
    client: Option<i64>,
    scope: domain::Scope,
) -> (i64, String) {
    let db = &server.server.db;
    let company = db
        .company_by_public_id(&server.company)
        .await
        .expect("query")
        .expect("company");
    let key = storage::generate_api_key();
    let hash = storage::hash_api_key(&db.api_key_secret().await.expect("secret"), &key);
    let id = db
        .insert_api_key(company.id, agent, client, &hash, scope)
        .await
        .expect("key stored");
    (id, key)
}

async fn demo_company_id(server: &TestServer) -> i64 {
    server
        .server
        .db
        .company_by_public_id(&server.company)
        .await
        .expect("query")
        .expect("company")
        .id
}

#[derive(Clone, Copy, Debug)]
enum Op {
    GetTask340,
    GetTask791,
    ListTasks,
    ListTaskComments340,
    CreateTask,
    UpdateTask795,
    PublicComment340,
    PrivateComment340,
    GetAgent30,
    ListClients,
    GetClient13,
    GetAgentGroup6,
    ListGroupMembers6,
    GetAsset30,
    GetAudience2,
    GetContract2,
    GetProject787,
    GetSite4,
    GetTag18,
    CreateTag,
    UpdateSite4,
}

/// Runs one operation and returns its status code.
async fn run(op: Op, channel: &Channel, company: &str, key: &str) -> Code {
    macro_rules! call {
        ($message:expr) => {
            authorized($message, company, key)
        };
    }
    let mut tasks = TaskServiceClient::new(channel.clone());
    let result = match op {
        Op::GetTask340 => tasks
            .get_task(call!(v1::GetTaskRequest { id: 340 }))
            .await
            .map(|_| ()),
        Op::GetTask791 => tasks
            .get_task(call!(v1::GetTaskRequest { id: 791 }))
            .await
            .map(|_| ()),
        Op::ListTasks => tasks
            .list_tasks(call!(v1::ListTasksRequest::default()))
            .await
            .map(|_| ()),
        Op::ListTaskComments340 => tasks
            .list_task_comments(call!(v1::ListTaskCommentsRequest {
                task_id: 340,
                ..Default::default()
            }))
            .await
            .map(|_| ()),
        Op::CreateTask => tasks
            .create_task(call!(v1::CreateTaskRequest {
                task: Some(v1::Task {
                    title: "Matrix".into(),
                    ..Default::default()
                }),
                ..Default::default()
            }))
            .await
            .map(|_| ()),
        Op::UpdateTask795 => tasks
            .update_task(call!(v1::UpdateTaskRequest {
                task: Some(v1::Task {
                    id: 795,
                    title: "Matrix update".into(),
                    ..Default::default()
                }),
                update_mask: Some(FieldMask {
                    paths: vec!["title".into()],
                }),
                ..Default::default()
            }))
            .await
            .map(|_| ()),
        Op::PublicComment340 | Op::PrivateComment340 => tasks
            .create_task_comment(call!(v1::CreateTaskCommentRequest {
                task_id: 340,
                comment: Some(v1::TaskComment {
                    body: "Matrix comment".into(),
                    private: matches!(op, Op::PrivateComment340),
                    ..Default::default()
                }),
            }))
            .await
            .map(|_| ()),
        Op::GetAgent30 => AgentServiceClient::new(channel.clone())
            .get_agent(call!(v1::GetAgentRequest { id: 30 }))
            .await
            .map(|_| ()),
        Op::ListClients => ClientServiceClient::new(channel.clone())
            .list_clients(call!(v1::ListClientsRequest::default()))
            .await
            .map(|_| ()),
        Op::GetClient13 => ClientServiceClient::new(channel.clone())
            .get_client(call!(v1::GetClientRequest { id: 13 }))
            .await
            .map(|_| ()),
        Op::GetAgentGroup6 => AgentGroupServiceClient::new(channel.clone())
            .get_agent_group(call!(v1::GetAgentGroupRequest { id: 6 }))
            .await
            .map(|_| ()),
        Op::ListGroupMembers6 => AgentGroupServiceClient::new(channel.clone())
            .list_agent_group_members(call!(v1::ListAgentGroupMembersRequest {
                group_id: 6,
                ..Default::default()
            }))
            .await
            .map(|_| ()),
        Op::GetAsset30 => AssetServiceClient::new(channel.clone())
            .get_asset(call!(v1::GetAssetRequest { id: 30 }))
            .await
            .map(|_| ()),
        Op::GetAudience2 => AudienceServiceClient::new(channel.clone())
            .get_audience(call!(v1::GetAudienceRequest { id: 2 }))
            .await
            .map(|_| ()),
        Op::GetContract2 => ContractServiceClient::new(channel.clone())
            .get_contract(call!(v1::GetContractRequest { id: 2 }))
            .await
            .map(|_| ()),
        Op::GetProject787 => ProjectServiceClient::new(channel.clone())
            .get_project(call!(v1::GetProjectRequest { id: 787 }))
            .await
            .map(|_| ()),
        Op::GetSite4 => SiteServiceClient::new(channel.clone())
            .get_site(call!(v1::GetSiteRequest { id: 4 }))
            .await
            .map(|_| ()),
        Op::GetTag18 => TagServiceClient::new(channel.clone())
            .get_tag(call!(v1::GetTagRequest { id: 18 }))
            .await
            .map(|_| ()),
        Op::CreateTag => TagServiceClient::new(channel.clone())
            .create_tag(call!(v1::CreateTagRequest {
                tag: Some(v1::Tag {
                    name: format!("matrix-{}", key.len() + company.len()),
                    ..Default::default()
                }),
            }))
            .await
            .map(|_| ()),
        Op::UpdateSite4 => SiteServiceClient::new(channel.clone())
            .update_site(call!(v1::UpdateSiteRequest {
                site: Some(v1::Site {
                    id: 4,
                    name: "HQ".into(),
                    ..Default::default()
                }),
                update_mask: Some(FieldMask {
                    paths: vec!["name".into()],
                }),
            }))
            .await
            .map(|_| ()),
    };
    match result {
        Ok(()) => Code::Ok,
        Err(status) => status.code(),
    }
}

async fn permission_matrix_over_grpc(backend: Backend) {
    use Code::{NotFound, Ok as Allowed, PermissionDenied as Denied};

    let server = TestServer::demo(backend).await;
    let (status, _) = server
        .post_form("update-task", &[("task", "340"), ("clients", "9")])
        .await;
    assert_eq!(status, 200);
    let (_, read_only) = make_key(&server, 18, None, domain::Scope::ReadOnly).await;
    let (_, client_9) = make_key(&server, 18, Some(9), domain::Scope::ReadWrite).await;
    let (other_company, other_key) = server.other_company().await;
    let demo = server.company.clone();
    let channel = server.channel().await;

    // Columns: read-write agent, read-only agent, client 9 (linked to tasks 340 and 795),
    // and another company's read-write agent.
    let matrix = [
        (Op::GetTask340, [Allowed, Allowed, Allowed, NotFound]),
        (Op::GetTask791, [Allowed, Allowed, NotFound, NotFound]),
        (Op::ListTasks, [Allowed, Allowed, Allowed, Allowed]),
        (
            Op::ListTaskComments340,
            [Allowed, Allowed, Allowed, NotFound],
        ),
        (Op::CreateTask, [Allowed, Denied, Allowed, Allowed]),
        (Op::UpdateTask795, [Allowed, Denied, Denied, NotFound]),
        (Op::PublicComment340, [Allowed, Denied, Allowed, NotFound]),
        (Op::PrivateComment340, [Allowed, Denied, Denied, NotFound]),
        (Op::GetAgent30, [Allowed, Allowed, Denied, NotFound]),
        (Op::ListClients, [Allowed, Allowed, Denied, Allowed]),
        (Op::GetClient13, [Allowed, Allowed, Denied, NotFound]),
        (Op::GetAgentGroup6, [Allowed, Allowed, Denied, NotFound]),
        (Op::ListGroupMembers6, [Allowed, Allowed, Denied, NotFound]),
        (Op::GetAsset30, [Allowed, Allowed, Denied, NotFound]),
        (Op::GetAudience2, [Allowed, Allowed, Denied, NotFound]),
        (Op::GetContract2, [Allowed, Allowed, Denied, NotFound]),
        (Op::GetProject787, [Allowed, Allowed, Denied, NotFound]),
        (Op::GetSite4, [Allowed, Allowed, Denied, NotFound]),
        (Op::GetTag18, [Allowed, Allowed, Denied, NotFound]),
        (Op::CreateTag, [Allowed, Denied, Denied, Allowed]),
        (Op::UpdateSite4, [Allowed, Denied, Denied, NotFound]),
    ];
    let callers = [
        ("read-write agent", demo.as_str(), server.key.as_str()),
        ("read-only agent", demo.as_str(), read_only.as_str()),
        ("client 9", demo.as_str(), client_9.as_str()),
        ("other company", other_company.as_str(), other_key.as_str()),
    ];
    let mut failures = Vec::new();
    for (op, expected) in matrix {
        for ((name, company, key), want) in callers.iter().zip(expected) {
            let got = run(op, &channel, company, key).await;
            if got != want {
                failures.push(format!("{op:?} as {name}: expected {want:?}, got {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    server.stop().await;
}

async fn client_key_sees_only_its_public_tasks(backend: Backend) {
    let mut server = TestServer::demo(backend).await;
    let (_, private) = server
        .post_form(
            "create-task",
            &[
                ("title", "Private for client 9"),
                ("visible", "1"),
                ("clients", "9"),
            ],
        )
        .await;
    let private_id = private["0"].as_i64().expect("task id");
    let (status, _) = server
        .post_form("update-task", &[("task", "340"), ("clients", "9")])
        .await;
    assert_eq!(status, 200);
    let (_, client_key) = make_key(&server, 18, Some(9), domain::Scope::ReadWrite).await;
    server.key = client_key;

    let (status, body) = server.get("get-tasks").await;
    assert_eq!(status, 200);
    assert_eq!(body["response"]["rows"], 2);
    assert_eq!(body["response"]["tasks"][0]["task"], 340);
    assert_eq!(body["response"]["tasks"][1]["task"], 795);
    let (status, _) = server.get(&format!("get-task/{private_id}")).await;
    assert_eq!(status, 404);
    let (status, _) = server.get("get-task/791").await;
    assert_eq!(status, 404);

    let (_, comments) = server.get("get-task-comments/340").await;
    assert_eq!(comments["response"]["rows"], 2);
    let private_seen = comments["response"]["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .any(|comment| comment["private"] == 1);
    assert!(!private_seen);

    let (status, created) = server
        .post_form("create-task", &[("title", "My printer")])
        .await;
    assert_eq!(status, 200, "{created}");
    let (_, task) = server.get(&format!("get-task/{}", created["0"])).await;
    assert_eq!(task["response"]["creator"], 9);
    assert_eq!(task["response"]["creator_type"], 2);
    let (_, members) = server
        .get(&format!("get-task-members/{}", created["0"]))
        .await;
    assert!(members["response"]["clients"]["9"].is_object());

    let (status, _) = server.get("get-agents").await;
    assert_eq!(status, 403);
    let (status, user) = server.get("authorization").await;
    assert_eq!(status, 200);
    assert_eq!(user["desc"], "Client found");
    assert_eq!(user["response"]["id"], 9);
    assert_eq!(user["response"]["fname"], "Lena");
    let (status, _) = server
        .post_form("update-task", &[("task", "340"), ("title", "Renamed")])
        .await;
    assert_eq!(status, 403);
    let (status, _) = server
        .post_form("create-task", &[("title", "Linked"), ("assets", "30")])
        .await;
    assert_eq!(status, 403);
    server.stop().await;
}

async fn read_only_key_cannot_write_on_either_surface(backend: Backend) {
    let mut server = TestServer::demo(backend).await;
    let (_, read_only) = make_key(&server, 18, None, domain::Scope::ReadOnly).await;
    server.key = read_only;
    let (status, body) = server.post_form("create-task", &[("title", "No")]).await;
    assert_eq!(status, 403);
    assert_eq!(body["code"], 403);
    assert_eq!(body["response"], serde_json::json!([]));
    let (status, _) = server.get("get-task/791").await;
    assert_eq!(status, 200);

    let mut tasks = server.tasks().await;
    let status = tasks
        .create_task(server.request(v1::CreateTaskRequest {
            task: Some(v1::Task {
                title: "No".into(),
                ..Default::default()
            }),
            ..Default::default()
        }))
        .await
        .expect_err("read-only");
    assert_eq!(status.code(), Code::PermissionDenied);
    server.stop().await;
}

async fn revoked_key_and_disabled_agent_are_unauthenticated(backend: Backend) {
    let mut server = TestServer::demo(backend).await;
    let company = demo_company_id(&server).await;
    let (key_id, key) = make_key(&server, 18, None, domain::Scope::ReadWrite).await;
    server.key = key;
    let (status, _) = server.get("authorization").await;
    assert_eq!(status, 200);

    server
        .server
        .db
        .revoke_api_key(company, key_id)
        .await
        .expect("revoked");
    let (status, revoked) = server.get("authorization").await;
    assert_eq!(status, 401);

    server.key = "1234-5678".into();
    server
        .server
        .db
        .set_api_access(company, 18, false)
        .await
        .expect("access off");
    let (status, disabled) = server.get("authorization").await;
    assert_eq!(status, 401);
    assert_eq!(revoked["desc"], disabled["desc"]);

    let mut auth = server.auth().await;
    let status = auth
        .who_am_i(server.request(v1::WhoAmIRequest {}))
        .await
        .expect_err("disabled agent");
    assert_eq!(status.code(), Code::Unauthenticated);
    server
        .server
        .db
        .set_api_access(company, 18, true)
        .await
        .expect("access on");

    // Client 13 is inactive, so a key scoped to it is refused.
    let (_, inactive_client) = make_key(&server, 18, Some(13), domain::Scope::ReadWrite).await;
    server.key = inactive_client;
    let (status, _) = server.get("get-tasks").await;
    assert_eq!(status, 401);
    server.stop().await;
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

async fn rate_limit_is_shared_by_rest_and_grpc(backend: Backend) {
    let server = TestServer::demo_with(backend, |options| {
        options.auth.rate_limits.requests_per_minute = 5;
    })
    .await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let response = server
            .http
            .get(server.url("get-task/791"))
            .basic_auth(&server.company, Some(&server.key))
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(header(&response, "ratelimit-limit").as_deref(), Some("5"));
        assert!(header(&response, "ratelimit-reset").is_some());
        remaining.push(header(&response, "ratelimit-remaining").unwrap_or_default());
    }
    assert_eq!(remaining, ["4", "3", "2"]);

    let mut tasks = server.tasks().await;
    for _ in 0..2 {
        tasks
            .get_task(server.request(v1::GetTaskRequest { id: 791 }))
            .await
            .expect("within budget");
    }
    let status = tasks
        .get_task(server.request(v1::GetTaskRequest { id: 791 }))
        .await
        .expect_err("over budget");
    assert_eq!(status.code(), Code::ResourceExhausted);
    let retry = status
        .get_error_details()
        .retry_info()
        .and_then(|info| info.retry_delay);
    assert!(
        retry.is_some_and(|delay| delay > Duration::ZERO),
        "{retry:?}"
    );

    let response = server
        .http
        .get(server.url("get-task/791"))
        .basic_auth(&server.company, Some(&server.key))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 429);
    assert!(header(&response, "retry-after").is_some_and(|value| value.parse::<u64>().is_ok()));
    assert_eq!(
        header(&response, "ratelimit-remaining").as_deref(),
        Some("0")
    );
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        body,
        serde_json::json!({"code": 429, "desc": "Rate Limit Exceeded", "response": []})
    );

    // Another key has its own budget.
    let (company, key) = server.other_company().await;
    let (status, _) = server.get_as("get-tasks", &company, &key).await;
    assert_eq!(status, 200);
    server.stop().await;
}

async fn failed_logins_block_the_address(backend: Backend) {
    let server = TestServer::demo_with(backend, |options| {
        options.auth.rate_limits.auth_failures_per_minute = 3;
    })
    .await;
    for attempt in 0..3 {
        let (status, _) = server
            .get_as("authorization", "Z2Web6-s0XEaf", "guess")
            .await;
        assert_eq!(status, 401, "attempt {attempt}");
    }
    let response = server
        .http
        .get(server.url("authorization"))
        .basic_auth("Z2Web6-s0XEaf", Some("guess"))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 429);
    assert!(header(&response, "retry-after").is_some());
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["desc"], "Rate Limit Exceeded");
    // Even the right key is refused while the address is blocked.
    let (status, _) = server.get("authorization").await;
    assert_eq!(status, 429);
    let mut auth = server.auth().await;
    let status = auth
        .who_am_i(server.request(v1::WhoAmIRequest {}))
        .await
        .expect_err("blocked address");
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert!(
        status.message().contains("failed authentications"),
        "{}",
        status.message()
    );
    server.stop().await;
}

/// Logs in with Basic credentials and returns the session cookie pair `name=value`.
async fn login(server: &TestServer) -> String {
    let response = server
        .http
        .get(server.url("authorization"))
        .basic_auth(&server.company, Some(&server.key))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 200);
    let cookie = header(&response, "set-cookie").expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.starts_with("helpdesk_session="), "{cookie}");
    cookie.split(';').next().unwrap_or_default().to_owned()
}

async fn get_with_cookie(server: &TestServer, address: std::net::SocketAddr, cookie: &str) -> u16 {
    server
        .http
        .get(format!("http://{address}/api/requests/get-task/791"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request sent")
        .status()
        .as_u16()
}

async fn session_cookie_authenticates_without_key(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let cookie = login(&server).await;
    let response = server
        .http
        .get(server.url("get-task/791"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 200);
    assert!(header(&response, "set-cookie").is_none());

    // A cookie with the Basic credentials of its own key uses the session.
    let response = server
        .http
        .get(server.url("get-task/791"))
        .header("cookie", &cookie)
        .basic_auth(&server.company, Some(&server.key))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 200);
    assert!(header(&response, "set-cookie").is_none());

    // A wrong key next to a valid cookie is checked, and fails.
    let response = server
        .http
        .get(server.url("get-task/791"))
        .header("cookie", &cookie)
        .basic_auth(&server.company, Some("wrong-key"))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 401);

    let forged = format!("{cookie}x");
    assert_eq!(
        get_with_cookie(&server, server.server.http_addr, &forged).await,
        401
    );
    server.stop().await;
}

async fn session_ends_when_key_is_revoked(backend: Backend) {
    let mut server = TestServer::demo(backend).await;
    let company = demo_company_id(&server).await;
    let (key_id, key) = make_key(&server, 18, None, domain::Scope::ReadWrite).await;
    server.key = key;
    let cookie = login(&server).await;
    assert_eq!(
        get_with_cookie(&server, server.server.http_addr, &cookie).await,
        200
    );
    server
        .server
        .db
        .revoke_api_key(company, key_id)
        .await
        .expect("revoked");
    assert_eq!(
        get_with_cookie(&server, server.server.http_addr, &cookie).await,
        401
    );
    server.stop().await;
}

async fn session_works_on_second_server_process(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let cookie = login(&server).await;
    let second = server::start(server::ServerOptions::loopback(server.database.url.clone()))
        .await
        .expect("second server starts");
    assert_eq!(
        get_with_cookie(&server, second.http_addr, &cookie).await,
        200
    );
    second.shutdown().await.expect("second server stops");
    server.stop().await;
}

async fn session_expires(backend: Backend) {
    let server = TestServer::demo_with(backend, |options| {
        options.auth.session_ttl = Duration::from_secs(1);
    })
    .await;
    let cookie = login(&server).await;
    assert_eq!(
        get_with_cookie(&server, server.server.http_addr, &cookie).await,
        200
    );
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    assert_eq!(
        get_with_cookie(&server, server.server.http_addr, &cookie).await,
        401
    );
    server.stop().await;
}

async fn database_budget_is_shared_by_two_processes(backend: Backend) {
    let shared = |options: &mut server::ServerOptions| {
        options.auth.rate_limits.requests_per_minute = 4;
        options.auth.rate_limits.store = grpc::rate::RateLimitStore::Database;
    };
    let server = TestServer::demo_with(backend, shared).await;
    let mut options = server::ServerOptions::loopback(server.database.url.clone());
    shared(&mut options);
    let second = server::start(options).await.expect("second server starts");

    let send = |address: std::net::SocketAddr| {
        server
            .http
            .get(format!("http://{address}/api/requests/get-task/791"))
            .basic_auth(&server.company, Some(&server.key))
            .send()
    };
    let minute = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs() / 60)
            .unwrap_or_default()
    };
    let first_minute = minute();
    let mut seen = Vec::new();
    for address in [
        server.server.http_addr,
        second.http_addr,
        server.server.http_addr,
        second.http_addr,
        server.server.http_addr,
    ] {
        let response = send(address).await.expect("request sent");
        seen.push((
            response.status().as_u16(),
            header(&response, "ratelimit-remaining").unwrap_or_default(),
        ));
    }
    // Budgets count per minute, so the exact sequence holds when no minute began meanwhile.
    if minute() == first_minute {
        let statuses: Vec<u16> = seen.iter().map(|(status, _)| *status).collect();
        let remaining: Vec<&str> = seen.iter().map(|(_, left)| left.as_str()).collect();
        assert_eq!(statuses, [200, 200, 200, 200, 429]);
        assert_eq!(remaining, ["3", "2", "1", "0", "0"]);
    } else {
        let limited = seen.iter().filter(|(status, _)| *status == 429).count();
        assert!(limited <= 1, "{seen:?}");
    }
    second.shutdown().await.expect("second server stops");
    server.stop().await;
}

async fn basic_key_other_than_session_key_wins(backend: Backend) {
    let mut server = TestServer::demo(backend).await;
    let demo_key = server.key.clone();
    let (_, read_only) = make_key(&server, 18, None, domain::Scope::ReadOnly).await;
    server.key = read_only;
    let read_only_cookie = login(&server).await;

    let response = server
        .http
        .post(server.url("create-task"))
        .header("cookie", &read_only_cookie)
        .basic_auth(&server.company, Some(&demo_key))
        .form(&[("title", "Written with the read-write key")])
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 200);
    assert!(header(&response, "set-cookie").is_some());
    server.stop().await;
}
