//! Plain helpdesk types and rules: severities, statuses, legacy time formats, input
//! validation and the permission policy. Nothing here does I/O.

pub mod policy;
pub mod task;
pub mod time;
pub mod validate;

pub use policy::{Action, Caller, Denied, Role, Scope};
pub use task::{CreatorType, Severity, TaskStatus};
pub use validate::FieldViolation;
