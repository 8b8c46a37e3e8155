//! Links between a task and other records: checks that each linked id exists in the
//! caller's company, client lookup by email with optional auto-creation, and link writes.

/// A client named by id or by email address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientRef {
    Id(i64),
    Email(String),
}

/// Records to link to a task in addition to its current links.
#[derive(Clone, Debug, Default)]
pub struct LinkRequest {
    pub clients: Vec<ClientRef>,
    pub asset_ids: Vec<i64>,
    pub agent_ids: Vec<i64>,
    pub group_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    pub site_ids: Vec<i64>,
    /// Create a client for each email that matches none.
    pub auto_create_clients: bool,
    /// Record a portal invitation for each auto-created client.
    pub auto_invite_clients: bool,
}

/// Link sets to replace whole; `Some(vec![])` removes every link of that kind.
#[derive(Clone, Debug, Default)]
pub struct ReplaceLinks {
    pub client_ids: Option<Vec<i64>>,
    pub asset_ids: Option<Vec<i64>>,
    pub agent_ids: Option<Vec<i64>>,
    pub group_ids: Option<Vec<i64>>,
    pub tag_ids: Option<Vec<i64>>,
    pub site_ids: Option<Vec<i64>>,
}

/// Fails with [`StorageError::InvalidReference`] naming the first id of `$ids` that is not a
/// row of `$table` in company `$company`.
macro_rules! check_ids {
    ($conn:expr, $table:ident, $company:expr, $ids:expr, $field:expr) => {{
        let wanted: BTreeSet<i64> = $ids.iter().copied().collect();
        if !wanted.is_empty() {
            let found: BTreeSet<i64> = $table::table
                .filter($table::company_id.eq($company))
                .filter($table::id.eq_any(wanted.iter().copied().collect::<Vec<_>>()))
                .select($table::id)
                .load::<i64>($conn)
                .await?
                .into_iter()
                .collect();
            if let Some(missing) = wanted.difference(&found).next() {
                return Err(StorageError::InvalidReference {
                    field: $field,
                    id: *missing,
                });
            }
        }
    }};
}

/// Inserts the links of `$ids` that do not exist yet.
macro_rules! add_links {
    ($conn:expr, $table:ident, $column:ident, $company:expr, $task:expr, $ids:expr, $now:expr) => {{
        let existing: BTreeSet<i64> = $table::table
            .filter($table::task_id.eq($task))
            .select($table::$column)
            .load::<i64>($conn)
            .await?
            .into_iter()
            .collect();
        let fresh: BTreeSet<i64> = $ids
            .iter()
            .copied()
            .filter(|id| !existing.contains(id))
            .collect();
        for id in fresh {
            diesel::insert_into($table::table)
                .values((
                    $table::company_id.eq($company),
                    $table::task_id.eq($task),
                    $table::$column.eq(id),
                    $table::created_at.eq($now),
                ))
                .execute($conn)
                .await?;
        }
    }};
}

/// Deletes the links of the task to records outside `$keep`. Kept links keep their
/// `created_at`.
macro_rules! remove_other_links {
    ($conn:expr, $table:ident, $column:ident, $company:expr, $task:expr, $keep:expr) => {{
        diesel::delete(
            $table::table
                .filter($table::company_id.eq($company))
                .filter($table::task_id.eq($task))
                .filter($table::$column.ne_all($keep.iter().copied().collect::<Vec<i64>>())),
        )
        .execute($conn)
        .await?;
    }};
}

