//! Task queries.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::AsChangeset;
use diesel::{ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper};

use crate::Database;
use crate::error::{Result, StorageError};
use crate::links::{ClientRef, LinkRequest, ReplaceLinks};
use crate::models::{
    Agent, AgentGroup, Asset, Client, NewClient, NewTask, NewTaskComment, Task, TaskComment,
    TaskLinkIds, TaskTag,
};
use crate::schema::{
    agent_groups, agents, assets, audiences, client_invitations, clients, projects, sites, tags,
    task_agents, task_assets, task_clients, task_comments, task_groups, task_sites, task_tags,
    tasks,
};

/// The set of tasks and comments a caller may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskVisibility {
    /// Every task and comment of the company, private ones included.
    All,
    /// Only the public tasks this client is linked to, and only their public comments.
    Client(i64),
}

/// Changes to a task's own columns; `None` keeps a value.
#[derive(Clone, Debug, Default, AsChangeset)]
#[diesel(table_name = tasks)]
pub struct TaskChanges {
    pub title: Option<String>,
    pub info: Option<String>,
    pub severity: Option<i32>,
    pub status: Option<i32>,
    pub private: Option<bool>,
    pub due_at: Option<Option<NaiveDateTime>>,
    pub due_at_set_by: Option<Option<i64>>,
    pub resolved_at: Option<Option<NaiveDateTime>>,
    pub resolved_by: Option<Option<i64>>,
    pub resolution_id: Option<Option<i64>>,
    pub audience_id: Option<Option<i64>>,
    pub project_id: Option<Option<i64>>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Builds the query of the tasks `$visibility` allows in company `$company`.
macro_rules! visible_tasks {
    ($company:expr, $visibility:expr) => {{
        let mut query = tasks::table
            .filter(tasks::company_id.eq($company))
            .into_boxed();
        if let TaskVisibility::Client(client) = $visibility {
            query = query.filter(tasks::private.eq(false)).filter(
                tasks::id.eq_any(
                    task_clients::table
                        .filter(task_clients::client_id.eq(client))
                        .select(task_clients::task_id),
                ),
            );
        }
        query
    }};
}

/// Fails with NotFound unless task `$id` is visible.
macro_rules! require_visible_task {
    ($conn:expr, $company:expr, $id:expr, $visibility:expr) => {{
        visible_tasks!($company, $visibility)
            .filter(tasks::id.eq($id))
            .select(tasks::id)
            .first::<i64>($conn)
            .await
            .map_err(StorageError::from_lookup)?
    }};
}

/// Checks the single-record references of a task: audience and project.
macro_rules! check_task_references {
    ($conn:expr, $company:expr, $audience:expr, $project:expr) => {{
        if let Some(id) = $audience {
            check_ids!($conn, audiences, $company, [id], "audience_id");
        }
        if let Some(id) = $project {
            check_ids!($conn, projects, $company, [id], "project_id");
        }
    }};
}

impl Database {
    /// Returns a visible task with its link ids.
    pub async fn get_task(
        &self,
        company: i64,
        id: i64,
        visibility: TaskVisibility,
    ) -> Result<(Task, TaskLinkIds)> {
        crate::with_conn!(self, |conn| {
            let task = visible_tasks!(company, visibility)
                .filter(tasks::id.eq(id))
                .select(Task::as_select())
                .first::<Task>(conn)
                .await
                .map_err(StorageError::from_lookup)?;
            let mut links = load_links!(conn, vec![task.id]);
            let links = links.remove(&task.id).unwrap_or_default();
            Ok((task, links))
        })
    }

    /// Returns up to `limit` visible tasks with an id above `after`, by ascending id.
    pub async fn list_tasks(
        &self,
        company: i64,
        visibility: TaskVisibility,
        after: Option<i64>,
        limit: i64,
    ) -> Result<Vec<(Task, TaskLinkIds)>> {
        crate::with_conn!(self, |conn| {
            let rows = visible_tasks!(company, visibility)
                .filter(tasks::id.gt(after.unwrap_or(i64::MIN)))
                .order(tasks::id.asc())
                .limit(limit)
                .select(Task::as_select())
                .load::<Task>(conn)
                .await?;
            let mut links = load_links!(conn, rows.iter().map(|task| task.id).collect());
            Ok(rows
                .into_iter()
                .map(|task| {
                    let task_links = links.remove(&task.id).unwrap_or_default();
                    (task, task_links)
                })
                .collect())
        })
    }

