//! The legacy methods by name.

use std::future::Future;
use std::pin::Pin;

use axum::response::Response;
use grpc::auth::Authenticated;

use crate::RestState;
use crate::envelope::ApiError;
use crate::params::Params;

mod fetch;
mod records;
mod tasks;

pub type HandlerFuture = Pin<Box<dyn Future<Output = Result<Response, ApiError>> + Send>>;
pub type Handler = fn(RestState, Authenticated, Params) -> HandlerFuture;

macro_rules! handler {
    ($function:path) => {
        |state, who, params| Box::pin($function(state, who, params))
    };
}

/// Every legacy method, by the name in its URL.
const METHODS: &[(&str, Handler)] = &[
    ("authorization", handler!(tasks::authorization)),
    ("get-tasks", handler!(tasks::get_tasks)),
    ("get-task", handler!(tasks::get_task)),
    ("get-task-assets", handler!(tasks::get_task_assets)),
    ("get-task-comments", handler!(tasks::get_task_comments)),
    ("get-task-members", handler!(tasks::get_task_members)),
    ("get-task-tags", handler!(tasks::get_task_tags)),
    ("create-task", handler!(tasks::create_task)),
    ("update-task", handler!(tasks::update_task)),
    ("get-agents", handler!(records::get_agents)),
    ("get-agent", handler!(records::get_agent)),
    ("get-agent-groups", handler!(records::get_agent_groups)),
    ("get-agent-group", handler!(records::get_agent_group)),
    (
        "get-agent-group-members",
        handler!(records::get_agent_group_members),
    ),
    ("get-assets", handler!(records::get_assets)),
    ("get-asset", handler!(records::get_asset)),
    ("create-asset", handler!(records::create_asset)),
    ("get-audience", handler!(records::get_audience)),
    ("get-clients", handler!(records::get_clients)),
    ("get-client", handler!(records::get_client)),
    ("get-contracts", handler!(records::get_contracts)),
    ("get-contract", handler!(records::get_contract)),
    ("get-projects", handler!(records::get_projects)),
    ("get-project", handler!(records::get_project)),
    ("get-sites", handler!(records::get_sites)),
    ("get-site", handler!(records::get_site)),
];

/// Returns the handler of a legacy method; names are case-insensitive.
pub fn find(name: &str) -> Option<Handler> {
    METHODS
        .iter()
        .find(|(method, _)| method.eq_ignore_ascii_case(name))
        .map(|(_, handler)| *handler)
}

/// The names of every legacy method.
pub fn names() -> impl Iterator<Item = &'static str> {
    METHODS.iter().map(|(name, _)| *name)
}
