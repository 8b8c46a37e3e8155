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
        Ok(Response::new(WhoAmIResponse {
            agent: Some(convert::agent(who.agent)),
            company_id: who.company_public_id,
        }))
    }
}