/// Resolves client references to ids: ids must exist in the company, emails match
/// case-insensitively and, with `auto_create_clients`, create the missing clients.
macro_rules! resolve_clients {
    ($conn:expr, $company:expr, $request:expr, $now:expr) => {{
        let mut ids: Vec<i64> = Vec::new();
        let mut wanted_ids: Vec<i64> = Vec::new();
        for reference in &$request.clients {
            match reference {
                ClientRef::Id(id) => wanted_ids.push(*id),
                ClientRef::Email(email) => {
                    let lower = domain::validate::normalize_email(email);
                    let found = clients::table
                        .filter(clients::company_id.eq($company))
                        .filter(clients::email_lower.eq(&lower))
                        .select(clients::id)
                        .first::<i64>($conn)
                        .await
                        .optional()?;
                    match found {
                        Some(id) => ids.push(id),
                        None if $request.auto_create_clients => {
                            let username = lower.split('@').next().unwrap_or_default().to_owned();
                            let new_client = NewClient {
                                id: None,
                                company_id: $company,
                                first_name: String::new(),
                                last_name: String::new(),
                                username,
                                email: email.trim().to_owned(),
                                email_lower: Some(lower.clone()),
                                active: true,
                                office_phone: String::new(),
                                mobile_phone: String::new(),
                                fax: String::new(),
                                job_title: String::new(),
                                department: String::new(),
                                office: String::new(),
                                address1: String::new(),
                                address2: String::new(),
                                city: String::new(),
                                state: String::new(),
                                country: String::new(),
                                zipcode: String::new(),
                                photo_url: String::new(),
                                created_at: $now,
                                updated_at: $now,
                            };
                            // A concurrent request may create the same client first: the
                            // insert then does nothing and the lookup below finds its row.
                            let inserted = diesel::insert_into(clients::table)
                                .values(&new_client)
                                .on_conflict((clients::company_id, clients::email_lower))
                                .do_nothing()
                                .returning(clients::id)
                                .get_result::<i64>($conn)
                                .await
                                .optional()?;
                            let id = match inserted {
                                Some(id) => id,
                                None => {
                                    clients::table
                                        .filter(clients::company_id.eq($company))
                                        .filter(clients::email_lower.eq(&lower))
                                        .select(clients::id)
                                        .first::<i64>($conn)
                                        .await?
                                }
                            };
                            if inserted.is_some() && $request.auto_invite_clients {
                                diesel::insert_into(client_invitations::table)
                                    .values((
                                        client_invitations::company_id.eq($company),
                                        client_invitations::client_id.eq(id),
                                        client_invitations::email.eq(email.trim()),
                                        client_invitations::created_at.eq($now),
                                    ))
                                    .execute($conn)
                                    .await?;
                            }
                            ids.push(id);
                        }
                        None => {
                            return Err(StorageError::UnknownValue {
                                field: "clients",
                                value: email.clone(),
                            });
                        }
                    }
                }
            }
        }
        check_ids!($conn, clients, $company, wanted_ids, "clients");
        ids.extend(wanted_ids);
        ids
    }};
}

/// Checks every id of `$request` and `$replace`, then writes the links of task `$task`.
macro_rules! write_links {
    ($conn:expr, $company:expr, $task:expr, $request:expr, $replace:expr, $now:expr) => {{
        let replace: &ReplaceLinks = $replace;
        let client_ids = resolve_clients!($conn, $company, $request, $now);
        check_ids!($conn, assets, $company, $request.asset_ids, "assets");
        check_ids!($conn, agents, $company, $request.agent_ids, "agents");
        check_ids!($conn, agent_groups, $company, $request.group_ids, "groups");
        check_ids!($conn, tags, $company, $request.tag_ids, "tags");
        check_ids!($conn, sites, $company, $request.site_ids, "sites");
        if let Some(ids) = &replace.client_ids {
            check_ids!($conn, clients, $company, ids, "clients");
            remove_other_links!($conn, task_clients, client_id, $company, $task, ids);
            add_links!($conn, task_clients, client_id, $company, $task, ids, $now);
        }
        if let Some(ids) = &replace.asset_ids {
            check_ids!($conn, assets, $company, ids, "assets");
            remove_other_links!($conn, task_assets, asset_id, $company, $task, ids);
            add_links!($conn, task_assets, asset_id, $company, $task, ids, $now);
        }
        if let Some(ids) = &replace.agent_ids {
            check_ids!($conn, agents, $company, ids, "agents");
            remove_other_links!($conn, task_agents, agent_id, $company, $task, ids);
            add_links!($conn, task_agents, agent_id, $company, $task, ids, $now);
        }
        if let Some(ids) = &replace.group_ids {
            check_ids!($conn, agent_groups, $company, ids, "groups");
            remove_other_links!($conn, task_groups, group_id, $company, $task, ids);
            add_links!($conn, task_groups, group_id, $company, $task, ids, $now);
        }
        if let Some(ids) = &replace.tag_ids {
            check_ids!($conn, tags, $company, ids, "tags");
            remove_other_links!($conn, task_tags, tag_id, $company, $task, ids);
            add_links!($conn, task_tags, tag_id, $company, $task, ids, $now);
        }
        if let Some(ids) = &replace.site_ids {
            check_ids!($conn, sites, $company, ids, "sites");
            remove_other_links!($conn, task_sites, site_id, $company, $task, ids);
            add_links!($conn, task_sites, site_id, $company, $task, ids, $now);
        }
        add_links!(
            $conn,
            task_clients,
            client_id,
            $company,
            $task,
            client_ids,
            $now
        );
        add_links!(
            $conn,
            task_assets,
            asset_id,
            $company,
            $task,
            $request.asset_ids,
            $now
        );
        add_links!(
            $conn,
            task_agents,
            agent_id,
            $company,
            $task,
            $request.agent_ids,
            $now
        );
        add_links!(
            $conn,
            task_groups,
            group_id,
            $company,
            $task,
            $request.group_ids,
            $now
        );
        add_links!(
            $conn,
            task_tags,
            tag_id,
            $company,
            $task,
            $request.tag_ids,
            $now
        );
        add_links!(
            $conn,
            task_sites,
            site_id,
            $company,
            $task,
            $request.site_ids,
            $now
        );
    }};
}

