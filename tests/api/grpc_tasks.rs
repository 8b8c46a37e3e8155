//! The gRPC task service with a real tonic client.

use helpdesk_api::v1;
use prost_types::{FieldMask, Timestamp};
use tonic::Code;
use tonic_types::StatusExt;

use crate::backend_tests;
use crate::common::{Backend, TestServer, authorized};

backend_tests!(
    who_am_i_returns_api_user,
    due_time_reads_back_in_microseconds,
    create_get_update_round_trip,
    created_task_reads_back_through_legacy_api,
    list_tasks_pages_follow_tokens,
    invalid_page_token_is_rejected,
    invalid_severity_names_the_field,
    unknown_mask_path_is_rejected,
    closing_sets_resolution_and_reopening_clears_it,
    bad_credentials_are_unauthenticated,
    other_company_task_is_not_found,
    comment_round_trip,
    replaced_link_error_names_task_field,
);

async fn who_am_i_returns_api_user(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut auth = server.auth().await;
    let response = auth
        .who_am_i(server.request(v1::WhoAmIRequest {}))
        .await
        .expect("who am i")
        .into_inner();
    assert_eq!(response.company_id, "Z2Web6-s0XEaf");
    let agent = response.agent.expect("agent");
    assert_eq!(agent.id, 18);
    assert_eq!(agent.first_name, "Paul");
    assert!(agent.super_user);
    server.stop().await;
}

fn new_task(title: &str) -> v1::Task {
    v1::Task {
        title: title.to_owned(),
        ..Default::default()
    }
}

async fn create_get_update_round_trip(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let created = tasks
        .create_task(server.request(v1::CreateTaskRequest {
            task: Some(v1::Task {
                title: "Laptop will not boot".to_owned(),
                info: "Blue screen".to_owned(),
                severity: v1::Severity::High as i32,
                due_time: Some(Timestamp {
                    seconds: 1_700_000_000,
                    nanos: 0,
                }),
                ..Default::default()
            }),
            links: Some(v1::TaskLinks {
                asset_ids: vec![30],
                tag_ids: vec![18],
                clients: vec![v1::ClientRef {
                    client: Some(v1::client_ref::Client::Email(
                        "paul.client@example.com".into(),
                    )),
                }],
                ..Default::default()
            }),
            ..Default::default()
        }))
        .await
        .expect("create task")
        .into_inner()
        .task
        .expect("task");
    assert!(created.id > 888);
    assert_eq!(created.severity, v1::Severity::High as i32);
    assert_eq!(created.status, v1::TaskStatus::Open as i32);
    assert_eq!(created.creator_type, v1::CreatorType::Agent as i32);
    assert_eq!(created.asset_ids, vec![30]);
    assert_eq!(created.client_ids, vec![6]);
    assert_eq!(created.due_time_set_by_agent_id, Some(18));

    let fetched = tasks
        .get_task(server.request(v1::GetTaskRequest { id: created.id }))
        .await
        .expect("get task")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(fetched, created);

    let updated = tasks
        .update_task(server.request(v1::UpdateTaskRequest {
            task: Some(v1::Task {
                id: created.id,
                title: "Laptop boots again".to_owned(),
                info: "ignored: not in the mask".to_owned(),
                tag_ids: vec![29],
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["title".into(), "tag_ids".into(), "due_time".into()],
            }),
            add_links: Some(v1::TaskLinks {
                asset_ids: vec![35],
                ..Default::default()
            }),
            ..Default::default()
        }))
        .await
        .expect("update task")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(updated.title, "Laptop boots again");
    assert_eq!(updated.info, "Blue screen");
    assert_eq!(updated.tag_ids, vec![29]);
    assert_eq!(updated.asset_ids, vec![30, 35]);
    assert_eq!(updated.due_time, None);
    assert_eq!(updated.due_time_set_by_agent_id, None);

    let fetched = tasks
        .get_task(server.request(v1::GetTaskRequest { id: created.id }))
        .await
        .expect("get task")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(fetched, updated);
    server.stop().await;
}

async fn created_task_reads_back_through_legacy_api(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let created = tasks
        .create_task(server.request(v1::CreateTaskRequest {
            task: Some(v1::Task {
                severity: v1::Severity::Severe as i32,
                ..new_task("From gRPC")
            }),
            ..Default::default()
        }))
        .await
        .expect("create task")
        .into_inner()
        .task
        .expect("task");
    let (status, body) = server.get(&format!("get-task/{}", created.id)).await;
    assert_eq!(status, 200);
    assert_eq!(body["response"]["title"], "From gRPC");
    assert_eq!(body["response"]["severity"], 25);
    assert_eq!(body["response"]["status"], 1);
    server.stop().await;
}

