//! The record services: a whole helpdesk built through gRPC and read back through the legacy
//! API, pagination, tenant isolation, invitations and the schema of both backends.

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
use prost_types::FieldMask;
use serde_json::json;
use tonic::Code;
use tonic_types::StatusExt;

use crate::backend_tests;
use crate::common::{Backend, TestDatabase, TestServer, authorized};

backend_tests!(
    whole_helpdesk_built_over_grpc_reads_back_over_legacy_api,
    record_lists_page_by_id,
    other_company_records_are_not_found,
    link_to_other_company_record_is_invalid_and_writes_nothing,
    update_with_mask_changes_named_fields_only,
    duplicate_client_email_is_already_exists,
    duplicate_agent_email_is_already_exists,
    auto_invite_records_invitation_in_outbox,
    deleting_tag_unlinks_it_from_tasks,
    legacy_list_streams_more_than_one_page,
    agent_cannot_remove_own_api_access,
    concurrent_migrations_all_succeed,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_have_same_schema() {
    if crate::common::postgres_url().is_none() {
        eprintln!("PostgreSQL skipped: HELPDESK_TEST_POSTGRES_URL is not set");
        return;
    }
    let mut schemas = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let database = TestDatabase::new(backend).await;
        let db = storage::Database::open(&database.url, storage::PoolOptions::default())
            .expect("database opens");
        db.migrate().await.expect("migrations run");
        schemas.push(db.schema_columns().await.expect("columns listed"));
    }
    assert!(schemas[0].len() > 100, "too few columns: {:?}", schemas[0]);
    assert_eq!(schemas[0], schemas[1]);
}

/// Creates a company with its own API user and returns a server handle acting as it.
async fn fresh_company(server: &TestServer) -> (String, String) {
    server.other_company().await
}

