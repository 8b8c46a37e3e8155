//! The JSON schemas of the legacy responses, field for field as `crate::render` and
//! `crate::stream` write them. Every field is always present, so every object lists all of
//! its fields as required and allows no others.

use serde_json::{Map, Value, json};

/// Returns a reference to a schema of `components.schemas`.
pub fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn string() -> Value {
    json!({"type": "string"})
}

fn nullable_string() -> Value {
    json!({"type": ["string", "null"]})
}

fn id() -> Value {
    json!({"type": "integer", "format": "int64", "minimum": 1})
}

fn nullable_id() -> Value {
    json!({"type": ["integer", "null"], "format": "int64", "minimum": 1})
}

/// Returns the schema of an id where 0 means none.
fn id_or_zero() -> Value {
    json!({"type": "integer", "format": "int64", "minimum": 0})
}

fn described(mut schema: Value, description: &str) -> Value {
    if let Some(object) = schema.as_object_mut() {
        object.insert("description".to_owned(), Value::from(description));
    }
    schema
}

/// Returns the schema of an object with exactly `fields`, all required.
fn closed_object(fields: &[(&str, Value)]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|(name, schema)| ((*name).to_owned(), schema.clone()))
        .collect();
    let required: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

/// Returns the schema of an object keyed by record id, each value of schema `item`.
fn map_by_id(item: &str) -> Value {
    json!({
        "type": "object",
        "propertyNames": {"pattern": "^[1-9][0-9]*$"},
        "additionalProperties": schema_ref(item),
        "description": "Keyed by record id, in ascending id order. Empty is `{}`.",
    })
}

/// Returns the success envelope: code 200, `desc` one of `descs`, and `response`.
fn envelope(descs: &[&str], response: Value) -> Value {
    closed_object(&[
        ("code", json!({"type": "integer", "const": 200})),
        ("desc", json!({"type": "string", "enum": descs})),
        ("response", response),
    ])
}

/// Returns the envelope of a whole-list method: `rows` and the items under `key`.
fn list_envelope(found: &str, empty: &str, key: &str, items: Value) -> Value {
    envelope(
        &[found, empty],
        closed_object(&[
            (
                "rows",
                json!({
                    "type": "integer",
                    "minimum": 0,
                    "description": "The number of records in the list.",
                }),
            ),
            (key, items),
        ]),
    )
}

fn array_of(item: &str) -> Value {
    json!({"type": "array", "items": schema_ref(item)})
}

/// Builds every schema of `components.schemas`.
pub fn schemas() -> Map<String, Value> {
    let mut all = Map::new();
    let mut add = |name: &str, schema: Value| {
        all.insert(name.to_owned(), schema);
    };

    add(
        "DateTime",
        json!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$",
            "description": "UTC date and time as `YYYY-MM-DD HH:MM:SS`; `0000-00-00 00:00:00` when unset.",
            "examples": ["2022-12-09 23:30:02", "0000-00-00 00:00:00"],
        }),
    );
    add(
        "Date",
        json!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A date as `YYYY-MM-DD`; `0000-00-00` when unset.",
        }),
    );
    add(
        "Flag",
        json!({
            "type": "integer",
            "enum": [0, 1],
            "description": "1 for active (or private), 0 for inactive (or public).",
        }),
    );
    add(
        "Severity",
        json!({
            "type": "integer",
            "enum": [5, 10, 15, 20, 25],
            "description": "5 low, 10 medium, 15 high, 20 critical, 25 severe.",
        }),
    );
    add(
        "TaskStatus",
        json!({
            "type": "integer",
            "enum": [0, 1, 2],
            "description": "1 open, 2 on hold, 0 closed.",
        }),
    );
    add(
        "CreatorType",
        json!({
            "type": "integer",
            "enum": [0, 1, 2],
            "description": "1 agent, 2 client, 0 automated process.",
        }),
    );
    add(
        "Money",
        json!({
            "type": "string",
            "pattern": "^-?[0-9]+\\.[0-9]{2}$",
            "description": "A decimal amount with two places, such as `24350.00`.",
        }),
    );
    add(
        "Error",
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["code", "desc", "response"],
            "properties": {
                "code": {
                    "type": "integer",
                    "minimum": 400,
                    "maximum": 599,
                    "description": "The HTTP status of the response.",
                },
                "desc": {"type": "string", "description": "What failed, in words."},
                "response": {"type": "array", "maxItems": 0},
            },
        }),
    );

    add_task_schemas(&mut add);
    add_record_schemas(&mut add);
    all
}

