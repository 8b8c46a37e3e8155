-- The sites, clients and tags an asset is linked to.

CREATE TABLE asset_sites (
    company_id BIGINT NOT NULL,
    asset_id BIGINT NOT NULL,
    site_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (asset_id, site_id),
    FOREIGN KEY (company_id, asset_id) REFERENCES assets (company_id, id),
    FOREIGN KEY (company_id, site_id) REFERENCES sites (company_id, id)
);

CREATE TABLE asset_clients (
    company_id BIGINT NOT NULL,
    asset_id BIGINT NOT NULL,
    client_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (asset_id, client_id),
    FOREIGN KEY (company_id, asset_id) REFERENCES assets (company_id, id),
    FOREIGN KEY (company_id, client_id) REFERENCES clients (company_id, id)
);

CREATE TABLE asset_tags (
    company_id BIGINT NOT NULL,
    asset_id BIGINT NOT NULL,
    tag_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (asset_id, tag_id),
    FOREIGN KEY (company_id, asset_id) REFERENCES assets (company_id, id),
    FOREIGN KEY (company_id, tag_id) REFERENCES tags (company_id, id)
);

CREATE INDEX agent_group_members_agent ON agent_group_members (agent_id, group_id);
CREATE INDEX task_tags_tag ON task_tags (tag_id, task_id);
CREATE INDEX asset_tags_tag ON asset_tags (tag_id, asset_id);
