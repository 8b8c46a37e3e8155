//! `helpdesk.v1.AssetService`.

use std::sync::Arc;

use helpdesk_api::v1;
use helpdesk_api::v1::asset_service_server::AssetService;
use storage::models::{Asset, NewAsset};
use storage::{AssetLinkChanges, RecordKind};
use tonic::Status;

use crate::auth::Authenticated;
use crate::context::Context;
use crate::convert;
use crate::crud::{
    IpFamily, date, long, optional_ip, optional_short, record_service, require_existing, required,
    short,
};
use crate::error::from_storage;

pub struct AssetApi {
    ctx: Arc<Context>,
}

impl AssetApi {
    pub fn new(ctx: Arc<Context>) -> Self {
        AssetApi { ctx }
    }

    async fn present(&self, row: Asset) -> Result<v1::Asset, Status> {
        let links = self
            .ctx
            .db
            .asset_links(row.id)
            .await
            .map_err(|error| from_storage(error, "asset", row.id))?;
        let mut asset = convert::asset(row);
        asset.site_ids = links.site_ids;
        asset.client_ids = links.client_ids;
        asset.tag_ids = links.tag_ids;
        Ok(asset)
    }

    async fn save(
        &self,
        who: &Authenticated,
        existing: Option<Asset>,
        message: v1::Asset,
    ) -> Result<Asset, Status> {
        let company = who.caller.company_id;
        let now = storage::now();
        require_existing(
            &self.ctx,
            RecordKind::Site,
            company,
            &message.site_ids,
            "asset.site_ids",
            "site",
        )
        .await?;
        require_existing(
            &self.ctx,
            RecordKind::Client,
            company,
            &message.client_ids,
            "asset.client_ids",
            "client",
        )
        .await?;
        require_existing(
            &self.ctx,
            RecordKind::Tag,
            company,
            &message.tag_ids,
            "asset.tag_ids",
            "tag",
        )
        .await?;
        let row = NewAsset {
            id: None,
            company_id: company,
            name: required("asset.name", &message.name)?,
            asset_type: short("asset.type", &message.r#type)?,
            manufacturer: short("asset.manufacturer", &message.manufacturer)?,
            model: short("asset.model", &message.model)?,
            serial_number: short("asset.serial_number", &message.serial_number)?,
            active: message.active,
            memory: short("asset.memory", &message.memory)?,
            processor: optional_short("asset.processor", &message.processor)?,
            warranty_date: date("asset.warranty_date", &message.warranty_date)?,
            notes: long("asset.notes", &message.notes)?,
            architecture: short("asset.architecture", &message.architecture)?,
            os_publisher: short("asset.os_publisher", &message.os_publisher)?,
            os_version: short("asset.os_version", &message.os_version)?,
            private_ipv4: optional_ip("asset.private_ipv4", &message.private_ipv4, IpFamily::V4)?,
            private_ipv6: optional_ip("asset.private_ipv6", &message.private_ipv6, IpFamily::V6)?,
            public_ipv4: optional_ip("asset.public_ipv4", &message.public_ipv4, IpFamily::V4)?,
            public_ipv6: optional_ip("asset.public_ipv6", &message.public_ipv6, IpFamily::V6)?,
            agent_synced_at: message
                .agent_sync_time
                .as_ref()
                .map(|time| convert::naive_datetime("asset.agent_sync_time", time))
                .transpose()?,
            created_at: existing.as_ref().map_or(now, |row| row.created_at),
            updated_at: now,
        };
        let links = AssetLinkChanges {
            site_ids: Some(message.site_ids),
            client_ids: Some(message.client_ids),
            tag_ids: Some(message.tag_ids),
        };
        self.ctx
            .db
            .save_asset(existing.map(|row| row.id), row, links)
            .await
            .map_err(|error| from_storage(error, "asset", message.id))
    }
}

record_service! {
    service = AssetService, api = AssetApi, message = Asset, field = asset, noun = "asset",
    plural = assets,
    get = (get_asset, GetAssetRequest, GetAssetResponse, get_asset),
    list = (list_assets, ListAssetsRequest, ListAssetsResponse, list_assets, count_assets),
    create = (create_asset, CreateAssetRequest, CreateAssetResponse),
    update = (update_asset, UpdateAssetRequest, UpdateAssetResponse),
    mask = [
        name, r#type, manufacturer, model, serial_number, active, memory, processor,
        warranty_date, notes, architecture, os_publisher, os_version, private_ipv4,
        private_ipv6, public_ipv4, public_ipv6, agent_sync_time, site_ids, client_ids, tag_ids,
    ],
    extra = {}
}
