//! The audience, contract, project, site and tag services.

use std::sync::Arc;

use domain::{Action, Severity, TaskStatus};
use helpdesk_api::v1;
use helpdesk_api::v1::audience_service_server::AudienceService;
use helpdesk_api::v1::contract_service_server::ContractService;
use helpdesk_api::v1::project_service_server::ProjectService;
use helpdesk_api::v1::site_service_server::SiteService;
use helpdesk_api::v1::tag_service_server::TagService;
use storage::RecordKind;
use storage::models::{
    Audience, Contract, NewAudience, NewContract, NewProject, NewSite, NewTag, Project, Site, Tag,
};
use tonic::{Request, Response, Status};

use crate::auth::Authenticated;
use crate::context::Context;
use crate::convert;
use crate::crud::{
    IpFamily, check_id, date, format_date, long, optional_ip, optional_short, record_service,
    require_existing, required, service_level, short,
};
use crate::error::{from_storage, invalid_argument};

pub struct AudienceApi {
    ctx: Arc<Context>,
}

impl AudienceApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        AudienceApi { ctx }
    }

    async fn present(&self, row: Audience) -> Result<v1::Audience, Status> {
        Ok(v1::Audience {
            id: row.id,
            name: row.name,
            active: row.active,
            service_levels: Some(v1::ServiceLevels {
                severe: row.sla_severe,
                critical: row.sla_critical,
                high: row.sla_high,
                medium: row.sla_medium,
                low: row.sla_low,
            }),
            create_time: Some(convert::timestamp(row.created_at)),
        })
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<Audience>,
        message: v1::Audience,
    ) -> Result<Audience, Status> {
        let company = who.caller.company_id;
        let levels = message.service_levels.unwrap_or_default();
        let row = NewAudience {
            id: None,
            company_id: company,
            name: required("audience.name", &message.name)?,
            active: message.active,
            sla_severe: service_level("audience.service_levels.severe", &levels.severe)?,
            sla_critical: service_level("audience.service_levels.critical", &levels.critical)?,
            sla_high: service_level("audience.service_levels.high", &levels.high)?,
            sla_medium: service_level("audience.service_levels.medium", &levels.medium)?,
            sla_low: service_level("audience.service_levels.low", &levels.low)?,
            created_at: existing
                .as_ref()
                .map_or_else(storage::now, |row| row.created_at),
        };
        match existing {
            Some(current) => self.ctx.db.update_audience(company, current.id, row).await,
            None => self.ctx.db.insert_audience(row).await,
        }
        .map_err(|error| from_storage(error, "audience", message.id))
    }
}

record_service! {
    service = AudienceService, api = AudienceApi, message = Audience, field = audience,
    noun = "audience", plural = audiences,
    get = (get_audience, GetAudienceRequest, GetAudienceResponse, get_audience),
    list = (list_audiences, ListAudiencesRequest, ListAudiencesResponse, list_audiences, count_audiences),
    create = (create_audience, CreateAudienceRequest, CreateAudienceResponse),
    update = (update_audience, UpdateAudienceRequest, UpdateAudienceResponse),
    mask = [name, active, service_levels],
    extra = {}
}

pub struct ContractApi {
    ctx: Arc<Context>,
}

