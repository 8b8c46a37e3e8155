//! Bulk loading of whole records with explicit ids, for demo data and tests.

use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, QueryDsl};

use crate::Database;
use crate::db::BackendKind;
use crate::error::{Result, StorageError};
use crate::models::{
    NewAgent, NewAgentGroup, NewAsset, NewAudience, NewClient, NewContract, NewProject, NewSite,
    NewTag, NewTask, NewTaskComment,
};
use crate::schema::{
    agent_group_members, agent_groups, agents, api_keys, assets, audiences, clients, companies,
    contracts, projects, sites, tags, task_agents, task_assets, task_clients, task_comments,
    task_groups, task_sites, task_tags, tasks,
};

/// One link row: (task or group id, linked id, created at).
pub type LinkRow = (i64, i64, NaiveDateTime);

/// Everything one company's seed inserts. Every record carries its own company id.
#[derive(Clone, Debug, Default)]
pub struct Seed {
    pub agents: Vec<NewAgent>,
    pub clients: Vec<NewClient>,
    pub groups: Vec<NewAgentGroup>,
    pub group_members: Vec<LinkRow>,
    pub assets: Vec<NewAsset>,
    pub audiences: Vec<NewAudience>,
    pub contracts: Vec<NewContract>,
    pub projects: Vec<NewProject>,
    pub sites: Vec<NewSite>,
    pub tags: Vec<NewTag>,
    pub tasks: Vec<NewTask>,
    pub task_clients: Vec<LinkRow>,
    pub task_assets: Vec<LinkRow>,
    pub task_agents: Vec<LinkRow>,
    pub task_groups: Vec<LinkRow>,
    pub task_tags: Vec<LinkRow>,
    pub task_sites: Vec<LinkRow>,
    pub comments: Vec<NewTaskComment>,
    /// (agent id, key hash, scope) of API keys to store.
    pub api_keys: Vec<(i64, String, String)>,
}

macro_rules! insert_all {
    ($conn:expr, $table:ident, $rows:expr) => {{
        for row in $rows {
            diesel::insert_into($table::table)
                .values(row)
                .execute($conn)
                .await?;
        }
    }};
}

macro_rules! insert_links {
    ($conn:expr, $table:ident, $owner:ident, $linked:ident, $company:expr, $rows:expr) => {{
        for (owner, linked, created_at) in $rows {
            diesel::insert_into($table::table)
                .values((
                    $table::company_id.eq($company),
                    $table::$owner.eq(*owner),
                    $table::$linked.eq(*linked),
                    $table::created_at.eq(*created_at),
                ))
                .execute($conn)
                .await?;
        }
    }};
}

/// The tables whose ids come from a sequence on PostgreSQL.
const SERIAL_TABLES: &[&str] = &[
    "companies",
    "agents",
    "clients",
    "api_keys",
    "agent_groups",
    "assets",
    "audiences",
    "contracts",
    "projects",
    "sites",
    "tags",
    "tasks",
    "task_comments",
    "client_invitations",
];

impl Database {
    /// Inserts every record of `seed` for company `company` in one transaction. On PostgreSQL
    /// the id sequences then move past the explicit ids, so later inserts get fresh ids.
    pub async fn load_seed(&self, company: i64, seed: &Seed) -> Result<()> {
        let now = crate::now();
        crate::in_transaction!(self, |conn| {
            insert_all!(conn, agents, &seed.agents);
            insert_all!(conn, clients, &seed.clients);
            insert_all!(conn, audiences, &seed.audiences);
            insert_all!(conn, agent_groups, &seed.groups);
            insert_links!(
                conn,
                agent_group_members,
                group_id,
                agent_id,
                company,
                &seed.group_members
            );
            insert_all!(conn, assets, &seed.assets);
            insert_all!(conn, contracts, &seed.contracts);
            insert_all!(conn, projects, &seed.projects);
            insert_all!(conn, sites, &seed.sites);
            insert_all!(conn, tags, &seed.tags);
            insert_all!(conn, tasks, &seed.tasks);
            insert_links!(
                conn,
                task_clients,
                task_id,
                client_id,
                company,
                &seed.task_clients
            );
            insert_links!(
                conn,
                task_assets,
                task_id,
                asset_id,
                company,
                &seed.task_assets
            );
            insert_links!(
                conn,
                task_agents,
                task_id,
                agent_id,
                company,
                &seed.task_agents
            );
            insert_links!(
                conn,
                task_groups,
                task_id,
                group_id,
                company,
                &seed.task_groups
            );
            insert_links!(conn, task_tags, task_id, tag_id, company, &seed.task_tags);
            insert_links!(
                conn,
                task_sites,
                task_id,
                site_id,
                company,
                &seed.task_sites
            );
            insert_all!(conn, task_comments, &seed.comments);
            for (agent, key_hash, scope) in &seed.api_keys {
                diesel::insert_into(api_keys::table)
                    .values((
                        api_keys::company_id.eq(company),
                        api_keys::agent_id.eq(*agent),
                        api_keys::key_hash.eq(key_hash),
                        api_keys::scope.eq(scope),
                        api_keys::created_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
            }
            Ok(())
        })?;
        if self.kind() == BackendKind::Postgres {
            self.advance_sequences().await?;
        }
        Ok(())
    }

    /// Moves each PostgreSQL id sequence past the largest id in use.
    async fn advance_sequences(&self) -> Result<()> {
        crate::with_conn!(self, |conn| {
            for table in SERIAL_TABLES {
                let statement = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
                );
                diesel::sql_query(statement).execute(conn).await?;
            }
            Ok::<(), StorageError>(())
        })
    }

    /// Tells whether any company uses `public_id`.
    pub async fn company_exists(&self, public_id: &str) -> Result<bool> {
        crate::with_conn!(self, |conn| {
            let count = companies::table
                .filter(companies::public_id.eq(public_id))
                .count()
                .get_result::<i64>(conn)
                .await?;
            Ok(count > 0)
        })
    }
}
