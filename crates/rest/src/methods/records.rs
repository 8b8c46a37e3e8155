//! The agent, group, asset, audience, client, contract, project and site methods.

use axum::response::{IntoResponse, Response};
use grpc::auth::Authenticated;
use helpdesk_api::v1;
use helpdesk_api::v1::agent_group_service_server::AgentGroupService;
use helpdesk_api::v1::agent_service_server::AgentService;
use helpdesk_api::v1::asset_service_server::AssetService;
use helpdesk_api::v1::audience_service_server::AudienceService;
use helpdesk_api::v1::client_service_server::ClientService;
use helpdesk_api::v1::contract_service_server::ContractService;
use helpdesk_api::v1::project_service_server::ProjectService;
use helpdesk_api::v1::site_service_server::SiteService;
use serde_json::{Map, json};

use crate::envelope::{ApiError, Envelope};
use crate::methods::fetch::fetcher;
use crate::params::Params;
use crate::stream::{Layout, ListResponse, WALK_PAGE_SIZE, collect_all};
use crate::{RestState, grpc_request, render};

/// Names the legacy parameter that a field of a record request came from.
fn record_parameter(field: &str) -> Option<&'static str> {
    Some(match field {
        "id" | "group_id" => "id",
        "asset.name" => "name",
        "asset.type" => "type",
        "asset.manufacturer" => "mfgr",
        "asset.model" => "model",
        "asset.site_ids" => "offices",
        "asset.client_ids" => "clients",
        "asset.tag_ids" => "tags",
        _ => return None,
    })
}

fn status_error(status: tonic::Status) -> ApiError {
    ApiError::from_status(&status, record_parameter)
}

/// Generates a whole-list method.
macro_rules! list_method {
    (
        $name:ident, $api:ident . $method:ident, $request:ident, $items:ident,
        $render:path, $key:literal, $found:literal, $empty:literal
    ) => {
        pub async fn $name(
            state: RestState,
            who: Authenticated,
            _params: Params,
        ) -> Result<Response, ApiError> {
            ListResponse {
                fetch: fetcher!(
                    state,
                    who,
                    $api.$method,
                    |page_token| v1::$request {
                        page_size: WALK_PAGE_SIZE,
                        page_token,
                    },
                    $items
                ),
                render: $render,
                key: $key,
                layout: Layout::Array,
                found: $found,
                empty: $empty,
                legacy_name: record_parameter,
            }
            .into_response()
            .await
        }
    };
}

/// Generates a single-record method.
macro_rules! detail_method {
    (
        $name:ident, $api:ident . $method:ident, $request:ident, $field:ident,
        $render:path, $desc:literal
    ) => {
        pub async fn $name(
            state: RestState,
            who: Authenticated,
            params: Params,
        ) -> Result<Response, ApiError> {
            let id = params.path_or_param_id("id")?;
            let record = state
                .$api
                .$method(grpc_request(&who, v1::$request { id }))
                .await
                .map_err(status_error)?
                .into_inner()
                .$field
                .unwrap_or_default();
            Ok(Envelope {
                desc: $desc,
                response: $render(&record),
            }
            .into_response())
        }
    };
}

