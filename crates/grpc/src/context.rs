//! State shared by every service: the database, the authenticator and the permission check.

use domain::{Action, Caller};
use storage::{Database, TaskVisibility};
use tonic::{Request, Status};

use std::time::Duration;

use crate::auth::{Authenticated, Authenticator, ClientAddress};
use crate::error::permission_denied;
use crate::rate::{RateLimitConfig, RateLimits};

/// Shared state of the gRPC services.
pub struct Context {
    pub db: Database,
    pub auth: Authenticator,
}

/// Authentication settings.
#[derive(Clone, Copy, Debug)]
pub struct AuthConfig {
    pub rate_limits: RateLimitConfig,
    /// How long a session cookie stays valid.
    pub session_ttl: Duration,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            rate_limits: RateLimitConfig::default(),
            session_ttl: Duration::from_secs(3600),
        }
    }
}

impl Context {
    pub fn new(db: Database, config: AuthConfig) -> Self {
        Context {
            auth: Authenticator::new(
                db.clone(),
                RateLimits::new(config.rate_limits, Some(db.clone())),
                config.session_ttl,
            ),
            db,
        }
    }

    /// Authenticates the call and checks with the permission policy whether it may perform
    /// `action`.
    ///
    /// A request that carries an [`Authenticated`] extension was authenticated and counted
    /// in-process by the REST adapter, so it is not checked again. Remote callers cannot set
    /// extensions. Any other request is authenticated and counted against its key's budget.
    pub async fn authorize<T>(
        &self,
        request: &Request<T>,
        action: Action,
    ) -> Result<Authenticated, Status> {
        let authenticated = match request.extensions().get::<Authenticated>() {
            Some(authenticated) => authenticated.clone(),
            None => {
                let address = request
                    .extensions()
                    .get::<ClientAddress>()
                    .map(|address| address.0)
                    .or_else(|| request.remote_addr().map(|address| address.ip()));
                let authenticated = self
                    .auth
                    .authenticate(request.metadata(), address)
                    .await
                    .map_err(|failure| failure.status)?;
                self.auth
                    .limits
                    .admit_key(authenticated.key_id)
                    .await
                    .map_err(|limited| limited.status())?;
                authenticated
            }
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
