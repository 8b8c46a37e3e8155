//! `helpdesk.v1.TaskService`.

use std::sync::Arc;

use domain::{Action, CreatorType, Severity, TaskStatus, validate};
use helpdesk_api::v1::task_service_server::TaskService;
use helpdesk_api::v1::{self, client_ref, task_member};
use storage::models::NewTask;
use storage::{ClientRef, LinkRequest, RecordKind, ReplaceLinks, StorageError, TaskChanges};
use tonic::{Request, Response, Status};

use crate::context::{Context, visibility};
use crate::convert;
use crate::crud::require_existing;
use crate::error::{from_storage, from_violation, invalid_argument, permission_denied};
use crate::page::{Page, list_kind};

pub struct TaskApi {
    ctx: Arc<Context>,
}

impl TaskApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        TaskApi { ctx }
    }

    async fn load_task(
        &self,
        company: i64,
        id: i64,
        caller: &domain::Caller,
    ) -> Result<v1::Task, Status> {
        let (task, links) = self
            .ctx
            .db
            .get_task(company, id, visibility(caller))
            .await
            .map_err(|error| from_storage(error, "task", id))?;
        Ok(convert::task(task, links))
    }
}

/// Maps a storage failure of a task write, naming link fields by their request path.
fn task_write_error(error: StorageError, links_field: &str, task_id: i64) -> Status {
    let (field, value) = match &error {
        StorageError::InvalidReference { field, id } => (*field, id.to_string()),
        StorageError::UnknownValue { field, value } => (*field, value.clone()),
        _ => return from_storage(error, "task", task_id),
    };
    let (path, noun) = match field {
        "clients" => (format!("{links_field}.clients"), "client"),
        "assets" => (format!("{links_field}.asset_ids"), "asset"),
        "agents" => (format!("{links_field}.agent_ids"), "agent"),
        "groups" => (format!("{links_field}.group_ids"), "agent group"),
        "tags" => (format!("{links_field}.tag_ids"), "tag"),
        "sites" => (format!("{links_field}.site_ids"), "site"),
        "audience_id" => ("task.audience_id".to_owned(), "billing audience"),
        "project_id" => ("task.project_id".to_owned(), "project"),
        other => (other.to_owned(), "record"),
    };
    let description = match error {
        StorageError::UnknownValue { .. } => {
            format!("no client has the email '{value}'; set auto-create to create one")
        }
        _ => format!("{noun} {value} does not exist"),
    };
    invalid_argument(&path, description)
}

fn check_ids(field: &str, ids: &[i64]) -> Result<(), Status> {
    if ids.len() > validate::MAX_LINKED_IDS {
        return Err(invalid_argument(
            field,
            format!(
                "lists {} ids; the maximum is {}",
                ids.len(),
                validate::MAX_LINKED_IDS
            ),
        ));
    }
    match ids.iter().find(|id| **id <= 0) {
        Some(id) => Err(invalid_argument(
            field,
            format!("{id} is not a valid id; ids are positive integers"),
        )),
        None => Ok(()),
    }
}

fn check_optional_id(field: &str, id: Option<i64>) -> Result<(), Status> {
    check_ids(field, id.as_slice())
}

fn link_request(
    field: &str,
    links: Option<v1::TaskLinks>,
    auto_create_clients: bool,
    auto_invite_clients: bool,
) -> Result<LinkRequest, Status> {
    let links = links.unwrap_or_default();
    if links.clients.len() > validate::MAX_LINKED_IDS {
        return Err(invalid_argument(
            &format!("{field}.clients"),
            format!(
                "lists {} clients; the maximum is {}",
                links.clients.len(),
                validate::MAX_LINKED_IDS
            ),
        ));
    }
    let mut clients = Vec::with_capacity(links.clients.len());
    for client in links.clients {
        match client.client {
            Some(client_ref::Client::Id(id)) => {
                check_ids(&format!("{field}.clients"), &[id])?;
                clients.push(ClientRef::Id(id));
            }
            Some(client_ref::Client::Email(email)) => {
                validate::email(&format!("{field}.clients"), email.trim())
                    .map_err(from_violation)?;
                clients.push(ClientRef::Email(email.trim().to_owned()));
            }
            None => {
                return Err(invalid_argument(
                    &format!("{field}.clients"),
                    "each client needs an id or an email",
                ));
            }
        }
    }
    check_ids(&format!("{field}.asset_ids"), &links.asset_ids)?;
    check_ids(&format!("{field}.agent_ids"), &links.agent_ids)?;
    check_ids(&format!("{field}.group_ids"), &links.group_ids)?;
    check_ids(&format!("{field}.tag_ids"), &links.tag_ids)?;
    check_ids(&format!("{field}.site_ids"), &links.site_ids)?;
    Ok(LinkRequest {
        clients,
        asset_ids: links.asset_ids,
        agent_ids: links.agent_ids,
        group_ids: links.group_ids,
        tag_ids: links.tag_ids,
        site_ids: links.site_ids,
        auto_create_clients,
        auto_invite_clients: auto_create_clients && auto_invite_clients,
    })
}

