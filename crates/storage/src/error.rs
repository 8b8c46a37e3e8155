//! The storage error type.

/// A failed storage operation.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The record does not exist or belongs to another company.
    #[error("record not found")]
    NotFound,
    /// A link names a record that does not exist in the caller's company.
    #[error("{field} {id} does not exist")]
    InvalidReference { field: &'static str, id: i64 },
    /// A link names a record by a value (such as an email) that matches nothing.
    #[error("{field} '{value}' does not exist")]
    UnknownValue { field: &'static str, value: String },
    /// A uniqueness rule of the schema rejected the write.
    #[error("{0}")]
    Conflict(String),
    /// No connection could be had from the pool.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
}

impl StorageError {
    /// Turns diesel's "not found" into [`StorageError::NotFound`] and keeps other errors.
    pub fn from_lookup(error: diesel::result::Error) -> StorageError {
        match error {
            diesel::result::Error::NotFound => StorageError::NotFound,
            other => StorageError::Query(other),
        }
    }
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;