async fn list_tasks_pages_follow_tokens(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let mut ids = Vec::new();
    let mut page_token = String::new();
    let mut pages = 0;
    loop {
        let page = tasks
            .list_tasks(server.request(v1::ListTasksRequest {
                page_size: 3,
                page_token,
            }))
            .await
            .expect("list tasks")
            .into_inner();
        assert_eq!(page.total_size, 7);
        assert!(page.tasks.len() <= 3);
        ids.extend(page.tasks.iter().map(|task| task.id));
        pages += 1;
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    assert_eq!(pages, 3);
    assert_eq!(ids, vec![340, 791, 792, 793, 795, 887, 888]);
    server.stop().await;
}

async fn invalid_page_token_is_rejected(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let status = tasks
        .list_tasks(server.request(v1::ListTasksRequest {
            page_size: 3,
            page_token: "garbage".into(),
        }))
        .await
        .expect_err("bad token fails");
    assert_eq!(status.code(), Code::InvalidArgument);
    let details = status.get_error_details();
    let field = details
        .bad_request()
        .and_then(|bad| bad.field_violations.first())
        .map(|violation| violation.field.clone());
    assert_eq!(field.as_deref(), Some("page_token"));
    server.stop().await;
}

async fn invalid_severity_names_the_field(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let status = tasks
        .create_task(server.request(v1::CreateTaskRequest {
            task: Some(v1::Task {
                severity: 7,
                ..new_task("Bad severity")
            }),
            ..Default::default()
        }))
        .await
        .expect_err("severity 7 fails");
    assert_eq!(status.code(), Code::InvalidArgument);
    let details = status.get_error_details();
    let violation = details
        .bad_request()
        .and_then(|bad| bad.field_violations.first())
        .cloned()
        .expect("field violation");
    assert_eq!(violation.field, "task.severity");
    assert_eq!(
        details.error_info().map(|info| info.reason.as_str()),
        Some("INVALID_ARGUMENT")
    );
    server.stop().await;
}

async fn unknown_mask_path_is_rejected(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let status = tasks
        .update_task(server.request(v1::UpdateTaskRequest {
            task: Some(v1::Task {
                id: 791,
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["creator_id".into()],
            }),
            ..Default::default()
        }))
        .await
        .expect_err("creator_id is output only");
    assert_eq!(status.code(), Code::InvalidArgument);
    server.stop().await;
}

async fn closing_sets_resolution_and_reopening_clears_it(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let close = |status: v1::TaskStatus| v1::UpdateTaskRequest {
        task: Some(v1::Task {
            id: 795,
            status: status as i32,
            ..Default::default()
        }),
        update_mask: Some(FieldMask {
            paths: vec!["status".into()],
        }),
        ..Default::default()
    };
    let closed = tasks
        .update_task(server.request(close(v1::TaskStatus::Closed)))
        .await
        .expect("close")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(closed.status, v1::TaskStatus::Closed as i32);
    assert!(closed.resolve_time.is_some());
    assert_eq!(closed.resolved_by_agent_id, Some(18));

    let reopened = tasks
        .update_task(server.request(close(v1::TaskStatus::Open)))
        .await
        .expect("reopen")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(reopened.status, v1::TaskStatus::Open as i32);
    assert_eq!(reopened.resolve_time, None);
    assert_eq!(reopened.resolved_by_agent_id, None);
    server.stop().await;
}

async fn bad_credentials_are_unauthenticated(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let wrong_key = tasks
        .get_task(authorized(
            v1::GetTaskRequest { id: 791 },
            "Z2Web6-s0XEaf",
            "nope",
        ))
        .await
        .expect_err("wrong key fails");
    let missing = tasks
        .get_task(tonic::Request::new(v1::GetTaskRequest { id: 791 }))
        .await
        .expect_err("missing credentials fail");
    assert_eq!(wrong_key.code(), Code::Unauthenticated);
    assert_eq!(missing.code(), Code::Unauthenticated);
    assert_eq!(wrong_key.message(), missing.message());
    server.stop().await;
}

async fn other_company_task_is_not_found(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (company, key) = server.other_company().await;
    let mut tasks = server.tasks().await;
    let status = tasks
        .get_task(authorized(v1::GetTaskRequest { id: 791 }, &company, &key))
        .await
        .expect_err("foreign task is hidden");
    assert_eq!(status.code(), Code::NotFound);
    let listed = tasks
        .list_tasks(authorized(v1::ListTasksRequest::default(), &company, &key))
        .await
        .expect("list")
        .into_inner();
    assert_eq!(listed.total_size, 0);
    assert!(listed.tasks.is_empty());
    server.stop().await;
}

async fn comment_round_trip(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let created = tasks
        .create_task_comment(server.request(v1::CreateTaskCommentRequest {
            task_id: 340,
            comment: Some(v1::TaskComment {
                body: "Fuser replaced".into(),
                private: true,
                ..Default::default()
            }),
        }))
        .await
        .expect("comment")
        .into_inner()
        .comment
        .expect("comment");
    assert_eq!(created.agent_id, Some(18));
    assert!(created.private);
    let (_, body) = server.get("get-task-comments/340").await;
    assert_eq!(body["response"]["rows"], 4);
    assert_eq!(body["response"]["comments"][3]["comment"], "Fuser replaced");
    assert_eq!(body["response"]["comments"][3]["private"], 1);
    server.stop().await;
}

async fn replaced_link_error_names_task_field(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let status = tasks
        .update_task(server.request(v1::UpdateTaskRequest {
            task: Some(v1::Task {
                id: 795,
                asset_ids: vec![30, 99_999],
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["asset_ids".into()],
            }),
            ..Default::default()
        }))
        .await
        .expect_err("asset 99999 does not exist");
    assert_eq!(status.code(), Code::InvalidArgument);
    let details = status.get_error_details();
    let violation = details
        .bad_request()
        .and_then(|bad| bad.field_violations.first())
        .cloned()
        .expect("field violation");
    assert_eq!(violation.field, "task.asset_ids");
    assert_eq!(violation.description, "asset 99999 does not exist");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comment_page_token_of_other_task_is_rejected() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let mut tasks = server.tasks().await;
    let first = tasks
        .list_task_comments(server.request(v1::ListTaskCommentsRequest {
            task_id: 340,
            page_size: 1,
            ..Default::default()
        }))
        .await
        .expect("comments of task 340")
        .into_inner();
    assert!(
        !first.next_page_token.is_empty(),
        "task 340 has a second page"
    );

    let status = tasks
        .list_task_comments(server.request(v1::ListTaskCommentsRequest {
            task_id: 791,
            page_size: 1,
            page_token: first.next_page_token.clone(),
        }))
        .await
        .expect_err("a token of task 340 does not page task 791");
    assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");

    let second = tasks
        .list_task_comments(server.request(v1::ListTaskCommentsRequest {
            task_id: 340,
            page_size: 1,
            page_token: first.next_page_token,
        }))
        .await
        .expect("the token pages its own task");
    assert_eq!(second.into_inner().comments.len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replacing_links_keeps_times_of_kept_links() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let (_, before) = server.get("get-task-tags/795").await;
    let tag_18_linked = before["response"]["tags"]["18"]["created"].clone();
    assert!(tag_18_linked.is_string(), "{before}");

    let mut tasks = server.tasks().await;
    let replace = |tag_ids: Vec<i64>| v1::UpdateTaskRequest {
        task: Some(v1::Task {
            id: 795,
            tag_ids,
            ..Default::default()
        }),
        update_mask: Some(FieldMask {
            paths: vec!["tag_ids".into()],
        }),
        ..Default::default()
    };
    tasks
        .update_task(server.request(replace(vec![18, 29])))
        .await
        .expect("same tags");
    let (_, same) = server.get("get-task-tags/795").await;
    assert_eq!(
        same, before,
        "replacing tags with themselves changes nothing"
    );

    tasks
        .update_task(server.request(replace(vec![18])))
        .await
        .expect("one tag fewer");
    let (_, fewer) = server.get("get-task-tags/795").await;
    assert_eq!(
        fewer["response"]["tags"]["18"]["created"], tag_18_linked,
        "{fewer}"
    );
    assert!(fewer["response"]["tags"].get("29").is_none(), "{fewer}");
    server.stop().await;
}

async fn due_time_reads_back_in_microseconds(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut tasks = server.tasks().await;
    let created = tasks
        .create_task(server.request(v1::CreateTaskRequest {
            task: Some(v1::Task {
                title: "Renew certificate".to_owned(),
                due_time: Some(Timestamp {
                    seconds: 1_700_000_000,
                    nanos: 999_999_999,
                }),
                ..Default::default()
            }),
            ..Default::default()
        }))
        .await
        .expect("task created")
        .into_inner()
        .task
        .expect("task");
    let read = tasks
        .get_task(server.request(v1::GetTaskRequest { id: created.id }))
        .await
        .expect("task read")
        .into_inner()
        .task
        .expect("task");
    let expected = Some(Timestamp {
        seconds: 1_700_000_000,
        nanos: 999_999_000,
    });
    assert_eq!(created.due_time, expected);
    assert_eq!(read.due_time, expected);
    server.stop().await;
}
