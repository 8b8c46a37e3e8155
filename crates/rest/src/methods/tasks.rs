//! authorization and the task methods.

use axum::Json;
use axum::response::{IntoResponse, Response};
use domain::Severity;
use helpdesk_api::v1::auth_service_server::AuthService;
use helpdesk_api::v1::task_service_server::TaskService;
use helpdesk_api::v1::{self, client_ref};
use serde_json::{Value, json};

use crate::envelope::{ApiError, Envelope};
use crate::methods::fetch::fetcher;
use crate::params::Params;
use crate::stream::{Layout, ListResponse, WALK_PAGE_SIZE, collect_all};
use crate::{RestState, grpc_request, render};
use grpc::auth::Authenticated;

/// Names the legacy parameter that a field of a task request came from.
pub(crate) fn task_parameter(field: &str) -> Option<&'static str> {
    let name = field.rsplit('.').next().unwrap_or(field);
    Some(match name {
        "id" if field == "task.id" => "task",
        "id" | "task_id" => "id",
        "title" => "title",
        "info" => "info",
        "severity" => "priority",
        "due_time" => "duedate",
        "private" => "visible",
        "audience_id" => "billto",
        "project_id" => "project",
        "clients" | "client_ids" => "clients",
        "asset_ids" => "assets",
        "agent_ids" => "assigned",
        "group_ids" => "group-assigned",
        "tag_ids" => "tags",
        "site_ids" => "office",
        _ => return None,
    })
}

fn status_error(status: tonic::Status) -> ApiError {
    ApiError::from_status(&status, task_parameter)
}

pub async fn authorization(
    state: RestState,
    who: Authenticated,
    _params: Params,
) -> Result<Response, ApiError> {
    let response = state
        .auth
        .who_am_i(grpc_request(&who, v1::WhoAmIRequest {}))
        .await
        .map_err(status_error)?
        .into_inner();
    if let Some(client) = response.client {
        return Ok(Envelope {
            desc: "Client found",
            response: render::client_user(&client),
        }
        .into_response());
    }
    let agent = response.agent.unwrap_or_default();
    Ok(Envelope {
        desc: "Agent found",
        response: render::agent_detail(&agent),
    }
    .into_response())
}

pub async fn get_tasks(
    state: RestState,
    who: Authenticated,
    _params: Params,
) -> Result<Response, ApiError> {
    ListResponse {
        fetch: fetcher!(
            state,
            who,
            tasks.list_tasks,
            |page_token| v1::ListTasksRequest {
                page_size: WALK_PAGE_SIZE,
                page_token,
            },
            tasks
        ),
        render: render::task_list_entry,
        key: "tasks",
        layout: Layout::Array,
        found: "Tasks found",
        empty: "Tasks not found",
        legacy_name: task_parameter,
    }
    .into_response()
    .await
}

pub async fn get_task(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let id = params.path_or_param_id("id")?;
    let task = state
        .tasks
        .get_task(grpc_request(&who, v1::GetTaskRequest { id }))
        .await
        .map_err(status_error)?
        .into_inner()
        .task
        .unwrap_or_default();
    Ok(Envelope {
        desc: "Task found",
        response: render::task_detail(&task),
    }
    .into_response())
}

pub async fn get_task_assets(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let task_id = params.path_or_param_id("id")?;
    ListResponse {
        fetch: fetcher!(
            state,
            who,
            tasks.list_task_assets,
            |page_token| v1::ListTaskAssetsRequest {
                task_id,
                page_size: WALK_PAGE_SIZE,
                page_token,
            },
            assets
        ),
        render: render::task_asset_entry,
        key: "assets",
        layout: Layout::ById,
        found: "Assets found",
        empty: "Assets not found",
        legacy_name: task_parameter,
    }
    .into_response()
    .await
}