async fn whole_helpdesk_built_over_grpc_reads_back_over_legacy_api(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (company, key) = fresh_company(&server).await;
    let channel = server.channel().await;
    let call = |message| authorized(message, &company, &key);

    let mut agents = AgentServiceClient::new(channel.clone());
    let agent = agents
        .create_agent(call(v1::CreateAgentRequest {
            agent: Some(v1::Agent {
                first_name: "Rosa".into(),
                last_name: "Diaz".into(),
                email: "rosa.diaz@example.com".into(),
                job_title: Some("Technician".into()),
                active: true,
                ..Default::default()
            }),
        }))
        .await
        .expect("agent")
        .into_inner()
        .agent
        .expect("agent");

    let mut groups = AgentGroupServiceClient::new(channel.clone());
    let group = groups
        .create_agent_group(authorized(
            v1::CreateAgentGroupRequest {
                agent_group: Some(v1::AgentGroup {
                    name: "Field team".into(),
                    description: "On-site repairs".into(),
                    location: "Dayton, OH".into(),
                    email: "field@example.com".into(),
                    active: true,
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("group")
        .into_inner()
        .agent_group
        .expect("group");
    groups
        .add_agent_group_member(call_member(&company, &key, group.id, agent.id))
        .await
        .expect("member added");

    let mut clients = ClientServiceClient::new(channel.clone());
    let client = clients
        .create_client(authorized(
            v1::CreateClientRequest {
                client: Some(v1::Client {
                    first_name: "Ann".into(),
                    last_name: "Lee".into(),
                    username: "ann.lee".into(),
                    email: "ann.lee@example.com".into(),
                    city: "Dayton".into(),
                    active: true,
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("client")
        .into_inner()
        .client
        .expect("client");

    let mut sites = SiteServiceClient::new(channel.clone());
    let site = sites
        .create_site(authorized(
            v1::CreateSiteRequest {
                site: Some(v1::Site {
                    name: "Dayton office".into(),
                    active: true,
                    office_number: "0002".into(),
                    address1: "2 Main St".into(),
                    city: "Dayton".into(),
                    state: "OH".into(),
                    zip: "45402".into(),
                    ip1: Some("10.0.0.1".into()),
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("site")
        .into_inner()
        .site
        .expect("site");

    let mut tags = TagServiceClient::new(channel.clone());
    let tag = tags
        .create_tag(authorized(
            v1::CreateTagRequest {
                tag: Some(v1::Tag {
                    name: "network".into(),
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("tag")
        .into_inner()
        .tag
        .expect("tag");

    let mut assets = AssetServiceClient::new(channel.clone());
    let asset = assets
        .create_asset(authorized(
            v1::CreateAssetRequest {
                asset: Some(v1::Asset {
                    name: "Router 1".into(),
                    r#type: "Router".into(),
                    manufacturer: "Cisco".into(),
                    model: "ISR 1100".into(),
                    active: true,
                    warranty_date: "2027-01-31".into(),
                    site_ids: vec![site.id],
                    client_ids: vec![client.id],
                    tag_ids: vec![tag.id],
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("asset")
        .into_inner()
        .asset
        .expect("asset");
    assert_eq!(asset.site_ids, vec![site.id]);

    let mut contracts = ContractServiceClient::new(channel.clone());
    let contract = contracts
        .create_contract(authorized(
            v1::CreateContractRequest {
                contract: Some(v1::Contract {
                    name: "Router support".into(),
                    vendor: "NetCo".into(),
                    start_date: "2024-01-01".into(),
                    end_date: "2026-12-31".into(),
                    value_cents: 123_456,
                    active: true,
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("contract")
        .into_inner()
        .contract
        .expect("contract");

    let mut audiences = AudienceServiceClient::new(channel.clone());
    let audience = audiences
        .create_audience(authorized(
            v1::CreateAudienceRequest {
                audience: Some(v1::Audience {
                    name: "Retail".into(),
                    active: true,
                    service_levels: Some(v1::ServiceLevels {
                        severe: Some("2hr".into()),
                        low: Some("1w".into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("audience")
        .into_inner()
        .audience
        .expect("audience");

    let mut projects = ProjectServiceClient::new(channel.clone());
    let project = projects
        .create_project(authorized(
            v1::CreateProjectRequest {
                project: Some(v1::Project {
                    title: "Network refresh".into(),
                    severity: v1::Severity::High as i32,
                    due_date: "2025-06-30".into(),
                    audience_id: Some(audience.id),
                    time_allocated_minutes: 90,
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("project")
        .into_inner()
        .project
        .expect("project");

    let mut tasks = server.tasks().await;
    let task = tasks
        .create_task(authorized(
            v1::CreateTaskRequest {
                task: Some(v1::Task {
                    title: "Router drops packets".into(),
                    info: "Since Monday".into(),
                    severity: v1::Severity::Critical as i32,
                    audience_id: Some(audience.id),
                    project_id: Some(project.id),
                    ..Default::default()
                }),
                links: Some(v1::TaskLinks {
                    clients: vec![v1::ClientRef {
                        client: Some(v1::client_ref::Client::Id(client.id)),
                    }],
                    asset_ids: vec![asset.id],
                    agent_ids: vec![agent.id],
                    group_ids: vec![group.id],
                    tag_ids: vec![tag.id],
                    site_ids: vec![site.id],
                }),
                ..Default::default()
            },
            &company,
            &key,
        ))
        .await
        .expect("task")
        .into_inner()
        .task
        .expect("task");
    tasks
        .create_task_comment(authorized(
            v1::CreateTaskCommentRequest {
                task_id: task.id,
                comment: Some(v1::TaskComment {
                    body: "Replaced the cable".into(),
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect("comment");

    // Everything reads back through the legacy API with the new company's credentials.
    let get = |method: String| {
        let company = company.clone();
        let key = key.clone();
        let server = &server;
        async move { server.get_as(&method, &company, &key).await }
    };
    let (_, body) = get(format!("get-agent/{}", agent.id)).await;
    assert_eq!(body["response"]["job_title"], "Technician");
    let (_, body) = get(format!("get-agent-group/{}", group.id)).await;
    assert_eq!(body["response"]["location"], "Dayton, OH");
    let (_, body) = get(format!("get-agent-group-members/{}", group.id)).await;
    assert_eq!(body["response"]["agents"][0]["id"], agent.id);
    let (_, body) = get(format!("get-client/{}", client.id)).await;
    assert_eq!(body["response"]["city"], "Dayton");
    let (_, body) = get(format!("get-site/{}", site.id)).await;
    assert_eq!(body["response"]["location_ip1"], "10.0.0.1");
    let (_, body) = get(format!("get-asset/{}", asset.id)).await;
    assert_eq!(body["response"]["mfgr"], "Cisco");
    assert_eq!(body["response"]["warranty_date"], "2027-01-31");
    let (_, body) = get(format!("get-contract/{}", contract.id)).await;
    assert_eq!(body["response"]["contract_value"], "1234.56");
    assert_eq!(body["response"]["from"], "NetCo");
    let (_, body) = get(format!("get-audience/{}", audience.id)).await;
    assert_eq!(
        body["response"][audience.id.to_string()]["sla"],
        json!({"severe": "2hr", "critical": null, "high": null, "medium": null, "low": "1w"})
    );
    let (_, body) = get(format!("get-project/{}", project.id)).await;
    assert_eq!(body["response"]["severity"], 15);
    assert_eq!(body["response"]["duedate"], "2025-06-30");
    assert_eq!(body["response"]["time_allocated"], "01:30");
    assert_eq!(body["response"]["billto"], audience.id);
    let (_, body) = get(format!("get-task/{}", task.id)).await;
    assert_eq!(body["response"]["severity"], 20);
    assert_eq!(body["response"]["billto"], audience.id);
    assert_eq!(body["response"]["project"], project.id);
    let (_, body) = get(format!("get-task-comments/{}", task.id)).await;
    assert_eq!(
        body["response"]["comments"][0]["comment"],
        "Replaced the cable"
    );
    let (_, body) = get(format!("get-task-tags/{}", task.id)).await;
    assert_eq!(
        body["response"]["tags"][tag.id.to_string()]["tag"],
        "network"
    );
    let (_, body) = get(format!("get-task-members/{}", task.id)).await;
    assert!(body["response"]["agents"][agent.id.to_string()].is_object());
    assert!(body["response"]["groups"][group.id.to_string()].is_object());
    assert!(body["response"]["clients"][client.id.to_string()].is_object());
    let (_, body) = get(format!("get-task-assets/{}", task.id)).await;
    assert_eq!(
        body["response"]["assets"][asset.id.to_string()]["asset"],
        "Router 1"
    );
    for (method, rows) in [
        ("get-agents", 2),
        ("get-agent-groups", 1),
        ("get-clients", 1),
        ("get-sites", 1),
        ("get-assets", 1),
        ("get-contracts", 1),
        ("get-projects", 1),
        ("get-tasks", 1),
    ] {
        let (status, body) = get(method.to_owned()).await;
        assert_eq!(status, 200, "{method}");
        assert_eq!(body["response"]["rows"], rows, "{method}: {body}");
    }
    server.stop().await;
}

fn call_member(
    company: &str,
    key: &str,
    group_id: i64,
    agent_id: i64,
) -> tonic::Request<v1::AddAgentGroupMemberRequest> {
    authorized(
        v1::AddAgentGroupMemberRequest { group_id, agent_id },
        company,
        key,
    )
}

async fn record_lists_page_by_id(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut agents = AgentServiceClient::new(server.channel().await);
    let mut ids = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = agents
            .list_agents(server.request(v1::ListAgentsRequest {
                page_size: 4,
                page_token,
            }))
            .await
            .expect("list agents")
            .into_inner();
        assert_eq!(page.total_size, 6);
        ids.extend(page.agents.iter().map(|agent| agent.id));
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    assert_eq!(ids, vec![2, 5, 6, 10, 18, 30]);

    let mut clients = ClientServiceClient::new(server.channel().await);
    let first = clients
        .list_clients(server.request(v1::ListClientsRequest {
            page_size: 2,
            page_token: String::new(),
        }))
        .await
        .expect("list clients")
        .into_inner();
    let ids: Vec<i64> = first.clients.iter().map(|client| client.id).collect();
    assert_eq!(ids, vec![6, 9]);
    let status = clients
        .list_clients(server.request(v1::ListClientsRequest {
            page_size: -1,
            page_token: String::new(),
        }))
        .await
        .expect_err("negative page size fails");
    assert_eq!(status.code(), Code::InvalidArgument);
    server.stop().await;
}

async fn other_company_records_are_not_found(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (company, key) = server.other_company().await;
    for method in [
        "get-agent/30",
        "get-agent-group/6",
        "get-agent-group-members/6",
        "get-asset/30",
        "get-audience/2",
        "get-client/13",
        "get-contract/2",
        "get-project/787",
        "get-site/4",
    ] {
        let (status, body) = server.get_as(method, &company, &key).await;
        assert_eq!(status, 404, "{method}: {body}");
    }
    for method in [
        "get-clients",
        "get-assets",
        "get-sites",
        "get-contracts",
        "get-projects",
    ] {
        let (status, body) = server.get_as(method, &company, &key).await;
        assert_eq!(status, 200, "{method}");
        assert_eq!(body["response"]["rows"], 0, "{method}: {body}");
    }
    let (_, body) = server.get_as("get-agents", &company, &key).await;
    assert_eq!(body["response"]["rows"], 1);

    let mut tags = TagServiceClient::new(server.channel().await);
    let status = tags
        .update_tag(authorized(
            v1::UpdateTagRequest {
                tag: Some(v1::Tag {
                    id: 18,
                    name: "stolen".into(),
                    ..Default::default()
                }),
                update_mask: Some(FieldMask {
                    paths: vec!["name".into()],
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect_err("foreign tag is hidden");
    assert_eq!(status.code(), Code::NotFound);
    let (_, body) = server.get("get-task-tags/795").await;
    assert_eq!(body["response"]["tags"]["18"]["tag"], "accounting");
    server.stop().await;
}

async fn link_to_other_company_record_is_invalid_and_writes_nothing(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (company, key) = server.other_company().await;
    let mut assets = AssetServiceClient::new(server.channel().await);
    let status = assets
        .create_asset(authorized(
            v1::CreateAssetRequest {
                asset: Some(v1::Asset {
                    name: "Borrowed".into(),
                    tag_ids: vec![18],
                    ..Default::default()
                }),
            },
            &company,
            &key,
        ))
        .await
        .expect_err("demo tag 18 is not this company's");
    assert_eq!(status.code(), Code::InvalidArgument);
    let details = status.get_error_details();
    let violation = details
        .bad_request()
        .and_then(|bad| bad.field_violations.first())
        .cloned()
        .expect("field violation");
    assert_eq!(violation.field, "asset.tag_ids");
    assert!(
        violation.description.contains("18"),
        "{}",
        violation.description
    );
    let (_, body) = server.get_as("get-assets", &company, &key).await;
    assert_eq!(body["response"]["rows"], 0);

    let response = server
        .http
        .post(server.url("create-asset"))
        .basic_auth(&company, Some(&key))
        .form(&[("name", "Borrowed"), ("offices", "4")])
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(
        body["desc"],
        "Invalid parameter 'offices': site 4 does not exist"
    );
    server.stop().await;
}

async fn update_with_mask_changes_named_fields_only(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut sites = SiteServiceClient::new(server.channel().await);
    let updated = sites
        .update_site(server.request(v1::UpdateSiteRequest {
            site: Some(v1::Site {
                id: 4,
                name: "Headquarters".into(),
                city: "ignored".into(),
                phone2: None,
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["name".into(), "phone1".into()],
            }),
        }))
        .await
        .expect("update site")
        .into_inner()
        .site
        .expect("site");
    assert_eq!(updated.name, "Headquarters");
    assert_eq!(updated.city, "Cleveland");
    assert_eq!(updated.phone1, None);
    assert_eq!(updated.ip1.as_deref(), Some("172.16.2.20"));

    let status = sites
        .update_site(server.request(v1::UpdateSiteRequest {
            site: Some(v1::Site {
                id: 4,
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["name".into()],
            }),
        }))
        .await
        .expect_err("name cannot be cleared");
    assert_eq!(status.code(), Code::InvalidArgument);
    let status = sites
        .update_site(server.request(v1::UpdateSiteRequest {
            site: Some(v1::Site {
                id: 4,
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["created".into()],
            }),
        }))
        .await
        .expect_err("unknown path");
    assert_eq!(status.code(), Code::InvalidArgument);
    server.stop().await;
}

async fn duplicate_client_email_is_already_exists(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut clients = ClientServiceClient::new(server.channel().await);
    let status = clients
        .create_client(server.request(v1::CreateClientRequest {
            client: Some(v1::Client {
                email: "PAUL.CLIENT@example.com".into(),
                ..Default::default()
            }),
        }))
        .await
        .expect_err("email taken, ignoring case");
    assert_eq!(status.code(), Code::AlreadyExists);
    server.stop().await;
}

async fn duplicate_agent_email_is_already_exists(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut agents = AgentServiceClient::new(server.channel().await);
    let status = agents
        .create_agent(server.request(v1::CreateAgentRequest {
            agent: Some(v1::Agent {
                first_name: "Second".into(),
                last_name: "Paul".into(),
                email: "Paul.Nurse@Example.com".into(),
                ..Default::default()
            }),
        }))
        .await
        .expect_err("email taken by agent 18, ignoring case");
    assert_eq!(status.code(), Code::AlreadyExists, "{status:?}");
    server.stop().await;
}

async fn auto_invite_records_invitation_in_outbox(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, _) = server
        .post_form(
            "create-task",
            &[
                ("title", "Invite me"),
                ("clients", "New.Person@example.com"),
                ("auto-create", "1"),
                ("auto-invite", "1"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let company = server
        .server
        .db
        .company_by_public_id("Z2Web6-s0XEaf")
        .await
        .expect("query")
        .expect("demo company");
    let pending = server
        .server
        .db
        .pending_invitations(company.id)
        .await
        .expect("outbox");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].1, "New.Person@example.com");
    server.stop().await;
}

async fn deleting_tag_unlinks_it_from_tasks(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tags = TagServiceClient::new(server.channel().await);
    tags.delete_tag(server.request(v1::DeleteTagRequest { id: 29 }))
        .await
        .expect("delete tag");
    let (_, body) = server.get("get-task-tags/795").await;
    assert!(body["response"]["tags"]["29"].is_null());
    assert!(body["response"]["tags"]["18"].is_object());
    let status = tags
        .get_tag(server.request(v1::GetTagRequest { id: 29 }))
        .await
        .expect_err("deleted");
    assert_eq!(status.code(), Code::NotFound);
    server.stop().await;
}

async fn legacy_list_streams_more_than_one_page(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let company = server
        .server
        .db
        .company_by_public_id("Z2Web6-s0XEaf")
        .await
        .expect("query")
        .expect("demo company");
    let now = storage::now();
    let seed = storage::seed::Seed {
        tasks: (0..1_203)
            .map(|index| storage::models::NewTask {
                id: Some(10_000 + index),
                company_id: company.id,
                title: format!("Bulk task {index}"),
                info: String::new(),
                severity: 5,
                status: 1,
                private: false,
                creator_id: 18,
                creator_type: 1,
                created_at: now,
                updated_at: now,
                due_at: None,
                due_at_set_by: None,
                resolved_at: None,
                resolved_by: None,
                resolution_id: None,
                audience_id: None,
                project_id: None,
            })
            .collect(),
        ..Default::default()
    };
    server
        .server
        .db
        .load_seed(company.id, &seed)
        .await
        .expect("bulk tasks");
    let (status, body) = server.get("get-tasks").await;
    assert_eq!(status, 200);
    let tasks = body["response"]["tasks"].as_array().expect("tasks");
    assert_eq!(body["response"]["rows"], 1_210);
    assert_eq!(tasks.len(), 1_210);
    let mut ids: Vec<i64> = tasks
        .iter()
        .filter_map(|task| task["task"].as_i64())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 1_210);
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    server.stop().await;
}

async fn agent_cannot_remove_own_api_access(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut agents = AgentServiceClient::new(server.channel().await);
    let status = agents
        .update_agent(server.request(v1::UpdateAgentRequest {
            agent: Some(v1::Agent {
                id: 18,
                api_access: false,
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["api_access".into()],
            }),
        }))
        .await
        .expect_err("own access");
    assert_eq!(status.code(), Code::FailedPrecondition);
    let (status, _) = server.get("authorization").await;
    assert_eq!(status, 200);

    // Other agents can still be changed.
    let updated = agents
        .update_agent(server.request(v1::UpdateAgentRequest {
            agent: Some(v1::Agent {
                id: 30,
                api_access: true,
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["api_access".into()],
            }),
        }))
        .await
        .expect("other agent")
        .into_inner()
        .agent
        .expect("agent");
    assert!(updated.api_access);
    server.stop().await;
}

async fn concurrent_migrations_all_succeed(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let mut runs = Vec::new();
    for _ in 0..3 {
        let db = storage::Database::open(&database.url, storage::PoolOptions::default())
            .expect("database opens");
        runs.push(tokio::spawn(async move { db.migrate().await }));
    }
    let mut applied = Vec::new();
    for run in runs {
        applied.push(
            run.await
                .expect("migration task")
                .expect("migrations succeed"),
        );
    }
    applied.sort();
    assert_eq!(applied[0], 0);
    assert!(applied[2] > 0, "{applied:?}");
    assert_eq!(
        applied.iter().filter(|count| **count > 0).count(),
        1,
        "{applied:?}"
    );
}

/// Returns the field that an INVALID_ARGUMENT status names.
fn violated_field(status: &tonic::Status) -> String {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    status
        .get_error_details()
        .bad_request()
        .and_then(|bad| bad.field_violations.first())
        .map(|violation| violation.field.clone())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_fields_reject_wrong_family_and_order() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let mut assets = AssetServiceClient::new(server.channel().await);
    let asset = |asset: v1::Asset| v1::CreateAssetRequest {
        asset: Some(v1::Asset {
            name: "Router".into(),
            ..asset
        }),
    };
    let cases = [
        (
            asset(v1::Asset {
                private_ipv4: Some("::1".into()),
                ..Default::default()
            }),
            "asset.private_ipv4",
        ),
        (
            asset(v1::Asset {
                public_ipv6: Some("1.2.3.4".into()),
                ..Default::default()
            }),
            "asset.public_ipv6",
        ),
        (
            asset(v1::Asset {
                warranty_date: "2023-1-5".into(),
                ..Default::default()
            }),
            "asset.warranty_date",
        ),
    ];
    for (request, field) in cases {
        let status = assets
            .create_asset(server.request(request))
            .await
            .expect_err("invalid asset");
        assert_eq!(violated_field(&status), field);
    }

    let mut contracts = ContractServiceClient::new(server.channel().await);
    let status = contracts
        .create_contract(server.request(v1::CreateContractRequest {
            contract: Some(v1::Contract {
                name: "Backwards".into(),
                start_date: "2024-06-01".into(),
                end_date: "2024-01-01".into(),
                ..Default::default()
            }),
        }))
        .await
        .expect_err("a contract that ends before it starts");
    assert_eq!(violated_field(&status), "contract.end_date");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_group_member_twice_is_not_found() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let mut groups = AgentGroupServiceClient::new(server.channel().await);
    let members = groups
        .list_agent_group_members(server.request(v1::ListAgentGroupMembersRequest {
            group_id: 2,
            ..Default::default()
        }))
        .await
        .expect("members of group 2")
        .into_inner()
        .agents;
    let agent_id = members.first().expect("group 2 has a member").id;
    let remove = || v1::RemoveAgentGroupMemberRequest {
        group_id: 2,
        agent_id,
    };

    groups
        .remove_agent_group_member(server.request(remove()))
        .await
        .expect("member removed");
    let status = groups
        .remove_agent_group_member(server.request(remove()))
        .await
        .expect_err("no longer a member");
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(
        status.message(),
        format!("agent {agent_id} is not a member of agent group 2")
    );
    server.stop().await;
}