impl ContractApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        ContractApi { ctx }
    }

    async fn present(&self, row: Contract) -> Result<v1::Contract, Status> {
        Ok(v1::Contract {
            id: row.id,
            name: row.name,
            details: row.details,
            vendor: row.vendor,
            start_date: format_date(row.start_date),
            end_date: format_date(row.end_date),
            initial_date: format_date(row.initial_date),
            creator_agent_id: row.creator_agent_id,
            value_cents: row.value_cents,
            active: row.active,
            create_time: Some(convert::timestamp(row.created_at)),
            update_time: Some(convert::timestamp(row.updated_at)),
        })
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<Contract>,
        message: v1::Contract,
    ) -> Result<Contract, Status> {
        let company = who.caller.company_id;
        let now = storage::now();
        if message.value_cents < 0 {
            return Err(invalid_argument(
                "contract.value_cents",
                "must not be negative",
            ));
        }
        let creator = match (&existing, message.creator_agent_id) {
            (Some(current), _) => current.creator_agent_id,
            (None, 0) => who.caller.agent_id(),
            (None, id) => {
                require_existing(
                    &self.ctx,
                    RecordKind::Agent,
                    company,
                    &[id],
                    "contract.creator_agent_id",
                    "agent",
                )
                .await?;
                id
            }
        };
        let start_date = date("contract.start_date", &message.start_date)?;
        let end_date = date("contract.end_date", &message.end_date)?;
        if let (Some(start), Some(end)) = (start_date, end_date)
            && end < start
        {
            return Err(invalid_argument(
                "contract.end_date",
                format!("'{end}' is before the start date '{start}'"),
            ));
        }
        let row = NewContract {
            id: None,
            company_id: company,
            name: required("contract.name", &message.name)?,
            details: long("contract.details", &message.details)?,
            vendor: short("contract.vendor", &message.vendor)?,
            start_date,
            end_date,
            initial_date: date("contract.initial_date", &message.initial_date)?,
            creator_agent_id: creator,
            value_cents: message.value_cents,
            active: message.active,
            created_at: existing.as_ref().map_or(now, |row| row.created_at),
            updated_at: now,
        };
        match existing {
            Some(current) => self.ctx.db.update_contract(company, current.id, row).await,
            None => self.ctx.db.insert_contract(row).await,
        }
        .map_err(|error| from_storage(error, "contract", message.id))
    }
}

record_service! {
    service = ContractService, api = ContractApi, message = Contract, field = contract,
    noun = "contract", plural = contracts,
    get = (get_contract, GetContractRequest, GetContractResponse, get_contract),
    list = (list_contracts, ListContractsRequest, ListContractsResponse, list_contracts, count_contracts),
    create = (create_contract, CreateContractRequest, CreateContractResponse),
    update = (update_contract, UpdateContractRequest, UpdateContractResponse),
    mask = [name, details, vendor, start_date, end_date, initial_date, value_cents, active],
    extra = {}
}

pub struct ProjectApi {
    ctx: Arc<Context>,
}