    /// Counts the visible tasks.
    pub async fn count_tasks(&self, company: i64, visibility: TaskVisibility) -> Result<i64> {
        crate::with_conn!(self, |conn| {
            Ok(visible_tasks!(company, visibility)
                .count()
                .get_result::<i64>(conn)
                .await?)
        })
    }

    /// Inserts a task and its links in one transaction and returns the new id. A link to a
    /// record that is missing or belongs to another company writes nothing.
    pub async fn create_task(&self, new_task: NewTask, links: LinkRequest) -> Result<i64> {
        let company = new_task.company_id;
        let now = new_task.created_at;
        crate::in_transaction!(self, |conn| {
            check_task_references!(conn, company, new_task.audience_id, new_task.project_id);
            let id = diesel::insert_into(tasks::table)
                .values(&new_task)
                .returning(tasks::id)
                .get_result::<i64>(conn)
                .await?;
            write_links!(conn, company, id, links, &ReplaceLinks::default(), now);
            Ok(id)
        })
    }

    /// Changes a task's columns and links in one transaction. Fails with NotFound when the
    /// task is not in the company; a bad link writes nothing.
    pub async fn update_task(
        &self,
        company: i64,
        id: i64,
        changes: TaskChanges,
        replace: ReplaceLinks,
        add: LinkRequest,
    ) -> Result<()> {
        let now = changes.updated_at.unwrap_or_else(crate::now);
        crate::in_transaction!(self, |conn| {
            require_visible_task!(conn, company, id, TaskVisibility::All);
            check_task_references!(
                conn,
                company,
                changes.audience_id.flatten(),
                changes.project_id.flatten()
            );
            diesel::update(
                tasks::table
                    .filter(tasks::company_id.eq(company))
                    .filter(tasks::id.eq(id)),
            )
            .set(&changes)
            .execute(conn)
            .await?;
            write_links!(conn, company, id, add, &replace, now);
            Ok(())
        })
    }

    /// Returns the current status number and resolution time of a task, for update rules.
    pub async fn task_status(&self, company: i64, id: i64) -> Result<i32> {
        crate::with_conn!(self, |conn| {
            tasks::table
                .filter(tasks::company_id.eq(company))
                .filter(tasks::id.eq(id))
                .select(tasks::status)
                .first::<i32>(conn)
                .await
                .map_err(StorageError::from_lookup)
        })
    }

    /// Returns up to `limit` assets of a visible task with an id above `after`, and their total.
    pub async fn list_task_assets(
        &self,
        company: i64,
        task: i64,
        visibility: TaskVisibility,
        after: Option<i64>,
        limit: i64,
    ) -> Result<(Vec<Asset>, i64)> {
        crate::with_conn!(self, |conn| {
            require_visible_task!(conn, company, task, visibility);
            let rows = task_assets::table
                .inner_join(assets::table)
                .filter(task_assets::task_id.eq(task))
                .filter(assets::company_id.eq(company))
                .filter(assets::id.gt(after.unwrap_or(i64::MIN)))
                .order(assets::id.asc())
                .limit(limit)
                .select(Asset::as_select())
                .load::<Asset>(conn)
                .await?;
            let total = task_assets::table
                .filter(task_assets::task_id.eq(task))
                .count()
                .get_result::<i64>(conn)
                .await?;
            Ok((rows, total))
        })
    }