fn add_task_schemas(add: &mut impl FnMut(&str, Value)) {
    add(
        "AgentDetail",
        closed_object(&[
            ("id", id()),
            ("date_joined", schema_ref("DateTime")),
            ("status", schema_ref("Flag")),
            ("fname", string()),
            ("lname", string()),
            ("email", string()),
            ("user_phone", nullable_string()),
            ("job_title", nullable_string()),
            ("last_login", schema_ref("DateTime")),
        ]),
    );
    add(
        "TaskListItem",
        closed_object(&[
            ("task", described(id(), "The task id.")),
            ("title", string()),
            ("severity", schema_ref("Severity")),
            ("status", schema_ref("TaskStatus")),
            ("duedate", schema_ref("DateTime")),
        ]),
    );
    add(
        "TaskDetail",
        closed_object(&[
            ("id", id()),
            (
                "creator",
                described(id(), "The agent or client who created the task."),
            ),
            ("creator_type", schema_ref("CreatorType")),
            ("created", schema_ref("DateTime")),
            ("severity", schema_ref("Severity")),
            ("status", schema_ref("TaskStatus")),
            (
                "resolution",
                described(nullable_id(), "The company's resolution id."),
            ),
            ("title", string()),
            ("info", string()),
            ("duedate", schema_ref("DateTime")),
            (
                "duedate_set_by",
                described(nullable_id(), "The agent who set the due date."),
            ),
            ("resolved", schema_ref("DateTime")),
            (
                "resolved_by",
                described(nullable_id(), "The agent who closed the task."),
            ),
            (
                "billto",
                described(id_or_zero(), "The billing audience id, 0 when none."),
            ),
            (
                "project",
                described(id_or_zero(), "The project id, 0 when none."),
            ),
        ]),
    );
    add(
        "TaskAsset",
        closed_object(&[
            ("asset", described(string(), "The asset name.")),
            ("type", string()),
            ("mfgr", nullable_string()),
            ("model", nullable_string()),
            ("status", schema_ref("Flag")),
            ("created", schema_ref("DateTime")),
        ]),
    );
    add(
        "TaskComment",
        closed_object(&[
            ("id", id()),
            ("task", id()),
            (
                "commentor_admin",
                described(nullable_id(), "The agent who wrote the comment."),
            ),
            (
                "commentor_client",
                described(nullable_id(), "The client who wrote the comment."),
            ),
            ("file", nullable_string()),
            ("file_type", nullable_string()),
            ("date", schema_ref("DateTime")),
            ("comment", string()),
            (
                "kb",
                described(nullable_id(), "The knowledge base article referred to."),
            ),
            ("private", schema_ref("Flag")),
        ]),
    );
    add(
        "TaskMemberAgent",
        closed_object(&[
            ("fname", string()),
            ("lname", string()),
            ("email", string()),
            ("title", described(nullable_string(), "The job title.")),
            ("photo", nullable_string()),
            ("last_login", schema_ref("DateTime")),
            ("status", schema_ref("Flag")),
        ]),
    );
    add(
        "TaskMemberGroup",
        closed_object(&[
            ("team", string()),
            ("team_desc", string()),
            ("date_created", schema_ref("DateTime")),
            ("status", schema_ref("Flag")),
        ]),
    );
    add(
        "TaskMemberClient",
        closed_object(&[
            ("fname", string()),
            ("lname", string()),
            ("email", string()),
            ("photo", nullable_string()),
            ("created", schema_ref("DateTime")),
            ("status", schema_ref("Flag")),
        ]),
    );
    add(
        "TaskTag",
        closed_object(&[("tag", string()), ("created", schema_ref("DateTime"))]),
    );

    // A client-scoped key gets its client, in the same fields, with "Client found".
    add(
        "AuthorizationResponse",
        envelope(&["Agent found", "Client found"], schema_ref("AgentDetail")),
    );
    add(
        "GetTasksResponse",
        list_envelope(
            "Tasks found",
            "Tasks not found",
            "tasks",
            array_of("TaskListItem"),
        ),
    );
    add(
        "GetTaskResponse",
        envelope(&["Task found"], schema_ref("TaskDetail")),
    );
    add(
        "GetTaskAssetsResponse",
        list_envelope(
            "Assets found",
            "Assets not found",
            "assets",
            map_by_id("TaskAsset"),
        ),
    );
    add(
        "GetTaskCommentsResponse",
        list_envelope(
            "Comments found",
            "Comments not found",
            "comments",
            array_of("TaskComment"),
        ),
    );
    add(
        "GetTaskMembersResponse",
        envelope(
            &["Members found", "Members not found"],
            closed_object(&[
                ("task", id()),
                ("agents", map_by_id("TaskMemberAgent")),
                ("groups", map_by_id("TaskMemberGroup")),
                ("clients", map_by_id("TaskMemberClient")),
            ]),
        ),
    );
    add(
        "GetTaskTagsResponse",
        envelope(
            &["Results found", "Results not found"],
            closed_object(&[("task", id()), ("tags", map_by_id("TaskTag"))]),
        ),
    );
    add(
        "CreateTaskResponse",
        described(
            closed_object(&[("0", described(id(), "The id of the new task."))]),
            "A bare object, not the envelope.",
        ),
    );
    add(
        "UpdateTaskResponse",
        envelope(&["Changes saved"], json!({"const": true})),
    );
}

