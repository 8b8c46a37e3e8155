//! Queries of the records other than tasks: one get, list, count, insert and update per
//! table, all scoped to a company, plus group members, asset links and tag deletion.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::{ExpressionMethods, QueryDsl, SelectableHelper};

use crate::Database;
use crate::error::{Result, StorageError};
use crate::models::{
    Agent, AgentGroup, Asset, AssetLinkIds, Audience, Client, Contract, NewAgent, NewAgentGroup,
    NewAsset, NewAudience, NewClient, NewContract, NewProject, NewSite, NewTag, Project, Site, Tag,
};
use crate::schema::{
    agent_group_members, agent_groups, agents, asset_clients, asset_sites, asset_tags, assets,
    audiences, clients, contracts, projects, sites, tags, task_comments, task_tags, tasks,
};

/// Kinds of records that other records refer to by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Agent,
    AgentGroup,
    Asset,
    Audience,
    Client,
    Contract,
    Project,
    Site,
    Tag,
    Task,
}

impl StorageError {
    /// Maps a failed write: uniqueness and reference violations become
    /// [`StorageError::Conflict`] with a message that callers can show.
    pub fn from_write(error: DieselError, what: &str) -> StorageError {
        match error {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                StorageError::Conflict(format!("{what} already exists"))
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                StorageError::Conflict(format!("{what} refers to a record that does not exist"))
            }
            DieselError::NotFound => StorageError::NotFound,
            other => StorageError::Query(other),
        }
    }
}

/// Generates get, list, count, insert and update for one table.
macro_rules! record_queries {
    (
        $table:ident, $row:ident, $new:ident, $what:literal,
        $get:ident, $list:ident, $count:ident, $insert:ident, $update:ident
    ) => {
        impl Database {
            pub async fn $get(&self, company: i64, id: i64) -> Result<$row> {
                crate::with_conn!(self, |conn| {
                    $table::table
                        .filter($table::company_id.eq(company))
                        .filter($table::id.eq(id))
                        .select($row::as_select())
                        .first::<$row>(conn)
                        .await
                        .map_err(StorageError::from_lookup)
                })
            }

            /// Returns up to `limit` rows with an id above `after`, by ascending id.
            pub async fn $list(
                &self,
                company: i64,
                after: Option<i64>,
                limit: i64,
            ) -> Result<Vec<$row>> {
                crate::with_conn!(self, |conn| {
                    Ok($table::table
                        .filter($table::company_id.eq(company))
                        .filter($table::id.gt(after.unwrap_or(i64::MIN)))
                        .order($table::id.asc())
                        .limit(limit)
                        .select($row::as_select())
                        .load::<$row>(conn)
                        .await?)
                })
            }

            pub async fn $count(&self, company: i64) -> Result<i64> {
                crate::with_conn!(self, |conn| {
                    Ok($table::table
                        .filter($table::company_id.eq(company))
                        .count()
                        .get_result::<i64>(conn)
                        .await?)
                })
            }

            pub async fn $insert(&self, row: $new) -> Result<$row> {
                crate::in_transaction!(self, |conn| {
                    diesel::insert_into($table::table)
                        .values(&row)
                        .returning($row::as_returning())
                        .get_result::<$row>(conn)
                        .await
                        .map_err(|error| StorageError::from_write(error, $what))
                })
            }

            /// Replaces every column of row `id` with `row`. NotFound when the row is not in
            /// the company.
            pub async fn $update(&self, company: i64, id: i64, mut row: $new) -> Result<$row> {
                row.id = Some(id);
                row.company_id = company;
                crate::in_transaction!(self, |conn| {
                    diesel::update(
                        $table::table
                            .filter($table::company_id.eq(company))
                            .filter($table::id.eq(id)),
                    )
                    .set(&row)
                    .returning($row::as_returning())
                    .get_result::<$row>(conn)
                    .await
                    .map_err(|error| StorageError::from_write(error, $what))
                })
            }
        }
    };
}

