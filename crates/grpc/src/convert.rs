//! Conversions between stored rows and API messages.

use chrono::{DateTime, NaiveDateTime};
use helpdesk_api::v1;
use prost_types::Timestamp;
use storage::models;
use tonic::Status;

use crate::error::invalid_argument;

pub fn timestamp(value: NaiveDateTime) -> Timestamp {
    let utc = value.and_utc();
    Timestamp {
        seconds: utc.timestamp(),
        nanos: utc.timestamp_subsec_nanos() as i32,
    }
}

pub fn optional_timestamp(value: Option<NaiveDateTime>) -> Option<Timestamp> {
    value.map(timestamp)
}

/// Reads a timestamp of a request, rejecting values outside years 1 to 9999. Both
/// backends store microseconds, so nanoseconds are truncated to whole microseconds here
/// and a time reads back alike from either.
pub fn naive_datetime(field: &str, value: &Timestamp) -> Result<NaiveDateTime, Status> {
    let Some(nanos) = u32::try_from(value.nanos)
        .ok()
        .filter(|nanos| *nanos < 1_000_000_000)
    else {
        return Err(invalid_argument(
            field,
            format!("nanos must be from 0 to 999999999, got {}", value.nanos),
        ));
    };
    let nanos = nanos - nanos % 1_000;
    DateTime::from_timestamp(value.seconds, nanos)
        .map(|utc| utc.naive_utc())
        .filter(|time| {
            let year = chrono::Datelike::year(time);
            (1..=9999).contains(&year)
        })
        .ok_or_else(|| {
            invalid_argument(
                field,
                format!("seconds {} is outside the years 1 to 9999", value.seconds),
            )
        })
}

pub fn agent(row: models::Agent) -> v1::Agent {
    v1::Agent {
        id: row.id,
        first_name: row.first_name,
        last_name: row.last_name,
        email: row.email,
        phone: row.phone,
        job_title: row.job_title,
        photo_url: row.photo_url,
        active: row.active,
        api_access: row.api_access,
        super_user: row.super_user,
        create_time: Some(timestamp(row.created_at)),
        last_login_time: optional_timestamp(row.last_login_at),
        update_time: Some(timestamp(row.updated_at)),
    }
}

pub fn agent_group(row: models::AgentGroup) -> v1::AgentGroup {
    v1::AgentGroup {
        id: row.id,
        name: row.name,
        description: row.description,
        location: row.location,
        phone: row.phone,
        email: row.email,
        active: row.active,
        creator_agent_id: row.creator_agent_id,
        create_time: Some(timestamp(row.created_at)),
    }
}

pub fn client(row: models::Client) -> v1::Client {
    v1::Client {
        id: row.id,
        first_name: row.first_name,
        last_name: row.last_name,
        username: row.username,
        email: row.email,
        active: row.active,
        office_phone: row.office_phone,
        mobile_phone: row.mobile_phone,
        fax: row.fax,
        job_title: row.job_title,
        department: row.department,
        office: row.office,
        address1: row.address1,
        address2: row.address2,
        city: row.city,
        state: row.state,
        country: row.country,
        zipcode: row.zipcode,
        photo_url: row.photo_url,
        create_time: Some(timestamp(row.created_at)),
        update_time: Some(timestamp(row.updated_at)),
    }
}