list_method!(
    get_agents,
    agents.list_agents,
    ListAgentsRequest,
    agents,
    render::agent_list_item,
    "agents",
    "Agents found",
    "Agents not found"
);
detail_method!(
    get_agent,
    agents.get_agent,
    GetAgentRequest,
    agent,
    render::agent_detail,
    "Agent found"
);
list_method!(
    get_agent_groups,
    agent_groups.list_agent_groups,
    ListAgentGroupsRequest,
    agent_groups,
    render::group_list_item,
    "groups",
    "Groups found",
    "Groups not found"
);
detail_method!(
    get_agent_group,
    agent_groups.get_agent_group,
    GetAgentGroupRequest,
    agent_group,
    render::group_detail,
    "Group found"
);
list_method!(
    get_assets,
    assets.list_assets,
    ListAssetsRequest,
    assets,
    render::asset_list_item,
    "assets",
    "Assets found",
    "Assets not found"
);
detail_method!(
    get_asset,
    assets.get_asset,
    GetAssetRequest,
    asset,
    render::asset_detail,
    "Asset found"
);
list_method!(
    get_clients,
    clients.list_clients,
    ListClientsRequest,
    clients,
    render::client_list_item,
    "clients",
    "Client users found",
    "Client users not found"
);
detail_method!(
    get_client,
    clients.get_client,
    GetClientRequest,
    client,
    render::client_detail,
    "Client found"
);
list_method!(
    get_contracts,
    contracts.list_contracts,
    ListContractsRequest,
    contracts,
    render::contract_list_item,
    "contracts",
    "Contracts found",
    "Contracts not found"
);
detail_method!(
    get_contract,
    contracts.get_contract,
    GetContractRequest,
    contract,
    render::contract_detail,
    "Contract found"
);
list_method!(
    get_projects,
    projects.list_projects,
    ListProjectsRequest,
    projects,
    render::project_list_item,
    "projects",
    "Projects found",
    "Projects not found"
);
detail_method!(
    get_project,
    projects.get_project,
    GetProjectRequest,
    project,
    render::project_detail,
    "Project found"
);
list_method!(
    get_sites,
    sites.list_sites,
    ListSitesRequest,
    sites,
    render::site_list_item,
    "sites",
    "Sites found",
    "Sites not found"
);
detail_method!(
    get_site,
    sites.get_site,
    GetSiteRequest,
    site,
    render::site_detail,
    "Site found"
);

pub async fn get_agent_group_members(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let group_id = params.path_or_param_id("id")?;
    ListResponse {
        fetch: fetcher!(
            state,
            who,
            agent_groups.list_agent_group_members,
            |page_token| v1::ListAgentGroupMembersRequest {
                group_id,
                page_size: WALK_PAGE_SIZE,
                page_token,
            },
            agents
        ),
        render: render::group_member,
        key: "agents",
        layout: Layout::Array,
        found: "Members found",
        empty: "Members not found",
        legacy_name: record_parameter,
    }
    .into_response()
    .await
}

/// `get-audience` lists every audience keyed by id; `get-audience/{id}` returns the same map
/// with one entry. The reference prints "Members found" here, and so does this method.
pub async fn get_audience(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let mut audiences = Map::new();
    let single = params.get_path_id().is_some() || params.get("id").is_some();
    if single {
        let id = params.path_or_param_id("id")?;
        let audience = state
            .audiences
            .get_audience(grpc_request(&who, v1::GetAudienceRequest { id }))
            .await
            .map_err(status_error)?
            .into_inner()
            .audience
            .unwrap_or_default();
        audiences.insert(audience.id.to_string(), render::audience(&audience));
    } else {
        // Audiences are a short list per company, so the map is built whole.
        let listed = collect_all(fetcher!(
            state,
            who,
            audiences.list_audiences,
            |page_token| v1::ListAudiencesRequest {
                page_size: WALK_PAGE_SIZE,
                page_token,
            },
            audiences
        ))
        .await
        .map_err(status_error)?;
        for audience in &listed {
            audiences.insert(audience.id.to_string(), render::audience(audience));
        }
    }
    Ok(Envelope {
        desc: if audiences.is_empty() {
            "Members not found"
        } else {
            "Members found"
        },
        response: json!(audiences),
    }
    .into_response())
}

/// `create-asset`: `name` is required; `type` and `mfgr` are stored as the text given.
pub async fn create_asset(
    state: RestState,
    who: Authenticated,
    params: Params,
) -> Result<Response, ApiError> {
    let asset = v1::Asset {
        name: params.get("name").unwrap_or_default().to_owned(),
        r#type: params.get("type").unwrap_or_default().trim().to_owned(),
        manufacturer: params.get("mfgr").unwrap_or_default().trim().to_owned(),
        model: params.get("model").unwrap_or_default().trim().to_owned(),
        active: true,
        site_ids: params.id_list("offices")?.unwrap_or_default(),
        client_ids: params.id_list("clients")?.unwrap_or_default(),
        tag_ids: params.id_list("tags")?.unwrap_or_default(),
        ..Default::default()
    };
    let created = state
        .assets
        .create_asset(grpc_request(
            &who,
            v1::CreateAssetRequest { asset: Some(asset) },
        ))
        .await
        .map_err(status_error)?
        .into_inner()
        .asset
        .unwrap_or_default();
    Ok(Envelope {
        desc: "success",
        response: json!({"asset": created.id}),
    }
    .into_response())
}
