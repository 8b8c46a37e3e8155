//! `helpdesk.v1.AgentService` and `helpdesk.v1.AgentGroupService`.

use std::sync::Arc;

use domain::Action;
use helpdesk_api::v1;
use helpdesk_api::v1::agent_group_service_server::AgentGroupService;
use helpdesk_api::v1::agent_service_server::AgentService;
use storage::models::{Agent, AgentGroup, NewAgent, NewAgentGroup};
use storage::{RecordKind, StorageError};
use tonic::{Code, Request, Response, Status};

use crate::auth::Authenticated;
use crate::context::Context;
use crate::convert;
use crate::crud::{
    check_id, optional_email, optional_short, record_service, require_existing, required, short,
};
use crate::error::{from_storage, invalid_argument, status};
use crate::page::{Page, list_kind};

pub struct AgentApi {
    ctx: Arc<Context>,
}

impl AgentApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        AgentApi { ctx }
    }

    async fn present(&self, row: Agent) -> Result<v1::Agent, Status> {
        Ok(convert::agent(row))
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<Agent>,
        message: v1::Agent,
    ) -> Result<Agent, Status> {
        let now = storage::now();
        let email = optional_email("agent.email", &message.email)?;
        if email.is_empty() {
            return Err(invalid_argument("agent.email", "must not be empty"));
        }
        let own_agent = existing
            .as_ref()
            .is_some_and(|current| current.id == who.caller.agent_id());
        if own_agent && !(message.active && message.api_access && message.super_user) {
            return Err(crate::error::status(
                tonic::Code::FailedPrecondition,
                "FAILED_PRECONDITION",
                "an agent cannot deactivate itself or remove its own API access or super-user rights; use another agent or helpdesk admin",
            ));
        }
        let row = NewAgent {
            id: None,
            company_id: who.caller.company_id,
            first_name: required("agent.first_name", &message.first_name)?,
            last_name: required("agent.last_name", &message.last_name)?,
            email,
            phone: optional_short("agent.phone", &message.phone)?,
            job_title: optional_short("agent.job_title", &message.job_title)?,
            photo_url: short("agent.photo_url", &message.photo_url)?,
            active: message.active,
            api_access: message.api_access,
            super_user: message.super_user,
            created_at: existing.as_ref().map_or(now, |row| row.created_at),
            last_login_at: existing.as_ref().and_then(|row| row.last_login_at),
            updated_at: now,
        };
        let company = who.caller.company_id;
        match existing {
            Some(current) => self.ctx.db.update_agent(company, current.id, row).await,
            None => self.ctx.db.insert_agent(row).await,
        }
        .map_err(|error| from_storage(error, "agent", message.id))
    }
}

record_service! {
    service = AgentService, api = AgentApi, message = Agent, field = agent, noun = "agent",
    plural = agents,
    get = (get_agent, GetAgentRequest, GetAgentResponse, get_agent_row),
    list = (list_agents, ListAgentsRequest, ListAgentsResponse, list_agents, count_agents),
    create = (create_agent, CreateAgentRequest, CreateAgentResponse),
    update = (update_agent, UpdateAgentRequest, UpdateAgentResponse),
    mask = [first_name, last_name, email, phone, job_title, photo_url, active, api_access, super_user],
    extra = {}
}

pub struct AgentGroupApi {
    ctx: Arc<Context>,
}

impl AgentGroupApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        AgentGroupApi { ctx }
    }

    async fn present(&self, row: AgentGroup) -> Result<v1::AgentGroup, Status> {
        Ok(convert::agent_group(row))
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<AgentGroup>,
        message: v1::AgentGroup,
    ) -> Result<AgentGroup, Status> {
        let company = who.caller.company_id;
        let creator = match (&existing, message.creator_agent_id) {
            (Some(current), _) => current.creator_agent_id,
            (None, 0) => who.caller.agent_id(),
            (None, id) => {
                require_existing(
                    &self.ctx,
                    RecordKind::Agent,
                    company,
                    &[id],
                    "agent_group.creator_agent_id",
                    "agent",
                )
                .await?;
                id
            }
        };
        let row = NewAgentGroup {
            id: None,
            company_id: company,
            name: required("agent_group.name", &message.name)?,
            description: short("agent_group.description", &message.description)?,
            location: short("agent_group.location", &message.location)?,
            phone: optional_short("agent_group.phone", &message.phone)?,
            email: optional_email("agent_group.email", &message.email)?,
            active: message.active,
            creator_agent_id: creator,
            created_at: existing
                .as_ref()
                .map_or_else(storage::now, |row| row.created_at),
        };
        match existing {
            Some(current) => {
                self.ctx
                    .db
                    .update_agent_group(company, current.id, row)
                    .await
            }
            None => self.ctx.db.insert_agent_group(row).await,
        }
        .map_err(|error| from_storage(error, "agent group", message.id))
    }
}

