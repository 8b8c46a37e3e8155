//! What every service shares: the database, the authenticator and the permission check.

use domain::{Action, Caller};
use storage::{Database, TaskVisibility};
use tonic::{Request, Status};

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
    /// A request that carries an [`Authenticated`] extension was authenticated in-process by
    /// the REST adapter and is not checked again; remote callers cannot set extensions.
    pub async fn authorize<T>(
        &self,
        request: &Request<T>,
        action: Action,
    ) -> Result<Authenticated, Status> {
        let authenticated = match request.extensions().get::<Authenticated>() {
            Some(authenticated) => authenticated.clone(),
            None => self.auth.authenticate(request.metadata()).await?,
        };
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