/// Loads the link ids of each task in `$task_ids` in one query over the six link tables,
/// each list in ascending id order.
macro_rules! load_links {
    ($conn:expr, $task_ids:expr) => {{
        use diesel::IntoSql;
        use diesel::query_dsl::CombineDsl;
        use diesel::sql_types::Integer;

        let task_ids: Vec<i64> = $task_ids;
        let mut by_task: std::collections::HashMap<i64, TaskLinkIds> = task_ids
            .iter()
            .map(|id| (*id, TaskLinkIds::default()))
            .collect();
        let rows: Vec<(i32, i64, i64)> = task_clients::table
            .filter(task_clients::task_id.eq_any(&task_ids))
            .select((
                0.into_sql::<Integer>(),
                task_clients::task_id,
                task_clients::client_id,
            ))
            .union_all(
                task_assets::table
                    .filter(task_assets::task_id.eq_any(&task_ids))
                    .select((
                        1.into_sql::<Integer>(),
                        task_assets::task_id,
                        task_assets::asset_id,
                    )),
            )
            .union_all(
                task_agents::table
                    .filter(task_agents::task_id.eq_any(&task_ids))
                    .select((
                        2.into_sql::<Integer>(),
                        task_agents::task_id,
                        task_agents::agent_id,
                    )),
            )
            .union_all(
                task_groups::table
                    .filter(task_groups::task_id.eq_any(&task_ids))
                    .select((
                        3.into_sql::<Integer>(),
                        task_groups::task_id,
                        task_groups::group_id,
                    )),
            )
            .union_all(
                task_tags::table
                    .filter(task_tags::task_id.eq_any(&task_ids))
                    .select((
                        4.into_sql::<Integer>(),
                        task_tags::task_id,
                        task_tags::tag_id,
                    )),
            )
            .union_all(
                task_sites::table
                    .filter(task_sites::task_id.eq_any(&task_ids))
                    .select((
                        5.into_sql::<Integer>(),
                        task_sites::task_id,
                        task_sites::site_id,
                    )),
            )
            .load($conn)
            .await?;
        for (kind, task, id) in rows {
            let links = by_task.entry(task).or_default();
            let ids = match kind {
                0 => &mut links.client_ids,
                1 => &mut links.asset_ids,
                2 => &mut links.agent_ids,
                3 => &mut links.group_ids,
                4 => &mut links.tag_ids,
                _ => &mut links.site_ids,
            };
            ids.push(id);
        }
        for links in by_task.values_mut() {
            links.client_ids.sort_unstable();
            links.asset_ids.sort_unstable();
            links.agent_ids.sort_unstable();
            links.group_ids.sort_unstable();
            links.tag_ids.sort_unstable();
            links.site_ids.sort_unstable();
        }
        by_task
    }};
}