pub async fn get_task_comments(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let task_id = params.path_or_param_id("id")?;
    ListResponse {
        fetch: fetcher!(
            state,
            who,
            tasks.list_task_comments,
            |page_token| v1::ListTaskCommentsRequest {
                task_id,
                page_size: WALK_PAGE_SIZE,
                page_token,
            },
            comments
        ),
        render: render::task_comment_entry,
        key: "comments",
        layout: Layout::Array,
        found: "Comments found",
        empty: "Comments not found",
        legacy_name: task_parameter,
    }
    .into_response()
    .await
}

pub async fn get_task_members(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let task_id = params.path_or_param_id("id")?;
    let members = collect_all(fetcher!(
        state,
        who,
        tasks.list_task_members,
        |page_token| v1::ListTaskMembersRequest {
            task_id,
            page_size: WALK_PAGE_SIZE,
            page_token,
        },
        members
    ))
    .await
    .map_err(status_error)?;
    Ok(Envelope {
        desc: if members.is_empty() {
            "Members not found"
        } else {
            "Members found"
        },
        response: render::task_members(task_id, &members),
    }
    .into_response())
}

pub async fn get_task_tags(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let task_id = params.path_or_param_id("id")?;
    let tags = collect_all(fetcher!(
        state,
        who,
        tasks.list_task_tags,
        |page_token| v1::ListTaskTagsRequest {
            task_id,
            page_size: WALK_PAGE_SIZE,
            page_token,
        },
        tags
    ))
    .await
    .map_err(status_error)?;
    Ok(Envelope {
        desc: if tags.is_empty() {
            "Results not found"
        } else {
            "Results found"
        },
        response: render::task_tags(task_id, &tags),
    }
    .into_response())
}

/// Reads `priority`: a number or its word. Empty reads as unspecified, the default.
fn priority(params: &Params) -> Result<Option<i32>, ApiError> {
    match params.get("priority").map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(0)),
        Some(value) => Severity::parse_legacy(value)
            .map(|severity| Some(severity.number()))
            .ok_or_else(|| {
                ApiError::invalid_parameter(
                    "priority",
                    format!("'{value}' is not a priority; use 5, 10, 15, 20, 25 or low, medium, high, critical, severe"),
                )
            }),
    }
}

/// Reads `duedate`: `YYYY-MM-DD HH:MM:SS` UTC. Empty reads as "no due date".
fn due_date(params: &Params) -> Result<Option<Option<prost_types::Timestamp>>, ApiError> {
    match params.get("duedate").map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(value) => {
            let parsed = domain::time::parse_datetime(value)
                .map_err(|message| ApiError::invalid_parameter("duedate", message))?;
            Ok(Some(parsed.map(grpc::convert::timestamp)))
        }
    }
}

/// Reads `clients`: ids, or email addresses. An item of digits and signs only is meant as
/// an id, so one that is out of range is reported as an invalid id.
fn client_refs(params: &Params) -> Result<Option<Vec<v1::ClientRef>>, ApiError> {
    let Some(items) = params.list("clients") else {
        return Ok(None);
    };
    let mut refs = Vec::with_capacity(items.len());
    for item in items {
        let looks_numeric = item
            .chars()
            .all(|character| character.is_ascii_digit() || character == '-' || character == '+');
        let client = if looks_numeric {
            client_ref::Client::Id(crate::params::parse_id("clients", &item)?)
        } else {
            client_ref::Client::Email(item)
        };
        refs.push(v1::ClientRef {
            client: Some(client),
        });
    }
    Ok(Some(refs))
}

/// Reads the link parameters shared by create-task and update-task.
struct LinkParams {
    clients: Option<Vec<v1::ClientRef>>,
    assets: Option<Vec<i64>>,
    assigned: Option<Vec<i64>>,
    groups: Option<Vec<i64>>,
    tags: Option<Vec<i64>>,
    offices: Option<Vec<i64>>,
}

impl LinkParams {
    fn read(params: &Params) -> Result<LinkParams, ApiError> {
        Ok(LinkParams {
            clients: client_refs(params)?,
            assets: params.id_list("assets")?,
            assigned: params.id_list("assigned")?,
            groups: params.id_list("group-assigned")?,
            tags: params.id_list("tags")?,
            offices: params.id_list("office")?,
        })
    }
}