record_queries!(
    agents,
    Agent,
    NewAgent,
    "an agent with these values",
    get_agent_row,
    list_agents,
    count_agents,
    insert_agent,
    update_agent
);
record_queries!(
    clients,
    Client,
    NewClient,
    "a client with this email",
    get_client,
    list_clients,
    count_clients,
    insert_client,
    update_client
);
record_queries!(
    agent_groups,
    AgentGroup,
    NewAgentGroup,
    "this agent group",
    get_agent_group,
    list_agent_groups,
    count_agent_groups,
    insert_agent_group,
    update_agent_group
);
record_queries!(
    audiences,
    Audience,
    NewAudience,
    "this audience",
    get_audience,
    list_audiences,
    count_audiences,
    insert_audience,
    update_audience
);
record_queries!(
    contracts,
    Contract,
    NewContract,
    "this contract",
    get_contract,
    list_contracts,
    count_contracts,
    insert_contract,
    update_contract
);
record_queries!(
    projects,
    Project,
    NewProject,
    "this project",
    get_project,
    list_projects,
    count_projects,
    insert_project,
    update_project
);
record_queries!(
    sites,
    Site,
    NewSite,
    "this site",
    get_site,
    list_sites,
    count_sites,
    insert_site,
    update_site
);
record_queries!(
    tags,
    Tag,
    NewTag,
    "a tag with this name",
    get_tag,
    list_tags,
    count_tags,
    insert_tag,
    update_tag
);
record_queries!(
    assets,
    Asset,
    NewAsset,
    "this asset",
    get_asset,
    list_assets,
    count_assets,
    insert_asset_row,
    update_asset_row
);

macro_rules! missing_in {
    ($conn:expr, $table:ident, $company:expr, $ids:expr) => {{
        let found: BTreeSet<i64> = $table::table
            .filter($table::company_id.eq($company))
            .filter($table::id.eq_any($ids.iter().copied().collect::<Vec<_>>()))
            .select($table::id)
            .load::<i64>($conn)
            .await?
            .into_iter()
            .collect();
        $ids.difference(&found).next().copied()
    }};
}

macro_rules! replace_asset_links {
    ($conn:expr, $table:ident, $column:ident, $company:expr, $asset:expr, $ids:expr, $now:expr) => {{
        diesel::delete($table::table.filter($table::asset_id.eq($asset)))
            .execute($conn)
            .await?;
        let unique: BTreeSet<i64> = $ids.iter().copied().collect();
        for id in unique {
            diesel::insert_into($table::table)
                .values((
                    $table::company_id.eq($company),
                    $table::asset_id.eq($asset),
                    $table::$column.eq(id),
                    $table::created_at.eq($now),
                ))
                .execute($conn)
                .await?;
        }
    }};
}

/// Link sets of an asset to replace; `None` keeps a set.
#[derive(Clone, Debug, Default)]
pub struct AssetLinkChanges {
    pub site_ids: Option<Vec<i64>>,
    pub client_ids: Option<Vec<i64>>,
    pub tag_ids: Option<Vec<i64>>,
}

impl Database {
    /// Returns the first of `ids` that is not a record of `kind` in the company.
    pub async fn first_missing(
        &self,
        kind: RecordKind,
        company: i64,
        ids: &[i64],
    ) -> Result<Option<i64>> {
        let ids: BTreeSet<i64> = ids.iter().copied().collect();
        if ids.is_empty() {
            return Ok(None);
        }
        crate::with_conn!(self, |conn| {
            Ok(match kind {
                RecordKind::Agent => missing_in!(conn, agents, company, ids),
                RecordKind::AgentGroup => missing_in!(conn, agent_groups, company, ids),
                RecordKind::Asset => missing_in!(conn, assets, company, ids),
                RecordKind::Audience => missing_in!(conn, audiences, company, ids),
                RecordKind::Client => missing_in!(conn, clients, company, ids),
                RecordKind::Contract => missing_in!(conn, contracts, company, ids),
                RecordKind::Project => missing_in!(conn, projects, company, ids),
                RecordKind::Site => missing_in!(conn, sites, company, ids),
                RecordKind::Tag => missing_in!(conn, tags, company, ids),
                RecordKind::Task => missing_in!(conn, tasks, company, ids),
            })
        })
    }

    /// Loads the link ids of one asset.
    pub async fn asset_links(&self, asset: i64) -> Result<AssetLinkIds> {
        crate::with_conn!(self, |conn| {
            Ok(AssetLinkIds {
                site_ids: asset_sites::table
                    .filter(asset_sites::asset_id.eq(asset))
                    .order(asset_sites::site_id)
                    .select(asset_sites::site_id)
                    .load::<i64>(conn)
                    .await?,
                client_ids: asset_clients::table
                    .filter(asset_clients::asset_id.eq(asset))
                    .order(asset_clients::client_id)
                    .select(asset_clients::client_id)
                    .load::<i64>(conn)
                    .await?,
                tag_ids: asset_tags::table
                    .filter(asset_tags::asset_id.eq(asset))
                    .order(asset_tags::tag_id)
                    .select(asset_tags::tag_id)
                    .load::<i64>(conn)
                    .await?,
            })
        })
    }

