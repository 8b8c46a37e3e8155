//! The tonic implementations of the helpdesk services. Each method authenticates the call,
//! checks the permission policy, validates the input, calls storage and maps the result.
//! The legacy REST adapter calls these same methods in-process.

mod agents;
mod assets;
pub mod auth;
mod auth_service;
mod clients;
pub mod context;
pub mod convert;
mod crud;
pub mod error;
pub mod metrics;
pub mod page;
pub mod rate;
mod records;
mod tasks;

pub use agents::{AgentApi, AgentGroupApi};
pub use assets::AssetApi;
pub use auth_service::AuthApi;
pub use clients::ClientApi;
pub use context::Context;
pub use records::{AudienceApi, ContractApi, ProjectApi, SiteApi, TagApi};
pub use tasks::TaskApi;

/// The fully qualified names of every helpdesk service, for health and reflection.
pub const SERVICE_NAMES: &[&str] = &[
    "helpdesk.v1.AgentGroupService",
    "helpdesk.v1.AgentService",
    "helpdesk.v1.AssetService",
    "helpdesk.v1.AudienceService",
    "helpdesk.v1.AuthService",
    "helpdesk.v1.ClientService",
    "helpdesk.v1.ContractService",
    "helpdesk.v1.ProjectService",
    "helpdesk.v1.SiteService",
    "helpdesk.v1.TagService",
    "helpdesk.v1.TaskService",
];

/// Every service implementation, sharing one [`Context`].
#[derive(Clone)]
pub struct Services {
    pub ctx: std::sync::Arc<Context>,
    pub auth: std::sync::Arc<AuthApi>,
    pub tasks: std::sync::Arc<TaskApi>,
    pub agents: std::sync::Arc<AgentApi>,
    pub agent_groups: std::sync::Arc<AgentGroupApi>,
    pub assets: std::sync::Arc<AssetApi>,
    pub audiences: std::sync::Arc<AudienceApi>,
    pub clients: std::sync::Arc<ClientApi>,
    pub contracts: std::sync::Arc<ContractApi>,
    pub projects: std::sync::Arc<ProjectApi>,
    pub sites: std::sync::Arc<SiteApi>,
    pub tags: std::sync::Arc<TagApi>,
}

impl Services {
    pub fn new(db: storage::Database, config: context::AuthConfig) -> Self {
        use std::sync::Arc;
        let ctx = Arc::new(Context::new(db, config));
        Services {
            auth: Arc::new(AuthApi::new(ctx.clone())),
            tasks: Arc::new(TaskApi::new(ctx.clone())),
            agents: Arc::new(AgentApi::new(ctx.clone())),
            agent_groups: Arc::new(AgentGroupApi::new(ctx.clone())),
            assets: Arc::new(AssetApi::new(ctx.clone())),
            audiences: Arc::new(AudienceApi::new(ctx.clone())),
            clients: Arc::new(ClientApi::new(ctx.clone())),
            contracts: Arc::new(ContractApi::new(ctx.clone())),
            projects: Arc::new(ProjectApi::new(ctx.clone())),
            sites: Arc::new(SiteApi::new(ctx.clone())),
            tags: Arc::new(TagApi::new(ctx.clone())),
            ctx,
        }
    }
}
