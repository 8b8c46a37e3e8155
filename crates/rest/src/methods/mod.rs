//! The legacy methods by name.

use std::future::Future;
use std::pin::Pin;

use axum::response::Response;
use grpc::auth::Authenticated;

use crate::RestState;
use crate::envelope::ApiError;
use crate::params::Params;

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