pub fn asset(row: models::Asset) -> v1::Asset {
    v1::Asset {
        id: row.id,
        name: row.name,
        r#type: row.asset_type,
        manufacturer: row.manufacturer,
        model: row.model,
        serial_number: row.serial_number,
        active: row.active,
        memory: row.memory,
        processor: row.processor,
        warranty_date: row
            .warranty_date
            .map(|date| date.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        notes: row.notes,
        architecture: row.architecture,
        os_publisher: row.os_publisher,
        os_version: row.os_version,
        private_ipv4: row.private_ipv4,
        private_ipv6: row.private_ipv6,
        public_ipv4: row.public_ipv4,
        public_ipv6: row.public_ipv6,
        agent_sync_time: optional_timestamp(row.agent_synced_at),
        create_time: Some(timestamp(row.created_at)),
        update_time: Some(timestamp(row.updated_at)),
        site_ids: Vec::new(),
        client_ids: Vec::new(),
        tag_ids: Vec::new(),
    }
}

pub fn severity(number: i32) -> v1::Severity {
    v1::Severity::try_from(number).unwrap_or(v1::Severity::Unspecified)
}

pub fn task_status(number: i32) -> v1::TaskStatus {
    match domain::TaskStatus::from_number(number) {
        Some(domain::TaskStatus::Open) => v1::TaskStatus::Open,
        Some(domain::TaskStatus::OnHold) => v1::TaskStatus::OnHold,
        Some(domain::TaskStatus::Closed) => v1::TaskStatus::Closed,
        None => v1::TaskStatus::Unspecified,
    }
}

pub fn domain_task_status(status: v1::TaskStatus) -> Option<domain::TaskStatus> {
    match status {
        v1::TaskStatus::Open => Some(domain::TaskStatus::Open),
        v1::TaskStatus::OnHold => Some(domain::TaskStatus::OnHold),
        v1::TaskStatus::Closed => Some(domain::TaskStatus::Closed),
        v1::TaskStatus::Unspecified => None,
    }
}

pub fn creator_type(number: i32) -> v1::CreatorType {
    match domain::CreatorType::from_number(number) {
        Some(domain::CreatorType::Agent) => v1::CreatorType::Agent,
        Some(domain::CreatorType::Client) => v1::CreatorType::Client,
        Some(domain::CreatorType::Automated) => v1::CreatorType::Automated,
        None => v1::CreatorType::Unspecified,
    }
}

pub fn task(row: models::Task, links: models::TaskLinkIds) -> v1::Task {
    v1::Task {
        id: row.id,
        title: row.title,
        info: row.info,
        severity: severity(row.severity) as i32,
        status: task_status(row.status) as i32,
        private: row.private,
        creator_id: row.creator_id,
        creator_type: creator_type(row.creator_type) as i32,
        create_time: Some(timestamp(row.created_at)),
        update_time: Some(timestamp(row.updated_at)),
        due_time: optional_timestamp(row.due_at),
        due_time_set_by_agent_id: row.due_at_set_by,
        resolve_time: optional_timestamp(row.resolved_at),
        resolved_by_agent_id: row.resolved_by,
        resolution_id: row.resolution_id,
        audience_id: row.audience_id,
        project_id: row.project_id,
        client_ids: links.client_ids,
        asset_ids: links.asset_ids,
        agent_ids: links.agent_ids,
        group_ids: links.group_ids,
        tag_ids: links.tag_ids,
        site_ids: links.site_ids,
    }
}

pub fn task_comment(row: models::TaskComment) -> v1::TaskComment {
    v1::TaskComment {
        id: row.id,
        task_id: row.task_id,
        agent_id: row.agent_id,
        client_id: row.client_id,
        file: row.file,
        file_type: row.file_type,
        create_time: Some(timestamp(row.created_at)),
        body: row.body,
        kb_article_id: row.kb_article_id,
        private: row.private,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nanoseconds_truncate_to_microseconds() {
        let time = naive_datetime(
            "task.due_time",
            &Timestamp {
                seconds: 1_700_000_000,
                nanos: 999_999_999,
            },
        )
        .map(|time| chrono::Timelike::nanosecond(&time));
        assert_eq!(time.ok(), Some(999_999_000));
    }

    #[test]
    fn out_of_range_nanos_are_named() {
        let status = naive_datetime(
            "task.due_time",
            &Timestamp {
                seconds: 0,
                nanos: -1,
            },
        )
        .expect_err("negative nanos");
        assert!(
            status
                .message()
                .contains("nanos must be from 0 to 999999999, got -1"),
            "{}",
            status.message()
        );
    }
}