impl ProjectApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        ProjectApi { ctx }
    }

    async fn present(&self, row: Project) -> Result<v1::Project, Status> {
        Ok(v1::Project {
            id: row.id,
            title: row.title,
            info: row.info,
            severity: convert::severity(row.severity) as i32,
            status: convert::task_status(row.status) as i32,
            due_date: format_date(row.due_date),
            due_date_set_by_agent_id: row.due_date_set_by,
            resolve_time: convert::optional_timestamp(row.resolved_at),
            audience_id: row.audience_id,
            time_allocated_minutes: row.time_allocated_minutes,
            creator_agent_id: row.creator_agent_id,
            create_time: Some(convert::timestamp(row.created_at)),
            update_time: Some(convert::timestamp(row.updated_at)),
        })
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<Project>,
        message: v1::Project,
    ) -> Result<Project, Status> {
        let company = who.caller.company_id;
        let agent = who.caller.agent_id();
        let now = storage::now();
        let severity = match message.severity {
            0 => Severity::Low,
            value => Severity::from_number(value).ok_or_else(|| {
                invalid_argument("project.severity", format!("{value} is not a severity"))
            })?,
        };
        let status = match v1::TaskStatus::try_from(message.status) {
            Ok(v1::TaskStatus::Unspecified) => TaskStatus::Open,
            Ok(status) => convert::domain_task_status(status).unwrap_or(TaskStatus::Open),
            Err(_) => {
                return Err(invalid_argument(
                    "project.status",
                    format!("{} is not a status", message.status),
                ));
            }
        };
        if message.time_allocated_minutes < 0 {
            return Err(invalid_argument(
                "project.time_allocated_minutes",
                "must not be negative",
            ));
        }
        if let Some(audience) = message.audience_id {
            require_existing(
                &self.ctx,
                RecordKind::Audience,
                company,
                &[audience],
                "project.audience_id",
                "audience",
            )
            .await?;
        }
        let due_date = date("project.due_date", &message.due_date)?;
        let due_date_changed = existing
            .as_ref()
            .map_or(due_date.is_some(), |row| row.due_date != due_date);
        let was_closed = existing
            .as_ref()
            .is_some_and(|row| row.status == TaskStatus::Closed.number());
        let resolved_at = match (status == TaskStatus::Closed, was_closed) {
            (true, true) => existing.as_ref().and_then(|row| row.resolved_at),
            (true, false) => Some(now),
            (false, _) => None,
        };
        let row = NewProject {
            id: None,
            company_id: company,
            creator_agent_id: existing.as_ref().map_or(agent, |row| row.creator_agent_id),
            title: required("project.title", &message.title)?,
            info: message
                .info
                .as_deref()
                .map(|info| long("project.info", info))
                .transpose()?,
            severity: severity.number(),
            status: status.number(),
            due_date,
            due_date_set_by: if due_date_changed {
                due_date.map(|_| agent)
            } else {
                existing.as_ref().and_then(|row| row.due_date_set_by)
            },
            resolved_at,
            audience_id: message.audience_id,
            time_allocated_minutes: message.time_allocated_minutes,
            created_at: existing.as_ref().map_or(now, |row| row.created_at),
            updated_at: now,
        };
        match existing {
            Some(current) => self.ctx.db.update_project(company, current.id, row).await,
            None => self.ctx.db.insert_project(row).await,
        }
        .map_err(|error| from_storage(error, "project", message.id))
    }
}

record_service! {
    service = ProjectService, api = ProjectApi, message = Project, field = project,
    noun = "project", plural = projects,
    get = (get_project, GetProjectRequest, GetProjectResponse, get_project),
    list = (list_projects, ListProjectsRequest, ListProjectsResponse, list_projects, count_projects),
    create = (create_project, CreateProjectRequest, CreateProjectResponse),
    update = (update_project, UpdateProjectRequest, UpdateProjectResponse),
    mask = [title, info, severity, status, due_date, audience_id, time_allocated_minutes],
    extra = {}
}

pub struct SiteApi {
    ctx: Arc<Context>,
}

impl SiteApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        SiteApi { ctx }
    }

    async fn present(&self, row: Site) -> Result<v1::Site, Status> {
        Ok(v1::Site {
            id: row.id,
            name: row.name,
            active: row.active,
            office_number: row.office_number,
            address1: row.address1,
            address2: row.address2,
            city: row.city,
            state: row.state,
            zip: row.zip,
            phone1: row.phone1,
            phone2: row.phone2,
            fax1: row.fax1,
            fax2: row.fax2,
            url1: row.url1,
            url2: row.url2,
            hours: row.hours,
            ip1: row.ip1,
            ip2: row.ip2,
            external_ip1: row.external_ip1,
            external_ip2: row.external_ip2,
            location_details: row.location_details,
            network_details: row.network_details,
            create_time: Some(convert::timestamp(row.created_at)),
            update_time: Some(convert::timestamp(row.updated_at)),
        })
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<Site>,
        message: v1::Site,
    ) -> Result<Site, Status> {
        let company = who.caller.company_id;
        let now = storage::now();
        let row = NewSite {
            id: None,
            company_id: company,
            name: required("site.name", &message.name)?,
            active: message.active,
            office_number: short("site.office_number", &message.office_number)?,
            address1: short("site.address1", &message.address1)?,
            address2: optional_short("site.address2", &message.address2)?,
            city: short("site.city", &message.city)?,
            state: short("site.state", &message.state)?,
            zip: short("site.zip", &message.zip)?,
            phone1: optional_short("site.phone1", &message.phone1)?,
            phone2: optional_short("site.phone2", &message.phone2)?,
            fax1: optional_short("site.fax1", &message.fax1)?,
            fax2: optional_short("site.fax2", &message.fax2)?,
            url1: optional_short("site.url1", &message.url1)?,
            url2: optional_short("site.url2", &message.url2)?,
            hours: optional_short("site.hours", &message.hours)?,
            ip1: optional_ip("site.ip1", &message.ip1, IpFamily::Either)?,
            ip2: optional_ip("site.ip2", &message.ip2, IpFamily::Either)?,
            external_ip1: optional_ip(
                "site.external_ip1",
                &message.external_ip1,
                IpFamily::Either,
            )?,
            external_ip2: optional_ip(
                "site.external_ip2",
                &message.external_ip2,
                IpFamily::Either,
            )?,
            location_details: long("site.location_details", &message.location_details)?,
            network_details: long("site.network_details", &message.network_details)?,
            created_at: existing.as_ref().map_or(now, |row| row.created_at),
            updated_at: now,
        };
        match existing {
            Some(current) => self.ctx.db.update_site(company, current.id, row).await,
            None => self.ctx.db.insert_site(row).await,
        }
        .map_err(|error| from_storage(error, "site", message.id))
    }
}

