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

/// Returns the legacy 1/0 for active/inactive and private/public.
pub fn flag(value: bool) -> i32 {
    i32::from(value)
}

/// Returns the string, or null when it is empty.
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

/// Returns the legacy number of a task status: 1 open, 2 on hold, 0 closed.
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

/// Renders an agent as `authorization` and `get-agent` show it.
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

/// Renders the client of a client-scoped key as `authorization` shows its user, with the
/// fields of an agent user that a client has.
pub fn client_user(client: &v1::Client) -> Value {
    json!({
        "id": client.id,
        "date_joined": datetime(client.create_time.as_ref()),
        "status": flag(client.active),
        "fname": client.first_name,
        "lname": client.last_name,
        "email": client.email,
        "user_phone": text_or_null(&client.office_phone),
        "job_title": text_or_null(&client.job_title),
        "last_login": domain::time::UNSET_DATETIME,
    })
}

/// Renders a task as the list of `get-tasks` shows it.
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

/// A date as `YYYY-MM-DD`, or `0000-00-00` when empty.
pub fn date(value: &str) -> String {
    if value.is_empty() {
        domain::time::UNSET_DATE.to_owned()
    } else {
        value.to_owned()
    }
}

/// Cents as a decimal string with two places, such as `24350.00`.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// Minutes as `HH:MM`.
pub fn duration(minutes: i32) -> String {
    let minutes = minutes.max(0);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

pub fn agent_list_item(agent: &v1::Agent) -> (i64, Value) {
    (
        agent.id,
        json!({
            "id": agent.id,
            "fname": agent.first_name,
            "lname": agent.last_name,
            "email": agent.email,
            "last_modified": datetime(agent.update_time.as_ref()),
        }),
    )
}

pub fn group_list_item(group: &v1::AgentGroup) -> (i64, Value) {
    (
        group.id,
        json!({
            "id": group.id,
            "status": flag(group.active),
            "group": group.name,
            "email": group.email,
            "creator": group.creator_agent_id,
            "date_created": datetime(group.create_time.as_ref()),
        }),
    )
}

pub fn group_detail(group: &v1::AgentGroup) -> Value {
    json!({
        "id": group.id,
        "date_created": datetime(group.create_time.as_ref()),
        "status": flag(group.active),
        "name": group.name,
        "desc": group.description,
        "location": group.location,
        "creator": group.creator_agent_id,
        "phone": optional_text(group.phone.as_ref()),
        "email": group.email,
    })
}

pub fn group_member(agent: &v1::Agent) -> (i64, Value) {
    (
        agent.id,
        json!({
            "id": agent.id,
            "status": flag(agent.active),
            "fname": agent.first_name,
            "lname": agent.last_name,
            "email": agent.email,
            "date_joined": datetime(agent.create_time.as_ref()),
        }),
    )
}

pub fn asset_list_item(asset: &v1::Asset) -> (i64, Value) {
    (
        asset.id,
        json!({
            "id": asset.id,
            "type": asset.r#type,
            "name": asset.name,
            "item": asset.model,
            "last_modified": datetime(asset.update_time.as_ref()),
        }),
    )
}

pub fn asset_detail(asset: &v1::Asset) -> Value {
    json!({
        "id": asset.id,
        "type": asset.r#type,
        "name": asset.name,
        "mfgr": asset.manufacturer,
        "item": asset.model,
        "sn": asset.serial_number,
        "status": flag(asset.active),
        "memory": asset.memory,
        "processor": optional_text(asset.processor.as_ref()),
        "warranty_date": date(&asset.warranty_date),
        "notes": asset.notes,
        "architecture": asset.architecture,
        "os_publisher": asset.os_publisher,
        "os_version": asset.os_version,
        "privateIP4": optional_text(asset.private_ipv4.as_ref()),
        "privateIP6": optional_text(asset.private_ipv6.as_ref()),
        "publicIP4": optional_text(asset.public_ipv4.as_ref()),
        "publicIP6": optional_text(asset.public_ipv6.as_ref()),
        "v_agent_sync": datetime(asset.agent_sync_time.as_ref()),
        "date_added": datetime(asset.create_time.as_ref()),
    })
}

pub fn audience(audience: &v1::Audience) -> Value {
    let levels = audience.service_levels.clone().unwrap_or_default();
    json!({
        "name": audience.name,
        "status": flag(audience.active),
        "sla": {
            "severe": levels.severe,
            "critical": levels.critical,
            "high": levels.high,
            "medium": levels.medium,
            "low": levels.low,
        },
    })
}

pub fn client_list_item(client: &v1::Client) -> (i64, Value) {
    (
        client.id,
        json!({
            "id": client.id,
            "fname": client.first_name,
            "lname": client.last_name,
            "username": client.username,
            "email": client.email,
            "last_modified": datetime(client.update_time.as_ref()),
        }),
    )
}

pub fn client_detail(client: &v1::Client) -> Value {
    json!({
        "id": client.id,
        "status": flag(client.active),
        "fname": client.first_name,
        "lname": client.last_name,
        "username": client.username,
        "email": client.email,
        "office_phone": client.office_phone,
        "mobile_phone": client.mobile_phone,
        "fax": client.fax,
        "job_title": client.job_title,
        "department": client.department,
        "office": client.office,
        "address1": client.address1,
        "address2": client.address2,
        "city": client.city,
        "state": client.state,
        "country": client.country,
        "zipcode": client.zipcode,
        "last_modified": datetime(client.update_time.as_ref()),
    })
}

pub fn contract_list_item(contract: &v1::Contract) -> (i64, Value) {
    (
        contract.id,
        json!({
            "id": contract.id,
            "last_modified": datetime(contract.update_time.as_ref()),
            "name": contract.name,
            "contract_start": date(&contract.start_date),
            "contract_end": date(&contract.end_date),
            "contract_value": money(contract.value_cents),
            "status": flag(contract.active),
        }),
    )
}

pub fn contract_detail(contract: &v1::Contract) -> Value {
    json!({
        "id": contract.id,
        "name": contract.name,
        "details": contract.details,
        "last_modified": datetime(contract.update_time.as_ref()),
        "contract_start": date(&contract.start_date),
        "contract_end": date(&contract.end_date),
        "contract_initial_date": date(&contract.initial_date),
        "contract_creator": contract.creator_agent_id,
        "contract_value": money(contract.value_cents),
        "from": contract.vendor,
        "status": flag(contract.active),
    })
}

pub fn project_list_item(project: &v1::Project) -> (i64, Value) {
    (
        project.id,
        json!({
            "id": project.id,
            "severity": project.severity,
            "date_completed": datetime(project.resolve_time.as_ref()),
            "status": task_status(project.status),
            "title": project.title,
            "duedate": date(&project.due_date),
            "last_modified": datetime(project.update_time.as_ref()),
        }),
    )
}

pub fn project_detail(project: &v1::Project) -> Value {
    json!({
        "id": project.id,
        "creator": project.creator_agent_id,
        "last_modified": datetime(project.update_time.as_ref()),
        "severity": project.severity,
        "status": task_status(project.status),
        "title": project.title,
        "info": optional_text(project.info.as_ref()),
        "duedate": date(&project.due_date),
        "duedate_set_by": project.due_date_set_by_agent_id,
        "date_resolved": datetime(project.resolve_time.as_ref()),
        "billto": project.audience_id.unwrap_or(0),
        "time_allocated": duration(project.time_allocated_minutes),
    })
}

pub fn site_list_item(site: &v1::Site) -> (i64, Value) {
    (
        site.id,
        json!({
            "id": site.id,
            "last_modified": datetime(site.update_time.as_ref()),
            "name": site.name,
            "status": flag(site.active),
        }),
    )
}

pub fn site_detail(site: &v1::Site) -> Value {
    json!({
        "id": site.id,
        "status": flag(site.active),
        "name": site.name,
        "office_number": site.office_number,
        "last_modified": datetime(site.update_time.as_ref()),
        "location_address1": site.address1,
        "location_address2": optional_text(site.address2.as_ref()),
        "city": site.city,
        "state": site.state,
        "zip": site.zip,
        "location_phone1": optional_text(site.phone1.as_ref()),
        "location_phone2": optional_text(site.phone2.as_ref()),
        "location_fax1": optional_text(site.fax1.as_ref()),
        "location_fax2": optional_text(site.fax2.as_ref()),
        "location_url1": optional_text(site.url1.as_ref()),
        "location_url2": optional_text(site.url2.as_ref()),
        "location_hours": optional_text(site.hours.as_ref()),
        "location_ip1": optional_text(site.ip1.as_ref()),
        "location_ip2": optional_text(site.ip2.as_ref()),
        "location_exip1": optional_text(site.external_ip1.as_ref()),
        "location_exip2": optional_text(site.external_ip2.as_ref()),
        "location_details": site.location_details,
        "network_details": site.network_details,
    })
}

/// A task in the list of `get-tasks`, with its id.
pub fn task_list_entry(task: &v1::Task) -> (i64, Value) {
    (task.id, task_list_item(task))
}

pub fn task_asset_entry(asset: &v1::Asset) -> (i64, Value) {
    (asset.id, task_asset(asset))
}

pub fn task_comment_entry(comment: &v1::TaskComment) -> (i64, Value) {
    (comment.id, task_comment(comment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_two_decimals() {
        assert_eq!(money(2_435_000), "24350.00");
        assert_eq!(money(5), "0.05");
        assert_eq!(money(-150), "-1.50");
    }

    #[test]
    fn duration_is_hours_and_minutes() {
        assert_eq!(duration(0), "00:00");
        assert_eq!(duration(125), "02:05");
    }
}
