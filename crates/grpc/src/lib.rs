//! The tonic implementations of the helpdesk services. Each method authenticates the call,
//! asks the permission policy, validates the input, calls storage and maps the result.
//! The legacy REST adapter calls these same methods in-process.

pub mod auth;
mod auth_service;
pub mod context;
pub mod convert;
pub mod error;
pub mod metrics;
pub mod page;
mod tasks;

pub use auth_service::AuthApi;
pub use context::Context;
pub use tasks::TaskApi;

/// The fully qualified names of every helpdesk service, for health and reflection.
pub const SERVICE_NAMES: &[&str] = &["helpdesk.v1.AuthService", "helpdesk.v1.TaskService"];
