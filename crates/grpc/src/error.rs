//! The one conversion from failures to `tonic::Status`. Every status carries
//! `google.rpc.ErrorInfo` with a stable reason, and invalid input also carries
//! `google.rpc.BadRequest` naming the field.

use std::collections::HashMap;

use storage::StorageError;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// The `ErrorInfo.domain` of every helpdesk error.
pub const ERROR_DOMAIN: &str = "helpdesk.v1";

/// Builds a status with an `ErrorInfo` of `reason`.
pub fn status(code: Code, reason: &str, message: impl Into<String>) -> Status {
    let details = ErrorDetails::with_error_info(reason, ERROR_DOMAIN, HashMap::new());
    Status::with_error_details(code, message, details)
}

/// INVALID_ARGUMENT naming one field of the request.
pub fn invalid_argument(field: &str, description: impl Into<String>) -> Status {
    let description = description.into();
    let mut details = ErrorDetails::with_bad_request_violation(field, description.clone());
    details.set_error_info("INVALID_ARGUMENT", ERROR_DOMAIN, HashMap::new());
    Status::with_error_details(
        Code::InvalidArgument,
        format!("invalid {field}: {description}"),
        details,
    )
}

/// INVALID_ARGUMENT for a violation found by the domain rules.
pub fn from_violation(violation: domain::FieldViolation) -> Status {
    invalid_argument(&violation.field, violation.description)
}

/// NOT_FOUND for a resource the caller cannot see: missing and foreign records read alike.
pub fn not_found(resource: &str, id: i64) -> Status {
    status(
        Code::NotFound,
        "NOT_FOUND",
        format!("{resource} {id} not found"),
    )
}

/// UNAUTHENTICATED with one message for every cause, so a caller cannot tell a wrong
/// company id from a wrong, revoked or disabled key.
pub fn unauthenticated() -> Status {
    status(
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
        "invalid credentials: send Authorization: Basic base64(company_id:api_key) of an active super user with API access",
    )
}

pub fn permission_denied(message: impl Into<String>) -> Status {
    status(Code::PermissionDenied, "PERMISSION_DENIED", message)
}

/// Maps a storage failure. `resource` and `id` name the record for NotFound.
pub fn from_storage(error: StorageError, resource: &str, id: i64) -> Status {
    match error {
        StorageError::NotFound => not_found(resource, id),
        StorageError::InvalidReference { field, id } => {
            invalid_argument(field, format!("{field}: {id} does not exist"))
        }
        StorageError::UnknownValue { field, value } => invalid_argument(
            field,
            format!("{field}: no client has the email '{value}'; pass auto-create to create one"),
        ),
        StorageError::Conflict(message) => status(Code::AlreadyExists, "ALREADY_EXISTS", message),
        StorageError::Unavailable(message) => {
            tracing::error!(error = %message, "database unavailable");
            status(
                Code::Unavailable,
                "DATABASE_UNAVAILABLE",
                "the database is unavailable; try again shortly",
            )
        }
        other => {
            tracing::error!(error = %other, "storage failure");
            status(Code::Internal, "INTERNAL", "internal error")
        }
    }
}