    /// Inserts or updates an asset and replaces the named link sets, in one transaction.
    /// Callers check that every linked id exists in the company first; the schema's
    /// references reject the rest.
    pub async fn save_asset(
        &self,
        existing: Option<i64>,
        mut row: NewAsset,
        links: AssetLinkChanges,
    ) -> Result<Asset> {
        let company = row.company_id;
        let now: NaiveDateTime = row.updated_at;
        crate::in_transaction!(self, |conn| {
            let asset = match existing {
                Some(id) => {
                    row.id = Some(id);
                    diesel::update(
                        assets::table
                            .filter(assets::company_id.eq(company))
                            .filter(assets::id.eq(id)),
                    )
                    .set(&row)
                    .returning(Asset::as_returning())
                    .get_result::<Asset>(conn)
                    .await
                    .map_err(|error| StorageError::from_write(error, "this asset"))?
                }
                None => diesel::insert_into(assets::table)
                    .values(&row)
                    .returning(Asset::as_returning())
                    .get_result::<Asset>(conn)
                    .await
                    .map_err(|error| StorageError::from_write(error, "this asset"))?,
            };
            if let Some(ids) = &links.site_ids {
                replace_asset_links!(conn, asset_sites, site_id, company, asset.id, ids, now);
            }
            if let Some(ids) = &links.client_ids {
                replace_asset_links!(conn, asset_clients, client_id, company, asset.id, ids, now);
            }
            if let Some(ids) = &links.tag_ids {
                replace_asset_links!(conn, asset_tags, tag_id, company, asset.id, ids, now);
            }
            Ok(asset)
        })
    }

    /// Returns up to `limit` agents of a group with an id above `after`, and their total.
    pub async fn list_group_members(
        &self,
        company: i64,
        group: i64,
        after: Option<i64>,
        limit: i64,
    ) -> Result<(Vec<Agent>, i64)> {
        self.get_agent_group(company, group).await?;
        crate::with_conn!(self, |conn| {
            let rows = agent_group_members::table
                .inner_join(agents::table)
                .filter(agent_group_members::group_id.eq(group))
                .filter(agents::company_id.eq(company))
                .filter(agents::id.gt(after.unwrap_or(i64::MIN)))
                .order(agents::id.asc())
                .limit(limit)
                .select(Agent::as_select())
                .load::<Agent>(conn)
                .await?;
            let total = agent_group_members::table
                .filter(agent_group_members::group_id.eq(group))
                .count()
                .get_result::<i64>(conn)
                .await?;
            Ok((rows, total))
        })
    }

    /// Adds an agent to a group; adding a member twice changes nothing.
    pub async fn add_group_member(&self, company: i64, group: i64, agent: i64) -> Result<()> {
        let now = crate::now();
        crate::in_transaction!(self, |conn| {
            let present = agent_group_members::table
                .filter(agent_group_members::group_id.eq(group))
                .filter(agent_group_members::agent_id.eq(agent))
                .count()
                .get_result::<i64>(conn)
                .await?;
            if present == 0 {
                diesel::insert_into(agent_group_members::table)
                    .values((
                        agent_group_members::company_id.eq(company),
                        agent_group_members::group_id.eq(group),
                        agent_group_members::agent_id.eq(agent),
                        agent_group_members::created_at.eq(now),
                    ))
                    .execute(conn)
                    .await
                    .map_err(|error| StorageError::from_write(error, "this membership"))?;
            }
            Ok(())
        })
    }

    /// Removes an agent from a group. NotFound when the agent is not a member.
    pub async fn remove_group_member(&self, company: i64, group: i64, agent: i64) -> Result<()> {
        crate::in_transaction!(self, |conn| {
            let removed = diesel::delete(
                agent_group_members::table
                    .filter(agent_group_members::company_id.eq(company))
                    .filter(agent_group_members::group_id.eq(group))
                    .filter(agent_group_members::agent_id.eq(agent)),
            )
            .execute(conn)
            .await?;
            if removed == 0 {
                return Err(StorageError::NotFound);
            }
            Ok(())
        })
    }

    /// Deletes a tag and removes it from every task and asset, in one transaction.
    pub async fn delete_tag(&self, company: i64, id: i64) -> Result<()> {
        crate::in_transaction!(self, |conn| {
            diesel::delete(
                task_tags::table
                    .filter(task_tags::company_id.eq(company))
                    .filter(task_tags::tag_id.eq(id)),
            )
            .execute(conn)
            .await?;
            diesel::delete(
                asset_tags::table
                    .filter(asset_tags::company_id.eq(company))
                    .filter(asset_tags::tag_id.eq(id)),
            )
            .execute(conn)
            .await?;
            let removed = diesel::delete(
                tags::table
                    .filter(tags::company_id.eq(company))
                    .filter(tags::id.eq(id)),
            )
            .execute(conn)
            .await?;
            if removed == 0 {
                return Err(StorageError::NotFound);
            }
            Ok(())
        })
    }

