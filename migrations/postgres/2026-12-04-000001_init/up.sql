-- The schema of one helpdesk. Every row belongs to one company; link tables repeat the
-- company id and reference (company_id, id) pairs, so the database itself rejects a link
-- between two companies' records.

CREATE TABLE companies (
    id BIGSERIAL PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE agents (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT,
    job_title TEXT,
    photo_url TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL,
    api_access BOOLEAN NOT NULL,
    super_user BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id)
);

CREATE TABLE clients (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    username TEXT NOT NULL,
    email TEXT NOT NULL,
    email_lower TEXT,
    active BOOLEAN NOT NULL,
    office_phone TEXT NOT NULL,
    mobile_phone TEXT NOT NULL,
    fax TEXT NOT NULL,
    job_title TEXT NOT NULL,
    department TEXT NOT NULL,
    office TEXT NOT NULL,
    address1 TEXT NOT NULL,
    address2 TEXT NOT NULL,
    city TEXT NOT NULL,
    state TEXT NOT NULL,
    country TEXT NOT NULL,
    zipcode TEXT NOT NULL,
    photo_url TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, email_lower)
);

CREATE TABLE api_keys (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    agent_id BIGINT NOT NULL,
    client_id BIGINT,
    key_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    FOREIGN KEY (company_id, agent_id) REFERENCES agents (company_id, id),
    FOREIGN KEY (company_id, client_id) REFERENCES clients (company_id, id)
);

CREATE TABLE agent_groups (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL,
    phone TEXT,
    email TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    creator_agent_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, creator_agent_id) REFERENCES agents (company_id, id)
);

CREATE TABLE agent_group_members (
    company_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    agent_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (group_id, agent_id),
    FOREIGN KEY (company_id, group_id) REFERENCES agent_groups (company_id, id),
    FOREIGN KEY (company_id, agent_id) REFERENCES agents (company_id, id)
);

CREATE TABLE assets (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    asset_type TEXT NOT NULL,
    manufacturer TEXT NOT NULL,
    model TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    memory TEXT NOT NULL,
    processor TEXT,
    warranty_date DATE,
    notes TEXT NOT NULL,
    architecture TEXT NOT NULL,
    os_publisher TEXT NOT NULL,
    os_version TEXT NOT NULL,
    private_ipv4 TEXT,
    private_ipv6 TEXT,
    public_ipv4 TEXT,
    public_ipv6 TEXT,
    agent_synced_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id)
);

CREATE TABLE audiences (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    sla_severe TEXT,
    sla_critical TEXT,
    sla_high TEXT,
    sla_medium TEXT,
    sla_low TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id)
);

CREATE TABLE contracts (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    details TEXT NOT NULL,
    vendor TEXT NOT NULL,
    start_date DATE,
    end_date DATE,
    initial_date DATE,
    creator_agent_id BIGINT NOT NULL,
    value_cents BIGINT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, creator_agent_id) REFERENCES agents (company_id, id)
);

CREATE TABLE projects (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    creator_agent_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    info TEXT,
    severity INTEGER NOT NULL,
    status INTEGER NOT NULL,
    due_date DATE,
    due_date_set_by BIGINT,
    resolved_at TIMESTAMP,
    audience_id BIGINT,
    time_allocated_minutes INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, creator_agent_id) REFERENCES agents (company_id, id),
    FOREIGN KEY (company_id, due_date_set_by) REFERENCES agents (company_id, id),
    FOREIGN KEY (company_id, audience_id) REFERENCES audiences (company_id, id)
);

CREATE TABLE sites (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    office_number TEXT NOT NULL,
    address1 TEXT NOT NULL,
    address2 TEXT,
    city TEXT NOT NULL,
    state TEXT NOT NULL,
    zip TEXT NOT NULL,
    phone1 TEXT,
    phone2 TEXT,
    fax1 TEXT,
    fax2 TEXT,
    url1 TEXT,
    url2 TEXT,
    hours TEXT,
    ip1 TEXT,
    ip2 TEXT,
    external_ip1 TEXT,
    external_ip2 TEXT,
    location_details TEXT NOT NULL,
    network_details TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id)
);

CREATE TABLE tags (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, name)
);

CREATE TABLE tasks (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies (id),
    title TEXT NOT NULL,
    info TEXT NOT NULL,
    severity INTEGER NOT NULL,
    status INTEGER NOT NULL,
    private BOOLEAN NOT NULL,
    creator_id BIGINT NOT NULL,
    creator_type INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP,
    due_at_set_by BIGINT,
    resolved_at TIMESTAMP,
    resolved_by BIGINT,
    resolution_id BIGINT,
    audience_id BIGINT,
    project_id BIGINT,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, due_at_set_by) REFERENCES agents (company_id, id),
    FOREIGN KEY (company_id, resolved_by) REFERENCES agents (company_id, id),
    FOREIGN KEY (company_id, audience_id) REFERENCES audiences (company_id, id),
    FOREIGN KEY (company_id, project_id) REFERENCES projects (company_id, id)
);

CREATE INDEX tasks_company_id ON tasks (company_id, id);

CREATE TABLE task_clients (
    company_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    client_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, client_id),
    FOREIGN KEY (company_id, task_id) REFERENCES tasks (company_id, id),
    FOREIGN KEY (company_id, client_id) REFERENCES clients (company_id, id)
);

CREATE INDEX task_clients_client ON task_clients (client_id, task_id);

CREATE TABLE task_assets (
    company_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    asset_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, asset_id),
    FOREIGN KEY (company_id, task_id) REFERENCES tasks (company_id, id),
    FOREIGN KEY (company_id, asset_id) REFERENCES assets (company_id, id)
);

CREATE TABLE task_agents (
    company_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    agent_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, agent_id),
    FOREIGN KEY (company_id, task_id) REFERENCES tasks (company_id, id),
    FOREIGN KEY (company_id, agent_id) REFERENCES agents (company_id, id)
);

CREATE TABLE task_groups (
    company_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, group_id),
    FOREIGN KEY (company_id, task_id) REFERENCES tasks (company_id, id),
    FOREIGN KEY (company_id, group_id) REFERENCES agent_groups (company_id, id)
);

CREATE TABLE task_tags (
    company_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    tag_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, tag_id),
    FOREIGN KEY (company_id, task_id) REFERENCES tasks (company_id, id),
    FOREIGN KEY (company_id, tag_id) REFERENCES tags (company_id, id)
);

CREATE TABLE task_sites (
    company_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    site_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, site_id),
    FOREIGN KEY (company_id, task_id) REFERENCES tasks (company_id, id),
    FOREIGN KEY (company_id, site_id) REFERENCES sites (company_id, id)
);

CREATE TABLE task_comments (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    agent_id BIGINT,
    client_id BIGINT,
    file TEXT,
    file_type TEXT,
    kb_article_id BIGINT,
    body TEXT NOT NULL,
    private BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    FOREIGN KEY (company_id, task_id) REFERENCES tasks (company_id, id),
    FOREIGN KEY (company_id, agent_id) REFERENCES agents (company_id, id),
    FOREIGN KEY (company_id, client_id) REFERENCES clients (company_id, id)
);

CREATE INDEX task_comments_task ON task_comments (task_id, id);

-- Portal invitations waiting to be sent. No mail is sent yet: rows stay with sent_at unset.
CREATE TABLE client_invitations (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL,
    client_id BIGINT NOT NULL,
    email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    FOREIGN KEY (company_id, client_id) REFERENCES clients (company_id, id)
);