    /// Returns up to `limit` visible comments of a visible task with an id above `after`,
    /// and their total.
    pub async fn list_task_comments(
        &self,
        company: i64,
        task: i64,
        visibility: TaskVisibility,
        after: Option<i64>,
        limit: i64,
    ) -> Result<(Vec<TaskComment>, i64)> {
        crate::with_conn!(self, |conn| {
            require_visible_task!(conn, company, task, visibility);
            let mut query = task_comments::table
                .filter(task_comments::company_id.eq(company))
                .filter(task_comments::task_id.eq(task))
                .into_boxed();
            let mut count = task_comments::table
                .filter(task_comments::company_id.eq(company))
                .filter(task_comments::task_id.eq(task))
                .into_boxed();
            if visibility != TaskVisibility::All {
                query = query.filter(task_comments::private.eq(false));
                count = count.filter(task_comments::private.eq(false));
            }
            let rows = query
                .filter(task_comments::id.gt(after.unwrap_or(i64::MIN)))
                .order(task_comments::id.asc())
                .limit(limit)
                .select(TaskComment::as_select())
                .load::<TaskComment>(conn)
                .await?;
            let total = count.count().get_result::<i64>(conn).await?;
            Ok((rows, total))
        })
    }

    /// Adds a comment to a visible task and returns it.
    pub async fn create_task_comment(
        &self,
        comment: NewTaskComment,
        visibility: TaskVisibility,
    ) -> Result<TaskComment> {
        let company = comment.company_id;
        crate::in_transaction!(self, |conn| {
            require_visible_task!(conn, company, comment.task_id, visibility);
            let created = diesel::insert_into(task_comments::table)
                .values(&comment)
                .returning(TaskComment::as_returning())
                .get_result::<TaskComment>(conn)
                .await?;
            diesel::update(tasks::table.filter(tasks::id.eq(comment.task_id)))
                .set(tasks::updated_at.eq(comment.created_at))
                .execute(conn)
                .await?;
            Ok(created)
        })
    }

    /// Returns the agents, groups and clients linked to a visible task, each by id.
    pub async fn list_task_members(
        &self,
        company: i64,
        task: i64,
        visibility: TaskVisibility,
    ) -> Result<(Vec<Agent>, Vec<AgentGroup>, Vec<Client>)> {
        crate::with_conn!(self, |conn| {
            require_visible_task!(conn, company, task, visibility);
            let agent_rows = task_agents::table
                .inner_join(agents::table)
                .filter(task_agents::task_id.eq(task))
                .filter(agents::company_id.eq(company))
                .order(agents::id.asc())
                .select(Agent::as_select())
                .load::<Agent>(conn)
                .await?;
            let group_rows = task_groups::table
                .inner_join(agent_groups::table)
                .filter(task_groups::task_id.eq(task))
                .filter(agent_groups::company_id.eq(company))
                .order(agent_groups::id.asc())
                .select(AgentGroup::as_select())
                .load::<AgentGroup>(conn)
                .await?;
            let client_rows = task_clients::table
                .inner_join(clients::table)
                .filter(task_clients::task_id.eq(task))
                .filter(clients::company_id.eq(company))
                .order(clients::id.asc())
                .select(Client::as_select())
                .load::<Client>(conn)
                .await?;
            Ok((agent_rows, group_rows, client_rows))
        })
    }

    /// Returns up to `limit` tags of a visible task with an id above `after`, and their total.
    pub async fn list_task_tags(
        &self,
        company: i64,
        task: i64,
        visibility: TaskVisibility,
        after: Option<i64>,
        limit: i64,
    ) -> Result<(Vec<TaskTag>, i64)> {
        crate::with_conn!(self, |conn| {
            require_visible_task!(conn, company, task, visibility);
            let rows = task_tags::table
                .inner_join(tags::table)
                .filter(task_tags::task_id.eq(task))
                .filter(tags::company_id.eq(company))
                .filter(tags::id.gt(after.unwrap_or(i64::MIN)))
                .order(tags::id.asc())
                .limit(limit)
                .select((tags::id, tags::name, task_tags::created_at))
                .load::<(i64, String, NaiveDateTime)>(conn)
                .await?;
            let total = task_tags::table
                .filter(task_tags::task_id.eq(task))
                .count()
                .get_result::<i64>(conn)
                .await?;
            Ok((
                rows.into_iter()
                    .map(|(tag_id, name, linked_at)| TaskTag {
                        tag_id,
                        name,
                        linked_at,
                    })
                    .collect(),
                total,
            ))
        })
    }
}
