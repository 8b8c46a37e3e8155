//! `helpdesk.v1.AuthService`.

use std::sync::Arc;

use domain::Action;
use helpdesk_api::v1::auth_service_server::AuthService;
use helpdesk_api::v1::{WhoAmIRequest, WhoAmIResponse};
use tonic::{Request, Response, Status};

use crate::context::Context;
use crate::convert;

pub struct AuthApi {
    ctx: Arc<Context>,
}

impl AuthApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        AuthApi { ctx }
    }
}

#[tonic::async_trait]
impl AuthService for AuthApi {
    async fn who_am_i(
        &self,
        request: Request<WhoAmIRequest>,
    ) -> Result<Response<WhoAmIResponse>, Status> {
        let who = self.ctx.authorize(&request, Action::Read).await?;
        if let Some(client_id) = who.caller.client_id() {
            let client = self
                .ctx
                .db
                .get_client(who.caller.company_id, client_id)
                .await
                .map_err(|error| crate::error::from_storage(error, "client", client_id))?;
            return Ok(Response::new(WhoAmIResponse {
                agent: None,
                company_id: who.company_public_id,
                client: Some(convert::client(client)),
            }));
        }
        let agent_id = who.caller.agent_id();
        let agent = self
            .ctx
            .db
            .get_agent(who.caller.company_id, agent_id)
            .await
            .map_err(|error| crate::error::from_storage(error, "agent", agent_id))?;
        Ok(Response::new(WhoAmIResponse {
            agent: Some(convert::agent(agent)),
            company_id: who.company_public_id,
            client: None,
        }))
    }
}
