//! Helpdesk storage: the diesel schema, the queries of every resource and the migrations of
//! both backends. Every query takes the caller's company id and touches only that company's
//! rows; a record of another company reads as [`StorageError::NotFound`].

pub mod db;
pub mod error;
pub mod models;
pub mod schema;
pub mod seed;

mod accounts;
#[macro_use]
mod links;
mod records;
mod tasks;

pub use accounts::{
    ApiKeyInfo, ApiKeyOwner, CreatedCompanyAccount, KeyStanding, NewCompanyAccount,
    generate_api_key, generate_company_id, hash_api_key,
};
pub use db::{BackendKind, Database, PoolOptions, PoolStatus, create_postgres_schema, redact_url};
pub use error::{Result, StorageError};
pub use links::{ClientRef, LinkRequest, ReplaceLinks};
pub use records::{AssetLinkChanges, RecordKind};
pub use tasks::{TaskChanges, TaskVisibility};

/// Returns the current time in UTC, truncated to whole seconds as the legacy API shows it.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
}