fn add_record_schemas(add: &mut impl FnMut(&str, Value)) {
    add(
        "AgentListItem",
        closed_object(&[
            ("id", id()),
            ("fname", string()),
            ("lname", string()),
            ("email", string()),
            ("last_modified", schema_ref("DateTime")),
        ]),
    );
    add(
        "GroupListItem",
        closed_object(&[
            ("id", id()),
            ("status", schema_ref("Flag")),
            ("group", described(string(), "The group name.")),
            ("email", string()),
            ("creator", id()),
            ("date_created", schema_ref("DateTime")),
        ]),
    );
    add(
        "GroupDetail",
        closed_object(&[
            ("id", id()),
            ("date_created", schema_ref("DateTime")),
            ("status", schema_ref("Flag")),
            ("name", string()),
            ("desc", string()),
            ("location", string()),
            ("creator", id()),
            ("phone", nullable_string()),
            ("email", string()),
        ]),
    );
    add(
        "GroupMember",
        closed_object(&[
            ("id", id()),
            ("status", schema_ref("Flag")),
            ("fname", string()),
            ("lname", string()),
            ("email", string()),
            ("date_joined", schema_ref("DateTime")),
        ]),
    );
    add(
        "AssetListItem",
        closed_object(&[
            ("id", id()),
            ("type", string()),
            ("name", string()),
            ("item", described(string(), "The model.")),
            ("last_modified", schema_ref("DateTime")),
        ]),
    );
    add(
        "AssetDetail",
        closed_object(&[
            ("id", id()),
            ("type", string()),
            ("name", string()),
            ("mfgr", string()),
            ("item", described(string(), "The model.")),
            ("sn", described(string(), "The serial number.")),
            ("status", schema_ref("Flag")),
            ("memory", string()),
            ("processor", nullable_string()),
            ("warranty_date", schema_ref("Date")),
            ("notes", string()),
            ("architecture", string()),
            ("os_publisher", string()),
            ("os_version", string()),
            ("privateIP4", nullable_string()),
            ("privateIP6", nullable_string()),
            ("publicIP4", nullable_string()),
            ("publicIP6", nullable_string()),
            ("v_agent_sync", schema_ref("DateTime")),
            ("date_added", schema_ref("DateTime")),
        ]),
    );
    add(
        "Audience",
        closed_object(&[
            ("name", string()),
            ("status", schema_ref("Flag")),
            (
                "sla",
                described(
                    closed_object(&[
                        ("severe", nullable_string()),
                        ("critical", nullable_string()),
                        ("high", nullable_string()),
                        ("medium", nullable_string()),
                        ("low", nullable_string()),
                    ]),
                    "The service level per severity, null where none is set.",
                ),
            ),
        ]),
    );
    add(
        "ClientListItem",
        closed_object(&[
            ("id", id()),
            ("fname", string()),
            ("lname", string()),
            ("username", string()),
            ("email", string()),
            ("last_modified", schema_ref("DateTime")),
        ]),
    );
    let client_text = [
        "office_phone",
        "mobile_phone",
        "fax",
        "job_title",
        "department",
        "office",
        "address1",
        "address2",
        "city",
        "state",
        "country",
        "zipcode",
    ];
    let mut client_fields = vec![
        ("id", id()),
        ("status", schema_ref("Flag")),
        ("fname", string()),
        ("lname", string()),
        ("username", string()),
        ("email", string()),
    ];
    client_fields.extend(client_text.iter().map(|name| (*name, string())));
    client_fields.push(("last_modified", schema_ref("DateTime")));
    add("ClientDetail", closed_object(&client_fields));
    add(
        "ContractListItem",
        closed_object(&[
            ("id", id()),
            ("last_modified", schema_ref("DateTime")),
            ("name", string()),
            ("contract_start", schema_ref("Date")),
            ("contract_end", schema_ref("Date")),
            ("contract_value", schema_ref("Money")),
            ("status", schema_ref("Flag")),
        ]),
    );
    add(
        "ContractDetail",
        closed_object(&[
            ("id", id()),
            ("name", string()),
            ("details", string()),
            ("last_modified", schema_ref("DateTime")),
            ("contract_start", schema_ref("Date")),
            ("contract_end", schema_ref("Date")),
            ("contract_initial_date", schema_ref("Date")),
            ("contract_creator", id()),
            ("contract_value", schema_ref("Money")),
            ("from", described(string(), "The vendor.")),
            ("status", schema_ref("Flag")),
        ]),
    );
    add(
        "ProjectListItem",
        closed_object(&[
            ("id", id()),
            ("severity", schema_ref("Severity")),
            ("date_completed", schema_ref("DateTime")),
            ("status", schema_ref("TaskStatus")),
            ("title", string()),
            ("duedate", schema_ref("Date")),
            ("last_modified", schema_ref("DateTime")),
        ]),
    );
    add(
        "ProjectDetail",
        closed_object(&[
            ("id", id()),
            ("creator", id()),
            ("last_modified", schema_ref("DateTime")),
            ("severity", schema_ref("Severity")),
            ("status", schema_ref("TaskStatus")),
            ("title", string()),
            ("info", nullable_string()),
            ("duedate", schema_ref("Date")),
            (
                "duedate_set_by",
                described(nullable_id(), "The agent who set the due date."),
            ),
            ("date_resolved", schema_ref("DateTime")),
            (
                "billto",
                described(id_or_zero(), "The billing audience id, 0 when none."),
            ),
            (
                "time_allocated",
                json!({
                    "type": "string",
                    "pattern": "^[0-9]{2,}:[0-9]{2}$",
                    "description": "Allocated time as `HH:MM`.",
                }),
            ),
        ]),
    );
    add(
        "SiteListItem",
        closed_object(&[
            ("id", id()),
            ("last_modified", schema_ref("DateTime")),
            ("name", string()),
            ("status", schema_ref("Flag")),
        ]),
    );
    let mut site_fields = vec![
        ("id", id()),
        ("status", schema_ref("Flag")),
        ("name", string()),
        ("office_number", string()),
        ("last_modified", schema_ref("DateTime")),
        ("location_address1", string()),
        ("location_address2", nullable_string()),
        ("city", string()),
        ("state", string()),
        ("zip", string()),
    ];
    let site_optional = [
        "location_phone1",
        "location_phone2",
        "location_fax1",
        "location_fax2",
        "location_url1",
        "location_url2",
        "location_hours",
        "location_ip1",
        "location_ip2",
        "location_exip1",
        "location_exip2",
    ];
    site_fields.extend(site_optional.iter().map(|name| (*name, nullable_string())));
    site_fields.push(("location_details", string()));
    site_fields.push(("network_details", string()));
    add("SiteDetail", closed_object(&site_fields));

    add(
        "GetAgentsResponse",
        list_envelope(
            "Agents found",
            "Agents not found",
            "agents",
            array_of("AgentListItem"),
        ),
    );
    add(
        "GetAgentResponse",
        envelope(&["Agent found"], schema_ref("AgentDetail")),
    );
    add(
        "GetAgentGroupsResponse",
        list_envelope(
            "Groups found",
            "Groups not found",
            "groups",
            array_of("GroupListItem"),
        ),
    );
    add(
        "GetAgentGroupResponse",
        envelope(&["Group found"], schema_ref("GroupDetail")),
    );
    add(
        "GetAgentGroupMembersResponse",
        list_envelope(
            "Members found",
            "Members not found",
            "agents",
            array_of("GroupMember"),
        ),
    );
    add(
        "GetAssetsResponse",
        list_envelope(
            "Assets found",
            "Assets not found",
            "assets",
            array_of("AssetListItem"),
        ),
    );
    add(
        "GetAssetResponse",
        envelope(&["Asset found"], schema_ref("AssetDetail")),
    );
    add(
        "CreateAssetResponse",
        envelope(
            &["success"],
            closed_object(&[("asset", described(id(), "The id of the new asset."))]),
        ),
    );
    add(
        "GetAudienceResponse",
        envelope(
            &["Members found", "Members not found"],
            map_by_id("Audience"),
        ),
    );
    add(
        "GetClientsResponse",
        list_envelope(
            "Client users found",
            "Client users not found",
            "clients",
            array_of("ClientListItem"),
        ),
    );
    add(
        "GetClientResponse",
        envelope(&["Client found"], schema_ref("ClientDetail")),
    );
    add(
        "GetContractsResponse",
        list_envelope(
            "Contracts found",
            "Contracts not found",
            "contracts",
            array_of("ContractListItem"),
        ),
    );
    add(
        "GetContractResponse",
        envelope(&["Contract found"], schema_ref("ContractDetail")),
    );
    add(
        "GetProjectsResponse",
        list_envelope(
            "Projects found",
            "Projects not found",
            "projects",
            array_of("ProjectListItem"),
        ),
    );
    add(
        "GetProjectResponse",
        envelope(&["Project found"], schema_ref("ProjectDetail")),
    );
    add(
        "GetSitesResponse",
        list_envelope(
            "Sites found",
            "Sites not found",
            "sites",
            array_of("SiteListItem"),
        ),
    );
    add(
        "GetSiteResponse",
        envelope(&["Site found"], schema_ref("SiteDetail")),
    );
}
