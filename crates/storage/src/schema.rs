//! The diesel schema, shared by both backends: every column uses a SQL type that PostgreSQL
//! and SQLite map to the same Rust type.

diesel::table! {
    companies (id) {
        id -> BigInt,
        public_id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    server_secrets (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    agents (id) {
        id -> BigInt,
        company_id -> BigInt,
        first_name -> Text,
        last_name -> Text,
        email -> Text,
        phone -> Nullable<Text>,
        job_title -> Nullable<Text>,
        photo_url -> Text,
        active -> Bool,
        api_access -> Bool,
        super_user -> Bool,
        created_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    clients (id) {
        id -> BigInt,
        company_id -> BigInt,
        first_name -> Text,
        last_name -> Text,
        username -> Text,
        email -> Text,
        email_lower -> Nullable<Text>,
        active -> Bool,
        office_phone -> Text,
        mobile_phone -> Text,
        fax -> Text,
        job_title -> Text,
        department -> Text,
        office -> Text,
        address1 -> Text,
        address2 -> Text,
        city -> Text,
        state -> Text,
        country -> Text,
        zipcode -> Text,
        photo_url -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        company_id -> BigInt,
        agent_id -> BigInt,
        client_id -> Nullable<BigInt>,
        key_hash -> Text,
        scope -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    agent_groups (id) {
        id -> BigInt,
        company_id -> BigInt,
        name -> Text,
        description -> Text,
        location -> Text,
        phone -> Nullable<Text>,
        email -> Text,
        active -> Bool,
        creator_agent_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agent_group_members (group_id, agent_id) {
        company_id -> BigInt,
        group_id -> BigInt,
        agent_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    assets (id) {
        id -> BigInt,
        company_id -> BigInt,
        name -> Text,
        asset_type -> Text,
        manufacturer -> Text,
        model -> Text,
        serial_number -> Text,
        active -> Bool,
        memory -> Text,
        processor -> Nullable<Text>,
        warranty_date -> Nullable<Date>,
        notes -> Text,
        architecture -> Text,
        os_publisher -> Text,
        os_version -> Text,
        private_ipv4 -> Nullable<Text>,
        private_ipv6 -> Nullable<Text>,
        public_ipv4 -> Nullable<Text>,
        public_ipv6 -> Nullable<Text>,
        agent_synced_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    audiences (id) {
        id -> BigInt,
        company_id -> BigInt,
        name -> Text,
        active -> Bool,
        sla_severe -> Nullable<Text>,
        sla_critical -> Nullable<Text>,
        sla_high -> Nullable<Text>,
        sla_medium -> Nullable<Text>,
        sla_low -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    contracts (id) {
        id -> BigInt,
        company_id -> BigInt,
        name -> Text,
        details -> Text,
        vendor -> Text,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        initial_date -> Nullable<Date>,
        creator_agent_id -> BigInt,
        value_cents -> BigInt,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    projects (id) {
        id -> BigInt,
        company_id -> BigInt,
        creator_agent_id -> BigInt,
        title -> Text,
        info -> Nullable<Text>,
        severity -> Integer,
        status -> Integer,
        due_date -> Nullable<Date>,
        due_date_set_by -> Nullable<BigInt>,
        resolved_at -> Nullable<Timestamp>,
        audience_id -> Nullable<BigInt>,
        time_allocated_minutes -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sites (id) {
        id -> BigInt,
        company_id -> BigInt,
        name -> Text,
        active -> Bool,
        office_number -> Text,
        address1 -> Text,
        address2 -> Nullable<Text>,
        city -> Text,
        state -> Text,
        zip -> Text,
        phone1 -> Nullable<Text>,
        phone2 -> Nullable<Text>,
        fax1 -> Nullable<Text>,
        fax2 -> Nullable<Text>,
        url1 -> Nullable<Text>,
        url2 -> Nullable<Text>,
        hours -> Nullable<Text>,
        ip1 -> Nullable<Text>,
        ip2 -> Nullable<Text>,
        external_ip1 -> Nullable<Text>,
        external_ip2 -> Nullable<Text>,
        location_details -> Text,
        network_details -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    tags (id) {
        id -> BigInt,
        company_id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tasks (id) {
        id -> BigInt,
        company_id -> BigInt,
        title -> Text,
        info -> Text,
        severity -> Integer,
        status -> Integer,
        private -> Bool,
        creator_id -> BigInt,
        creator_type -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        due_at -> Nullable<Timestamp>,
        due_at_set_by -> Nullable<BigInt>,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<BigInt>,
        resolution_id -> Nullable<BigInt>,
        audience_id -> Nullable<BigInt>,
        project_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    task_clients (task_id, client_id) {
        company_id -> BigInt,
        task_id -> BigInt,
        client_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    task_assets (task_id, asset_id) {
        company_id -> BigInt,
        task_id -> BigInt,
        asset_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    task_agents (task_id, agent_id) {
        company_id -> BigInt,
        task_id -> BigInt,
        agent_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    task_groups (task_id, group_id) {
        company_id -> BigInt,
        task_id -> BigInt,
        group_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    task_tags (task_id, tag_id) {
        company_id -> BigInt,
        task_id -> BigInt,
        tag_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    task_sites (task_id, site_id) {
        company_id -> BigInt,
        task_id -> BigInt,
        site_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    task_comments (id) {
        id -> BigInt,
        company_id -> BigInt,
        task_id -> BigInt,
        agent_id -> Nullable<BigInt>,
        client_id -> Nullable<BigInt>,
        file -> Nullable<Text>,
        file_type -> Nullable<Text>,
        kb_article_id -> Nullable<BigInt>,
        body -> Text,
        private -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    client_invitations (id) {
        id -> BigInt,
        company_id -> BigInt,
        client_id -> BigInt,
        email -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    asset_sites (asset_id, site_id) {
        company_id -> BigInt,
        asset_id -> BigInt,
        site_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    asset_clients (asset_id, client_id) {
        company_id -> BigInt,
        asset_id -> BigInt,
        client_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    asset_tags (asset_id, tag_id) {
        company_id -> BigInt,
        asset_id -> BigInt,
        tag_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rate_limit_windows (bucket, window_start) {
        bucket -> Text,
        window_start -> BigInt,
        request_count -> BigInt,
    }
}

diesel::joinable!(api_keys -> companies (company_id));
diesel::joinable!(task_assets -> assets (asset_id));
diesel::joinable!(task_agents -> agents (agent_id));
diesel::joinable!(task_groups -> agent_groups (group_id));
diesel::joinable!(task_clients -> clients (client_id));
diesel::joinable!(task_tags -> tags (tag_id));
diesel::joinable!(agent_group_members -> agents (agent_id));

diesel::allow_tables_to_appear_in_same_query!(
    companies,
    server_secrets,
    agents,
    clients,
    api_keys,
    agent_groups,
    agent_group_members,
    assets,
    audiences,
    contracts,
    projects,
    sites,
    tags,
    tasks,
    task_clients,
    task_assets,
    task_agents,
    task_groups,
    task_tags,
    task_sites,
    task_comments,
    client_invitations,
);