    /// Deletes a comment of a task. NotFound when either is not in the company.
    pub async fn delete_task_comment(&self, company: i64, task: i64, comment: i64) -> Result<()> {
        crate::in_transaction!(self, |conn| {
            let removed = diesel::delete(
                task_comments::table
                    .filter(task_comments::company_id.eq(company))
                    .filter(task_comments::task_id.eq(task))
                    .filter(task_comments::id.eq(comment)),
            )
            .execute(conn)
            .await?;
            if removed == 0 {
                return Err(StorageError::NotFound);
            }
            Ok(())
        })
    }
}

impl Database {
    /// Returns (client id, email) of every portal invitation not sent yet.
    pub async fn pending_invitations(&self, company: i64) -> Result<Vec<(i64, String)>> {
        use crate::schema::client_invitations;
        crate::with_conn!(self, |conn| {
            Ok(client_invitations::table
                .filter(client_invitations::company_id.eq(company))
                .filter(client_invitations::sent_at.is_null())
                .order(client_invitations::id.asc())
                .select((client_invitations::client_id, client_invitations::email))
                .load::<(i64, String)>(conn)
                .await?)
        })
    }

    /// Lists (table, column, nullable) of every table the migrations create, sorted, so tests
    /// can check that both backends have the same schema.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String, bool)>> {
        use diesel::sql_types::{Bool, Text};

        #[derive(diesel::QueryableByName)]
        struct Column {
            #[diesel(sql_type = Text)]
            table_name: String,
            #[diesel(sql_type = Text)]
            column_name: String,
            #[diesel(sql_type = Bool)]
            nullable: bool,
        }

        let postgres = "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             (is_nullable = 'YES') AS nullable FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '__diesel_schema_migrations'";
        let sqlite = "SELECT m.name AS table_name, p.name AS column_name, \
             (p.\"notnull\" = 0 AND p.pk = 0) AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '__diesel_schema_migrations'";
        let statement = match self.kind() {
            crate::BackendKind::Postgres => postgres,
            crate::BackendKind::Sqlite => sqlite,
        };
        let mut columns = crate::with_conn!(self, |conn| {
            Ok::<_, StorageError>(
                diesel::sql_query(statement)
                    .load::<Column>(conn)
                    .await?
                    .into_iter()
                    .map(|column| (column.table_name, column.column_name, column.nullable))
                    .collect::<Vec<_>>(),
            )
        })?;
        columns.sort();
        Ok(columns)
    }
}

impl Database {
    /// Adds one request to `bucket` in the window that starts at `window_start` (Unix
    /// seconds) and returns the window's count, all in one statement, so every server process
    /// sharing the database counts against the same budget.
    pub async fn count_request(&self, bucket: &str, window_start: i64) -> Result<i64> {
        use crate::schema::rate_limit_windows as windows;
        crate::in_transaction!(self, |conn| {
            Ok(diesel::insert_into(windows::table)
                .values((
                    windows::bucket.eq(bucket),
                    windows::window_start.eq(window_start),
                    windows::request_count.eq(1_i64),
                ))
                .on_conflict((windows::bucket, windows::window_start))
                .do_update()
                .set(windows::request_count.eq(windows::request_count + 1_i64))
                .returning(windows::request_count)
                .get_result::<i64>(conn)
                .await?)
        })
    }

    /// Returns the count of `bucket` in the window that starts at `window_start`.
    pub async fn requests_in_window(&self, bucket: &str, window_start: i64) -> Result<i64> {
        use crate::schema::rate_limit_windows as windows;
        use diesel::OptionalExtension;
        crate::with_conn!(self, |conn| {
            Ok(windows::table
                .filter(windows::bucket.eq(bucket))
                .filter(windows::window_start.eq(window_start))
                .select(windows::request_count)
                .first::<i64>(conn)
                .await
                .optional()?
                .unwrap_or(0))
        })
    }

    /// Deletes the windows that started before `before` (Unix seconds).
    pub async fn forget_windows_before(&self, before: i64) -> Result<usize> {
        use crate::schema::rate_limit_windows as windows;
        crate::in_transaction!(self, |conn| {
            Ok(
                diesel::delete(windows::table.filter(windows::window_start.lt(before)))
                    .execute(conn)
                    .await?,
            )
        })
    }
}