record_service! {
    service = SiteService, api = SiteApi, message = Site, field = site, noun = "site",
    plural = sites,
    get = (get_site, GetSiteRequest, GetSiteResponse, get_site),
    list = (list_sites, ListSitesRequest, ListSitesResponse, list_sites, count_sites),
    create = (create_site, CreateSiteRequest, CreateSiteResponse),
    update = (update_site, UpdateSiteRequest, UpdateSiteResponse),
    mask = [
        name, active, office_number, address1, address2, city, state, zip, phone1, phone2,
        fax1, fax2, url1, url2, hours, ip1, ip2, external_ip1, external_ip2, location_details,
        network_details,
    ],
    extra = {}
}

pub struct TagApi {
    ctx: Arc<Context>,
}

impl TagApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        TagApi { ctx }
    }

    async fn present(&self, row: Tag) -> Result<v1::Tag, Status> {
        Ok(v1::Tag {
            id: row.id,
            name: row.name,
            create_time: Some(convert::timestamp(row.created_at)),
        })
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<Tag>,
        message: v1::Tag,
    ) -> Result<Tag, Status> {
        let company = who.caller.company_id;
        let row = NewTag {
            id: None,
            company_id: company,
            name: required("tag.name", &message.name)?,
            created_at: existing
                .as_ref()
                .map_or_else(storage::now, |row| row.created_at),
        };
        match existing {
            Some(current) => self.ctx.db.update_tag(company, current.id, row).await,
            None => self.ctx.db.insert_tag(row).await,
        }
        .map_err(|error| from_storage(error, "tag", message.id))
    }
}

record_service! {
    service = TagService, api = TagApi, message = Tag, field = tag, noun = "tag", plural = tags,
    get = (get_tag, GetTagRequest, GetTagResponse, get_tag),
    list = (list_tags, ListTagsRequest, ListTagsResponse, list_tags, count_tags),
    create = (create_tag, CreateTagRequest, CreateTagResponse),
    update = (update_tag, UpdateTagRequest, UpdateTagResponse),
    mask = [name],
    extra = {
        async fn delete_tag(
            &self,
            request: Request<v1::DeleteTagRequest>,
        ) -> Result<Response<v1::DeleteTagResponse>, Status> {
            let who = self.ctx.authorize(&request, Action::ManageRecords).await?;
            let id = request.get_ref().id;
            check_id("id", id)?;
            self.ctx
                .db
                .delete_tag(who.caller.company_id, id)
                .await
                .map_err(|error| from_storage(error, "tag", id))?;
            Ok(Response::new(v1::DeleteTagResponse {}))
        }
    }
}