/// Reads a severity, where unspecified means the default, low.
fn severity(value: i32) -> Result<Severity, Status> {
    if value == 0 {
        return Ok(Severity::Low);
    }
    Severity::from_number(value).ok_or_else(|| {
        invalid_argument(
            "task.severity",
            format!("{value} is not a severity; use 5 (low), 10 (medium), 15 (high), 20 (critical) or 25 (severe)"),
        )
    })
}

fn status(value: i32, default: Option<TaskStatus>) -> Result<TaskStatus, Status> {
    let parsed = v1::TaskStatus::try_from(value)
        .ok()
        .and_then(convert::domain_task_status)
        .or(if value == 0 { default } else { None });
    parsed.ok_or_else(|| {
        invalid_argument(
            "task.status",
            format!("{value} is not a task status; use TASK_STATUS_OPEN, TASK_STATUS_ON_HOLD or TASK_STATUS_CLOSED"),
        )
    })
}

fn check_text(field: &str, value: &str) -> Result<(), Status> {
    validate::max_chars(field, value, validate::MAX_TEXT_CHARS).map_err(from_violation)
}

#[tonic::async_trait]
impl TaskService for TaskApi {
    async fn get_task(
        &self,
        request: Request<v1::GetTaskRequest>,
    ) -> Result<Response<v1::GetTaskResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::Read).await?;
        let id = request.get_ref().id;
        check_ids("id", &[id])?;
        let task = self
            .load_task(who.caller.company_id, id, &who.caller)
            .await?;
        Ok(Response::new(v1::GetTaskResponse { task: Some(task) }))
    }

    async fn list_tasks(
        &self,
        request: Request<v1::ListTasksRequest>,
    ) -> Result<Response<v1::ListTasksResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::Read).await?;
        let page = Page::parse(
            "tasks",
            request.get_ref().page_size,
            &request.get_ref().page_token,
        )?;
        let company = who.caller.company_id;
        let seen = visibility(&who.caller);
        let rows = self
            .ctx
            .db
            .list_tasks(company, seen, page.after, page.size)
            .await
            .map_err(|error| from_storage(error, "task", 0))?;
        let total_size = self
            .ctx
            .db
            .count_tasks(company, seen)
            .await
            .map_err(|error| from_storage(error, "task", 0))?;
        let next_page_token = page.next_token(rows.len(), rows.last().map(|(task, _)| task.id));
        Ok(Response::new(v1::ListTasksResponse {
            tasks: rows
                .into_iter()
                .map(|(task, links)| convert::task(task, links))
                .collect(),
            next_page_token,
            total_size,
        }))
    }

    async fn create_task(
        &self,
        request: Request<v1::CreateTaskRequest>,
    ) -> Result<Response<v1::CreateTaskResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::CreateTask).await?;
        let request = request.into_inner();
        let task = request
            .task
            .ok_or_else(|| invalid_argument("task", "must be set"))?;

        validate::title("task.title", &task.title).map_err(from_violation)?;
        check_text("task.info", &task.info)?;
        let severity = severity(task.severity)?;
        let status = status(task.status, Some(TaskStatus::Open))?;
        let due_at = task
            .due_time
            .as_ref()
            .map(|time| convert::naive_datetime("task.due_time", time))
            .transpose()?;
        check_optional_id("task.resolution_id", task.resolution_id)?;
        check_optional_id("task.audience_id", task.audience_id)?;
        check_optional_id("task.project_id", task.project_id)?;
        let mut links = link_request(
            "links",
            request.links,
            request.auto_create_clients,
            request.auto_invite_clients,
        )?;

        let caller = who.caller;
        let agent = caller.agent_id();
        let (creator_id, creator_type) = match caller.client_id() {
            Some(client) => {
                if task.private {
                    return Err(permission_denied(
                        "a client-scoped key creates public tasks only",
                    ));
                }
                let links_anything = !links.clients.is_empty()
                    || !links.asset_ids.is_empty()
                    || !links.agent_ids.is_empty()
                    || !links.group_ids.is_empty()
                    || !links.tag_ids.is_empty()
                    || !links.site_ids.is_empty()
                    || task.audience_id.is_some()
                    || task.project_id.is_some();
                if links_anything {
                    return Err(permission_denied(
                        "a client-scoped key cannot link records to a task",
                    ));
                }
                links.clients.push(ClientRef::Id(client));
                (client, CreatorType::Client)
            }
            None => (agent, CreatorType::Agent),
        };
        let now = storage::now();
        let closed = status == TaskStatus::Closed;
        let new_task = NewTask {
            id: None,
            company_id: caller.company_id,
            title: task.title.trim().to_owned(),
            info: task.info,
            severity: severity.number(),
            status: status.number(),
            private: task.private,
            creator_id,
            creator_type: creator_type.number(),
            created_at: now,
            updated_at: now,
            due_at,
            due_at_set_by: due_at.map(|_| agent),
            resolved_at: closed.then_some(now),
            resolved_by: closed.then_some(agent),
            resolution_id: task.resolution_id,
            audience_id: task.audience_id,
            project_id: task.project_id,
        };
        let id = self
            .ctx
            .db
            .create_task(new_task, links)
            .await
            .map_err(|error| task_write_error(error, "links", 0))?;
        tracing::info!(task.id = id, company.id = caller.company_id, "task created");
        let task = self.load_task(caller.company_id, id, &caller).await?;
        Ok(Response::new(v1::CreateTaskResponse { task: Some(task) }))
    }

    async fn update_task(
        &self,
        request: Request<v1::UpdateTaskRequest>,
    ) -> Result<Response<v1::UpdateTaskResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::UpdateTask).await?;
        let request = request.into_inner();
        let task = request
            .task
            .ok_or_else(|| invalid_argument("task", "must be set"))?;
        check_ids("task.id", &[task.id])?;
        let caller = who.caller;
        let company = caller.company_id;
        let agent = caller.agent_id();

        let mut changes = TaskChanges::default();
        let mut replace = ReplaceLinks::default();
        let paths = request
            .update_mask
            .map(|mask| mask.paths)
            .unwrap_or_default();
        for path in &paths {
            match path.as_str() {
                "title" => {
                    validate::title("task.title", &task.title).map_err(from_violation)?;
                    changes.title = Some(task.title.trim().to_owned());
                }
                "info" => {
                    check_text("task.info", &task.info)?;
                    changes.info = Some(task.info.clone());
                }
                "severity" => changes.severity = Some(severity(task.severity)?.number()),
                "status" => {
                    let new_status = status(task.status, None)?;
                    let current = self
                        .ctx
                        .db
                        .task_status(company, task.id)
                        .await
                        .map_err(|error| from_storage(error, "task", task.id))?;
                    let was_closed = current == TaskStatus::Closed.number();
                    let closes = new_status == TaskStatus::Closed;
                    if closes && !was_closed {
                        changes.resolved_at = Some(Some(storage::now()));
                        changes.resolved_by = Some(Some(agent));
                    } else if !closes && was_closed {
                        changes.resolved_at = Some(None);
                        changes.resolved_by = Some(None);
                    }
                    changes.status = Some(new_status.number());
                }
                "private" => changes.private = Some(task.private),
                "due_time" => {
                    let due_at = task
                        .due_time
                        .as_ref()
                        .map(|time| convert::naive_datetime("task.due_time", time))
                        .transpose()?;
                    changes.due_at = Some(due_at);
                    changes.due_at_set_by = Some(due_at.map(|_| agent));
                }
                "resolution_id" => {
                    check_optional_id("task.resolution_id", task.resolution_id)?;
                    changes.resolution_id = Some(task.resolution_id);
                }
                "audience_id" => {
                    check_optional_id("task.audience_id", task.audience_id)?;
                    changes.audience_id = Some(task.audience_id);
                }
                "project_id" => {
                    check_optional_id("task.project_id", task.project_id)?;
                    changes.project_id = Some(task.project_id);
                }
                "client_ids" => {
                    check_ids("task.client_ids", &task.client_ids)?;
                    replace.client_ids = Some(task.client_ids.clone());
                }
                "asset_ids" => {
                    check_ids("task.asset_ids", &task.asset_ids)?;
                    replace.asset_ids = Some(task.asset_ids.clone());
                }
                "agent_ids" => {
                    check_ids("task.agent_ids", &task.agent_ids)?;
                    replace.agent_ids = Some(task.agent_ids.clone());
                }
                "group_ids" => {
                    check_ids("task.group_ids", &task.group_ids)?;
                    replace.group_ids = Some(task.group_ids.clone());
                }
                "tag_ids" => {
                    check_ids("task.tag_ids", &task.tag_ids)?;
                    replace.tag_ids = Some(task.tag_ids.clone());
                }
                "site_ids" => {
                    check_ids("task.site_ids", &task.site_ids)?;
                    replace.site_ids = Some(task.site_ids.clone());
                }
                other => {
                    return Err(invalid_argument(
                        "update_mask",
                        format!("'{other}' is not a field of Task that can be updated"),
                    ));
                }
            }
        }
        // Replaced link sets name the `task` fields they came from in errors.
        let replaced = [
            (
                &replace.client_ids,
                RecordKind::Client,
                "task.client_ids",
                "client",
            ),
            (
                &replace.asset_ids,
                RecordKind::Asset,
                "task.asset_ids",
                "asset",
            ),
            (
                &replace.agent_ids,
                RecordKind::Agent,
                "task.agent_ids",
                "agent",
            ),
            (
                &replace.group_ids,
                RecordKind::AgentGroup,
                "task.group_ids",
                "agent group",
            ),
            (&replace.tag_ids, RecordKind::Tag, "task.tag_ids", "tag"),
            (&replace.site_ids, RecordKind::Site, "task.site_ids", "site"),
        ];
        for (ids, kind, field, noun) in replaced {
            if let Some(ids) = ids {
                require_existing(&self.ctx, kind, company, ids, field, noun).await?;
            }
        }
        let add = link_request(
            "add_links",
            request.add_links,
            request.auto_create_clients,
            request.auto_invite_clients,
        )?;
        changes.updated_at = Some(storage::now());

        self.ctx
            .db
            .update_task(company, task.id, changes, replace, add)
            .await
            .map_err(|error| task_write_error(error, "add_links", task.id))?;
        tracing::info!(task.id = task.id, company.id = company, "task updated");
        let task = self.load_task(company, task.id, &caller).await?;
        Ok(Response::new(v1::UpdateTaskResponse { task: Some(task) }))
    }

    async fn list_task_assets(
        &self,
        request: Request<v1::ListTaskAssetsRequest>,
    ) -> Result<Response<v1::ListTaskAssetsResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::Read).await?;
        let request = request.into_inner();
        check_ids("task_id", &[request.task_id])?;
        let page = Page::parse(
            list_kind("task_assets", request.task_id),
            request.page_size,
            &request.page_token,
        )?;
        let (rows, total_size) = self
            .ctx
            .db
            .list_task_assets(
                who.caller.company_id,
                request.task_id,
                visibility(&who.caller),
                page.after,
                page.size,
            )
            .await
            .map_err(|error| from_storage(error, "task", request.task_id))?;
        let next_page_token = page.next_token(rows.len(), rows.last().map(|asset| asset.id));
        Ok(Response::new(v1::ListTaskAssetsResponse {
            assets: rows.into_iter().map(convert::asset).collect(),
            next_page_token,
            total_size,
        }))
    }

    async fn list_task_comments(
        &self,
        request: Request<v1::ListTaskCommentsRequest>,
    ) -> Result<Response<v1::ListTaskCommentsResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::Read).await?;
        let request = request.into_inner();
        check_ids("task_id", &[request.task_id])?;
        let page = Page::parse(
            list_kind("task_comments", request.task_id),
            request.page_size,
            &request.page_token,
        )?;
        let (rows, total_size) = self
            .ctx
            .db
            .list_task_comments(
                who.caller.company_id,
                request.task_id,
                visibility(&who.caller),
                page.after,
                page.size,
            )
            .await
            .map_err(|error| from_storage(error, "task", request.task_id))?;
        let next_page_token = page.next_token(rows.len(), rows.last().map(|comment| comment.id));
        Ok(Response::new(v1::ListTaskCommentsResponse {
            comments: rows.into_iter().map(convert::task_comment).collect(),
            next_page_token,
            total_size,
        }))
    }

    async fn create_task_comment(
        &self,
        request: Request<v1::CreateTaskCommentRequest>,
    ) -> Result<Response<v1::CreateTaskCommentResponse>, Status> {
        let private = request
            .get_ref()
            .comment
            .as_ref()
            .is_some_and(|comment| comment.private);
        let who = self
            .ctx
            .authorize(&request, Action::CommentOnTask { private })
            .await?;
        let request = request.into_inner();
        check_ids("task_id", &[request.task_id])?;
        let comment = request
            .comment
            .ok_or_else(|| invalid_argument("comment", "must be set"))?;
        if comment.body.trim().is_empty() {
            return Err(invalid_argument("comment.body", "must not be empty"));
        }
        check_text("comment.body", &comment.body)?;
        check_optional_id("comment.kb_article_id", comment.kb_article_id)?;
        let caller = who.caller;
        let (agent_id, client_id) = match caller.client_id() {
            Some(client) => (None, Some(client)),
            None => (Some(caller.agent_id()), None),
        };
        let created = self
            .ctx
            .db
            .create_task_comment(
                storage::models::NewTaskComment {
                    id: None,
                    company_id: caller.company_id,
                    task_id: request.task_id,
                    agent_id,
                    client_id,
                    file: comment.file,
                    file_type: comment.file_type,
                    kb_article_id: comment.kb_article_id,
                    body: comment.body,
                    private: comment.private,
                    created_at: storage::now(),
                },
                visibility(&caller),
            )
            .await
            .map_err(|error| from_storage(error, "task", request.task_id))?;
        Ok(Response::new(v1::CreateTaskCommentResponse {
            comment: Some(convert::task_comment(created)),
        }))
    }

    async fn delete_task_comment(
        &self,
        request: Request<v1::DeleteTaskCommentRequest>,
    ) -> Result<Response<v1::DeleteTaskCommentResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::UpdateTask).await?;
        let request = request.into_inner();
        check_ids("task_id", &[request.task_id])?;
        check_ids("comment_id", &[request.comment_id])?;
        self.ctx
            .db
            .delete_task_comment(who.caller.company_id, request.task_id, request.comment_id)
            .await
            .map_err(|error| from_storage(error, "comment", request.comment_id))?;
        Ok(Response::new(v1::DeleteTaskCommentResponse {}))
    }

    async fn list_task_members(
        &self,
        request: Request<v1::ListTaskMembersRequest>,
    ) -> Result<Response<v1::ListTaskMembersResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::Read).await?;
        let request = request.into_inner();
        check_ids("task_id", &[request.task_id])?;
        // Members are few per task, so pages are cut from the whole list by position.
        let page = Page::parse(
            list_kind("task_members", request.task_id),
            request.page_size,
            &request.page_token,
        )?;
        let (agents, groups, clients) = self
            .ctx
            .db
            .list_task_members(
                who.caller.company_id,
                request.task_id,
                visibility(&who.caller),
            )
            .await
            .map_err(|error| from_storage(error, "task", request.task_id))?;
        let members: Vec<v1::TaskMember> = agents
            .into_iter()
            .map(|agent| task_member::Member::Agent(convert::agent(agent)))
            .chain(
                groups
                    .into_iter()
                    .map(|group| task_member::Member::Group(convert::agent_group(group))),
            )
            .chain(
                clients
                    .into_iter()
                    .map(|client| task_member::Member::Client(convert::client(client))),
            )
            .map(|member| v1::TaskMember {
                member: Some(member),
            })
            .collect();
        let total_size = members.len() as i64;
        let start = page.after.unwrap_or(0).clamp(0, total_size) as usize;
        let end = (start + page.size as usize).min(members.len());
        let next_page_token = if end < members.len() {
            page.next_token(page.size as usize, Some(end as i64))
        } else {
            String::new()
        };
        Ok(Response::new(v1::ListTaskMembersResponse {
            members: members[start..end].to_vec(),
            next_page_token,
            total_size,
        }))
    }

    async fn list_task_tags(
        &self,
        request: Request<v1::ListTaskTagsRequest>,
    ) -> Result<Response<v1::ListTaskTagsResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::Read).await?;
        let request = request.into_inner();
        check_ids("task_id", &[request.task_id])?;
        let page = Page::parse(
            list_kind("task_tags", request.task_id),
            request.page_size,
            &request.page_token,
        )?;
        let (rows, total_size) = self
            .ctx
            .db
            .list_task_tags(
                who.caller.company_id,
                request.task_id,
                visibility(&who.caller),
                page.after,
                page.size,
            )
            .await
            .map_err(|error| from_storage(error, "task", request.task_id))?;
        let next_page_token = page.next_token(rows.len(), rows.last().map(|tag| tag.tag_id));
        Ok(Response::new(v1::ListTaskTagsResponse {
            tags: rows
                .into_iter()
                .map(|tag| v1::TaskTag {
                    tag_id: tag.tag_id,
                    name: tag.name,
                    create_time: Some(convert::timestamp(tag.linked_at)),
                })
                .collect(),
            next_page_token,
            total_size,
        }))
    }
}