record_service! {
    service = AgentGroupService, api = AgentGroupApi, message = AgentGroup, field = agent_group,
    noun = "agent group", plural = agent_groups,
    get = (get_agent_group, GetAgentGroupRequest, GetAgentGroupResponse, get_agent_group),
    list = (list_agent_groups, ListAgentGroupsRequest, ListAgentGroupsResponse, list_agent_groups, count_agent_groups),
    create = (create_agent_group, CreateAgentGroupRequest, CreateAgentGroupResponse),
    update = (update_agent_group, UpdateAgentGroupRequest, UpdateAgentGroupResponse),
    mask = [name, description, location, phone, email, active],
    extra = {
        async fn list_agent_group_members(
            &self,
            request: Request<v1::ListAgentGroupMembersRequest>,
        ) -> Result<Response<v1::ListAgentGroupMembersResponse>, Status> {
            let who = self.ctx.authorize(&request, Action::ReadRecords).await?;
            let request = request.into_inner();
            check_id("group_id", request.group_id)?;
            let page = Page::parse(
 list_kind("group_members", request.group_id), request.page_size, &request.page_token)?;
            let (rows, total_size) = self
                .ctx
                .db
                .list_group_members(who.caller.company_id, request.group_id, page.after, page.size)
                .await
                .map_err(|error| from_storage(error, "agent group", request.group_id))?;
            let next_page_token =
                page.next_token(rows.len(), rows.last().map(|agent| agent.id));
            Ok(Response::new(v1::ListAgentGroupMembersResponse {
                agents: rows.into_iter().map(convert::agent).collect(),
                next_page_token,
                total_size,
            }))
        }

        async fn add_agent_group_member(
            &self,
            request: Request<v1::AddAgentGroupMemberRequest>,
        ) -> Result<Response<v1::AddAgentGroupMemberResponse>, Status> {
            let who = self.ctx.authorize(&request, Action::ManageRecords).await?;
            let request = request.into_inner();
            let company = who.caller.company_id;
            check_id("group_id", request.group_id)?;
            self.ctx
                .db
                .get_agent_group(company, request.group_id)
                .await
                .map_err(|error| from_storage(error, "agent group", request.group_id))?;
            require_existing(&self.ctx, RecordKind::Agent, company, &[request.agent_id], "agent_id", "agent").await?;
            self.ctx
                .db
                .add_group_member(company, request.group_id, request.agent_id)
                .await
                .map_err(|error| from_storage(error, "agent group", request.group_id))?;
            Ok(Response::new(v1::AddAgentGroupMemberResponse {}))
        }

        async fn remove_agent_group_member(
            &self,
            request: Request<v1::RemoveAgentGroupMemberRequest>,
        ) -> Result<Response<v1::RemoveAgentGroupMemberResponse>, Status> {
            let who = self.ctx.authorize(&request, Action::ManageRecords).await?;
            let request = request.into_inner();
            check_id("group_id", request.group_id)?;
            check_id("agent_id", request.agent_id)?;
            self.ctx
                .db
                .remove_group_member(who.caller.company_id, request.group_id, request.agent_id)
                .await
                .map_err(|error| match error {
                    StorageError::NotFound => status(
                        Code::NotFound,
                        "NOT_FOUND",
                        format!(
                            "agent {} is not a member of agent group {}",
                            request.agent_id, request.group_id
                        ),
                    ),
                    other => from_storage(other, "agent group", request.group_id),
                })?;
            Ok(Response::new(v1::RemoveAgentGroupMemberResponse {}))
        }
    }
}
