//! `helpdesk.v1.ClientService`.

use std::sync::Arc;

use helpdesk_api::v1;
use helpdesk_api::v1::client_service_server::ClientService;
use storage::models::{Client, NewClient};
use tonic::Status;

use crate::auth::Authenticated;
use crate::context::Context;
use crate::convert;
use crate::crud::{optional_email, record_service, short};
use crate::error::{from_storage, invalid_argument};

pub struct ClientApi {
    ctx: Arc<Context>,
}

impl ClientApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        ClientApi { ctx }
    }

    async fn present(&self, row: Client) -> Result<v1::Client, Status> {
        Ok(convert::client(row))
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<Client>,
        message: v1::Client,
    ) -> Result<Client, Status> {
        let now = storage::now();
        let email = optional_email("client.email", &message.email)?;
        if email.is_empty() {
            return Err(invalid_argument("client.email", "must not be empty"));
        }
        let company = who.caller.company_id;
        let row = NewClient {
            id: None,
            company_id: company,
            first_name: short("client.first_name", &message.first_name)?,
            last_name: short("client.last_name", &message.last_name)?,
            username: short("client.username", &message.username)?,
            email_lower: Some(domain::validate::normalize_email(&email)),
            email,
            active: message.active,
            office_phone: short("client.office_phone", &message.office_phone)?,
            mobile_phone: short("client.mobile_phone", &message.mobile_phone)?,
            fax: short("client.fax", &message.fax)?,
            job_title: short("client.job_title", &message.job_title)?,
            department: short("client.department", &message.department)?,
            office: short("client.office", &message.office)?,
            address1: short("client.address1", &message.address1)?,
            address2: short("client.address2", &message.address2)?,
            city: short("client.city", &message.city)?,
            state: short("client.state", &message.state)?,
            country: short("client.country", &message.country)?,
            zipcode: short("client.zipcode", &message.zipcode)?,
            photo_url: short("client.photo_url", &message.photo_url)?,
            created_at: existing.as_ref().map_or(now, |row| row.created_at),
            updated_at: now,
        };
        match existing {
            Some(current) => self.ctx.db.update_client(company, current.id, row).await,
            None => self.ctx.db.insert_client(row).await,
        }
        .map_err(|error| from_storage(error, "client", message.id))
    }
}

record_service! {
    service = ClientService, api = ClientApi, message = Client, field = client, noun = "client",
    plural = clients,
    get = (get_client, GetClientRequest, GetClientResponse, get_client),
    list = (list_clients, ListClientsRequest, ListClientsResponse, list_clients, count_clients),
    create = (create_client, CreateClientRequest, CreateClientResponse),
    update = (update_client, UpdateClientRequest, UpdateClientResponse),
    mask = [
        first_name, last_name, username, email, active, office_phone, mobile_phone, fax,
        job_title, department, office, address1, address2, city, state, country, zipcode,
        photo_url,
    ],
    extra = {}
}
