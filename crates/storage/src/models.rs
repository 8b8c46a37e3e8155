//! Rows as stored. Enumerations are kept as their legacy numbers; the gRPC layer maps them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = companies, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Company {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = agents, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Agent {
    pub id: i64,
    pub company_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub job_title: Option<String>,
    pub photo_url: String,
    pub active: bool,
    pub api_access: bool,
    pub super_user: bool,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = clients, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Client {
    pub id: i64,
    pub company_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    pub email: String,
    pub email_lower: Option<String>,
    pub active: bool,
    pub office_phone: String,
    pub mobile_phone: String,
    pub fax: String,
    pub job_title: String,
    pub department: String,
    pub office: String,
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub country: String,
    pub zipcode: String,
    pub photo_url: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = agent_groups, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AgentGroup {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub description: String,
    pub location: String,
    pub phone: Option<String>,
    pub email: String,
    pub active: bool,
    pub creator_agent_id: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = assets, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Asset {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub asset_type: String,
    pub manufacturer: String,
    pub model: String,
    pub serial_number: String,
    pub active: bool,
    pub memory: String,
    pub processor: Option<String>,
    pub warranty_date: Option<NaiveDate>,
    pub notes: String,
    pub architecture: String,
    pub os_publisher: String,
    pub os_version: String,
    pub private_ipv4: Option<String>,
    pub private_ipv6: Option<String>,
    pub public_ipv4: Option<String>,
    pub public_ipv6: Option<String>,
    pub agent_synced_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = audiences, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Audience {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub active: bool,
    pub sla_severe: Option<String>,
    pub sla_critical: Option<String>,
    pub sla_high: Option<String>,
    pub sla_medium: Option<String>,
    pub sla_low: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = contracts, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Contract {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub details: String,
    pub vendor: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub initial_date: Option<NaiveDate>,
    pub creator_agent_id: i64,
    pub value_cents: i64,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = projects, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Project {
    pub id: i64,
    pub company_id: i64,
    pub creator_agent_id: i64,
    pub title: String,
    pub info: Option<String>,
    pub severity: i32,
    pub status: i32,
    pub due_date: Option<NaiveDate>,
    pub due_date_set_by: Option<i64>,
    pub resolved_at: Option<NaiveDateTime>,
    pub audience_id: Option<i64>,
    pub time_allocated_minutes: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = sites, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Site {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub active: bool,
    pub office_number: String,
    pub address1: String,
    pub address2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub phone1: Option<String>,
    pub phone2: Option<String>,
    pub fax1: Option<String>,
    pub fax2: Option<String>,
    pub url1: Option<String>,
    pub url2: Option<String>,
    pub hours: Option<String>,
    pub ip1: Option<String>,
    pub ip2: Option<String>,
    pub external_ip1: Option<String>,
    pub external_ip2: Option<String>,
    pub location_details: String,
    pub network_details: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = tags, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Tag {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = tasks, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Task {
    pub id: i64,
    pub company_id: i64,
    pub title: String,
    pub info: String,
    pub severity: i32,
    pub status: i32,
    pub private: bool,
    pub creator_id: i64,
    pub creator_type: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub due_at: Option<NaiveDateTime>,
    pub due_at_set_by: Option<i64>,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<i64>,
    pub resolution_id: Option<i64>,
    pub audience_id: Option<i64>,
    pub project_id: Option<i64>,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = task_comments, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct TaskComment {
    pub id: i64,
    pub company_id: i64,
    pub task_id: i64,
    pub agent_id: Option<i64>,
    pub client_id: Option<i64>,
    pub file: Option<String>,
    pub file_type: Option<String>,
    pub kb_article_id: Option<i64>,
    pub body: String,
    pub private: bool,
    pub created_at: NaiveDateTime,
}

/// A tag linked to a task, with the time of linking.
#[derive(Clone, Debug)]
pub struct TaskTag {
    pub tag_id: i64,
    pub name: String,
    pub linked_at: NaiveDateTime,
}

/// The ids of every record linked to a task, each list in ascending order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskLinkIds {
    pub client_ids: Vec<i64>,
    pub asset_ids: Vec<i64>,
    pub agent_ids: Vec<i64>,
    pub group_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    pub site_ids: Vec<i64>,
}

/// The ids of the records linked to an asset, each list in ascending order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AssetLinkIds {
    pub site_ids: Vec<i64>,
    pub client_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
}

/// A new row of `agents`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = agents)]
pub struct NewAgent {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub job_title: Option<String>,
    pub photo_url: String,
    pub active: bool,
    pub api_access: bool,
    pub super_user: bool,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

/// A new row of `clients`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = clients)]
pub struct NewClient {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    pub email: String,
    pub email_lower: Option<String>,
    pub active: bool,
    pub office_phone: String,
    pub mobile_phone: String,
    pub fax: String,
    pub job_title: String,
    pub department: String,
    pub office: String,
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub country: String,
    pub zipcode: String,
    pub photo_url: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new row of `agent_groups`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = agent_groups)]
pub struct NewAgentGroup {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub name: String,
    pub description: String,
    pub location: String,
    pub phone: Option<String>,
    pub email: String,
    pub active: bool,
    pub creator_agent_id: i64,
    pub created_at: NaiveDateTime,
}

/// A new row of `assets`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = assets)]
pub struct NewAsset {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub name: String,
    pub asset_type: String,
    pub manufacturer: String,
    pub model: String,
    pub serial_number: String,
    pub active: bool,
    pub memory: String,
    pub processor: Option<String>,
    pub warranty_date: Option<NaiveDate>,
    pub notes: String,
    pub architecture: String,
    pub os_publisher: String,
    pub os_version: String,
    pub private_ipv4: Option<String>,
    pub private_ipv6: Option<String>,
    pub public_ipv4: Option<String>,
    pub public_ipv6: Option<String>,
    pub agent_synced_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new row of `audiences`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = audiences)]
pub struct NewAudience {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub name: String,
    pub active: bool,
    pub sla_severe: Option<String>,
    pub sla_critical: Option<String>,
    pub sla_high: Option<String>,
    pub sla_medium: Option<String>,
    pub sla_low: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A new row of `contracts`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = contracts)]
pub struct NewContract {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub name: String,
    pub details: String,
    pub vendor: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub initial_date: Option<NaiveDate>,
    pub creator_agent_id: i64,
    pub value_cents: i64,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new row of `projects`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = projects)]
pub struct NewProject {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub creator_agent_id: i64,
    pub title: String,
    pub info: Option<String>,
    pub severity: i32,
    pub status: i32,
    pub due_date: Option<NaiveDate>,
    pub due_date_set_by: Option<i64>,
    pub resolved_at: Option<NaiveDateTime>,
    pub audience_id: Option<i64>,
    pub time_allocated_minutes: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new row of `sites`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = sites)]
pub struct NewSite {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub name: String,
    pub active: bool,
    pub office_number: String,
    pub address1: String,
    pub address2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub phone1: Option<String>,
    pub phone2: Option<String>,
    pub fax1: Option<String>,
    pub fax2: Option<String>,
    pub url1: Option<String>,
    pub url2: Option<String>,
    pub hours: Option<String>,
    pub ip1: Option<String>,
    pub ip2: Option<String>,
    pub external_ip1: Option<String>,
    pub external_ip2: Option<String>,
    pub location_details: String,
    pub network_details: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new row of `tags`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = tags)]
pub struct NewTag {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
}

/// A new row of `tasks`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = tasks)]
pub struct NewTask {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub title: String,
    pub info: String,
    pub severity: i32,
    pub status: i32,
    pub private: bool,
    pub creator_id: i64,
    pub creator_type: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub due_at: Option<NaiveDateTime>,
    pub due_at_set_by: Option<i64>,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<i64>,
    pub resolution_id: Option<i64>,
    pub audience_id: Option<i64>,
    pub project_id: Option<i64>,
}

/// A new row of `task_comments`.
#[derive(Clone, Debug, Insertable, AsChangeset)]
#[diesel(treat_none_as_null = true, table_name = task_comments)]
pub struct NewTaskComment {
    /// `None` lets the database choose the next id.
    pub id: Option<i64>,
    pub company_id: i64,
    pub task_id: i64,
    pub agent_id: Option<i64>,
    pub client_id: Option<i64>,
    pub file: Option<String>,
    pub file_type: Option<String>,
    pub kb_article_id: Option<i64>,
    pub body: String,
    pub private: bool,
    pub created_at: NaiveDateTime,
}
