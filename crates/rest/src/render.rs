//! Renders API messages in the legacy JSON shapes.

use chrono::{DateTime, NaiveDateTime};
use domain::time::format_datetime;
use helpdesk_api::v1;
use prost_types::Timestamp;
use serde_json::{Map, Value, json};

pub fn naive(value: Option<&Timestamp>) -> Option<NaiveDateTime> {
    value.and_then(|time| {
        DateTime::from_timestamp(time.seconds, u32::try_from(time.nanos).unwrap_or(0))
            .map(|utc| utc.naive_utc())
    })
}

/// `YYYY-MM-DD HH:MM:SS`, or `0000-00-00 00:00:00` when unset.
pub fn datetime(value: Option<&Timestamp>) -> String {
    format_datetime(naive(value))
}

/// The legacy 1/0 for active/inactive and private/public.
pub fn flag(value: bool) -> i32 {
    i32::from(value)
}

/// A string, or null when empty.
pub fn text_or_null(value: &str) -> Value {
    if value.is_empty() {
        Value::Null
    } else {
        Value::from(value)
    }
}

pub fn optional_text(value: Option<&String>) -> Value {
    value.map_or(Value::Null, |text| Value::from(text.as_str()))
}

/// The legacy number of a task status: 1 open, 2 on hold, 0 closed.
pub fn task_status(value: i32) -> i32 {
    match v1::TaskStatus::try_from(value) {
        Ok(v1::TaskStatus::Closed) => 0,
        Ok(v1::TaskStatus::OnHold) => 2,
        _ => 1,
    }
}

pub fn creator_type(value: i32) -> i32 {
    match v1::CreatorType::try_from(value) {
        Ok(v1::CreatorType::Client) => 2,
        Ok(v1::CreatorType::Automated) => 0,
        _ => 1,
    }
}

/// An agent as `authorization` and `get-agent` show it.
pub fn agent_detail(agent: &v1::Agent) -> Value {
    json!({
        "id": agent.id,
        "date_joined": datetime(agent.create_time.as_ref()),
        "status": flag(agent.active),
        "fname": agent.first_name,
        "lname": agent.last_name,
        "email": agent.email,
        "user_phone": optional_text(agent.phone.as_ref()),
        "job_title": optional_text(agent.job_title.as_ref()),
        "last_login": datetime(agent.last_login_time.as_ref()),
    })
}

/// A task in the list of `get-tasks`.
pub fn task_list_item(task: &v1::Task) -> Value {
    json!({
        "task": task.id,
        "title": task.title,
        "severity": task.severity,
        "status": task_status(task.status),
        "duedate": datetime(task.due_time.as_ref()),
    })
}

/// A task as `get-task` shows it.
pub fn task_detail(task: &v1::Task) -> Value {
    json!({
        "id": task.id,
        "creator": task.creator_id,
        "creator_type": creator_type(task.creator_type),
        "created": datetime(task.create_time.as_ref()),
        "severity": task.severity,
        "status": task_status(task.status),
        "resolution": task.resolution_id,
        "title": task.title,
        "info": task.info,
        "duedate": datetime(task.due_time.as_ref()),
        "duedate_set_by": task.due_time_set_by_agent_id,
        "resolved": datetime(task.resolve_time.as_ref()),
        "resolved_by": task.resolved_by_agent_id,
        "billto": task.audience_id.unwrap_or(0),
        "project": task.project_id.unwrap_or(0),
    })
}

/// An asset in the map of `get-task-assets`.
pub fn task_asset(asset: &v1::Asset) -> Value {
    json!({
        "asset": asset.name,
        "type": asset.r#type,
        "mfgr": text_or_null(&asset.manufacturer),
        "model": text_or_null(&asset.model),
        "status": flag(asset.active),
        "created": datetime(asset.create_time.as_ref()),
    })
}

pub fn task_comment(comment: &v1::TaskComment) -> Value {
    json!({
        "id": comment.id,
        "task": comment.task_id,
        "commentor_admin": comment.agent_id,
        "commentor_client": comment.client_id,
        "file": optional_text(comment.file.as_ref()),
        "file_type": optional_text(comment.file_type.as_ref()),
        "date": datetime(comment.create_time.as_ref()),
        "comment": comment.body,
        "kb": comment.kb_article_id,
        "private": flag(comment.private),
    })
}

/// The three maps of `get-task-members`, keyed by id.
pub fn task_members(task_id: i64, members: &[v1::TaskMember]) -> Value {
    let mut agents = Map::new();
    let mut groups = Map::new();
    let mut clients = Map::new();
    for member in members {
        match &member.member {
            Some(v1::task_member::Member::Agent(agent)) => {
                agents.insert(
                    agent.id.to_string(),
                    json!({
                        "fname": agent.first_name,
                        "lname": agent.last_name,
                        "email": agent.email,
                        "title": optional_text(agent.job_title.as_ref()),
                        "photo": text_or_null(&agent.photo_url),
                        "last_login": datetime(agent.last_login_time.as_ref()),
                        "status": flag(agent.active),
                    }),
                );
            }
            Some(v1::task_member::Member::Group(group)) => {
                groups.insert(
                    group.id.to_string(),
                    json!({
                        "team": group.name,
                        "team_desc": group.description,
                        "date_created": datetime(group.create_time.as_ref()),
                        "status": flag(group.active),
                    }),
                );
            }
            Some(v1::task_member::Member::Client(client)) => {
                clients.insert(
                    client.id.to_string(),
                    json!({
                        "fname": client.first_name,
                        "lname": client.last_name,
                        "email": client.email,
                        "photo": text_or_null(&client.photo_url),
                        "created": datetime(client.create_time.as_ref()),
                        "status": flag(client.active),
                    }),
                );
            }
            None => {}
        }
    }
    json!({"task": task_id, "agents": agents, "groups": groups, "clients": clients})
}

pub fn task_tags(task_id: i64, tags: &[v1::TaskTag]) -> Value {
    let map: Map<String, Value> = tags
        .iter()
        .map(|tag| {
            (
                tag.tag_id.to_string(),
                json!({"tag": tag.name, "created": datetime(tag.create_time.as_ref())}),
            )
        })
        .collect();
    json!({"task": task_id, "tags": map})
}