pub async fn create_task(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let links = LinkParams::read(&params)?;
    let task = v1::Task {
        title: params.get("title").unwrap_or_default().to_owned(),
        info: params.get("info").unwrap_or_default().to_owned(),
        severity: priority(&params)?.unwrap_or(0),
        private: params.flag("visible", false)?,
        audience_id: params.optional_id("billto")?.flatten(),
        project_id: params.optional_id("project")?.flatten(),
        due_time: due_date(&params)?.flatten(),
        ..Default::default()
    };
    let request = v1::CreateTaskRequest {
        task: Some(task),
        links: Some(v1::TaskLinks {
            clients: links.clients.unwrap_or_default(),
            asset_ids: links.assets.unwrap_or_default(),
            agent_ids: links.assigned.unwrap_or_default(),
            group_ids: links.groups.unwrap_or_default(),
            tag_ids: links.tags.unwrap_or_default(),
            site_ids: links.offices.unwrap_or_default(),
        }),
        auto_create_clients: params.flag("auto-create", false)?,
        auto_invite_clients: params.flag("auto-invite", false)?,
    };
    let created = state
        .tasks
        .create_task(grpc_request(&who, request))
        .await
        .map_err(status_error)?
        .into_inner()
        .task
        .unwrap_or_default();
    // create-task returns a bare object, not the envelope.
    Ok(Json(json!({"0": created.id})).into_response())
}

pub async fn update_task(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let id = params.path_or_param_id("task")?;
    let mut task = v1::Task {
        id,
        ..Default::default()
    };
    let mut paths: Vec<String> = Vec::new();
    let mut add = v1::TaskLinks::default();

    if let Some(title) = params.get("title") {
        task.title = title.to_owned();
        paths.push("title".into());
    }
    if let Some(info) = params.get("info") {
        task.info = info.to_owned();
        paths.push("info".into());
    }
    if let Some(severity) = priority(&params)? {
        task.severity = severity;
        paths.push("severity".into());
    }
    if params.get("visible").is_some() {
        task.private = params.flag("visible", false)?;
        paths.push("private".into());
    }
    if let Some(audience) = params.optional_id("billto")? {
        task.audience_id = audience;
        paths.push("audience_id".into());
    }
    if let Some(project) = params.optional_id("project")? {
        task.project_id = project;
        paths.push("project_id".into());
    }
    if let Some(due) = due_date(&params)? {
        task.due_time = due;
        paths.push("due_time".into());
    }

    // A non-empty link parameter adds links; an empty one removes every link of its kind.
    let links = LinkParams::read(&params)?;
    match links.clients {
        Some(clients) if clients.is_empty() => paths.push("client_ids".into()),
        Some(clients) => add.clients = clients,
        None => {}
    }
    let id_links = [
        (links.assets, "asset_ids", &mut add.asset_ids),
        (links.assigned, "agent_ids", &mut add.agent_ids),
        (links.groups, "group_ids", &mut add.group_ids),
        (links.tags, "tag_ids", &mut add.tag_ids),
        (links.offices, "site_ids", &mut add.site_ids),
    ];
    for (ids, path, target) in id_links {
        match ids {
            Some(ids) if ids.is_empty() => paths.push(path.into()),
            Some(ids) => *target = ids,
            None => {}
        }
    }

    let request = v1::UpdateTaskRequest {
        task: Some(task),
        update_mask: Some(prost_types::FieldMask { paths }),
        add_links: Some(add),
        auto_create_clients: params.flag("auto-create", false)?,
        auto_invite_clients: params.flag("auto-invite", false)?,
    };
    state
        .tasks
        .update_task(grpc_request(&who, request))
        .await
        .map_err(status_error)?;
    Ok(Envelope {
        desc: "Changes saved",
        response: Value::Bool(true),
    }
    .into_response())
}
