//! What every service shares: the database, the authenticator and the permission check.

use domain::{Action, Caller};
use storage::{Database, TaskVisibility};
use tonic::Status;
use tonic::metadata::MetadataMap;

use crate::auth::{Authenticated, Authenticator};
use crate::error::permission_denied;

/// Shared state of the gRPC services.
pub struct Context {
    pub db: Database,
    pub auth: Authenticator,
}

impl Context {
    pub fn new(db: Database) -> Self {
        Context {
            auth: Authenticator::new(db.clone()),
            db,
        }
    }

    /// Authenticates the call and asks the permission policy whether it may perform
    /// `action`.
    pub async fn authorize(
        &self,
        metadata: &MetadataMap,
        action: Action,
    ) -> Result<Authenticated, Status> {
        let authenticated = self.auth.authenticate(metadata).await?;
        domain::policy::authorize(&authenticated.caller, action)
            .map_err(|denied| permission_denied(denied.0))?;
        Ok(authenticated)
    }
}

/// Returns which tasks and comments `caller` may see.
pub fn visibility(caller: &Caller) -> TaskVisibility {
    match caller.client_id() {
        Some(client) => TaskVisibility::Client(client),
        None => TaskVisibility::All,
    }
}
